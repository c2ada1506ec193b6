# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx_access_ip and telnyx_access_ip_range through main(): result shapes, and the last entry of the allowlist."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.telnyx.account.plugins.modules import telnyx_access_ip, telnyx_access_ip_range
from ansible_collections.telnyx.account.tests.unit.helpers import Answer, Call, page, telnyx_error
from ansible_collections.telnyx.account.tests.unit.module_runner import run_module

IP = {'id': 'ip1', 'ip_address': '203.0.113.10', 'description': 'office', 'status': 'added', 'source': 'api'}
OTHER_IP = {'id': 'ip2', 'ip_address': '192.0.2.1', 'description': None, 'status': 'added'}
RANGE = {'id': 'r1', 'cidr_block': '198.51.100.0/24', 'description': 'dc1', 'status': 'added'}
FIND_IP = Call('GET', '/access_ip_address', Answer(200, page([IP])),
               query={'filter[ip_address]': '203.0.113.10', 'page[number]': 1, 'page[size]': 250})
NO_IP = Call('GET', '/access_ip_address', Answer(200, page([])),
             query={'filter[ip_address]': '203.0.113.10', 'page[number]': 1, 'page[size]': 250})


def short(path, items):
    """The guard's look at a list: its first page of two entries."""
    return Call('GET', path, Answer(200, page(items, size=2)), query={'page[number]': 1, 'page[size]': 2})


# ---------------------------------------------------------------------------- result shapes
def test_create_returns_the_entry_and_a_diff():
    result = run_module(telnyx_access_ip, {'ip_address': '203.0.113.10', 'description': 'office'}, [
        NO_IP, Call('POST', '/access_ip_address', Answer(200, IP),
                    body={'ip_address': '203.0.113.10', 'description': 'office'})], diff=True)
    assert result['changed'] is True
    assert result['access_ip'] == IP
    assert result['diff'] == {'before': {}, 'after': {'id': 'ip1', 'ip_address': '203.0.113.10',
                                                      'description': 'office'}}


def test_create_in_check_mode_sends_nothing_and_shows_the_entry_to_be():
    result = run_module(telnyx_access_ip, {'ip_address': '203.0.113.10'}, [NO_IP], check_mode=True, diff=True)
    assert result['changed'] is True
    assert result['access_ip'] == {'ip_address': '203.0.113.10'}
    assert result['diff']['after'] == {'ip_address': '203.0.113.10'}


def test_an_entry_as_declared_is_not_changed():
    result = run_module(telnyx_access_ip, {'ip_address': '203.0.113.10', 'description': 'office'}, [FIND_IP],
                        diff=True)
    assert result['changed'] is False
    assert result['access_ip']['id'] == 'ip1'
    assert result['diff']['before'] == result['diff']['after']


def test_absent_returns_the_entry_as_it_was_and_an_empty_after():
    result = run_module(telnyx_access_ip, {'ip_address': '203.0.113.10', 'state': 'absent'}, [
        FIND_IP, short('/access_ip_address', [IP, OTHER_IP]),
        Call('DELETE', '/access_ip_address/ip1', Answer(200, IP))], diff=True)
    assert result['changed'] is True
    assert result['access_ip'] == IP
    assert result['diff'] == {'before': {'id': 'ip1', 'ip_address': '203.0.113.10', 'description': 'office'},
                              'after': {}}


def test_absent_when_missing_returns_an_empty_dict():
    result = run_module(telnyx_access_ip, {'ip_address': '203.0.113.10', 'state': 'absent'}, [NO_IP])
    assert result['changed'] is False
    assert result['access_ip'] == {}


def test_drift_without_replace_names_the_field_and_writes_nothing():
    result = run_module(telnyx_access_ip, {'ip_address': '203.0.113.10', 'description': 'moved'}, [FIND_IP])
    assert result['failed'] is True
    assert 'description' in result['msg'] and 'replace: true' in result['msg']


