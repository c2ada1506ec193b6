# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Managed accounts: the key switch of managed_account_id and the ManagedAccount resource, call by call."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.telnyx.account.plugins.module_utils.errors import (
    TelnyxAPIError, TelnyxConfigError, TelnyxInputError, TelnyxStateError,
)
from ansible_collections.telnyx.account.plugins.module_utils.managed_accounts import (
    ManagedAccount, refuse_managed_account_id, use_managed_account,
)
from ansible_collections.telnyx.account.tests.unit.helpers import (
    BASE, KEY, Answer, Call, page, scripted_client, telnyx_error,
)

ID = 'f65ceda4-6522-4ad6-aede-98de83385123'
OTHER_ID = '0b7b8c8e-2f3a-4e55-9d61-6a1f2f7c9e10'
MANAGED_KEY = 'KEY01236170692E74656C6E79782E636F6D_managedSECRET'
MANAGED_TOKEN = 'x6oexQNHTs-fZ7-tokenSECRET'
LISTED = {'id': ID, 'record_type': 'managed_account', 'email': 'larry@customer.org',
          'organization_name': "Larry's Cat Food Inc", 'rollup_billing': False,
          'managed_account_allow_custom_pricing': False, 'manager_account_id': OTHER_ID,
          'api_user': 'manager@example.com', 'created_at': '2026-11-29T10:00:00.000Z',
          'updated_at': '2026-11-29T10:00:00.000Z'}
FULL = dict(LISTED, api_key=MANAGED_KEY, api_token=MANAGED_TOKEN)
PAGES = {'page[number]': 1, 'page[size]': 250}
BY_EMAIL = dict(PAGES, **{'filter[email][contains]': 'larry@customer.org'})
DISABLED = dict(BY_EMAIL, **{'filter[status][eq]': 'disabled'})


class FakeModule:
    """What use_managed_account and refuse_managed_account_id read of an AnsibleModule."""

    def __init__(self, **params):
        self.params = dict(managed_account_id=None)
        self.params.update(params)
        self.no_log_values = set([KEY])  # AnsibleModule holds every no_log option value, api_key included
        self.failed = None

    def fail_json(self, **kwargs):
        self.failed = kwargs
        raise SystemExit(1)


# managed_account_id: the key switch --------------------------------------------------------
def test_without_managed_account_id_the_client_is_left_alone_and_nothing_is_sent():
    client, session = scripted_client([])
    module = FakeModule()
    assert use_managed_account(module, client) is client
    assert session.seen == [] and module.no_log_values == set([KEY])


def test_managed_account_id_reads_the_account_once_then_every_request_carries_its_key():
    client, session = scripted_client([
        Call('GET', '/managed_accounts/%s' % ID, Answer(200, {'data': FULL})),
        Call('GET', '/billing_groups', Answer(200, page([])))])
    module = FakeModule(managed_account_id=ID)
    managed = use_managed_account(module, client)
    managed.paginate('/billing_groups')
    session.done()
    # The account is read with the manager's key; every later request carries the managed account's key.
    assert [(s['method'], s['url'].split('?')[0][len(BASE):], s['headers']['Authorization']) for s in session.sent] == [
        ('GET', '/managed_accounts/%s' % ID, 'Bearer %s' % KEY),
        ('GET', '/billing_groups', 'Bearer %s' % MANAGED_KEY)]
    # Ansible masks both values in results and -vvv output; the client redacts them from messages.
    assert {MANAGED_KEY, MANAGED_TOKEN} <= module.no_log_values
    assert MANAGED_KEY not in managed.redact('key %s token %s' % (MANAGED_KEY, MANAGED_TOKEN))
    assert MANAGED_TOKEN not in managed.redact('token %s' % MANAGED_TOKEN)
    assert KEY not in managed.redact('manager %s' % KEY)
    # The settings of the run carry over to the managed account's client.
    assert (managed.base_url, managed.timeout, managed.retries, managed.validate_certs) == (
        client.base_url, client.timeout, client.retries, client.validate_certs)


def test_an_error_after_the_switch_never_shows_the_managed_key():
    client, _session = scripted_client([
        Call('GET', '/managed_accounts/%s' % ID, Answer(200, {'data': FULL})),
        Call('POST', '/billing_groups', Answer(422, telnyx_error('10015', 'Invalid', 'bad key %s' % MANAGED_KEY)))])
    managed = use_managed_account(FakeModule(managed_account_id=ID), client)
    with pytest.raises(TelnyxAPIError) as caught:
        managed.post('/billing_groups', {'name': 'x'})
    assert MANAGED_KEY not in str(caught.value) and '********' in str(caught.value)


