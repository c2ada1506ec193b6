# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The other single-object modules through main(): create, no change, absent, check mode, secrets kept out."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import json

import pytest

from ansible_collections.telnyx.account.plugins.modules import (
    telnyx_address, telnyx_authentication_provider, telnyx_billing_group, telnyx_integration_secret,
    telnyx_telephony_credential,
)
from ansible_collections.telnyx.account.plugins.module_utils.kinds import TelephonyCredential
from ansible_collections.telnyx.account.plugins.module_utils.module import converge_one
from ansible_collections.telnyx.account.tests.unit.helpers import Answer, Call, page, scripted_client
from ansible_collections.telnyx.account.tests.unit.module_runner import run_module

G1, G2 = ('f5586561-8ff0-4291-a0ac-84fe5447970%d' % n for n in (1, 2))
P1 = 'a1b2c3d4-0000-4291-a0ac-84fe544797bd'
ADDRESS = dict(first_name='Ada', last_name='Lovelace', business_name='Example', street_address='1 Main St',
               locality='Boston', country_code='US', postal_code='02134', customer_reference='hq')
SETTINGS = {'idp_entity_id': 'https://idp.example/e', 'idp_sso_target_url': 'https://idp.example/sso',
            'idp_cert_fingerprint': 'AA:BB'}
TOKEN = 'tok-secret-0123456789'


def listing(path, items, **query):
    query.update({'page[number]': 1, 'page[size]': 250})
    return Call('GET', path, Answer(200, page(items)), query=query)


# ---------------------------------------------------------------------------- billing groups
def test_billing_group_create_reads_back_once_and_warns_of_a_twin():
    result = run_module(telnyx_billing_group, {'name': 'ops'}, [
        listing('/billing_groups', []),
        Call('POST', '/billing_groups', Answer(200, {'data': {'id': G1, 'name': 'ops'}}), body={'name': 'ops'}),
        listing('/billing_groups', [{'id': G1, 'name': 'ops'}, {'id': G2, 'name': 'ops'}]),
    ])
    assert result['changed'] is True
    assert result['billing_group'] == {'id': G1, 'name': 'ops'}
    assert any(G1 in w and G2 in w for w in result['warnings']), result


def test_billing_group_rename_by_id_patches_and_diffs():
    result = run_module(telnyx_billing_group, {'id': G1, 'name': 'noc'}, [
        Call('GET', '/billing_groups/' + G1, Answer(200, {'data': {'id': G1, 'name': 'ops'}})),
        Call('PATCH', '/billing_groups/' + G1, Answer(200, {'data': {'id': G1, 'name': 'noc'}}), body={'name': 'noc'}),
    ], diff=True)
    assert result['changed'] is True
    assert result['diff'] == {'before': {'id': G1, 'name': 'ops'}, 'after': {'id': G1, 'name': 'noc'}}


def test_billing_group_absent_by_a_name_that_two_groups_share_fails_listing_both():
    result = run_module(telnyx_billing_group, {'name': 'ops', 'state': 'absent'}, [
        listing('/billing_groups', [{'id': G1, 'name': 'ops'}, {'id': G2, 'name': 'ops'}])])
    assert result['failed'] is True
    assert G1 in result['msg'] and G2 in result['msg']


# ---------------------------------------------------------------------------- addresses
def test_address_as_declared_is_not_changed_and_absent_deletes_it():
    existing = dict(ADDRESS, id='1293384261075731499', created_at='t')
    find = listing('/addresses', [existing], **{'filter[customer_reference][eq]': 'hq'})
    result = run_module(telnyx_address, dict(ADDRESS), [find])
    assert result['changed'] is False and result['address']['id'] == existing['id']
    result = run_module(telnyx_address, {'customer_reference': 'hq', 'state': 'absent'}, [
        find, Call('DELETE', '/addresses/' + existing['id'], Answer(200, {'data': existing}))], diff=True)
    assert result['changed'] is True
    assert result['address'] == existing
    assert result['diff']['after'] == {}


def test_address_create_needs_the_required_fields_before_any_request():
    result = run_module(telnyx_address, {'customer_reference': 'hq', 'street_address': '1 Main St'}, [])
    assert result['failed'] is True and 'first_name' in result['msg']


# ---------------------------------------------------------------------------- SSO providers
def test_provider_create_in_check_mode_writes_nothing():
    result = run_module(telnyx_authentication_provider, {'name': 'Okta', 'short_name': 'okta', 'settings': SETTINGS}, [
        listing('/authentication_providers', [])], check_mode=True, diff=True)
    assert result['changed'] is True
    assert result['diff']['before'] == {}
    assert result['diff']['after']['settings'] == SETTINGS


def test_provider_settings_update_sends_only_what_changed_on_top_of_the_current_block():
    current = {'id': P1, 'name': 'Okta', 'short_name': 'okta', 'active': True,
               'settings': dict(SETTINGS, service_provider_login_url='https://sp')}
    result = run_module(telnyx_authentication_provider, {'short_name': 'okta', 'settings': {
        'idp_cert_fingerprint': 'CC:DD'}}, [
        listing('/authentication_providers', [current]),
        Call('PATCH', '/authentication_providers/' + P1, Answer(200, {'data': dict(current, settings=dict(
            current['settings'], idp_cert_fingerprint='CC:DD'))}), body={'settings': dict(
                SETTINGS, idp_cert_fingerprint='CC:DD')}),
    ])
    assert result['changed'] is True
    assert result['authentication_provider']['settings']['idp_cert_fingerprint'] == 'CC:DD'


