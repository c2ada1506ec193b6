# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource base and each kind, with the HTTP exchange scripted call by call."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import os

import pytest
import yaml

from ansible_collections.telnyx.account.plugins.module_utils.errors import (
    TelnyxAPIError, TelnyxConfigError, TelnyxError,
)
from ansible_collections.telnyx.account.plugins.module_utils.resource import (
    ID_FORMS, Plan, TelnyxInputError, TelnyxStateError,
)
from ansible_collections.telnyx.account.plugins.module_utils.kinds import (
    AccessIP, AccessIPRange, Address, AuthenticationProvider, BillingGroup, IntegrationSecret, TelephonyCredential,
)
from ansible_collections.telnyx.account.plugins.module_utils.managed_accounts import ManagedAccount, ManagedAccountPlan
from ansible_collections.telnyx.account.tests.unit.helpers import Answer, Call, page, scripted_client, telnyx_error, timed_out

IP = {'id': 'ip1', 'ip_address': '203.0.113.10', 'description': 'office', 'source': 'api', 'status': 'added'}
IP_QUERY = {'filter[ip_address]': '203.0.113.10', 'page[number]': 1, 'page[size]': 250}


def converge(resource_class, calls, params, state='present', check_mode=False):
    """Declare ``params`` (call options such as replace included), find, plan and apply, call by call."""
    client, session = scripted_client(calls)
    resource = resource_class(client, check_mode=check_mode)
    desired = resource.normalize(params)
    if state == 'present':
        resource.check_present(desired)
    current = resource.lookup(desired)
    plan = resource.plan(desired, current, state=state)
    result = resource.apply(plan)
    session.done()
    return plan, result, session


# access IPs --------------------------------------------------------------------------------
def test_access_ip_noop_is_one_filtered_read_and_no_write():
    plan, result, session = converge(AccessIP, [
        Call('GET', '/access_ip_address', Answer(200, page([IP])), query=IP_QUERY)],
        {'ip_address': '203.0.113.10', 'description': 'office'})
    assert plan.action == 'none'
    assert result['id'] == 'ip1'
    assert len(session.seen) == 1 and not session.writes


def test_access_ip_create_is_one_read_and_one_write_with_the_body():
    plan, result, session = converge(AccessIP, [
        Call('GET', '/access_ip_address', Answer(200, page([])), query=IP_QUERY),
        Call('POST', '/access_ip_address', Answer(200, dict(IP, id='new')),
             body={'ip_address': '203.0.113.10', 'description': 'office'})],
        {'ip_address': ' 203.0.113.10 ', 'description': 'office'})
    assert plan.action == 'create'
    assert result['id'] == 'new'  # bare object, no data envelope


def test_access_ip_check_mode_reads_but_never_writes():
    plan, result, session = converge(AccessIP, [
        Call('GET', '/access_ip_address', Answer(200, page([])))], {'ip_address': '203.0.113.10'}, check_mode=True)
    assert plan.changed and plan.action == 'create'
    assert result == {'ip_address': '203.0.113.10'}
    assert not session.writes


def test_ipv6_spellings_are_one_entry_and_are_read_without_a_server_filter():
    remote = dict(IP, ip_address='2001:DB8:0:0::1')
    plan, _result, _session = converge(AccessIP, [
        Call('GET', '/access_ip_address', Answer(200, page([remote])), query={'page[number]': 1, 'page[size]': 250})],
        {'ip_address': '2001:db8::1'})
    assert plan.action == 'none'


def test_ipv6_absent_deletes_an_entry_spelled_otherwise():
    remote = dict(IP, ip_address='2001:DB8::1')
    plan, _result, session = converge(AccessIP, [
        Call('GET', '/access_ip_address', Answer(200, page([remote]))),
        Call('DELETE', '/access_ip_address/ip1', Answer(200, remote))], {'ip_address': '2001:0db8::0001'},
        state='absent')
    assert plan.action == 'delete'


def test_absent_when_missing_is_one_read():
    plan, _result, session = converge(AccessIP, [Call('GET', '/access_ip_address', Answer(200, page([])))],
                                      {'ip_address': '203.0.113.10'}, state='absent')
    assert plan.action == 'none' and not session.writes


def test_drift_without_replace_fails_naming_the_field():
    with pytest.raises(TelnyxStateError, match=r"differs in description \('office', wanted 'lab'\).*replace: true"):
        converge(AccessIP, [Call('GET', '/access_ip_address', Answer(200, page([IP])))],
                 {'ip_address': '203.0.113.10', 'description': 'lab'})


def test_replace_deletes_then_creates_where_two_cannot_coexist():
    plan, result, _session = converge(AccessIP, [
        Call('GET', '/access_ip_address', Answer(200, page([IP]))),
        Call('DELETE', '/access_ip_address/ip1', Answer(200, IP)),
        Call('POST', '/access_ip_address', Answer(200, dict(IP, id='ip2', description='lab')),
             body={'ip_address': '203.0.113.10', 'description': 'lab'})],
        {'ip_address': '203.0.113.10', 'description': 'lab', 'replace': True})
    assert plan.action == 'replace' and result['id'] == 'ip2'


def test_replace_whose_create_fails_says_the_old_one_is_gone():
    with pytest.raises(TelnyxError, match='Deleted the old access IP .id ip1.*Re-run'):
        converge(AccessIP, [
            Call('GET', '/access_ip_address', Answer(200, page([IP]))),
            Call('DELETE', '/access_ip_address/ip1', Answer(200, IP)),
            Call('POST', '/access_ip_address', Answer(422, telnyx_error('10015', 'Invalid')))],
            {'ip_address': '203.0.113.10', 'description': 'lab', 'replace': True})


def test_a_create_that_committed_then_failed_is_found_not_resent():
    plan, result, session = converge(AccessIP, [
        Call('GET', '/access_ip_address', Answer(200, page([]))),
        Call('POST', '/access_ip_address', Answer(500, telnyx_error('10001', 'Internal'))),
        Call('GET', '/access_ip_address', Answer(200, page([IP])), query=IP_QUERY)],
        {'ip_address': '203.0.113.10'})
    assert result['id'] == 'ip1'
    assert len([w for w in session.writes if w[0] == 'POST']) == 1


@pytest.mark.parametrize('bad', ['203.0.113.300', 'office', '203.0.113.0/24', ''])
def test_bad_ip_addresses_fail_before_any_request(bad):
    client, session = scripted_client([])
    with pytest.raises(TelnyxInputError, match='ip_address'):
        AccessIP(client).normalize({'ip_address': bad})
    assert session.seen == []


def test_id_is_looked_up_with_one_get():
    plan, _result, session = converge(AccessIP, [Call('GET', '/access_ip_address/ip1', Answer(200, IP))],
                                      {'id': 'ip1', 'description': 'office'})
    assert plan.action == 'none'


def test_unknown_id_for_present_is_an_error_and_for_absent_a_noop():
    confirm = Call('GET', '/access_ip_address', Answer(200, page([])), query={'page[size]': 1})
    with pytest.raises(TelnyxStateError, match='does not exist'):
        converge(AccessIP, [Call('GET', '/access_ip_address/nope', Answer(404, telnyx_error('10005', 'Not found'))),
                            confirm], {'id': 'nope'})
    plan, _result, _session = converge(AccessIP, [
        Call('GET', '/access_ip_address/nope', Answer(404, {})), confirm], {'id': 'nope'}, state='absent')
    assert plan.action == 'none'


def test_missing_identity_is_an_input_error():
    client, _session = scripted_client([])
    resource = AccessIP(client)
    with pytest.raises(TelnyxInputError, match='give id or ip_address'):
        resource.check_present(resource.normalize({'description': 'x'}))


# ranges ------------------------------------------------------------------------------------
def test_cidr_is_normalised_to_its_network_and_matches_the_stored_one():
    remote = {'id': 'r1', 'cidr_block': '198.51.100.0/24', 'description': None}
    plan, _result, _session = converge(AccessIPRange, [
        Call('GET', '/access_ip_ranges', Answer(200, page([remote])), query={'page[number]': 1, 'page[size]': 250})],
        {'cidr_block': '198.51.100.7/24'})
    assert plan.action == 'none'