def test_the_id_is_percent_encoded_in_the_path_and_surrounding_space_is_dropped():
    client, session = scripted_client([Call('GET', '/managed_accounts/%s' % ID, Answer(200, {'data': FULL}))])
    use_managed_account(FakeModule(managed_account_id=' %s ' % ID), client)
    session.done()


@pytest.mark.parametrize('bad', ['../billing_groups', 'f65ceda4', ID + '/actions/disable', '%s?x=1' % ID, ID[:-1] + 'g'])
def test_an_id_that_is_no_uuid_is_refused_before_any_request(bad):
    client, session = scripted_client([])
    with pytest.raises(TelnyxInputError) as caught:
        use_managed_account(FakeModule(managed_account_id=bad), client)
    assert 'managed_account_id' in str(caught.value) and 'UUID' in str(caught.value)
    assert session.seen == []


def test_an_unknown_account_says_which_id_and_which_key():
    client, _session = scripted_client([
        Call('GET', '/managed_accounts/%s' % ID, Answer(404)),
        Call('GET', '/managed_accounts', Answer(200, page([])), query={'page[size]': 1})])
    with pytest.raises(TelnyxConfigError) as caught:
        use_managed_account(FakeModule(managed_account_id=ID), client)
    assert ID in str(caught.value) and "manager" in str(caught.value)


def test_a_key_that_is_not_a_manager_key_is_told_so():
    client, _session = scripted_client([Call('GET', '/managed_accounts/%s' % ID, Answer(403))])
    with pytest.raises(TelnyxConfigError) as caught:
        use_managed_account(FakeModule(managed_account_id=ID), client)
    assert 'manager' in str(caught.value) and '403' in str(caught.value)


def test_an_answer_without_a_key_fails_without_guessing():
    client, _session = scripted_client([Call('GET', '/managed_accounts/%s' % ID, Answer(200, {'data': LISTED}))])
    with pytest.raises(TelnyxAPIError) as caught:
        use_managed_account(FakeModule(managed_account_id=ID), client)
    assert 'api_key' in str(caught.value)


def test_the_managed_account_modules_refuse_managed_account_id():
    module = FakeModule(managed_account_id=ID)
    with pytest.raises(SystemExit):
        refuse_managed_account_id(module)
    assert 'managed_account_id' in module.failed['msg'] and 'TELNYX_MANAGED_ACCOUNT_ID' in module.failed['msg']
    refuse_managed_account_id(FakeModule())  # nothing to refuse


# the resource --------------------------------------------------------------------------------
def converge(calls, params, state='enabled', check_mode=False):
    client, session = scripted_client(calls)
    resource = ManagedAccount(client, check_mode=check_mode)
    desired = resource.declare(params, state)
    current = resource.lookup(desired)
    plan = resource.plan(desired, current, state=state)
    result = resource.apply(plan)
    session.done()
    return resource, plan, result, session


def lookup_calls(found, disabled=False, listed=None):
    calls = [Call('GET', '/managed_accounts', Answer(200, page(listed if listed is not None else
                                                               ([found] if found else []))), query=BY_EMAIL)]
    if found:
        calls.append(Call('GET', '/managed_accounts', Answer(200, page([found] if disabled else [])), query=DISABLED))
    return calls


WANTED = {'email': 'larry@customer.org', 'business_name': "Larry's Cat Food Inc"}


def test_create_sends_every_given_field_once_and_returns_no_key():
    resource, plan, result, session = converge(lookup_calls(None) + [
        Call('POST', '/managed_accounts', Answer(200, {'data': FULL}),
             body={'email': 'larry@customer.org', 'business_name': "Larry's Cat Food Inc", 'password': 'pw-Secret-1',
                   'rollup_billing': False, 'managed_account_allow_custom_pricing': False})],
        dict(WANTED, password='pw-Secret-1', rollup_billing=False, managed_account_allow_custom_pricing=False))
    assert plan.action == 'create' and plan.changed
    shown = resource.public(result)
    assert shown['id'] == ID and shown['status'] == 'enabled'
    assert 'api_key' not in shown and 'api_token' not in shown and 'password' not in shown
    assert 'api_key' not in result and 'api_token' not in result
    assert len(session.writes) == 1
    assert resource.diff_view(result) == {'id': ID, 'email': 'larry@customer.org', 'status': 'enabled',
                                          'business_name': "Larry's Cat Food Inc", 'rollup_billing': False,
                                          'managed_account_allow_custom_pricing': False}


def test_an_account_as_declared_is_two_reads_and_no_write():
    resource, plan, result, session = converge(lookup_calls(LISTED), dict(WANTED, rollup_billing=False))
    assert plan.action == 'none' and not plan.changed
    assert resource.public(result)['status'] == 'enabled'
    assert not session.writes


