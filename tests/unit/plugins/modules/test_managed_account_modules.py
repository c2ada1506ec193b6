# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The managed-account modules and managed_account_id in another module, run as Ansible runs them."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.telnyx.account.plugins.modules import (
    telnyx_access_ip, telnyx_access_ip_info, telnyx_account, telnyx_address_accept_suggestions, telnyx_address_info,
    telnyx_address_validate, telnyx_billing_group, telnyx_managed_account, telnyx_managed_account_info,
    telnyx_telephony_credential_token,
)
from ansible_collections.telnyx.account.tests.unit.helpers import KEY, Answer, Call, ScriptedSession, page
from ansible_collections.telnyx.account.tests.unit.plugins.module_utils.test_managed_accounts import (
    BY_EMAIL, DISABLED, FULL, ID, LISTED, MANAGED_KEY, MANAGED_TOKEN, PAGES,
)
from ansible_collections.telnyx.account.tests.unit import module_runner
from ansible_collections.telnyx.account.tests.unit.module_runner import run_module

GROUP = {'id': 'bg1', 'name': 'ops', 'record_type': 'billing_group'}


@pytest.fixture
def sent(monkeypatch):
    """What the sessions of run_module() sent (method, url, headers, ...), in order."""
    sessions = []

    class Recording(ScriptedSession):
        def __init__(self, *args, **kwargs):
            super(Recording, self).__init__(*args, **kwargs)
            sessions.append(self)

    monkeypatch.setattr(module_runner, 'ScriptedSession', Recording)
    return lambda: [request for session in sessions for request in session.sent]


def no_credentials(result):
    text = json.dumps(result)
    assert MANAGED_KEY not in text and MANAGED_TOKEN not in text and KEY not in text
    for account in [result.get('managed_account') or {}] + (result.get('managed_accounts') or []):
        assert 'api_key' not in account and 'api_token' not in account


# managed_account_id in any module ------------------------------------------------------------
def test_a_module_with_managed_account_id_works_with_that_accounts_key_and_masks_it(sent):
    calls = [
        Call('GET', '/managed_accounts/%s' % ID, Answer(200, {'data': FULL})),
        Call('GET', '/billing_groups', Answer(200, page([]))),
        # An answer that echoes the key: Ansible's masking still hides it.
        Call('POST', '/billing_groups', Answer(200, {'data': dict(GROUP, note='made with %s' % MANAGED_KEY)}),
             body={'name': 'ops'}),
        # Billing group names are not unique: one read after the create looks for a twin.
        Call('GET', '/billing_groups', Answer(200, page([GROUP])))]
    result = run_module(telnyx_billing_group, {'name': 'ops', 'managed_account_id': ID}, calls)
    assert result['changed'] is True and result['billing_group']['id'] == 'bg1'
    assert [request['headers']['Authorization'] for request in sent()] == ['Bearer %s' % KEY] + ['Bearer %s' % MANAGED_KEY] * 3
    assert MANAGED_KEY not in json.dumps(result)
    assert '********' in result['billing_group']['note']


def test_a_failure_inside_the_managed_account_never_shows_its_key():
    calls = [
        Call('GET', '/managed_accounts/%s' % ID, Answer(200, {'data': FULL})),
        Call('GET', '/billing_groups', Answer(401, {'errors': [{'code': '10009', 'title': 'Authentication failed',
                                                                'detail': 'key %s disabled' % MANAGED_KEY}]}))]
    result = run_module(telnyx_billing_group, {'name': 'ops', 'managed_account_id': ID}, calls)
    assert result['failed'] is True and '401' in result['msg']
    assert MANAGED_KEY not in json.dumps(result)


def test_managed_account_id_comes_from_the_environment_too(monkeypatch, sent):
    monkeypatch.setenv('TELNYX_MANAGED_ACCOUNT_ID', ID)
    calls = [
        Call('GET', '/managed_accounts/%s' % ID, Answer(200, {'data': FULL})),
        Call('GET', '/billing_groups', Answer(200, page([GROUP])))]
    result = run_module(telnyx_billing_group, {'name': 'ops'}, calls)
    assert result['changed'] is False
    assert sent()[-1]['headers']['Authorization'] == 'Bearer %s' % MANAGED_KEY


