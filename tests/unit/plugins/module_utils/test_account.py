# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx_account's planner and applier with the HTTP exchange scripted call by call."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.telnyx.account.plugins.module_utils.account import (
    Account, TelnyxPartialError, TelnyxPlanError,
)
from ansible_collections.telnyx.account.plugins.module_utils.resource import TelnyxInputError
from ansible_collections.telnyx.account.tests.unit.helpers import Answer, Call, page, scripted_client, telnyx_error

IPS = [{'id': 'a', 'ip_address': '203.0.113.10', 'description': 'office', 'status': 'added'},
       {'id': 'b', 'ip_address': '2001:DB8::1', 'description': None, 'status': 'added'}]
GROUPS = [{'id': 'g1', 'name': 'ops', 'record_type': 'billing_group'}]
READ_IPS = Call('GET', '/access_ip_address', Answer(200, page(IPS)), query={'page[number]': 1, 'page[size]': 250})
READ_GROUPS = Call('GET', '/billing_groups', Answer(200, page(GROUPS)))


def item(**kwargs):
    kwargs.setdefault('state', 'present')
    return kwargs


def test_noop_reads_each_section_once_and_writes_nothing():
    client, session = scripted_client([READ_IPS, READ_GROUPS])
    account = Account(client)
    plans = account.plan({'access_ips': [item(ip_address='203.0.113.10', description='office'),
                                         item(ip_address='2001:db8::1')],
                          'billing_groups': [item(name='ops')]})
    result = account.apply(plans)
    assert result['access_ips']['unchanged'] == ['a', 'b']
    assert result['billing_groups']['unchanged'] == ['g1']
    assert not session.writes
    session.done()


def test_bad_items_fail_together_before_any_request():
    client, session = scripted_client([])
    with pytest.raises(TelnyxInputError) as err:
        Account(client).plan({'access_ips': [item(ip_address='1.2.3.4'), item(ip_address='nope'),
                                             item(ip_address='1.2.3.4')],
                              'access_ip_ranges': [item(cidr_block='10.0.0.0/99')]})
    message = str(err.value)
    assert 'access_ips[1]' in message and 'access_ips[2]: declares the same access IP as access_ips[0]' in message
    assert 'access_ip_ranges[0]' in message
    assert session.seen == []


def test_purge_deletes_unlisted_after_creating_and_reports_ids():
    client, session = scripted_client([
        READ_IPS,
        Call('POST', '/access_ip_address', Answer(200, {'id': 'c', 'ip_address': '192.0.2.1'}),
             body={'ip_address': '192.0.2.1'}),
        Call('DELETE', '/access_ip_address/b', Answer(200, IPS[1])),
    ])
    account = Account(client)
    plans = account.plan({'access_ips': [item(ip_address='203.0.113.10'), item(ip_address='192.0.2.1')]},
                         purge=['access_ips'])
    result = account.apply(plans)
    assert result['access_ips'] == {'created': ['c'], 'updated': [], 'replaced': [], 'deleted': ['b'],
                                    'unchanged': ['a']}
    diff = account.diff(plans)
    assert diff['before']['access_ips']['2001:db8::1']['id'] == 'b'
    assert diff['after']['access_ips']['192.0.2.1']['id'] == 'c'
    session.done()


def test_a_purge_that_empties_a_section_is_refused_unless_allowed():
    client, session = scripted_client([READ_IPS])
    with pytest.raises(TelnyxPlanError, match='allow_empty_purge'):
        Account(client).plan({'access_ips': []}, purge=['access_ips'])
    client, session = scripted_client([READ_IPS])
    plans = Account(client, check_mode=True).plan({}, purge=['access_ips'], allow_empty_purge=True)
    assert [p.action for p in plans['access_ips']] == ['delete', 'delete']


def test_check_mode_returns_the_plan_with_labels_for_new_objects():
    client, session = scripted_client([Call('GET', '/billing_groups', Answer(200, page([])))])
    account = Account(client, check_mode=True)
    result = account.apply(account.plan({'billing_groups': [item(name='noc')]}))
    assert result['billing_groups']['created'] == ['noc']
    assert not session.writes


def test_a_failed_write_stops_and_says_what_was_and_was_not_applied():
    client, session = scripted_client([
        Call('GET', '/billing_groups', Answer(200, page([]))),
        Call('POST', '/billing_groups', Answer(200, {'data': {'id': 'n1', 'name': 'a'}})),
        Call('POST', '/billing_groups', Answer(403, telnyx_error('10010', 'Forbidden'))),
    ])
    account = Account(client)
    plans = account.plan({'billing_groups': [item(name='a'), item(name='b'), item(name='c')]})
    with pytest.raises(TelnyxPartialError) as err:
        account.apply(plans)
    assert 'Stopped at create billing_groups b' in str(err.value)
    assert 'Already applied: billing_groups created n1' in str(err.value)
    assert 'Not applied: create billing_groups b, create billing_groups c' in str(err.value)
    assert err.value.result['billing_groups']['created'] == ['n1']
    session.done()


def test_two_items_resolving_to_one_object_conflict():
    client, session = scripted_client([READ_IPS])
    with pytest.raises(TelnyxPlanError, match='names the same access IP'):
        Account(client).plan({'access_ips': [item(ip_address='203.0.113.10'), item(id='a')]})


def test_secrets_are_read_per_type_and_need_no_value_when_present():
    secret = {'id': 's1', 'identifier': 'crm', 'record_type': 'integration_secret'}
    client, session = scripted_client([
        Call('GET', '/integration_secrets', Answer(200, page([])), query={
            'filter[type]': 'basic', 'page[number]': 1, 'page[size]': 250}),
        Call('GET', '/integration_secrets', Answer(200, page([secret])), query={
            'filter[type]': 'bearer', 'page[number]': 1, 'page[size]': 250}),
    ])
    account = Account(client)
    plans = account.plan({'integration_secrets': [item(identifier='crm', type='bearer', update_secret='on_create')]})
    assert plans['integration_secrets'][0].action == 'none'
    session.done()


def test_export_is_input_shaped_and_sorted():
    provider = {'id': 'p', 'name': 'Okta', 'short_name': 'okta', 'active': True, 'created_at': 't',
                'settings': {'idp_entity_id': 'https://i/e', 'service_provider_login_url': 'https://x'}}
    client, session = scripted_client([
        Call('GET', '/access_ip_address', Answer(200, page(list(reversed(IPS))))),
        Call('GET', '/authentication_providers', Answer(200, page([provider]))),
    ])
    exported = Account(client).export(['access_ips', 'authentication_providers'])
    assert exported == {
        'access_ips': [{'ip_address': '2001:db8::1'}, {'ip_address': '203.0.113.10', 'description': 'office'}],
        'authentication_providers': [{'name': 'Okta', 'short_name': 'okta', 'active': True,
                                      'settings': {'idp_entity_id': 'https://i/e'}}],
    }
    session.done()


def test_secrets_from_a_server_that_ignores_the_type_filter_are_not_doubled():
    secret = {'id': 's1', 'identifier': 'crm', 'record_type': 'integration_secret'}
    client, session = scripted_client([
        Call('GET', '/integration_secrets', Answer(200, page([secret]))),
        Call('GET', '/integration_secrets', Answer(200, page([secret]))),
    ])
    account = Account(client)
    plans = account.plan({'integration_secrets': [item(identifier='crm', type='basic', update_secret='on_create')]})
    assert [p.action for p in plans['integration_secrets']] == ['none']
    session.done()