def test_the_email_matches_whatever_its_case():
    _resource, plan, _result, _session = converge(
        [Call('GET', '/managed_accounts', Answer(200, page([LISTED])),
              query=dict(PAGES, **{'filter[email][contains]': 'Larry@Customer.org'})),
         Call('GET', '/managed_accounts', Answer(200, page([])), query=DISABLED)],
        dict(WANTED, email='Larry@Customer.org'))
    assert plan.action == 'none'


def test_a_longer_email_containing_the_wanted_one_is_not_it():
    other = dict(LISTED, id=OTHER_ID, email='xlarry@customer.org')
    _resource, plan, _result, _session = converge(
        lookup_calls(None, listed=[other]) + [Call('POST', '/managed_accounts', Answer(200, {'data': FULL}))], WANTED)
    assert plan.action == 'create'


def test_custom_pricing_is_updated_in_place_with_only_that_field():
    patched = dict(FULL, managed_account_allow_custom_pricing=True)
    resource, plan, result, _session = converge(lookup_calls(LISTED) + [
        Call('PATCH', '/managed_accounts/%s' % ID, Answer(200, {'data': patched}),
             body={'managed_account_allow_custom_pricing': True})],
        dict(WANTED, managed_account_allow_custom_pricing=True, password='ignored-for-an-existing-account'))
    assert plan.action == 'update'
    assert result['managed_account_allow_custom_pricing'] is True
    assert 'api_key' not in result and 'api_token' not in result


@pytest.mark.parametrize('field,value', [('business_name', 'Other Inc'), ('rollup_billing', True)])
def test_drift_in_a_create_only_field_fails_naming_it_and_writes_nothing(field, value):
    with pytest.raises(TelnyxStateError) as caught:
        converge(lookup_calls(LISTED), dict(WANTED, **{field: value}))
    assert field in str(caught.value) and ID in str(caught.value)
    assert 'replace' not in str(caught.value)


def test_an_email_differing_from_the_account_named_by_id_fails_naming_email():
    with pytest.raises(TelnyxStateError) as caught:
        converge([Call('GET', '/managed_accounts/%s' % ID, Answer(200, {'data': FULL})),
                  Call('GET', '/managed_accounts', Answer(200, page([])), query=DISABLED)],
                 {'id': ID, 'email': 'new@customer.org'})
    assert 'email' in str(caught.value)


def test_found_by_id_the_key_of_the_answer_never_leaves_the_resource():
    resource, plan, result, _session = converge([
        Call('GET', '/managed_accounts/%s' % ID, Answer(200, {'data': FULL})),
        Call('GET', '/managed_accounts', Answer(200, page([])), query=DISABLED)], {'id': ID})
    assert plan.action == 'none'
    assert 'api_key' not in plan.current and 'api_token' not in plan.current
    assert 'api_key' not in result and MANAGED_KEY not in repr(resource.public(result))


def test_a_disabled_account_is_enabled_with_the_reenable_choice():
    _resource, plan, result, session = converge(lookup_calls(LISTED, disabled=True) + [
        Call('POST', '/managed_accounts/%s/actions/enable' % ID, Answer(200, {'data': FULL}),
             body={'reenable_all_connections': True})], dict(WANTED, reenable_all_connections=True))
    assert plan.changed and plan.toggle == 'enable'
    assert result['status'] == 'enabled' and 'api_key' not in result
    assert [w[:2] for w in session.writes] == [('POST', '/managed_accounts/%s/actions/enable' % ID)]


def test_reenable_all_connections_is_declared_with_its_default_and_never_sent_with_the_account():
    client, session = scripted_client([])
    assert ManagedAccount(client).declare(dict(WANTED))['reenable_all_connections'] is False
    assert session.seen == []
    resource, plan, result, _session = converge(lookup_calls(None) + [
        Call('POST', '/managed_accounts', Answer(200, {'data': FULL}),
             body={'email': 'larry@customer.org', 'business_name': "Larry's Cat Food Inc"})],
        dict(WANTED, reenable_all_connections=True))
    assert plan.action == 'create' and plan.toggle is None
    assert plan.body == {'email': 'larry@customer.org', 'business_name': "Larry's Cat Food Inc"}
    assert 'reenable_all_connections' not in resource.public(result, plan.desired)
    assert 'reenable_all_connections' not in resource.diff_view(result)


def test_enabling_without_the_reenable_choice_says_false():
    _resource, plan, result, _session = converge(lookup_calls(LISTED, disabled=True) + [
        Call('POST', '/managed_accounts/%s/actions/enable' % ID, Answer(200, {'data': FULL}),
             body={'reenable_all_connections': False})], dict(WANTED))
    assert plan.toggle == 'enable' and result['status'] == 'enabled'