def test_a_bad_managed_account_id_sends_nothing():
    result = run_module(telnyx_billing_group, {'name': 'ops', 'managed_account_id': 'acct-1'}, [])
    assert result['failed'] is True and 'UUID' in result['msg']


@pytest.mark.parametrize('module,args,says', [
    (telnyx_billing_group, {'id': 'not a uuid!'}, "id 'not a uuid!'"),
    (telnyx_access_ip, {'ip_address': '203.0.113.300'}, 'not a valid IPv4 or IPv6 address'),
    (telnyx_access_ip_info, {'id': ''}, "id ''"),
    (telnyx_address_info, {'country_code': 'USA'}, 'country'),
    (telnyx_address_validate, {'street_address': '1 Main St', 'postal_code': '60654', 'country_code': 'ZZZ'},
     'country'),
    (telnyx_address_accept_suggestions, {'id': 'a/b'}, "id 'a/b'"),
    (telnyx_telephony_credential_token, {'credential_id': 'c?1'}, "id 'c?1'"),
    (telnyx_account, {'access_ips': [{'ip_address': 'nope'}]}, 'access_ips[0]'),
])
def test_bad_input_with_managed_account_id_fails_before_the_managed_account_is_read(module, args, says):
    # The input is checked before anything is sent: no read of the managed account with the manager's key.
    result = run_module(module, dict(args, managed_account_id=ID), [])
    assert result['failed'] is True and says in result['msg']


# telnyx_managed_account ---------------------------------------------------------------------
WANTED = {'email': 'larry@customer.org', 'business_name': "Larry's Cat Food Inc"}


def test_create_in_check_mode_then_for_real_then_a_no_op():
    check = run_module(telnyx_managed_account, dict(WANTED, password='pw-Create-77'), [
        Call('GET', '/managed_accounts', Answer(200, page([])), query=BY_EMAIL)], check_mode=True, diff=True)
    assert check['changed'] is True
    assert check['diff']['before'] == {}
    assert check['diff']['after'] == {'email': 'larry@customer.org', 'business_name': "Larry's Cat Food Inc",
                                      'status': 'enabled'}
    assert 'pw-Create-77' not in json.dumps(check)

    created = run_module(telnyx_managed_account, dict(WANTED, password='pw-Create-77'), [
        Call('GET', '/managed_accounts', Answer(200, page([])), query=BY_EMAIL),
        Call('POST', '/managed_accounts', Answer(200, {'data': FULL}),
             body=dict(WANTED, password='pw-Create-77'))], diff=True)
    assert created['changed'] is True and created['managed_account']['id'] == ID
    assert 'api_key' not in created['managed_account'] and 'api_token' not in created['managed_account']
    no_credentials(created)

    again = run_module(telnyx_managed_account, dict(WANTED, password='pw-Create-77'), [
        Call('GET', '/managed_accounts', Answer(200, page([LISTED])), query=BY_EMAIL),
        Call('GET', '/managed_accounts', Answer(200, page([])), query=DISABLED)])
    assert again['changed'] is False and again['managed_account']['status'] == 'enabled'


def test_update_with_diff_shows_only_the_field():
    result = run_module(telnyx_managed_account, dict(WANTED, managed_account_allow_custom_pricing=True), [
        Call('GET', '/managed_accounts', Answer(200, page([LISTED])), query=BY_EMAIL),
        Call('GET', '/managed_accounts', Answer(200, page([])), query=DISABLED),
        Call('PATCH', '/managed_accounts/%s' % ID,
             Answer(200, {'data': dict(FULL, managed_account_allow_custom_pricing=True)}),
             body={'managed_account_allow_custom_pricing': True})], diff=True)
    assert result['changed'] is True
    before, after = result['diff']['before'], result['diff']['after']
    assert before['managed_account_allow_custom_pricing'] is False
    assert after['managed_account_allow_custom_pricing'] is True
    assert dict(before, managed_account_allow_custom_pricing=True) == after
    no_credentials(result)


