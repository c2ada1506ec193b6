# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource base and each kind, with the HTTP exchange scripted call by call."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.telnyx.account.plugins.module_utils.resource import (
    TelnyxInputError, TelnyxStateError,
)
from ansible_collections.telnyx.account.plugins.module_utils.resources import (
    AccessIP, AccessIPRange, Address, AuthenticationProvider, BillingGroup, IntegrationSecret, TelephonyCredential,
)
from ansible_collections.telnyx.account.tests.unit.helpers import Answer, Call, page, scripted_client, telnyx_error

IP = {'id': 'ip1', 'ip_address': '203.0.113.10', 'description': 'office', 'source': 'api', 'status': 'added'}
IP_QUERY = {'filter[ip_address]': '203.0.113.10', 'page[number]': 1, 'page[size]': 250}


def converge(resource_class, calls, params, state='present', replace=False, check_mode=False, **kwargs):
    client, session = scripted_client(calls)
    resource = resource_class(client, check_mode=check_mode, **kwargs)
    desired = resource.normalize(params)
    if state == 'present':
        resource.check_present(desired)
    current = resource.lookup(desired)
    plan = resource.plan(desired, current, state=state, replace=replace)
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
        {'ip_address': '203.0.113.10', 'description': 'lab'}, replace=True)
    assert plan.action == 'replace' and result['id'] == 'ip2'


def test_replace_whose_create_fails_says_the_old_one_is_gone():
    with pytest.raises(TelnyxStateError, match='Deleted the old access IP .id ip1.*Re-run'):
        converge(AccessIP, [
            Call('GET', '/access_ip_address', Answer(200, page([IP]))),
            Call('DELETE', '/access_ip_address/ip1', Answer(200, IP)),
            Call('POST', '/access_ip_address', Answer(422, telnyx_error('10015', 'Invalid')))],
            {'ip_address': '203.0.113.10', 'description': 'lab'}, replace=True)


def test_a_create_that_committed_then_failed_is_found_not_resent():
    plan, result, session = converge(AccessIP, [
        Call('GET', '/access_ip_address', Answer(200, page([]))),
        Call('POST', '/access_ip_address', Answer(500, telnyx_error('10001', 'Internal'))),
        Call('GET', '/access_ip_address', Answer(200, page([IP])), query=IP_QUERY)],
        {'ip_address': '203.0.113.10'})
    assert result['id'] == 'ip1'
    assert len([w for w in session.writes if w[0] == 'POST']) == 1


def test_a_create_that_did_not_commit_is_sent_again_after_looking():
    plan, result, session = converge(AccessIP, [
        Call('GET', '/access_ip_address', Answer(200, page([]))),
        Call('POST', '/access_ip_address', Answer(503, {})),
        Call('GET', '/access_ip_address', Answer(200, page([]))),
        Call('POST', '/access_ip_address', Answer(200, IP))],
        {'ip_address': '203.0.113.10'})
    assert result['id'] == 'ip1'


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
    with pytest.raises(TelnyxStateError, match='does not exist'):
        converge(AccessIP, [Call('GET', '/access_ip_address/nope', Answer(404, telnyx_error('10005', 'Not found')))],
                 {'id': 'nope'})
    plan, _result, _session = converge(AccessIP, [
        Call('GET', '/access_ip_address/nope', Answer(404, {}))], {'id': 'nope'}, state='absent')
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
    group = {'id': 'g1', 'name': 'ops', 'record_type': 'billing_group'}
    plan, result, _s = converge(BillingGroup, [
        Call('GET', '/billing_groups/g1', Answer(200, {'data': group})),
        Call('PATCH', '/billing_groups/g1', Answer(200, {'data': dict(group, name='noc')}), body={'name': 'noc'})],
        {'id': 'g1', 'name': 'noc'})
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
        Call('DELETE', '/addresses/1001', Answer(200, {'data': remote}))], ADDRESS, replace=True)
    assert plan.action == 'replace' and result['id'] == '1002'
    assert session.seen[1][3]['postal_code'] == '60601' and session.seen[1][3]['country_code'] == 'US'


def test_address_replace_whose_delete_fails_returns_both_ids():
    remote = dict(ADDRESS, id='1001', country_code='US', postal_code='60602')
    with pytest.raises(TelnyxStateError, match=r'Created the new address \(id 1002\).*old one \(id 1001\)'):
        converge(Address, [
            Call('GET', '/addresses', Answer(200, page([remote]))),
            Call('POST', '/addresses', Answer(200, {'data': dict(ADDRESS, id='1002')})),
            Call('DELETE', '/addresses/1001', Answer(422, telnyx_error('10015', 'Address in use')))],
            ADDRESS, replace=True)


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
    ({'settings': dict(SETTINGS, idp_entity_id='not a url')}, 'idp_entity_id must be an http'),
    ({'settings': dict(SETTINGS, idp_cert_fingerprint_algorithm='md5')}, 'sha1, sha256, sha384, sha512'),
    ({'settings': SETTINGS, 'settings_url': 'https://idp/meta'}, 'mutually exclusive'),
])
def test_provider_input_errors(params, match):
    client, _s = scripted_client([])
    with pytest.raises(TelnyxInputError, match=match):
        AuthenticationProvider(client).normalize(dict(params, short_name='x'))


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
        Call('GET', '/telephony_credentials', Answer(200, page([CREDENTIAL])),
             query={'filter[name]': 'desk', 'page[number]': 1, 'page[size]': 250}),
        Call('PATCH', '/telephony_credentials/c1', Answer(200, {'data': dict(CREDENTIAL, tag='b')}), body={'tag': 'b'})],
        {'name': 'desk', 'connection_id': '123', 'tag': 'b'})
    assert plan.action == 'update'
    client = scripted_client([])[0]
    assert 'sip_password' not in TelephonyCredential(client).public(result)
    assert TelephonyCredential(client, return_sip_password=True).public(result)['sip_password'] == 'sip-secret'