def test_a_range_stored_with_host_bits_is_found():
    remote = {'id': 'r1', 'cidr_block': '2001:DB8:100::5/48'}
    plan, _result, _session = converge(AccessIPRange, [
        Call('GET', '/access_ip_ranges', Answer(200, page([remote]))),
        Call('DELETE', '/access_ip_ranges/r1', Answer(200, remote))],
        {'cidr_block': '2001:db8:100::/48'}, state='absent')
    assert plan.action == 'delete'


def test_range_create_sends_the_network():
    converge(AccessIPRange, [
        Call('GET', '/access_ip_ranges', Answer(200, page([]))),
        Call('POST', '/access_ip_ranges', Answer(200, {'id': 'r1', 'cidr_block': '198.51.100.0/24'}),
             body={'cidr_block': '198.51.100.0/24'})], {'cidr_block': '198.51.100.9/24'})


def test_range_by_id_reads_the_list_as_there_is_no_get():
    plan, _r, _s = converge(AccessIPRange, [
        Call('GET', '/access_ip_ranges', Answer(200, page([{'id': 'r1', 'cidr_block': '10.0.0.0/8'}])))],
        {'id': 'r1'})
    assert plan.action == 'none'


@pytest.mark.parametrize('bad', ['198.51.100.0', '198.51.100.0/33', 'net/24', '2001:db8::/129'])
def test_bad_cidr_fails_before_any_request(bad):
    client, session = scripted_client([])
    with pytest.raises(TelnyxInputError, match='cidr_block'):
        AccessIPRange(client).normalize({'cidr_block': bad})


# billing groups ----------------------------------------------------------------------------
def test_billing_group_rename_by_id_patches_only_the_name():
    group = {'id': GROUP_ID, 'name': 'ops', 'record_type': 'billing_group'}
    plan, result, _s = converge(BillingGroup, [
        Call('GET', '/billing_groups/' + GROUP_ID, Answer(200, {'data': group})),
        Call('PATCH', '/billing_groups/' + GROUP_ID, Answer(200, {'data': dict(group, name='noc')}),
             body={'name': 'noc'})],
        {'id': GROUP_ID, 'name': 'noc'})
    assert plan.action == 'update' and result['name'] == 'noc'


def test_ambiguous_billing_group_name_lists_the_ids():
    groups = [{'id': 'g2', 'name': 'ops'}, {'id': 'g1', 'name': 'ops'}, {'id': 'g3', 'name': 'x'}]
    with pytest.raises(TelnyxStateError, match=r'matches 2 objects \(ids: g1, g2\); name one with id'):
        converge(BillingGroup, [Call('GET', '/billing_groups', Answer(200, page(groups)))], {'name': 'ops'},
                 state='absent')


# addresses ---------------------------------------------------------------------------------
ADDRESS = {'first_name': 'Ada', 'last_name': 'Lovelace', 'business_name': 'Engines', 'street_address': '1 Main St',
           'locality': 'Chicago', 'administrative_area': 'IL', 'postal_code': '60601', 'country_code': 'us',
           'customer_reference': 'hq'}


def test_address_required_fields_and_country_code_are_checked_before_any_request():
    client, session = scripted_client([])
    resource = Address(client)
    with pytest.raises(TelnyxInputError, match='missing: business_name'):
        resource.check_present(resource.normalize(dict(ADDRESS, business_name=None)))
    with pytest.raises(TelnyxInputError, match='two-letter'):
        resource.normalize(dict(ADDRESS, country_code='USA'))
    assert session.seen == []


def test_address_found_by_customer_reference_with_the_eq_filter():
    remote = dict(ADDRESS, id='1001', country_code='US', record_type='address')
    plan, _r, _s = converge(Address, [Call('GET', '/addresses', Answer(200, page([remote])), query={
        'filter[customer_reference][eq]': 'hq', 'page[number]': 1, 'page[size]': 250})], ADDRESS)
    assert plan.action == 'none'


def test_address_without_reference_is_found_by_all_given_fields():
    params = dict(ADDRESS, customer_reference=None)
    other = dict(params, id='1', street_address='1 Main Street', country_code='US')
    same = dict(params, id='2', country_code='US', customer_reference='x')
    plan, _r, _s = converge(Address, [Call('GET', '/addresses', Answer(200, page([other, same])), query={
        'filter[street_address][contains]': '1 Main St', 'page[number]': 1, 'page[size]': 250})], params)
    assert plan.action == 'none' and plan.current['id'] == '2'


def test_address_replace_creates_first_then_deletes():
    remote = dict(ADDRESS, id='1001', country_code='US', postal_code='60602')
    plan, result, session = converge(Address, [
        Call('GET', '/addresses', Answer(200, page([remote]))),
        Call('POST', '/addresses', Answer(200, {'data': dict(ADDRESS, id='1002')})),
        Call('DELETE', '/addresses/1001', Answer(200, {'data': remote})),
        Call('GET', '/addresses', Answer(200, page([dict(ADDRESS, id='1002')])))], dict(ADDRESS, replace=True))
    assert plan.action == 'replace' and result['id'] == '1002'
    assert session.seen[1][3]['postal_code'] == '60601' and session.seen[1][3]['country_code'] == 'US'


def test_address_replace_whose_delete_fails_returns_both_ids():
    remote = dict(ADDRESS, id='1001', country_code='US', postal_code='60602')
    with pytest.raises(TelnyxError, match=r'Created the new address \(id 1002\).*old one \(id 1001\)'):
        converge(Address, [
            Call('GET', '/addresses', Answer(200, page([remote]))),
            Call('POST', '/addresses', Answer(200, {'data': dict(ADDRESS, id='1002')})),
            Call('DELETE', '/addresses/1001', Answer(422, telnyx_error('10015', 'Address in use')))],
            dict(ADDRESS, replace=True))


def test_address_drift_names_the_fields():
    remote = dict(ADDRESS, id='1001', country_code='US', postal_code='60602')
    with pytest.raises(TelnyxStateError, match="postal_code .'60602', wanted '60601'."):
        converge(Address, [Call('GET', '/addresses', Answer(200, page([remote])))], ADDRESS)


# authentication providers ------------------------------------------------------------------
SETTINGS = {'idp_entity_id': 'https://idp.example.com/meta', 'idp_sso_target_url': 'https://idp.example.com/sso',
            'idp_cert_fingerprint': 'AA:BB', 'idp_cert_fingerprint_algorithm': 'sha256'}
PROVIDER = {'id': 'p1', 'name': 'Okta', 'short_name': 'myorg', 'active': True,
            'settings': dict(SETTINGS, assertion_consumer_service_url='https://api/acs', provision_groups=False)}


def test_provider_server_made_settings_are_not_compared():
    plan, _r, _s = converge(AuthenticationProvider, [
        Call('GET', '/authentication_providers', Answer(200, page([PROVIDER])))],
        {'short_name': 'myorg', 'settings': {'idp_cert_fingerprint': 'AA:BB'}})
    assert plan.action == 'none'


def test_provider_patch_sends_only_changed_fields_with_the_whole_idp_settings():
    plan, _r, _s = converge(AuthenticationProvider, [
        Call('GET', '/authentication_providers', Answer(200, page([PROVIDER]))),
        Call('PATCH', '/authentication_providers/p1', Answer(200, {'data': PROVIDER}),
             body={'active': False, 'settings': dict(SETTINGS, idp_cert_fingerprint='CC:DD')})],
        {'short_name': 'myorg', 'name': 'Okta', 'active': False, 'settings': {'idp_cert_fingerprint': 'CC:DD'}})
    assert plan.action == 'update'
    assert plan.changes['settings'] == {'before': {'idp_cert_fingerprint': 'AA:BB'},
                                        'after': {'idp_cert_fingerprint': 'CC:DD'}}


@pytest.mark.parametrize('params,match', [
    ({'settings': dict(SETTINGS, idp_entity_id='not a url')}, 'idp_entity_id must be an absolute URI'),
    ({'settings': dict(SETTINGS, idp_cert_fingerprint_algorithm='md5')}, 'sha1, sha256, sha384, sha512'),
    ({'settings': SETTINGS, 'settings_url': 'https://idp/meta'}, 'mutually exclusive'),
])
def test_provider_input_errors(params, match):
    client, session = scripted_client([])
    resource = AuthenticationProvider(client)
    with pytest.raises(TelnyxInputError, match=match):
        resource.plan(resource.declare(dict(params, short_name='x', name='X')), None)
    assert session.seen == []


