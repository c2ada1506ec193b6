# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""String options refuse what YAML already turned into something else, before any request, in every module."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.telnyx.account.plugins.modules import (
    telnyx_access_ip, telnyx_account, telnyx_address, telnyx_address_info, telnyx_address_validate,
    telnyx_billing_group, telnyx_billing_group_info, telnyx_telephony_credential, telnyx_telephony_credential_token,
)
from ansible_collections.telnyx.account.tests.unit.helpers import Answer, Call, page
from ansible_collections.telnyx.account.tests.unit.module_runner import run_module

ADDRESS = dict(first_name='Ada', last_name='Lovelace', business_name='Example', street_address='1 Main St',
               locality='Boston', country_code='US', customer_reference='hq')


@pytest.mark.parametrize('module, args, where, kind', [
    # postal_code: 02134 unquoted is the octal integer 1116 by the time the module sees it.
    (telnyx_address, dict(ADDRESS, postal_code=1116), 'postal_code', 'an integer'),
    # +12125550100 unquoted is an integer; NO unquoted is false.
    (telnyx_address, dict(ADDRESS, phone_number=12125550100), 'phone_number', 'an integer'),
    (telnyx_address, dict(ADDRESS, customer_reference=False), 'customer_reference', 'a boolean'),
    (telnyx_billing_group, dict(name=['a']), 'name', 'a list'),
    (telnyx_billing_group, dict(name={'a': 1}), 'name', 'a dict'),
    (telnyx_billing_group, dict(id=1234), 'id', 'an integer'),
    (telnyx_telephony_credential, dict(name='sip', connection_id=1234567890), 'connection_id', 'an integer'),
    (telnyx_telephony_credential, dict(name='sip', connection_id='1', expires_at=1.5), 'expires_at', 'a number'),
    (telnyx_access_ip, dict(ip_address='203.0.113.10', description=True), 'description', 'a boolean'),
    (telnyx_address_validate, dict(street_address='1 Main St', postal_code=2134, country_code='US'),
     'postal_code', 'an integer'),
    (telnyx_telephony_credential_token, dict(credential_name=['x']), 'credential_name', 'a list'),
    (telnyx_billing_group_info, dict(name=7), 'name', 'an integer'),
    # An alias is the option under another name.
    (telnyx_address_info, dict(street_address=123), 'street_address', 'an integer'),
    # Connection options are options too; the key's value is never repeated.
    (telnyx_billing_group, dict(name='ops', api_key=123456789), 'api_key', 'an integer'),
    (telnyx_billing_group, dict(name='ops', api_url=['https://api.telnyx.test/v2']), 'api_url', 'a list'),
])
def test_a_string_option_given_another_type_is_refused_before_any_request(module, args, where, kind):
    result = run_module(module, args, [])
    assert result['failed'] is True
    assert '%s must be a string, not %s' % (where, kind) in result['msg']
    assert 'quote' in result['msg']
    assert '123456789' not in result['msg']


@pytest.mark.parametrize('sections, where, kind', [
    ({'addresses': [dict(ADDRESS, postal_code=1116)]}, 'addresses[0].postal_code', 'an integer'),
    ({'billing_groups': [{'name': 'ok'}, {'name': ['a']}]}, 'billing_groups[1].name', 'a list'),
    ({'access_ips': [{'ip_address': '192.0.2.1', 'description': True}]}, 'access_ips[0].description', 'a boolean'),
    ({'integration_secrets': [{'identifier': 'crm', 'type': 'bearer', 'token': 1234567}]},
     'integration_secrets[0].token', 'an integer'),
    ({'authentication_providers': [{'short_name': 'okta', 'name': 'Okta', 'settings': {
        'idp_entity_id': 'https://idp/e', 'idp_sso_target_url': 'https://idp/s', 'idp_cert_fingerprint': 1234}}]},
     'authentication_providers[0].settings.idp_cert_fingerprint', 'an integer'),
])
def test_telnyx_account_checks_nested_suboptions_and_names_the_item(sections, where, kind):
    result = run_module(telnyx_account, sections, [])
    assert result['failed'] is True
    assert '%s must be a string, not %s' % (where, kind) in result['msg']
    assert '1234567' not in result['msg']


@pytest.mark.parametrize('module, args, option', [
    (telnyx_access_ip, dict(ip_address='203.0.113.10', state=False), 'state'),
    (telnyx_account, {'access_ips': [{'ip_address': '192.0.2.1', 'state': True}]}, 'state'),
    (telnyx_account, {'purge': ['access_ips', 7]}, 'purge'),
])
def test_options_with_choices_refuse_other_types_through_their_choices(module, args, option):
    result = run_module(module, args, [])
    assert result['failed'] is True
    assert 'value of %s must be one' % option in result['msg']


def test_every_bad_option_is_named_at_once():
    result = run_module(telnyx_account, {'billing_groups': [{'name': 1}, {'name': 2}],
                                         'addresses': [dict(ADDRESS, postal_code=1116)]}, [])
    for where in ('billing_groups[0].name', 'billing_groups[1].name', 'addresses[0].postal_code'):
        assert where in result['msg']


def test_quoted_strings_and_other_types_pass():
    # postal_code quoted stays "02134"; bool and int options take their own types; null is "not set".
    address = dict(ADDRESS, postal_code='02134', address_book=True, extended_address=None)
    result = run_module(telnyx_address, dict(address, api_timeout=10), [
        Call('GET', '/addresses', Answer(200, page([])), query={
            'filter[customer_reference][eq]': 'hq', 'page[number]': 1, 'page[size]': 250}),
        Call('POST', '/addresses', Answer(200, {'data': dict(address, id='1')}), body=dict(
            (k, v) for k, v in address.items() if v is not None)),
        # addresses are not unique: the one read that looks for a twin made by a concurrent run
        Call('GET', '/addresses', Answer(200, page([dict(address, id='1')]))),
    ], check_mode=False)
    assert result['changed'] is True
    assert result['address']['postal_code'] == '02134'