def test_disable_by_id_with_diff():
    result = run_module(telnyx_managed_account, {'id': ID, 'state': 'disabled'}, [
        Call('GET', '/managed_accounts/%s' % ID, Answer(200, {'data': FULL})),
        Call('GET', '/managed_accounts', Answer(200, page([])), query=DISABLED),
        Call('POST', '/managed_accounts/%s/actions/disable' % ID, Answer(200, {'data': FULL}))], diff=True)
    assert result['changed'] is True
    assert (result['diff']['before']['status'], result['diff']['after']['status']) == ('enabled', 'disabled')
    no_credentials(result)


def test_create_only_drift_fails_naming_the_field():
    result = run_module(telnyx_managed_account, dict(WANTED, rollup_billing=True), [
        Call('GET', '/managed_accounts', Answer(200, page([LISTED])), query=BY_EMAIL),
        Call('GET', '/managed_accounts', Answer(200, page([])), query=DISABLED)])
    assert result['failed'] is True and 'rollup_billing' in result['msg']


@pytest.mark.parametrize('args,words', [
    ({'email': 'larry@customer.org', 'managed_account_id': ID}, 'managed_account_id'),
    ({'email': 'nope'}, 'email'),
    ({'id': 'x/../y'}, 'UUID'),
    ({'business_name': 'x'}, 'give id or email'),
    ({'email': 'larry@customer.org', 'state': 'disabled', 'reenable_all_connections': True},
     'reenable_all_connections'),
    ({'email': 'larry@customer.org', 'state': 'absent'}, 'state'),
    ({'email': 'larry@customer.org', 'business_name': 1234}, 'business_name must be a string'),
])
def test_bad_input_is_refused_before_any_request(args, words):
    result = run_module(telnyx_managed_account, args, [])
    assert result['failed'] is True and words in result['msg']


# telnyx_managed_account_info ----------------------------------------------------------------
def test_info_passes_the_filters_and_never_returns_credentials():
    result = run_module(telnyx_managed_account_info, {
        'email_contains': '@customer.org', 'organization_name_contains': 'Cat', 'include_cancelled': True}, [
        Call('GET', '/managed_accounts', Answer(200, page([FULL])), query=dict(PAGES, **{
            'filter[email][contains]': '@customer.org', 'filter[organization_name][contains]': 'Cat',
            'include_cancelled_accounts': 'true'}))])
    assert [a['id'] for a in result['managed_accounts']] == [ID]
    assert 'api_key' not in result['managed_accounts'][0]
    no_credentials(result)


def test_info_by_id_drops_the_key_of_the_answer():
    result = run_module(telnyx_managed_account_info, {'id': ID}, [
        Call('GET', '/managed_accounts/%s' % ID, Answer(200, {'data': FULL}))])
    assert result['managed_accounts'][0]['email'] == 'larry@customer.org'
    assert 'api_key' not in result['managed_accounts'][0] and 'api_token' not in result['managed_accounts'][0]
    no_credentials(result)


def test_info_lists_without_cancelled_accounts_by_default():
    result = run_module(telnyx_managed_account_info, {}, [
        Call('GET', '/managed_accounts', Answer(200, page([LISTED])),
             query=dict(PAGES, include_cancelled_accounts='false'))])
    assert len(result['managed_accounts']) == 1


@pytest.mark.parametrize('args,words', [
    ({'email_contains': 'ab'}, '3 characters'),
    ({'organization_name_contains': 'x'}, '3 characters'),
    ({'managed_account_id': ID}, 'managed_account_id'),
])
def test_info_bad_input_is_refused_before_any_request(args, words):
    result = run_module(telnyx_managed_account_info, args, [])
    assert result['failed'] is True and words in result['msg']