# integration secrets -----------------------------------------------------------------------
SECRET = {'id': 's1', 'identifier': 'crm', 'record_type': 'integration_secret', 'created_at': 't'}


def test_secret_on_create_leaves_an_existing_secret_alone():
    plan, _r, session = converge(IntegrationSecret, [
        Call('GET', '/integration_secrets', Answer(200, page([SECRET])))],
        {'identifier': 'crm', 'type': 'bearer', 'token': 'tok-123456'})
    assert plan.action == 'none' and not session.writes


def test_secret_always_recreates_and_never_shows_the_value():
    client, session = scripted_client([
        Call('GET', '/integration_secrets', Answer(200, page([SECRET]))),
        Call('DELETE', '/integration_secrets/s1', Answer(204)),
        Call('POST', '/integration_secrets', Answer(201, {'data': dict(SECRET, id='s2')}),
             body={'identifier': 'crm', 'type': 'bearer', 'token': 'tok-123456'})])
    resource = IntegrationSecret(client)
    desired = resource.normalize({'identifier': 'crm', 'type': 'bearer', 'token': 'tok-123456',
                                  'update_secret': 'always'})
    plan = resource.plan(desired, resource.lookup(desired))
    result = resource.apply(plan)
    assert plan.action == 'replace' and result['id'] == 's2'
    assert 'tok-123456' not in repr(resource.public(result)) + repr(resource.predict(plan))
    session.done()


def test_secret_value_needed_only_to_create():
    with pytest.raises(TelnyxInputError, match="'crm' does not exist yet, so its value is needed"):
        converge(IntegrationSecret, [
            Call('GET', '/integration_secrets', Answer(200, page([])), query={
                'filter[type]': 'basic', 'page[number]': 1, 'page[size]': 250}),
            Call('GET', '/integration_secrets', Answer(200, page([])), query={'page[number]': 1, 'page[size]': 250})],
            {'identifier': 'crm', 'type': 'basic'})


def test_secret_of_another_type_needs_replace():
    with pytest.raises(TelnyxStateError, match=r"differs in type \('bearer', wanted 'basic'\)"):
        converge(IntegrationSecret, [
            Call('GET', '/integration_secrets', Answer(200, page([])), query={
                'filter[type]': 'basic', 'page[number]': 1, 'page[size]': 250}),
            Call('GET', '/integration_secrets', Answer(200, page([SECRET])))],
            {'identifier': 'crm', 'type': 'basic', 'username': 'u', 'password': 'pw-123'})


@pytest.mark.parametrize('params,match', [
    ({'type': 'bearer', 'password': 'pw-123'}, 'type bearer does not take password'),
    ({'type': 'basic', 'token': 'tok-123'}, 'type basic does not take token'),
    ({'type': 'basic', 'username': 'u'}, 'needs both username and password'),
    ({'token': 'tok-123'}, 'set type'),
])
def test_secret_input_errors_before_any_request(params, match):
    client, session = scripted_client([])
    resource = IntegrationSecret(client)
    with pytest.raises(TelnyxInputError, match=match):
        resource.check_present(resource.normalize(dict(params, identifier='crm')))
    assert session.seen == []


# telephony credentials ---------------------------------------------------------------------
CREDENTIAL = {'id': 'c1', 'name': 'desk', 'tag': 'a', 'resource_id': 'connection:123', 'sip_password': 'sip-secret',
              'sip_username': 'gencred1', 'expires_at': None}


def test_credential_connection_id_is_compared_through_resource_id_and_sip_password_hidden():
    plan, result, _s = converge(TelephonyCredential, [
        Call('GET', '/telephony_credentials', Answer(200, page([])),
             query={'filter[name]': 'desk', 'filter[tag]': 'b', 'page[number]': 1, 'page[size]': 250}),
        Call('GET', '/telephony_credentials', Answer(200, page([CREDENTIAL])),
             query={'filter[name]': 'desk', 'page[number]': 1, 'page[size]': 250}),
        Call('PATCH', '/telephony_credentials/c1', Answer(200, {'data': dict(CREDENTIAL, tag='b')}), body={'tag': 'b'})],
        {'name': 'desk', 'connection_id': '123', 'tag': 'b'})
    assert plan.action == 'update'
    client = scripted_client([])[0]
    resource = TelephonyCredential(client)
    assert 'sip_password' not in resource.public(result)
    assert 'sip_password' not in resource.public(result, resource.declare({'name': 'desk'}))
    assert resource.public(result, resource.declare({'name': 'desk', 'return_sip_password': True}))['sip_password'] \
        == 'sip-secret'


# ===========================================================================================
# A create whose answer was lost, ids in paths, 404s, answers that are not objects, send checks
# ===========================================================================================
GROUP_ID = 'f5586561-8ff0-4291-a0ac-84fe544797bd'
OTHER_GROUP_ID = '0d7c3c5e-1111-4000-8000-000000000001'
PROVIDER_ID = '35146afd-df93-4963-b1e9-1a085e2ae874'
CRED_ID = 'c215ade3-0d39-418e-94be-c5f780760199'
JWT = 'eyJhbGciOiJIUzUxMiJ9.eyJleHAiOjE3OTU4MjAwMDB9.c2lnbmF0dXJl'


class Clock:
    """Time as a resource sees it: advanced by every sleep and by ``per_call`` seconds for each HTTP call."""

    def __init__(self, per_call=25.0):
        self.now = 1000.0
        self.per_call = per_call
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def timed(resource, clock):
    resource.clock = clock
    resource.client.sleep = clock.sleep
    request = resource.client.transport.request

    def advancing(*args, **kwargs):
        clock.now += clock.per_call
        return request(*args, **kwargs)

    resource.client.transport.request = advancing
    return resource


# Per kind: the class, what the user declares, what the server holds once created, and the answer wrapper.
def bare(obj):
    return obj


def enveloped(obj):
    return {'data': obj}


KIND_CASES = {
    'access_ip': (AccessIP, {'ip_address': '203.0.113.10'}, dict(IP), bare),
    'access_ip_range': (AccessIPRange, {'cidr_block': '198.51.100.0/24'},
                        {'id': 'r1', 'cidr_block': '198.51.100.0/24', 'status': 'pending'}, bare),
    'address': (Address, ADDRESS, dict(ADDRESS, id='1001', country_code='US'), enveloped),
    'authentication_provider': (AuthenticationProvider, {'name': 'Okta', 'short_name': 'myorg', 'settings': SETTINGS},
                                dict(PROVIDER, id=PROVIDER_ID), enveloped),
    'billing_group': (BillingGroup, {'name': 'ops'}, {'id': GROUP_ID, 'name': 'ops'}, enveloped),
    'integration_secret': (IntegrationSecret, {'identifier': 'crm', 'type': 'bearer', 'token': 'tok-123456'},
                           dict(SECRET), enveloped),
    'telephony_credential': (TelephonyCredential, {'name': 'desk', 'connection_id': '123'},
                             dict(CREDENTIAL, id=CRED_ID, tag=None), enveloped),
}
FAILURES = {
    'read timeout': Answer(raises=timed_out()),
    '500': Answer(500, telnyx_error('10001', 'Internal')),
    '503': Answer(503, {}),
}


def planned_create(kind, calls, retries=3, per_call=25.0):
    resource_class, params, _obj, _wrap = KIND_CASES[kind]
    client, session = scripted_client(calls, retries=retries)
    clock = Clock(per_call)
    resource = timed(resource_class(client), clock)
    desired = resource.declare(params)
    plan = resource.plan(desired, None)
    return resource, plan, session, clock


