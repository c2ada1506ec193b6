# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx_account and telnyx_account_info through main(): result shapes, partial results, warnings, secrets."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.telnyx.account.plugins.modules import telnyx_account, telnyx_account_info
from ansible_collections.telnyx.account.tests.unit.helpers import Answer, Call, page, telnyx_error
from ansible_collections.telnyx.account.tests.unit.module_runner import run_module

G1, G2, G3 = ('f5586561-8ff0-4291-a0ac-84fe5447970%d' % n for n in (1, 2, 3))
IP = {'id': 'ip1', 'ip_address': '203.0.113.10', 'description': 'office', 'status': 'added'}
SEQUENTIAL = {'api_concurrency': 1}


def read(path, items, **query):
    query.update({'page[number]': 1, 'page[size]': 250})
    return Call('GET', path, Answer(200, page(items)), query=query)


def test_only_the_sections_given_are_read_and_returned():
    result = run_module(telnyx_account, dict(SEQUENTIAL, billing_groups=[{'name': 'ops'}]), [
        read('/billing_groups', [{'id': G1, 'name': 'ops'}])])
    assert result['changed'] is False
    assert result['billing_groups'] == {'created': [], 'updated': [], 'replaced': [], 'deleted': [],
                                        'unchanged': [G1]}
    assert 'access_ips' not in result and 'diff' not in result


def test_check_mode_returns_the_plan_and_the_diff_and_writes_nothing():
    result = run_module(telnyx_account, dict(SEQUENTIAL, access_ips=[{'ip_address': '192.0.2.1'}],
                                             purge=['access_ips']), [
        read('/access_ip_address', [IP])], check_mode=True, diff=True)
    assert result['changed'] is True
    assert result['access_ips']['created'] == ['192.0.2.1'] and result['access_ips']['deleted'] == ['ip1']
    assert result['diff'] == {
        'before': {'access_ips': {'203.0.113.10': {'id': 'ip1', 'ip_address': '203.0.113.10',
                                                   'description': 'office'}}},
        'after': {'access_ips': {'192.0.2.1': {'ip_address': '192.0.2.1'}}}}


def test_a_half_applied_run_fails_with_what_was_applied_and_the_api_error():
    result = run_module(telnyx_account, dict(SEQUENTIAL, billing_groups=[{'name': 'a'}, {'name': 'b'}]), [
        read('/billing_groups', []),
        Call('POST', '/billing_groups', Answer(200, {'data': {'id': G1, 'name': 'a'}}), body={'name': 'a'}),
        Call('POST', '/billing_groups', Answer(422, telnyx_error('10015', 'Invalid', pointer='/name')),
             body={'name': 'b'}),
        read('/billing_groups', [{'id': G1, 'name': 'a'}]),
    ])
    assert result['failed'] is True
    assert result['changed'] is True
    assert result['billing_groups']['created'] == [G1]
    assert result['api_error']['method'] == 'POST' and result['api_error']['status'] == 422
    assert result['api_error']['fields'] == ['name']
    assert 'Already applied: create billing_groups a (id %s). Not applied: create billing_groups b.' % G1 \
        in result['msg']


def test_a_twin_made_by_another_run_is_reported_naming_both_ids():
    result = run_module(telnyx_account, dict(SEQUENTIAL, billing_groups=[{'name': 'ops'}]), [
        read('/billing_groups', []),
        Call('POST', '/billing_groups', Answer(200, {'data': {'id': G1, 'name': 'ops'}})),
        read('/billing_groups', [{'id': G1, 'name': 'ops'}, {'id': G2, 'name': 'ops'}]),
    ])
    assert result['changed'] is True
    assert result['billing_groups']['created'] == [G1]
    assert any(G1 in w and G2 in w for w in result['warnings']), result.get('warnings')


def test_no_twin_no_warning():
    result = run_module(telnyx_account, dict(SEQUENTIAL, billing_groups=[{'name': 'ops'}]), [
        read('/billing_groups', [{'id': G3, 'name': 'other'}]),
        Call('POST', '/billing_groups', Answer(200, {'data': {'id': G1, 'name': 'ops'}})),
        read('/billing_groups', [{'id': G1, 'name': 'ops'}, {'id': G3, 'name': 'other'}]),
    ])
    assert not result.get('warnings'), result['warnings']


