# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The _info modules through main(): one by id, filters as list queries, identity matched as resources match it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.telnyx.account.plugins.modules import (
    telnyx_access_ip_info, telnyx_access_ip_range_info, telnyx_address_info, telnyx_authentication_provider_info,
    telnyx_billing_group_info, telnyx_integration_secret_info, telnyx_telephony_credential_info,
)
from ansible_collections.telnyx.account.tests.unit.helpers import Answer, Call, page, telnyx_error
from ansible_collections.telnyx.account.tests.unit.module_runner import run_module

G1, G2 = ('f5586561-8ff0-4291-a0ac-84fe5447970%d' % n for n in (1, 2))
IPS = [{'id': 'a', 'ip_address': '2001:DB8::1', 'status': 'added'},
       {'id': 'b', 'ip_address': '203.0.113.10', 'status': 'added'}]
RANGES = [{'id': 'r1', 'cidr_block': '198.51.100.7/24'}, {'id': 'r2', 'cidr_block': '10.0.0.0/8'}]
GROUPS = [{'id': G1, 'name': 'ops'}, {'id': G2, 'name': 'sales'}]
CREDENTIAL = {'id': 'cred1', 'name': 'sip', 'sip_username': 'u', 'sip_password': 'pw-secret-123',
              'resource_id': 'connection:1'}


def listing(path, items, **query):
    query.update({'page[number]': 1, 'page[size]': 250})
    return Call('GET', path, Answer(200, page(items)), query=query)


@pytest.mark.parametrize('module, args, calls, key, ids', [
    # an IPv6 address in another spelling is the same entry; the whole list is read for it
    (telnyx_access_ip_info, {'ip_address': '2001:db8:0::1'}, [listing('/access_ip_address', IPS)], 'access_ips',
     ['a']),
    # an IPv4 address has one spelling: the server filters
    (telnyx_access_ip_info, {'ip_address': '203.0.113.10'},
     [listing('/access_ip_address', [IPS[1]], **{'filter[ip_address]': '203.0.113.10'})], 'access_ips', ['b']),
    (telnyx_access_ip_info, {'ip_source': 'api'},
     [listing('/access_ip_address', IPS, **{'filter[ip_source]': 'api'})], 'access_ips', ['a', 'b']),
    # a block with host bits names its network
    (telnyx_access_ip_range_info, {'cidr_block': '198.51.100.0/24'}, [listing('/access_ip_ranges', RANGES)],
     'access_ip_ranges', ['r1']),
    (telnyx_access_ip_range_info, {'cidr_block_startswith': '10.'},
     [listing('/access_ip_ranges', [RANGES[1]], **{'filter[cidr_block][startswith]': '10.'})],
     'access_ip_ranges', ['r2']),
    # billing groups: the name is matched on the client side
    (telnyx_billing_group_info, {'name': 'sales'}, [listing('/billing_groups', GROUPS)], 'billing_groups', [G2]),
    (telnyx_billing_group_info, {}, [listing('/billing_groups', GROUPS)], 'billing_groups', [G1, G2]),
    (telnyx_address_info, {'customer_reference': 'hq', 'used_as_emergency': True},
     [listing('/addresses', [{'id': '1', 'customer_reference': 'hq'}, {'id': '2', 'customer_reference': 'hq2'}],
              **{'filter[customer_reference][eq]': 'hq', 'filter[used_as_emergency]': 'true'})], 'addresses', ['1']),
    (telnyx_authentication_provider_info, {'sort': '-name'},
     [listing('/authentication_providers', [{'id': 'p', 'short_name': 'okta'}], sort='-name')],
     'authentication_providers', ['p']),
    (telnyx_integration_secret_info, {'type': 'bearer'},
     [listing('/integration_secrets', [{'id': 's', 'identifier': 'crm'}], **{'filter[type]': 'bearer'})],
     'integration_secrets', ['s']),
    (telnyx_telephony_credential_info, {'tag': 'ops'},
     [listing('/telephony_credentials', [CREDENTIAL], **{'filter[tag]': 'ops'})], 'telephony_credentials', ['cred1']),
])
def test_filters_and_identity(module, args, calls, key, ids):
    result = run_module(module, args, calls)
    assert result['changed'] is False
    assert [o['id'] for o in result[key]] == ids


def test_one_by_id_and_none_when_the_api_confirms_it_is_absent():
    result = run_module(telnyx_billing_group_info, {'id': G1}, [
        Call('GET', '/billing_groups/' + G1, Answer(200, {'data': GROUPS[0]}))])
    assert result['billing_groups'] == [GROUPS[0]]
    result = run_module(telnyx_billing_group_info, {'id': G2}, [
        Call('GET', '/billing_groups/' + G2, Answer(404, telnyx_error('10005', 'Resource not found'))),
        Call('GET', '/billing_groups', Answer(200, page([], size=1)))])
    assert result['billing_groups'] == []


def test_an_id_that_cannot_be_one_is_refused_before_any_request():
    result = run_module(telnyx_billing_group_info, {'id': '../telephony_credentials/x'}, [])
    assert result['failed'] is True and 'cannot be a billing group id' in result['msg']


def test_a_filter_the_api_refuses_is_refused_before_any_request():
    result = run_module(telnyx_address_info, {'street_address_contains': 'ab'}, [])
    assert result['failed'] is True and 'at least 3 characters' in result['msg']


def test_credentials_never_carry_their_sip_password():
    result = run_module(telnyx_telephony_credential_info, {}, [listing('/telephony_credentials', [CREDENTIAL])])
    assert 'sip_password' not in result['telephony_credentials'][0]
    assert 'pw-secret-123' not in str(result)


def test_a_list_without_data_fails_clearly():
    result = run_module(telnyx_access_ip_info, {}, [
        Call('GET', '/access_ip_address', Answer(200, text='<html>proxy</html>', headers={
            'Content-Type': 'text/html'}))])
    assert result['failed'] is True
    assert 'Unexpected' not in result['msg']