@pytest.mark.parametrize('failure', sorted(FAILURES))
@pytest.mark.parametrize('kind', sorted(KIND_CASES))
def test_a_create_that_commits_late_is_adopted_not_sent_twice(kind, failure):
    resource_class, _params, obj, _wrap = KIND_CASES[kind]
    empty = Answer(200, page([]))
    resource, plan, session, clock = planned_create(kind, [
        Call('POST', resource_class.path, FAILURES[failure]),
        Call('GET', resource_class.path, empty),
        Call('GET', resource_class.path, empty),
        Call('GET', resource_class.path, Answer(200, page([obj])))] + read_back(resource_class, obj))
    result = resource.apply(plan)
    session.done()
    assert result['id'] == obj['id']
    assert [s[0] for s in session.seen].count('POST') == 1
    assert len(clock.slept) == 3 and all(0 <= s <= 30 for s in clock.slept)


@pytest.mark.parametrize('kind', sorted(KIND_CASES))
def test_a_create_is_sent_again_only_after_the_window(kind):
    resource_class, _params, obj, wrap = KIND_CASES[kind]
    empty = Answer(200, page([]))
    resource, plan, session, clock = planned_create(kind, [
        Call('POST', resource_class.path, Answer(503, {}))] + [
        Call('GET', resource_class.path, empty) for _look in range(4)] + [
        Call('POST', resource_class.path, Answer(200, wrap(obj)), body=plan_body(kind))] + read_back(resource_class, obj))
    resource.apply(plan)
    session.done()
    # 4 look-ups of 25 s each: the re-send comes once 3 x api_timeout (90 s) has passed, not before.
    methods = [s[0] for s in session.seen]
    assert methods[:6] == ['POST', 'GET', 'GET', 'GET', 'GET', 'POST']


def read_back(resource_class, obj):
    """The one read that follows a create of a kind whose identity the API does not keep unique."""
    return [] if resource_class.unique_identity else [Call('GET', resource_class.path, Answer(200, page([obj])))]


class Highest:
    """An rng whose jitter always takes the top of its range: the longest back-off."""

    @staticmethod
    def uniform(low, high):
        return high


def test_the_look_ups_use_the_capped_back_off_and_end_with_the_window():
    empty = Answer(200, page([]))
    resource, plan, session, clock = planned_create('billing_group', [
        Call('POST', '/billing_groups', Answer(503, {}))] + [
        Call('GET', '/billing_groups', empty) for _look in range(8)] + [
        Call('POST', '/billing_groups', Answer(200, {'data': {'id': GROUP_ID, 'name': 'ops'}})),
        Call('GET', '/billing_groups', Answer(200, page([{'id': GROUP_ID, 'name': 'ops'}])))], per_call=0.0)
    resource.client.rng = Highest()
    resource.apply(plan)
    session.done()
    # 0.5, 1, 2, 4, 8, 16, 30 (the cap), then only the 28.5 s left of the 90 s window (3 x api_timeout 30 s).
    assert clock.slept == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 28.5]


def plan_body(kind):
    resource_class, params, _obj, _wrap = KIND_CASES[kind]
    client, _session = scripted_client([])
    resource = resource_class(client)
    return resource.plan(resource.declare(params), None).body


@pytest.mark.parametrize('kind', ['access_ip', 'integration_secret', 'authentication_provider'])
def test_a_resend_answered_as_a_duplicate_is_looked_up_and_adopted(kind):
    resource_class, _params, obj, _wrap = KIND_CASES[kind]
    empty = Answer(200, page([]))
    duplicate = Answer(422, telnyx_error('10015', 'Duplicate', 'already exists', pointer='/x'))
    resource, plan, session, _clock = planned_create(kind, [
        Call('POST', resource_class.path, Answer(503, {}))] + [
        Call('GET', resource_class.path, empty) for _look in range(4)] + [
        Call('POST', resource_class.path, duplicate),
        Call('GET', resource_class.path, Answer(200, page([obj])))])
    assert resource.apply(plan)['id'] == obj['id']
    session.done()


def test_a_resend_refused_for_another_reason_is_raised():
    empty = Answer(200, page([]))
    resource, plan, session, _clock = planned_create('billing_group', [
        Call('POST', '/billing_groups', Answer(503, {}))] + [
        Call('GET', '/billing_groups', empty) for _look in range(4)] + [
        Call('POST', '/billing_groups', Answer(422, telnyx_error(10015, 'Invalid name'))),
        Call('GET', '/billing_groups', empty)])
    with pytest.raises(TelnyxAPIError, match='Invalid name'):
        resource.apply(plan)
    session.done()


def test_a_refused_create_is_not_looked_up():
    resource, plan, session, _clock = planned_create('billing_group', [
        Call('POST', '/billing_groups', Answer(422, telnyx_error(10015, 'Invalid name')))])
    with pytest.raises(TelnyxAPIError, match='Invalid name'):
        resource.apply(plan)
    assert len(session.seen) == 1


def test_with_no_retries_an_uncertain_create_is_looked_up_once_and_never_resent():
    resource, plan, session, _clock = planned_create('billing_group', [
        Call('POST', '/billing_groups', Answer(503, {})),
        Call('GET', '/billing_groups', Answer(200, page([])))], retries=0)
    with pytest.raises(TelnyxAPIError, match='503'):
        resource.apply(plan)
    session.done()


def test_a_resend_that_is_uncertain_again_is_looked_up_and_then_fails():
    empty = Answer(200, page([]))
    resource, plan, session, _clock = planned_create('billing_group', [
        Call('POST', '/billing_groups', Answer(503, {}))] + [
        Call('GET', '/billing_groups', empty) for _look in range(4)] + [
        Call('POST', '/billing_groups', Answer(503, {}))] + [
        Call('GET', '/billing_groups', empty) for _look in range(4)])
    with pytest.raises(TelnyxAPIError, match='503'):
        resource.apply(plan)
    session.done()
    assert [s[0] for s in session.seen].count('POST') == 2


def test_a_look_up_that_fails_after_a_lost_answer_says_the_create_may_have_happened():
    resource, plan, session, _clock = planned_create('billing_group', [
        Call('POST', '/billing_groups', Answer(raises=timed_out())),
        Call('GET', '/billing_groups', Answer(401, telnyx_error('10009', 'Authentication failed')))])
    with pytest.raises(TelnyxAPIError) as caught:
        resource.apply(plan)
    session.done()
    message = str(caught.value)
    assert caught.value.status == 401 and 'POST /billing_groups' in message and 'may have been created' in message


# twins -------------------------------------------------------------------------------------
def test_billing_group_twin_made_meanwhile_is_warned_about_with_both_ids():
    client, session = scripted_client([
        Call('GET', '/billing_groups', Answer(200, page([]))),
        Call('POST', '/billing_groups', Answer(200, {'data': {'id': GROUP_ID, 'name': 'ops'}}), body={'name': 'ops'}),
        Call('GET', '/billing_groups', Answer(200, page([{'id': OTHER_GROUP_ID, 'name': 'ops'},
                                                         {'id': GROUP_ID, 'name': 'ops'}])))])
    resource = BillingGroup(client)
    desired = resource.declare({'name': 'ops'})
    resource.apply(resource.plan(desired, resource.lookup(desired)))
    session.done()
    assert len(resource.warnings) == 1
    assert GROUP_ID in resource.warnings[0] and OTHER_GROUP_ID in resource.warnings[0]


def test_twin_warnings_for_kinds_the_api_does_not_keep_unique():
    client, session = scripted_client([])
    groups = BillingGroup(client)
    new = {'id': GROUP_ID, 'name': 'ops'}
    listed = [new, {'id': OTHER_GROUP_ID, 'name': 'ops'}, {'id': 'x', 'name': 'noc'}]
    assert groups.twin_warnings([new], [new, {'id': 'x', 'name': 'noc'}]) == []
    assert [OTHER_GROUP_ID in w and GROUP_ID in w for w in groups.twin_warnings([new], listed)] == [True]
    addresses = Address(client)
    place = dict(ADDRESS, customer_reference=None, id='1001', country_code='US')
    twin = dict(place, id='1002')
    assert addresses.twin_warnings([place], [place, dict(twin, postal_code='60602')]) == []
    assert ['1001' in w and '1002' in w for w in addresses.twin_warnings([place], [place, twin])] == [True]
    ips = AccessIP(client)
    assert ips.twin_warnings([IP], [IP, dict(IP, id='ip2')]) == []
    assert session.seen == []