# ---------------------------------------------------------------------------- integration secrets
def test_secret_create_sends_the_token_and_never_returns_it():
    result = run_module(telnyx_integration_secret, {'identifier': 'crm', 'type': 'bearer', 'token': TOKEN}, [
        listing('/integration_secrets', [], **{'filter[type]': 'bearer'}),
        listing('/integration_secrets', []),
        Call('POST', '/integration_secrets', Answer(201, {'data': {'id': 's1', 'identifier': 'crm',
                                                                   'record_type': 'integration_secret'}}),
             body={'identifier': 'crm', 'type': 'bearer', 'token': TOKEN}),
    ], diff=True)
    assert result['changed'] is True
    assert result['integration_secret']['id'] == 's1'
    assert TOKEN not in str(result)


BASIC_PASSWORD = 'pw basic/0123+4567'
ECHOES = {
    'base64 of user:password': base64.b64encode(b'svc:' + BASIC_PASSWORD.encode()).decode(),
    'base64 of the password': base64.b64encode(BASIC_PASSWORD.encode()).decode(),
    'percent-encoded password': 'pw%20basic%2F0123%2B4567',
}


@pytest.mark.parametrize('form', sorted(ECHOES))
@pytest.mark.parametrize('where', ['error', 'result'])
def test_a_secret_echoed_encoded_by_the_server_never_shows(form, where):
    # A server (or a proxy) may echo a credential in another form: as HTTP basic auth, base64 or percent-encoded.
    echo = ECHOES[form]
    created = {'id': 's1', 'identifier': 'crm', 'record_type': 'integration_secret', 'note': 'auth Basic %s' % echo}
    answer = (Answer(422, {'errors': [{'code': '10015', 'title': 'Invalid', 'detail': 'rejected Basic %s' % echo}]})
              if where == 'error' else Answer(201, {'data': created}))
    result = run_module(telnyx_integration_secret, {
        'identifier': 'crm', 'type': 'basic', 'username': 'svc', 'password': BASIC_PASSWORD}, [
        listing('/integration_secrets', [], **{'filter[type]': 'basic'}),
        listing('/integration_secrets', []),
        Call('POST', '/integration_secrets', answer,
             body={'identifier': 'crm', 'type': 'basic', 'username': 'svc', 'password': BASIC_PASSWORD}),
    ])
    text = json.dumps(result)
    assert echo not in text and BASIC_PASSWORD not in text
    assert ('failed' in result) is (where == 'error')
    assert '********' in text


def test_secret_that_exists_needs_no_value_with_on_create():
    result = run_module(telnyx_integration_secret, {'identifier': 'crm', 'type': 'bearer'}, [
        listing('/integration_secrets', [{'id': 's1', 'identifier': 'crm'}], **{'filter[type]': 'bearer'})])
    assert result['changed'] is False


# ---------------------------------------------------------------------------- telephony credentials
def test_credential_sip_password_only_when_asked_for():
    created = {'id': 'cred1', 'name': 'sip', 'resource_id': 'connection:1234', 'sip_password': 'pw-0123456789'}
    calls = [
        listing('/telephony_credentials', [], **{'filter[name]': 'sip'}),
        Call('POST', '/telephony_credentials', Answer(200, {'data': created}),
             body={'connection_id': '1234', 'name': 'sip'}),
        listing('/telephony_credentials', [created], **{'filter[name]': 'sip'}),  # names are not unique
    ]
    result = run_module(telnyx_telephony_credential, {'name': 'sip', 'connection_id': '1234'}, calls)
    assert result['changed'] is True
    assert 'sip_password' not in result['telephony_credential']
    result = run_module(telnyx_telephony_credential, {'name': 'sip', 'connection_id': '1234',
                                                      'return_sip_password': True}, [
        Call(c.method, c.path, c.answer, query=c.query, body=c.body) for c in calls])
    assert result['telephony_credential']['sip_password'] == 'pw-0123456789'


def test_converge_one_shows_the_sip_password_for_the_call_that_asks_for_it_only():
    current = {'id': 'cred1', 'name': 'sip', 'resource_id': 'connection:1234', 'sip_password': 'pw-0123456789'}
    find = listing('/telephony_credentials', [current], **{'filter[name]': 'sip'})
    client, session = scripted_client([find, Call(find.method, find.path, find.answer, query=find.query)])
    module = type('Module', (), {'_diff': True})()
    resource = TelephonyCredential(client)  # one resource, two calls
    asked = resource.declare({'name': 'sip', 'connection_id': '1234', 'return_sip_password': True})
    result = converge_one(module, resource, asked, 'present')
    assert result['changed'] is False
    assert result['telephony_credential']['sip_password'] == 'pw-0123456789'
    assert 'return_sip_password' not in repr(result)
    result = converge_one(module, resource, resource.declare({'name': 'sip', 'connection_id': '1234'}), 'present')
    assert 'sip_password' not in result['telephony_credential']
    assert 'sip_password' not in repr(result['diff'])
    session.done()


def test_secret_rotation_whose_create_failed_reports_the_delete():
    # update_secret: always re-creates the secret; the API cannot hold two with one identifier, so it deletes first.
    result = run_module(telnyx_integration_secret, {'identifier': 'crm', 'type': 'bearer', 'token': TOKEN,
                                                    'update_secret': 'always', 'api_retries': 0}, [
        listing('/integration_secrets', [{'id': 's1', 'identifier': 'crm'}], **{'filter[type]': 'bearer'}),
        Call('DELETE', '/integration_secrets/s1', Answer(204)),
        Call('POST', '/integration_secrets', Answer(422, {'errors': [{'code': '10015', 'title': 'Invalid',
                                                                      'source': {'pointer': '/token'}}]})),
    ])
    assert result['failed'] is True and result['changed'] is True
    assert result['deleted'] == ['s1']
    assert 'Deleted the old integration secret (id s1)' in result['msg']
    assert result['api_error']['fields'] == ['token']
    assert TOKEN not in str(result)