# ---------------------------------------------------------------------------- the last entry of the allowlist
@pytest.mark.parametrize('module, args, calls, action', [
    (telnyx_access_ip, {'ip_address': '203.0.113.10', 'state': 'absent'},
     [FIND_IP, short('/access_ip_address', [IP]), short('/access_ip_ranges', [])], 'deleting it'),
    (telnyx_access_ip, {'ip_address': '203.0.113.10', 'description': 'moved', 'replace': True},
     [FIND_IP, short('/access_ip_address', [IP]), short('/access_ip_ranges', [])], 'replacing it'),
    (telnyx_access_ip_range, {'cidr_block': '198.51.100.7/24', 'state': 'absent'},
     [Call('GET', '/access_ip_ranges', Answer(200, page([RANGE]))), short('/access_ip_ranges', [RANGE]),
      short('/access_ip_address', [])], 'deleting it'),
    (telnyx_access_ip_range, {'cidr_block': '198.51.100.0/24', 'description': 'dc2', 'replace': True},
     [Call('GET', '/access_ip_ranges', Answer(200, page([RANGE]))), short('/access_ip_ranges', [RANGE]),
      short('/access_ip_address', [])], 'replacing it'),
])
def test_the_last_entry_is_kept_unless_allow_empty_allowlist(module, args, calls, action):
    result = run_module(module, args, calls)
    assert result['failed'] is True
    assert 'last entry of the API access allowlist (access IPs and ranges together)' in result['msg']
    assert action in result['msg'] and 'allow_empty_allowlist: true' in result['msg']
    assert 'lock' not in result['msg']
    assert not result.get('changed')


def test_check_mode_refuses_the_same_plan():
    result = run_module(telnyx_access_ip, {'ip_address': '203.0.113.10', 'state': 'absent'},
                        [FIND_IP, short('/access_ip_address', [IP]), short('/access_ip_ranges', [])], check_mode=True)
    assert result['failed'] is True and 'allow_empty_allowlist' in result['msg']


def test_another_ip_is_enough_and_the_ranges_are_not_read():
    result = run_module(telnyx_access_ip, {'ip_address': '203.0.113.10', 'state': 'absent'}, [
        FIND_IP, short('/access_ip_address', [IP, OTHER_IP]), Call('DELETE', '/access_ip_address/ip1', Answer(200, IP))])
    assert result['changed'] is True


def test_a_range_is_enough_for_the_last_ip():
    result = run_module(telnyx_access_ip, {'ip_address': '203.0.113.10', 'state': 'absent'}, [
        FIND_IP, short('/access_ip_address', [IP]), short('/access_ip_ranges', [RANGE]),
        Call('DELETE', '/access_ip_address/ip1', Answer(200, IP))])
    assert result['changed'] is True


def test_allow_empty_allowlist_deletes_the_last_entry_without_looking():
    result = run_module(telnyx_access_ip_range, {'cidr_block': '198.51.100.0/24', 'state': 'absent',
                                                 'allow_empty_allowlist': True}, [
        Call('GET', '/access_ip_ranges', Answer(200, page([RANGE]))),
        Call('DELETE', '/access_ip_ranges/r1', Answer(200, RANGE))])
    assert result['changed'] is True
    assert result['access_ip_range'] == RANGE


def test_a_missing_entry_needs_no_look_at_the_allowlist():
    result = run_module(telnyx_access_ip_range, {'cidr_block': '10.0.0.0/8', 'state': 'absent'}, [
        Call('GET', '/access_ip_ranges', Answer(200, page([RANGE])))])
    assert result['changed'] is False


# ---------------------------------------------------------------------------- a replace that half happened
@pytest.mark.parametrize('module, args, calls, key, old_id', [
    (telnyx_access_ip, {'ip_address': '203.0.113.10', 'description': 'moved', 'replace': True,
                        'allow_empty_allowlist': True},
     [FIND_IP, Call('DELETE', '/access_ip_address/ip1', Answer(200, IP))], 'access_ip', 'ip1'),
    (telnyx_access_ip_range, {'cidr_block': '198.51.100.0/24', 'description': 'dc2', 'replace': True},
     [Call('GET', '/access_ip_ranges', Answer(200, page([RANGE]))), short('/access_ip_ranges', [RANGE, dict(
         RANGE, id='r2', cidr_block='10.0.0.0/8')]), Call('DELETE', '/access_ip_ranges/r1', Answer(200, RANGE))],
     'access_ip_range', 'r1'),
])
def test_a_replace_whose_create_failed_reports_the_delete(module, args, calls, key, old_id):
    path = calls[-1].path.rsplit('/', 1)[0]
    calls = calls + [Call('POST', path, Answer(422, telnyx_error('10015', 'Invalid value', pointer='/description')))]
    result = run_module(module, dict(args, api_retries=0), calls)
    assert result['failed'] is True
    assert result['changed'] is True
    assert result['deleted'] == [old_id]
    assert 'Deleted the old' in result['msg'] and old_id in result['msg']
    assert result['api_error']['status'] == 422 and result['api_error']['method'] == 'POST'
    assert result['api_error']['fields'] == ['description']