def test_kinds_with_unique_identity_read_nothing_back_after_a_create():
    client, session = scripted_client([
        Call('GET', '/access_ip_address', Answer(200, page([]))),
        Call('POST', '/access_ip_address', Answer(200, IP))])
    resource = AccessIP(client)
    desired = resource.declare({'ip_address': '203.0.113.10'})
    resource.apply(resource.plan(desired, resource.lookup(desired)))
    session.done()
    assert resource.warnings == []


# answers that are not objects ----------------------------------------------------------------
@pytest.mark.parametrize('resource_class,obj_id,answer', [
    (BillingGroup, GROUP_ID, Answer(200, {'data': 'ops'})),
    (BillingGroup, GROUP_ID, Answer(200, {'data': [{'id': GROUP_ID}]})),
    (BillingGroup, GROUP_ID, Answer(200, text='<html><body>Sign in</body></html>',
                                    headers={'Content-Type': 'text/html'})),
    (AccessIP, 'ip1', Answer(200, ['203.0.113.10'])),
    (AccessIP, 'ip1', Answer(200, text='<html>proxy</html>', headers={'Content-Type': 'text/html'})),
    (TelephonyCredential, CRED_ID, Answer(200, {'data': None})),
    (Address, '1001', Answer(200, {'data': {'record_type': 'address'}})),
])
def test_a_by_id_answer_that_is_not_an_object_is_a_clear_api_error(resource_class, obj_id, answer):
    client, session = scripted_client([Call('GET', '%s/%s' % (resource_class.path, obj_id), answer)])
    with pytest.raises(TelnyxAPIError, match='GET %s/%s' % (resource_class.path, obj_id)):
        resource_class(client).get(obj_id)
    session.done()


def test_a_create_or_update_answer_that_is_not_an_object_is_a_clear_api_error():
    client, _session = scripted_client([
        Call('POST', '/billing_groups', Answer(200, {'data': 'created'}))])
    resource = BillingGroup(client)
    with pytest.raises(TelnyxAPIError, match='not a billing group'):
        resource.apply(resource.plan(resource.declare({'name': 'ops'}), None))
    client, _session = scripted_client([
        Call('PATCH', '/billing_groups/%s' % GROUP_ID, Answer(200, ['ops']))])
    resource = BillingGroup(client)
    with pytest.raises(TelnyxAPIError, match='not a billing group'):
        resource.apply(resource.plan(resource.declare({'id': GROUP_ID, 'name': 'noc'}), {'id': GROUP_ID, 'name': 'ops'}))


def test_mint_token_returns_a_jwt_sent_as_text():
    client, session = scripted_client([Call('POST', '/telephony_credentials/%s/token' % CRED_ID,
                                            Answer(201, text=JWT + '\n'))])
    assert TelephonyCredential(client).mint_token(CRED_ID) == JWT
    session.done()
    assert JWT not in client.redact('x %s y' % JWT)


@pytest.mark.parametrize('answer', [
    Answer(200, text='<!DOCTYPE html><html><body>Proxy login</body></html>', headers={'Content-Type': 'text/html'}),
    Answer(200, text='<html>a.b.c</html>'),
    Answer(201, text='not-a-token'),
    Answer(201, text='a.b'),
    Answer(201, text=''),
    Answer(201, {'data': JWT}),
])
def test_mint_token_never_returns_what_is_not_a_jwt(answer):
    client, _session = scripted_client([Call('POST', '/telephony_credentials/%s/token' % CRED_ID, answer)])
    with pytest.raises(TelnyxAPIError, match='token'):
        TelephonyCredential(client).mint_token(CRED_ID)


# a 404 on an item path -----------------------------------------------------------------------
CONFIRM = {'page[size]': '1'}


@pytest.mark.parametrize('resource_class,obj_id,wrap', [
    (BillingGroup, GROUP_ID, enveloped), (AccessIP, 'ip1', bare), (TelephonyCredential, CRED_ID, enveloped)])
def test_a_404_on_an_item_path_is_confirmed_before_it_means_absent(resource_class, obj_id, wrap):
    item = '%s/%s' % (resource_class.path, obj_id)
    client, session = scripted_client([
        Call('GET', item, Answer(404, {})),
        Call('GET', resource_class.path, Answer(200, page([])), query=CONFIRM)])
    assert resource_class(client).get(obj_id) is None
    session.done()
    client, session = scripted_client([
        Call('DELETE', item, Answer(404, text='')),
        Call('GET', resource_class.path, Answer(200, page([])), query=CONFIRM)])
    resource_class(client).delete({'id': obj_id})
    session.done()


@pytest.mark.parametrize('method', ['GET', 'DELETE'])
def test_a_404_from_a_wrong_api_url_fails_saying_so(method):
    item = '/billing_groups/%s' % GROUP_ID
    client, session = scripted_client([
        Call(method, item, Answer(404, text='Not Found')),
        Call('GET', '/billing_groups', Answer(404, text='Not Found'), query=CONFIRM)])
    resource = BillingGroup(client)
    with pytest.raises(TelnyxConfigError, match='api_url'):
        if method == 'GET':
            resource.get(GROUP_ID)
        else:
            resource.delete({'id': GROUP_ID})
    session.done()


def test_a_404_on_a_kind_without_get_is_confirmed_on_delete():
    client, session = scripted_client([
        Call('DELETE', '/integration_secrets/s1', Answer(404, {})),
        Call('GET', '/integration_secrets', Answer(200, page([])), query=CONFIRM)])
    IntegrationSecret(client).delete({'id': 's1'})
    session.done()


# the only identity empty ---------------------------------------------------------------------
@pytest.mark.parametrize('resource_class,params', [
    (BillingGroup, {'name': ''}),
    (TelephonyCredential, {'name': '', 'connection_id': '123'}),
    (IntegrationSecret, {'identifier': '', 'type': 'bearer', 'token': 'tok-123456'}),
    (AuthenticationProvider, {'short_name': '', 'name': 'Okta', 'settings': SETTINGS}),
    (AccessIP, {'ip_address': ''}),
    (AccessIPRange, {'cidr_block': ''}),
    (Address, {'customer_reference': ''}),
])
@pytest.mark.parametrize('state', ['present', 'absent'])
def test_an_empty_string_as_the_only_identity_is_refused_before_any_request(resource_class, params, state):
    client, session = scripted_client([])
    with pytest.raises(TelnyxInputError, match='empty|not a valid|prefix'):
        resource_class(client).declare(params, state)
    assert session.seen == []


# ids stay in their own path ------------------------------------------------------------------
FORBIDDEN_IDS = ['', '../telephony_credentials/%s' % CRED_ID, 'a/b', '..', '.', 'a?b', 'a#b', 'a b', ' a', 'a\n',
                 'a%2Fb', 'a\\b', '\u00e9']
ALL_KINDS = [AccessIP, AccessIPRange, Address, AuthenticationProvider, BillingGroup, IntegrationSecret,
             TelephonyCredential]


@pytest.mark.parametrize('bad', FORBIDDEN_IDS)
@pytest.mark.parametrize('resource_class', ALL_KINDS)
def test_an_id_that_cannot_be_one_is_refused_before_any_request(resource_class, bad):
    client, session = scripted_client([])
    resource = resource_class(client)
    with pytest.raises(TelnyxInputError, match='id'):
        resource.declare({'id': bad}, 'absent')
    with pytest.raises(TelnyxInputError, match='id'):
        resource.get(bad)  # the info modules' id
    assert session.seen == []


@pytest.mark.parametrize('resource_class,bad', [
    (BillingGroup, 'g1'), (BillingGroup, GROUP_ID + 'x'), (AuthenticationProvider, 'okta'),
    (Address, 'abc'), (Address, '-1'), (AccessIP, GROUP_ID + '.'), (TelephonyCredential, 'c:1')])
def test_an_id_of_the_wrong_form_for_its_kind_is_refused(resource_class, bad):
    client, session = scripted_client([])
    with pytest.raises(TelnyxInputError, match='cannot be'):
        resource_class(client).declare({'id': bad}, 'absent')
    assert session.seen == []