def test_disable_posts_the_action_once_and_then_is_a_no_op():
    _resource, plan, result, _session = converge(lookup_calls(LISTED) + [
        Call('POST', '/managed_accounts/%s/actions/disable' % ID, Answer(200, {'data': FULL}))],
        {'email': 'larry@customer.org'}, state='disabled')
    assert plan.toggle == 'disable' and result['status'] == 'disabled'
    _resource, plan, result, session = converge(lookup_calls(LISTED, disabled=True),
                                                {'email': 'larry@customer.org'}, state='disabled')
    assert not plan.changed and not session.writes and result['status'] == 'disabled'


def test_an_update_and_a_state_change_in_one_run_patch_first():
    _resource, plan, _result, session = converge(lookup_calls(LISTED) + [
        Call('PATCH', '/managed_accounts/%s' % ID, Answer(200, {'data': FULL})),
        Call('POST', '/managed_accounts/%s/actions/disable' % ID, Answer(200, {'data': FULL}))],
        {'email': 'larry@customer.org', 'managed_account_allow_custom_pricing': True}, state='disabled')
    assert plan.action == 'update' and plan.toggle == 'disable'
    assert [w[0] for w in session.writes] == ['PATCH', 'POST']


def test_disabling_a_missing_account_fails():
    with pytest.raises(TelnyxStateError) as caught:
        converge(lookup_calls(None), {'email': 'larry@customer.org'}, state='disabled')
    assert 'does not exist' in str(caught.value)


def test_check_mode_reads_but_never_writes_and_predicts():
    _resource, plan, result, session = converge(lookup_calls(LISTED, disabled=True), dict(
        WANTED, managed_account_allow_custom_pricing=True), check_mode=True)
    assert plan.changed and not session.writes
    assert result['status'] == 'enabled' and result['managed_account_allow_custom_pricing'] is True
    _resource, plan, result, session = converge(lookup_calls(None), WANTED, check_mode=True)
    assert plan.action == 'create' and not session.writes and result['email'] == 'larry@customer.org'


def test_an_uncertain_create_is_looked_up_and_adopted_not_sent_twice():
    _resource, plan, result, session = converge(lookup_calls(None) + [
        Call('POST', '/managed_accounts', Answer(500)),
        Call('GET', '/managed_accounts', Answer(200, page([LISTED])), query=BY_EMAIL)], WANTED)
    assert result['id'] == ID and len(session.writes) == 1


def test_create_needs_business_name_and_email():
    with pytest.raises(TelnyxInputError) as caught:
        converge(lookup_calls(None), {'email': 'larry@customer.org'})
    assert 'business_name' in str(caught.value)
    client, session = scripted_client([])
    with pytest.raises(TelnyxInputError):
        ManagedAccount(client).declare({'business_name': 'x'}, 'enabled')
    assert session.seen == []


@pytest.mark.parametrize('params,state,words', [
    ({'email': 'not-an-email'}, 'enabled', 'email'),
    ({'email': 'a b@c.org'}, 'enabled', 'email'),
    ({'id': '12'}, 'enabled', 'UUID'),
    ({'email': 'larry@customer.org', 'reenable_all_connections': True}, 'disabled', 'reenable_all_connections'),
    ({}, 'disabled', 'give id or email'),
])
def test_bad_input_is_refused_before_any_request(params, state, words):
    client, session = scripted_client([])
    with pytest.raises(TelnyxInputError) as caught:
        ManagedAccount(client).declare(params, state)
    assert words in str(caught.value)
    assert session.seen == []


def test_an_id_read_by_get_is_checked_and_a_missing_one_is_none():
    client, session = scripted_client([
        Call('GET', '/managed_accounts/%s' % ID, Answer(404)),
        Call('GET', '/managed_accounts', Answer(200, page([])), query={'page[size]': 1})])
    assert ManagedAccount(client).get(ID) is None
    with pytest.raises(TelnyxInputError):
        ManagedAccount(client).get('../x')
    assert len(session.seen) <= 2


def test_list_filters_need_three_characters():
    client, session = scripted_client([])
    for name in ('filter[email][contains]', 'filter[organization_name][contains]'):
        with pytest.raises(TelnyxInputError) as caught:
            ManagedAccount(client).check_filters({name: 'ab'})
        assert '3 characters' in str(caught.value)
    ManagedAccount(client).check_filters({'filter[email][contains]': 'abc'})
    assert session.seen == []


def test_listed_objects_never_carry_keys_even_when_a_server_sends_them():
    client, _session = scripted_client([Call('GET', '/managed_accounts', Answer(200, page([FULL])))])
    listed = ManagedAccount(client).list()
    assert 'api_key' not in listed[0] and 'api_token' not in listed[0]