def test_secrets_never_show_in_the_result_or_the_failure():
    token = 'tok-very-secret-0123456789'
    result = run_module(telnyx_account, dict(SEQUENTIAL, integration_secrets=[
        {'identifier': 'crm', 'type': 'bearer', 'token': token}]), [
        read('/integration_secrets', [], **{'filter[type]': 'basic'}),
        read('/integration_secrets', [], **{'filter[type]': 'bearer'}),
        Call('POST', '/integration_secrets', Answer(422, telnyx_error(
            '10015', 'Invalid', detail='token %s is malformed' % token, pointer='/token')),
            body={'identifier': 'crm', 'type': 'bearer', 'token': token}),
    ], diff=True)
    assert result['failed'] is True
    assert token not in str(result)


def test_a_plan_that_empties_the_allowlist_fails_before_any_write():
    result = run_module(telnyx_account, dict(SEQUENTIAL, access_ips=[{'ip_address': '203.0.113.10',
                                                                      'state': 'absent'}]), [
        read('/access_ip_address', [IP]),
        Call('GET', '/access_ip_ranges', Answer(200, page([], size=2)), query={'page[number]': 1, 'page[size]': 2}),
    ])
    assert result['failed'] is True
    assert 'allow_empty_purge' in result['msg'] and not result.get('changed')


def test_concurrent_apply_gives_the_same_result_as_sequential():
    def calls():
        return [read('/billing_groups', [])] + [
            Call('POST', '/billing_groups', Answer(200, {'data': {'id': g, 'name': n}}), body={'name': n})
            for g, n in ((G1, 'a'), (G2, 'b'), (G3, 'c'))] + [
            read('/billing_groups', [{'id': G1, 'name': 'a'}, {'id': G2, 'name': 'b'}, {'id': G3, 'name': 'c'}])]
    items = [{'name': 'a'}, {'name': 'b'}, {'name': 'c'}]
    one = run_module(telnyx_account, {'billing_groups': items, 'api_concurrency': 1}, calls())
    many = run_module(telnyx_account, {'billing_groups': items, 'api_concurrency': 8}, calls(), ordered=False)
    for result in (one, many):
        result.pop('invocation', None)
    assert one == many
    assert one['billing_groups']['created'] == [G1, G2, G3]


def test_account_info_exports_the_sections_asked_for():
    result = run_module(telnyx_account_info, {'sections': ['billing_groups', 'access_ips']}, [
        read('/access_ip_address', [IP]),
        read('/billing_groups', [{'id': G2, 'name': 'b', 'created_at': 'x'}, {'id': G1, 'name': 'a'}]),
    ], ordered=False)
    assert result['changed'] is False
    assert result['account'] == {'access_ips': [{'ip_address': '203.0.113.10', 'description': 'office'}],
                                 'billing_groups': [{'name': 'a'}, {'name': 'b'}]}


def test_a_secret_rotation_that_deleted_and_failed_is_reported_per_section():
    token = 'tok-rotate-0123456789'
    result = run_module(telnyx_account, dict(SEQUENTIAL, integration_secrets=[
        {'identifier': 'crm', 'type': 'bearer', 'token': token, 'update_secret': 'always'}], api_retries=0), [
        read('/integration_secrets', [], **{'filter[type]': 'basic'}),
        read('/integration_secrets', [{'id': 's1', 'identifier': 'crm'}], **{'filter[type]': 'bearer'}),
        Call('DELETE', '/integration_secrets/s1', Answer(204)),
        Call('POST', '/integration_secrets', Answer(422, telnyx_error('10015', 'Invalid', pointer='/token'))),
    ])
    assert result['failed'] is True and result['changed'] is True
    assert result['integration_secrets']['deleted'] == ['s1']
    assert result['integration_secrets']['replaced'] == []
    assert 'Already applied: delete integration_secrets crm (id s1). Not applied: create integration_secrets crm.' \
        in result['msg']
    assert result['api_error']['status'] == 422
    assert token not in str(result)