@pytest.mark.parametrize('resource_class,good', [
    (BillingGroup, GROUP_ID), (BillingGroup, GROUP_ID.upper()), (AuthenticationProvider, PROVIDER_ID),
    (Address, '1293384261075731499'), (AccessIP, 'ip_1-a'), (TelephonyCredential, CRED_ID),
    (IntegrationSecret, 's1'), (AccessIPRange, 'r1')])
def test_ids_of_the_right_form_are_taken(resource_class, good):
    client, _session = scripted_client([])
    assert resource_class(client).declare({'id': good}, 'absent')['id'] == good


@pytest.mark.parametrize('bad', FORBIDDEN_IDS + ['abc'])
def test_action_ids_are_checked_before_any_request(bad):
    client, session = scripted_client([])
    with pytest.raises(TelnyxInputError, match='id'):
        Address(client).accept_suggestions(bad)
    with pytest.raises(TelnyxInputError, match='id'):
        TelephonyCredential(client).mint_token(bad if bad != 'abc' else 'a:b')
    assert session.seen == []


def test_ids_read_back_are_percent_encoded_in_every_path():
    client, session = scripted_client([
        Call('DELETE', '/access_ip_address/ip%3A1%2F..', Answer(200, IP))])
    AccessIP(client).delete({'id': 'ip:1/..'})
    session.done()
    for bad in ('', '.', '..'):
        with pytest.raises(TelnyxError):
            AccessIP(client).item_path(bad)


# replace order -------------------------------------------------------------------------------
@pytest.mark.parametrize('resource_class,current,params', [
    (AccessIP, IP, {'ip_address': '203.0.113.10', 'description': 'lab'}),
    (AccessIPRange, {'id': 'r1', 'cidr_block': '10.0.0.0/8', 'description': 'a'}, {'cidr_block': '10.0.0.0/8',
                                                                                   'description': 'b'}),
])
def test_a_delete_first_replace_whose_create_fails_carries_the_delete(resource_class, current, params):
    client, session = scripted_client([
        Call('DELETE', '%s/%s' % (resource_class.path, current['id']), Answer(200, current)),
        Call('POST', resource_class.path, Answer(422, telnyx_error('10015', 'Invalid', pointer='/description')))])
    resource = resource_class(client)
    plan = resource.plan(resource.declare(dict(params, replace=True)), current)
    with pytest.raises(TelnyxAPIError) as caught:
        resource.apply(plan)
    session.done()
    assert caught.value.status == 422 and caught.value.fields == ['description']
    assert caught.value.applied == {'deleted': [current]}
    assert 'deleted' in str(caught.value).lower() and current['id'] in str(caught.value)


def test_a_secret_rotation_whose_create_fails_carries_the_delete_and_no_secret():
    client, session = scripted_client([
        Call('DELETE', '/integration_secrets/s1', Answer(204)),
        Call('POST', '/integration_secrets', Answer(500, telnyx_error('10001', 'Internal'))),
        Call('GET', '/integration_secrets', Answer(200, page([])))], retries=0)
    resource = timed(IntegrationSecret(client), Clock())
    desired = resource.declare({'identifier': 'crm', 'type': 'bearer', 'token': 'tok-123456',
                                'update_secret': 'always'})
    with pytest.raises(TelnyxAPIError) as caught:
        resource.apply(resource.plan(desired, dict(SECRET, type='bearer')))
    session.done()
    assert caught.value.applied == {'deleted': [dict(SECRET, type='bearer')]}
    assert 'Deleted the old integration secret (id s1)' in str(caught.value)
    assert 'tok-123456' not in str(caught.value) + repr(caught.value.applied)


def test_a_create_first_replace_whose_delete_fails_carries_the_create():
    remote = dict(ADDRESS, id='1001', country_code='US', postal_code='60602')
    client, session = scripted_client([
        Call('POST', '/addresses', Answer(200, {'data': dict(ADDRESS, id='1002')})),
        Call('DELETE', '/addresses/1001', Answer(422, telnyx_error('10015', 'Address in use')))])
    resource = Address(client)
    with pytest.raises(TelnyxAPIError) as caught:
        resource.apply(resource.plan(resource.declare(dict(ADDRESS, replace=True)), remote))
    session.done()
    assert caught.value.applied['created'][0]['id'] == '1002'


# values a create or update sends -----------------------------------------------------------
@pytest.mark.parametrize('resource_class,params,match', [
    (AuthenticationProvider, {'name': 'Okta', 'short_name': 'my org', 'settings': SETTINGS}, 'URL-friendly'),
    (AuthenticationProvider, {'name': 'Okta', 'short_name': 'my/org', 'settings': SETTINGS}, 'URL-friendly'),
    (AuthenticationProvider, {'name': 'Okta', 'short_name': 'o', 'settings_url': 'ftp://idp/meta'}, 'settings_url'),
    (AuthenticationProvider, {'name': 'Okta', 'short_name': 'o',
                              'settings': dict(SETTINGS, idp_sso_target_url='idp.example.com')}, 'idp_sso_target_url'),
    (TelephonyCredential, {'name': 'desk', 'connection_id': '1', 'expires_at': 'tomorrow'}, 'ISO 8601'),
    (TelephonyCredential, {'name': 'desk', 'connection_id': '1', 'expires_at': '2026-13-01T00:00:00Z'}, 'ISO 8601'),
    (Address, dict(ADDRESS, phone_number='555-1234'), 'E.164'),
    (Address, dict(ADDRESS, phone_number='+1 212 555 9000 ext 2'), 'E.164'),
])
def test_values_a_create_sends_are_checked_before_any_write(resource_class, params, match):
    client, session = scripted_client([])
    resource = resource_class(client)
    with pytest.raises(TelnyxInputError, match=match):
        resource.plan(resource.declare(params), None)
    assert session.seen == []


def test_values_an_update_sends_are_checked_and_values_read_back_are_not():
    client, _session = scripted_client([])
    credentials = TelephonyCredential(client)
    current = dict(CREDENTIAL, expires_at='next week')
    assert credentials.plan(credentials.declare({'name': 'desk'}), current).action == 'none'
    with pytest.raises(TelnyxInputError, match='ISO 8601'):
        credentials.plan(credentials.declare({'name': 'desk', 'expires_at': 'soon'}), current)
    providers = AuthenticationProvider(client)
    odd = dict(PROVIDER, short_name='My Org', settings=dict(SETTINGS, idp_entity_id='urn:example:idp'))
    exported = providers.export(odd)
    assert providers.plan(providers.declare(exported), odd).action == 'none'
    with pytest.raises(TelnyxInputError, match='URL-friendly'):
        providers.plan(providers.declare({'id': PROVIDER_ID, 'short_name': 'my org'}), dict(PROVIDER, id=PROVIDER_ID))
    good = '2042-06-18T21:32:38Z'
    assert credentials.plan(credentials.declare({'name': 'desk', 'connection_id': '1', 'expires_at': good}),
                            None).body['expires_at'] == good


@pytest.mark.parametrize('bad', ['fe80::1%eth0', 'fe80::1%1'])
def test_a_scoped_ipv6_address_is_refused(bad):
    client, session = scripted_client([])
    with pytest.raises(TelnyxInputError, match='scope|zone'):
        AccessIP(client).declare({'ip_address': bad})
    with pytest.raises(TelnyxInputError, match='scope|zone|valid'):
        AccessIPRange(client).declare({'cidr_block': bad + '/64'})
    assert session.seen == []


@pytest.mark.parametrize('ip,cidr,ipv4', [
    ('::ffff:203.0.113.10', '::ffff:203.0.113.0/120', '203.0.113.10'),
    ('::FFFF:CB00:710A', '::ffff:cb00:7100/120', '203.0.113.10'),
    ('0:0:0:0:0:ffff:203.0.113.10', '::ffff:0:0/96', '203.0.113.10'),
])
def test_an_ipv4_mapped_ipv6_address_or_range_is_refused_naming_the_ipv4_form(ip, cidr, ipv4):
    # A client with an IPv4 address reaches the API over IPv4: an IPv4-mapped entry would never match it.
    client, session = scripted_client([])
    with pytest.raises(TelnyxInputError, match='IPv4-mapped') as err:
        AccessIP(client).declare({'ip_address': ip})
    assert ipv4 in str(err.value)
    with pytest.raises(TelnyxInputError, match='IPv4-mapped'):
        AccessIPRange(client).declare({'cidr_block': cidr})
    assert session.seen == []


def test_ipv6_addresses_and_ranges_outside_the_mapped_block_are_taken():
    client, _session = scripted_client([])
    assert AccessIP(client).declare({'ip_address': '2001:DB8::10'})['ip_address'] == '2001:db8::10'
    assert AccessIP(client).declare({'ip_address': '::ffff:0:1:2'})['ip_address'] == '::ffff:0:1:2'
    assert AccessIPRange(client).declare({'cidr_block': '2001:db8::/48'})['cidr_block'] == '2001:db8::/48'
    # A remote entry in the mapped block is still compared (normalised leniently), never refused.
    assert AccessIP(client).normalize_remote('ip_address', '::ffff:203.0.113.10') == '::ffff:203.0.113.10'


def test_sso_with_only_settings_url_sends_empty_settings_beside_it():
    client, _session = scripted_client([])
    resource = AuthenticationProvider(client)
    plan = resource.plan(resource.declare({'name': 'Okta', 'short_name': 'myorg',
                                           'settings_url': 'https://idp.example.com/meta'}), None)
    assert plan.body == {'name': 'Okta', 'short_name': 'myorg', 'settings_url': 'https://idp.example.com/meta',
                         'settings': {}}


# fields accepted but never returned ------------------------------------------------------------
TAGGED = {'filter[name]': 'desk', 'filter[tag]': 'b', 'page[number]': 1, 'page[size]': 250}
BY_NAME = {'filter[name]': 'desk', 'page[number]': 1, 'page[size]': 250}
UNTAGGED = dict((k, v) for k, v in CREDENTIAL.items() if k != 'tag')


def test_credential_tag_unchanged_is_found_through_the_tag_filter_and_not_patched():
    plan, result, session = converge(TelephonyCredential, [
        Call('GET', '/telephony_credentials', Answer(200, page([UNTAGGED])), query=TAGGED)],
        {'name': 'desk', 'connection_id': '123', 'tag': 'b'})
    assert plan.action == 'none' and not session.writes


def test_credential_tag_changed_is_patched_once():
    plan, result, session = converge(TelephonyCredential, [
        Call('GET', '/telephony_credentials', Answer(200, page([])), query=TAGGED),
        Call('GET', '/telephony_credentials', Answer(200, page([UNTAGGED])), query=BY_NAME),
        Call('PATCH', '/telephony_credentials/c1', Answer(200, {'data': UNTAGGED}), body={'tag': 'b'})],
        {'name': 'desk', 'connection_id': '123', 'tag': 'b'})
    assert plan.action == 'update' and list(plan.changes) == ['tag']
    assert result['tag'] == 'b'  # taken by the API, not returned: shown as sent


def test_credential_created_with_a_tag_shows_it_as_sent():
    plan, result, _session = converge(TelephonyCredential, [
        Call('GET', '/telephony_credentials', Answer(200, page([])), query=TAGGED),
        Call('GET', '/telephony_credentials', Answer(200, page([])), query=BY_NAME),
        Call('POST', '/telephony_credentials', Answer(201, {'data': UNTAGGED}),
             body={'name': 'desk', 'connection_id': '123', 'tag': 'b'}),
        Call('GET', '/telephony_credentials', Answer(200, page([UNTAGGED])), query=BY_NAME)],
        {'name': 'desk', 'connection_id': '123', 'tag': 'b'})
    assert plan.action == 'create' and result['tag'] == 'b'


def test_credential_tag_by_id_is_compared_through_the_tag_filter():
    item = dict(UNTAGGED, id=CRED_ID)
    plan, _result, session = converge(TelephonyCredential, [
        Call('GET', '/telephony_credentials/%s' % CRED_ID, Answer(200, {'data': item})),
        Call('GET', '/telephony_credentials', Answer(200, page([item])),
             query={'filter[tag]': 'b', 'page[number]': 1, 'page[size]': 250})],
        {'id': CRED_ID, 'tag': 'b'})
    assert plan.action == 'none' and not session.writes


def test_credential_without_tag_reads_once():
    plan, _result, session = converge(TelephonyCredential, [
        Call('GET', '/telephony_credentials', Answer(200, page([UNTAGGED])), query=BY_NAME)],
        {'name': 'desk', 'connection_id': '123'})
    assert plan.action == 'none' and len(session.seen) == 1


def test_expired_credential_update_keeps_the_api_reason():
    client, session = scripted_client([
        Call('PATCH', '/telephony_credentials/%s' % CRED_ID,
             Answer(422, {'errors': {'status': "can't update credentials in expired status"}}))])
    resource = TelephonyCredential(client)
    current = dict(UNTAGGED, id=CRED_ID)
    with pytest.raises(TelnyxAPIError, match='expired status'):
        resource.apply(resource.plan(resource.declare({'id': CRED_ID, 'name': 'front'}), current))
    session.done()


# export re-applies as a no-op --------------------------------------------------------------------
def test_a_nameless_billing_group_exports_with_its_id_and_reapplies_as_a_noop():
    nameless = {'id': GROUP_ID, 'name': None, 'record_type': 'billing_group'}
    client, session = scripted_client([Call('GET', '/billing_groups/%s' % GROUP_ID, Answer(200, {'data': nameless}))])
    resource = BillingGroup(client)
    exported = resource.export(nameless)
    assert exported == {'id': GROUP_ID}
    desired = resource.declare(exported)
    assert resource.plan(desired, resource.lookup(desired)).action == 'none'
    session.done()


def test_objects_sharing_an_identity_export_with_their_ids():
    client, _session = scripted_client([])
    resource = BillingGroup(client)
    nameless = '7d7c3c5e-0000-4000-8000-000000000000'
    listed = [{'id': OTHER_GROUP_ID, 'name': 'ops'}, {'id': GROUP_ID, 'name': 'ops'},
              {'id': '1d7c3c5e-0000-4000-8000-000000000000', 'name': 'noc'}, {'id': nameless, 'name': ''}]
    exported = resource.export_list(listed)
    assert exported == [{'id': nameless}, {'name': 'noc'}, {'id': OTHER_GROUP_ID, 'name': 'ops'},
                        {'id': GROUP_ID, 'name': 'ops'}]
    for item, obj in zip(exported, [listed[3], listed[2], listed[0], listed[1]]):
        assert resource.plan(resource.declare(item), obj).action == 'none'


# call options: what steers one call, carried in the declared object, never sent, compared or shown ----------
CALL_OPTION_KINDS = ALL_KINDS + [ManagedAccount]


def other_value(kind, name):
    """A valid value of the call option ``name`` of ``kind`` other than its default."""
    spec = kind.options[name]
    if spec.get('type') == 'bool':
        return not kind.call_options[name]
    return next(choice for choice in spec['choices'] if choice != kind.call_options[name])


@pytest.mark.parametrize('kind,expected', [
    (AccessIP, {'replace': False}), (AccessIPRange, {'replace': False}), (Address, {'replace': False}),
    (AuthenticationProvider, {}), (BillingGroup, {}),
    (IntegrationSecret, {'update_secret': 'on_create', 'replace': False}),
    (TelephonyCredential, {'return_sip_password': False}),
    (ManagedAccount, {'reenable_all_connections': False}),
], ids=lambda v: v.__name__ if isinstance(v, type) else '')
def test_each_kind_declares_its_call_options_and_the_declaration_carries_their_defaults(kind, expected):
    client, session = scripted_client([])
    resource = kind(client)
    assert kind.call_options == expected
    assert resource.normalize({}) == expected
    given = dict((name, other_value(kind, name)) for name in expected)
    assert resource.normalize(given) == given
    assert session.seen == []


@pytest.mark.parametrize('kind,params,match', [
    (AccessIP, {'ip_address': '203.0.113.10', 'replace': 'yes'}, 'replace must be true or false'),
    (Address, dict(ADDRESS, replace=1), 'replace must be true or false'),
    (IntegrationSecret, {'identifier': 'crm', 'type': 'bearer', 'update_secret': 'sometimes'},
     "update_secret must be one of on_create, always, not 'sometimes'"),
    (TelephonyCredential, {'name': 'desk', 'return_sip_password': 'true'}, 'return_sip_password must be true or false'),
    (ManagedAccount, {'email': 'larry@customer.org', 'reenable_all_connections': 'no'},
     'reenable_all_connections must be true or false'),
])
def test_a_call_option_that_cannot_be_valid_is_refused_before_any_request(kind, params, match):
    client, session = scripted_client([])
    with pytest.raises(TelnyxInputError, match=match):
        kind(client).declare(params, 'enabled' if kind is ManagedAccount else 'present')
    assert session.seen == []


@pytest.mark.parametrize('kind', CALL_OPTION_KINDS, ids=lambda k: k.__name__)
def test_call_options_are_never_identity_never_sent_and_never_shown(kind):
    resource = kind(scripted_client([])[0])
    defaults = dict(kind.call_options)
    flipped = dict((name, other_value(kind, name)) for name in kind.call_options)
    plan_class = ManagedAccountPlan if kind is ManagedAccount else Plan
    current = {'id': 'x1', kind.identity[0]: 'v'}
    for fields in ({}, {'id': 'x1'}, {kind.identity[0]: 'v'}):
        keys = set(resource.identity_key(dict(fields, **options)) for options in ({}, defaults, flipped))
        assert len(keys) == 1, keys
        names = set(resource.describe(dict(fields, **options)) for options in ({}, defaults, flipped))
        assert len(names) == 1, names
        for options in (defaults, flipped):
            desired = dict(fields, **options)
            assert resource.create_body(desired) == resource.create_body(fields)
            assert not set(kind.call_options) & set(resource.predict(plan_class('create', desired=desired)))
            merged = resource.replacement(desired, current)
            assert resource.create_body(merged) == resource.create_body(resource.replacement(fields, current))
            assert not set(kind.call_options) & set(resource.predict(plan_class('replace', current=current,
                                                                                desired=merged)))
            assert resource.update_body(desired, current, resource.changes(desired, current)) == \
                resource.update_body(fields, current, resource.changes(fields, current))
            assert resource.changes(desired, current) == resource.changes(fields, current)


def test_replace_given_in_the_declaration_plans_a_replace_and_only_fields_are_sent():
    plan, result, _session = converge(IntegrationSecret, [
        Call('GET', '/integration_secrets', Answer(200, page([])), query={
            'filter[type]': 'basic', 'page[number]': 1, 'page[size]': 250}),
        Call('GET', '/integration_secrets', Answer(200, page([SECRET]))),
        Call('DELETE', '/integration_secrets/s1', Answer(204)),
        Call('POST', '/integration_secrets', Answer(201, {'data': dict(SECRET, id='s2')}),
             body={'identifier': 'crm', 'type': 'basic', 'username': 'u', 'password': 'pw-123'})],
        {'identifier': 'crm', 'type': 'basic', 'username': 'u', 'password': 'pw-123', 'replace': True,
         'update_secret': 'on_create'})
    assert plan.action == 'replace' and result['id'] == 's2'
    assert plan.body == {'identifier': 'crm', 'type': 'basic', 'username': 'u', 'password': 'pw-123'}


def test_a_replace_in_check_mode_predicts_the_fields_only():
    plan, result, session = converge(AccessIP, [
        Call('GET', '/access_ip_address', Answer(200, page([IP])), query=IP_QUERY)],
        {'ip_address': '203.0.113.10', 'description': 'lab', 'replace': True}, check_mode=True)
    assert plan.action == 'replace' and not session.writes
    assert result == {'ip_address': '203.0.113.10', 'description': 'lab'}
    assert AccessIP(None).diff_view(result) == result


def test_the_sip_password_is_shown_only_for_the_call_that_asks_for_it():
    created = dict(CREDENTIAL, id='c2', tag=None)
    client, session = scripted_client([
        Call('GET', '/telephony_credentials', Answer(200, page([])),
             query={'filter[name]': 'desk', 'page[number]': 1, 'page[size]': 250}),
        Call('POST', '/telephony_credentials', Answer(200, {'data': created}),
             body={'connection_id': '123', 'name': 'desk'}),
        Call('GET', '/telephony_credentials', Answer(200, page([created])))])  # names are not unique: twins
    resource = TelephonyCredential(client)
    asked = resource.declare({'name': 'desk', 'connection_id': '123', 'return_sip_password': True})
    plan = resource.plan(asked, resource.lookup(asked))
    result = resource.apply(plan)
    session.done()
    assert plan.action == 'create' and plan.body == {'connection_id': '123', 'name': 'desk'}
    assert resource.public(result, asked)['sip_password'] == 'sip-secret'
    assert 'return_sip_password' not in resource.public(result, asked)
    # The same resource, another call that does not ask for it: hidden again.
    assert 'sip_password' not in resource.public(result, resource.declare({'name': 'desk'}))
    assert 'sip_password' not in resource.public(result)
    assert 'sip_password' not in resource.diff_view(result)


# the resource contract, declared once -------------------------------------------------------------
def assert_call_options_contract(kind):
    """Every call option is an option of the kind with that default, no field and no secret; every option of the
    kind is the id, a field or a call option."""
    sent = set(kind.fields) | set(kind.create_only_fields) | set(kind.secret_fields)
    for name, default in kind.call_options.items():
        assert name in kind.options, name
        assert 'default' in kind.options[name] and kind.options[name]['default'] == default, name
        assert name not in sent and name not in ('id', 'state'), name
        assert not kind.options[name].get('no_log'), name
    assert set(kind.options) == set(['id']) | sent | set(kind.call_options), set(kind.options) ^ (
        set(['id']) | sent | set(kind.call_options))


def test_the_managed_account_kind_keeps_the_call_options_contract():
    assert_call_options_contract(ManagedAccount)


@pytest.mark.parametrize('kind', ALL_KINDS, ids=lambda k: k.__name__)
def test_every_kind_keeps_the_resource_contract(kind):
    sent = set(kind.fields) | set(kind.create_only_fields) | set(kind.secret_fields)
    assert kind.identity and set(kind.identity) <= set(kind.fields)
    assert set(kind.update_fields) <= set(kind.fields)
    assert set(kind.create_required) <= sent
    assert set(kind.normalizers) <= set(kind.fields) | set(kind.create_only_fields)
    assert set(kind.send_checks) <= sent
    assert kind.id_format in ID_FORMS
    assert kind.export_fields is None or set(kind.export_fields) <= set(kind.fields) | set(kind.create_only_fields)
    # Every field has an option; secret fields, and only they among the fields, are no_log.
    assert 'id' in kind.options and sent <= set(kind.options)
    for name in sent:
        assert bool(kind.options[name].get('no_log')) == (name in kind.secret_fields), name
    # The info module: an id, the identity to match, and an option for every list filter.
    assert 'id' in kind.info_options and kind.identity[0] in kind.info_options
    assert set(kind.info_filters) <= set(kind.info_options)
    assert not any(spec.get('no_log') for spec in kind.info_options.values())
    # A kind that can hold two objects with one identity is one whose identity the API does not keep unique.
    assert not kind.coexists_with_replacement or not kind.unique_identity
    client, _session = scripted_client([])
    assert kind(client).can_update == bool(kind.update_fields)
    # Call options (replace, update_secret, ...) steer one call: options with a default, never fields.
    assert_call_options_contract(kind)


def test_every_info_module_takes_its_options_from_its_kind():
    modules = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'plugins', 'modules')
    for kind in ALL_KINDS:
        name = {'AccessIP': 'access_ip', 'AccessIPRange': 'access_ip_range', 'Address': 'address',
                'AuthenticationProvider': 'authentication_provider', 'BillingGroup': 'billing_group',
                'IntegrationSecret': 'integration_secret', 'TelephonyCredential': 'telephony_credential'}[kind.__name__]
        path = os.path.join(modules, 'telnyx_%s_info.py' % name)
        with open(path) as handle:
            tree = ast.parse(handle.read())
        doc = next(n.value.value for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == 'DOCUMENTATION')
        documented = set(yaml.safe_load(doc)['options'])
        assert documented == set(kind.info_options), (name, documented ^ set(kind.info_options))
