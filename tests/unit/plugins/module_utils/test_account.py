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
        # the read-back of what was created (billing group names are not unique)
        Call('GET', '/billing_groups', Answer(200, page([{'id': 'n1', 'name': 'a'}]))),
    ])
    account = Account(client)
    plans = account.plan({'billing_groups': [item(name='a'), item(name='b'), item(name='c')]})
    with pytest.raises(TelnyxPartialError) as err:
        account.apply(plans)
    assert 'Stopped at create billing_groups b' in str(err.value)
    assert 'Already applied: create billing_groups a (id n1).' in str(err.value)
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


# ---------------------------------------------------------------------------- the allowlist is never emptied
RANGES = [{'id': 'r1', 'cidr_block': '198.51.100.0/24', 'description': 'dc1', 'status': 'added'}]
READ_RANGES = Call('GET', '/access_ip_ranges', Answer(200, page(RANGES)))
ONE_IP = [IPS[0]]
READ_ONE_IP = Call('GET', '/access_ip_address', Answer(200, page(ONE_IP)))


def short_read(path, items):
    """The guard's one look at a list it has not read: the first page of two entries."""
    return Call('GET', path, Answer(200, page(items, size=2)), query={'page[number]': 1, 'page[size]': 2})


@pytest.mark.parametrize('sections, purge, calls, reason', [
    # state: absent on the last IP; the ranges are not given, so the guard looks at them once.
    ({'access_ips': [item(ip_address='203.0.113.10', state='absent')]}, [],
     [READ_ONE_IP, short_read('/access_ip_ranges', [])], 'every entry (delete access_ips 203.0.113.10)'),
    # the last IP and the last range in one run.
    ({'access_ips': [item(ip_address='203.0.113.10', state='absent')],
      'access_ip_ranges': [item(cidr_block='198.51.100.0/24', state='absent')]}, [], [READ_ONE_IP, READ_RANGES],
     'every entry (delete access_ips 203.0.113.10, delete access_ip_ranges 198.51.100.0/24)'),
    # a purge of one section and state: absent in the other.
    ({'access_ips': [], 'access_ip_ranges': [item(cidr_block='198.51.100.0/24', state='absent')]}, ['access_ips'],
     [READ_ONE_IP, READ_RANGES], 'access_ips: purge would delete all 1 objects'),
    # purge of both sections with every item absent.
    ({'access_ips': [item(ip_address='203.0.113.10', state='absent')]}, ['access_ip_ranges'],
     [READ_ONE_IP, READ_RANGES], 'access_ip_ranges: purge would delete all 1 objects'),
    # replacing the only entry deletes it before the new one exists.
    ({'access_ips': [item(ip_address='203.0.113.10', description='new', replace=True)]}, [],
     [READ_ONE_IP, short_read('/access_ip_ranges', [])], 'replaces the only entry'),
])
def test_every_path_to_an_empty_allowlist_needs_allow_empty_purge(scripted, sections, purge, calls, reason):
    client, session = scripted(calls)
    with pytest.raises(TelnyxPlanError) as err:
        Account(client).plan(sections, purge=purge)
    assert reason in str(err.value)
    assert 'allow_empty_purge' in str(err.value)
    assert 'locks' not in str(err.value)
    assert not session.writes
    client, session = scripted([c for c in calls if (c.query or {}).get('page[size]') != 2])
    plans = Account(client).plan(sections, purge=purge, allow_empty_purge=True)
    assert any(p.action in ('delete', 'replace') for s in plans.values() for p in s)


@pytest.mark.parametrize('sections, calls', [
    # another entry stays: the ranges (not given) still list one.
    ({'access_ips': [item(ip_address='203.0.113.10', state='absent')]},
     [READ_ONE_IP, short_read('/access_ip_ranges', RANGES)]),
    # the other IP stays; the ranges are not read at all.
    ({'access_ips': [item(ip_address='203.0.113.10', state='absent')]}, [READ_IPS]),
    # the only IP goes, but a new range is created first.
    ({'access_ips': [item(ip_address='203.0.113.10', state='absent')],
      'access_ip_ranges': [item(cidr_block='10.0.0.0/8')]},
     [READ_ONE_IP, Call('GET', '/access_ip_ranges', Answer(200, page([])))]),
    # replacing one entry of two.
    ({'access_ips': [item(ip_address='203.0.113.10', description='new', replace=True)]}, [READ_IPS]),
    # replacing one entry while deleting the other: the replace comes first, while the other still exists.
    ({'access_ips': [item(ip_address='203.0.113.10', description='new', replace=True),
                     item(ip_address='2001:db8::1', state='absent')]}, [READ_IPS]),
])
def test_a_plan_that_keeps_an_entry_passes_the_guard(scripted, sections, calls):
    client, session = scripted(calls)
    Account(client).plan(sections)


def test_a_replace_goes_before_the_delete_of_the_other_entry(scripted):
    client, session = scripted([
        READ_IPS,
        Call('DELETE', '/access_ip_address/a', Answer(200, IPS[0])),
        Call('POST', '/access_ip_address', Answer(200, {'id': 'a2', 'ip_address': '203.0.113.10'}),
             body={'ip_address': '203.0.113.10', 'description': 'new'}),
        Call('DELETE', '/access_ip_address/b', Answer(200, IPS[1])),
    ])
    account = Account(client)
    result = account.apply(account.plan({'access_ips': [
        item(ip_address='2001:db8::1', state='absent'),
        item(ip_address='203.0.113.10', description='new', replace=True)]}))
    assert result['access_ips']['replaced'] == ['a2'] and result['access_ips']['deleted'] == ['b']


def test_call_options_ride_in_the_declared_objects_and_never_reach_a_body_or_the_diff(scripted):
    secret = {'id': 's1', 'identifier': 'crm', 'record_type': 'integration_secret'}
    client, session = scripted([
        READ_IPS,
        Call('GET', '/integration_secrets', Answer(200, page([])), query={
            'filter[type]': 'basic', 'page[number]': 1, 'page[size]': 250}),
        Call('GET', '/integration_secrets', Answer(200, page([secret])), query={
            'filter[type]': 'bearer', 'page[number]': 1, 'page[size]': 250}),
        Call('DELETE', '/access_ip_address/a', Answer(200, IPS[0])),
        Call('POST', '/access_ip_address', Answer(200, {'id': 'a2', 'ip_address': '203.0.113.10'}),
             body={'ip_address': '203.0.113.10', 'description': 'new'}),
        Call('DELETE', '/integration_secrets/s1', Answer(204)),
        Call('POST', '/integration_secrets', Answer(201, {'data': dict(secret, id='s2')}),
             body={'identifier': 'crm', 'type': 'bearer', 'token': 'tok-0123456789'}),
    ], ordered=False)
    sections = {
        'access_ips': [item(ip_address='203.0.113.10', description='new', replace=True),
                       item(ip_address='2001:db8::1')],
        'integration_secrets': [item(identifier='crm', type='bearer', token='tok-0123456789', update_secret='always')],
    }
    account = Account(client)
    declared = account.declare(sections)
    assert [(where, state, desired['replace']) for where, desired, state in declared['access_ips']] == [
        ('access_ips[0]', 'present', True), ('access_ips[1]', 'present', False)]
    assert [(desired['update_secret'], desired['replace']) for _w, desired, _s in declared['integration_secrets']] \
        == [('always', False)]
    plans = account.plan(sections, declared=declared)
    assert [p.action for p in plans['access_ips']] == ['replace', 'none']
    assert plans['access_ips'][0].body == {'ip_address': '203.0.113.10', 'description': 'new'}
    result = account.apply(plans)
    assert result['access_ips']['replaced'] == ['a2'] and result['integration_secrets']['replaced'] == ['s2']
    diff = account.diff(plans)
    for option in ('replace', 'update_secret', 'tok-0123456789'):
        assert option not in repr(diff), option


def test_allowlist_creates_come_before_allowlist_deletes_across_both_sections(scripted):
    client, session = scripted([
        READ_ONE_IP, Call('GET', '/access_ip_ranges', Answer(200, page([]))),
        Call('POST', '/access_ip_ranges', Answer(200, {'id': 'r9', 'cidr_block': '10.0.0.0/8'})),
        Call('DELETE', '/access_ip_address/a', Answer(200, IPS[0])),
    ])
    account = Account(client)
    result = account.apply(account.plan({'access_ips': [item(ip_address='203.0.113.10', state='absent')],
                                         'access_ip_ranges': [item(cidr_block='10.0.0.0/8')]}))
    assert result['access_ips']['deleted'] == ['a'] and result['access_ip_ranges']['created'] == ['r9']


# ---------------------------------------------------------------------------- partial results are true
def test_a_replace_that_deleted_and_then_failed_reports_the_delete(scripted):
    client, session = scripted([
        READ_IPS,
        Call('DELETE', '/access_ip_address/a', Answer(200, IPS[0])),
        Call('POST', '/access_ip_address', Answer(422, telnyx_error('10015', 'Invalid', pointer='/description'))),
    ], retries=0)
    account = Account(client)
    plans = account.plan({'access_ips': [item(ip_address='203.0.113.10', description='new', replace=True),
                                         item(ip_address='2001:db8::1')]})
    with pytest.raises(TelnyxPartialError) as err:
        account.apply(plans)
    assert err.value.result['changed'] is True
    assert err.value.result['access_ips']['deleted'] == ['a']
    assert err.value.result['access_ips']['replaced'] == []
    message = str(err.value)
    assert 'Stopped at replace access_ips 203.0.113.10 (id a)' in message
    assert 'Deleted the old access IP (id a) to replace it, but creating the new one failed' in message
    assert 'Already applied: delete access_ips 203.0.113.10 (id a).' in message
    assert 'Not applied: create access_ips 203.0.113.10.' in message
    assert err.value.cause.status == 422


def test_applied_and_not_applied_name_objects_the_same_way(scripted):
    client, session = scripted([
        Call('GET', '/billing_groups', Answer(200, page(GROUPS))),
        Call('POST', '/billing_groups', Answer(200, {'data': {'id': 'n1', 'name': 'a'}})),
        Call('POST', '/billing_groups', Answer(403, telnyx_error('10010', 'Forbidden'))),
        Call('GET', '/billing_groups', Answer(200, page(GROUPS + [{'id': 'n1', 'name': 'a'}]))),
    ])
    account = Account(client)
    plans = account.plan({'billing_groups': [item(name='a'), item(name='b')]}, purge=['billing_groups'],
                         allow_empty_purge=True)
    with pytest.raises(TelnyxPartialError) as err:
        account.apply(plans)
    message = str(err.value)
    assert 'Already applied: create billing_groups a (id n1). ' in message
    assert 'Not applied: create billing_groups b, delete billing_groups ops (id g1).' in message


# ---------------------------------------------------------------------------- concurrency
def test_sections_are_read_at_the_same_time():
    import threading
    both = threading.Event()
    # The IPs' answer waits until the billing groups are asked for: a sequential reader would never get there.
    calls = [Call('GET', '/access_ip_address', Answer(200, page(IPS)), hold=both),
             Call('GET', '/billing_groups', Answer(200, page(GROUPS)), after=both.set)]
    client, session = scripted_client(calls, concurrency=4)
    plans = Account(client).plan({'access_ips': [item(ip_address='203.0.113.10')], 'billing_groups': []})
    assert [p.action for p in plans['access_ips']] == ['none']
    session.done()


def test_phases_keep_their_order_with_many_writes_in_flight():
    calls = [Call('GET', '/access_ip_address', Answer(200, page(IPS))),
             Call('GET', '/billing_groups', Answer(200, page(GROUPS)))]
    for n in range(6):
        calls.append(Call('POST', '/access_ip_address', Answer(200, {'id': 'i%d' % n, 'ip_address': '10.0.0.%d' % n}),
                          body={'ip_address': '10.0.0.%d' % n}))
        calls.append(Call('POST', '/billing_groups', Answer(200, {'data': {'id': 'n%d' % n, 'name': 'b%d' % n}}),
                          body={'name': 'b%d' % n}))
    calls += [Call('DELETE', '/access_ip_address/b', Answer(200, IPS[1])),
              Call('DELETE', '/billing_groups/g1', Answer(200, {'data': GROUPS[0]})),
              # the read-back of a kind whose names the API does not keep unique
              Call('GET', '/billing_groups', Answer(200, page([{'id': 'n%d' % n, 'name': 'b%d' % n}
                                                               for n in range(6)])))]
    client, session = scripted_client(calls, concurrency=4)
    account = Account(client)
    plans = account.plan({'access_ips': [item(ip_address='203.0.113.10')] + [
        item(ip_address='10.0.0.%d' % n) for n in range(6)],
        'billing_groups': [item(name='b%d' % n) for n in range(6)]}, purge=['access_ips', 'billing_groups'])
    result = account.apply(plans)
    session.done()
    writes = ['%s %s' % (w[0], w[1]) for w in session.writes]
    allowlist = [i for i, w in enumerate(writes) if 'access_ip' in w]
    others = [i for i, w in enumerate(writes) if 'billing' in w]
    assert max(allowlist) < min(others), writes
    assert writes.index('DELETE /access_ip_address/b') == max(allowlist)
    assert writes.index('DELETE /billing_groups/g1') == len(writes) - 1
    # Results keep the order of the plan, whatever order the answers came in.
    assert result['access_ips']['created'] == ['i%d' % n for n in range(6)]
    assert result['billing_groups']['created'] == ['n%d' % n for n in range(6)]


def test_the_first_failure_starts_no_new_write_and_lets_those_in_flight_finish():
    import threading
    release = threading.Event()
    calls = [Call('GET', '/billing_groups', Answer(200, page([])))]
    for name in 'abcde':
        answer = Answer(422, telnyx_error('10015', 'Invalid', pointer='/name')) if name == 'b' else \
            Answer(200, {'data': {'id': 'id-' + name, 'name': name}})
        # a and c stay in flight until b has failed and the applier has had time to see it.
        calls.append(Call('POST', '/billing_groups', answer, body={'name': name},
                          hold=release if name in 'ac' else None))
    calls.append(Call('GET', '/billing_groups', Answer(200, page([{'id': 'id-a', 'name': 'a'}, {'id': 'id-c', 'name': 'c'}]))))
    client, session = scripted_client(calls, concurrency=3, retries=0)
    account = Account(client)
    plans = account.plan({'billing_groups': [item(name=n) for n in 'abcde']})
    timer = threading.Timer(0.3, release.set)
    timer.start()
    with pytest.raises(TelnyxPartialError) as err:
        account.apply(plans)
    timer.cancel()
    sent = [w[3]['name'] for w in session.writes]
    assert sorted(sent) == ['a', 'b', 'c']  # d and e never started
    assert err.value.result['billing_groups']['created'] == ['id-a', 'id-c']
    message = str(err.value)
    assert 'Stopped at create billing_groups b: POST /billing_groups failed: HTTP 422' in message
    assert 'Already applied: create billing_groups a (id id-a), create billing_groups c (id id-c). ' in message
    assert 'Not applied: create billing_groups b, create billing_groups d, create billing_groups e.' in message
    assert [c.body['name'] for c in session.calls if c.method == 'POST'] == ['d', 'e']


def test_concurrency_one_sends_the_writes_one_at_a_time_in_phase_order(scripted):
    # The exact sequence: allowlist creates (IPs, then ranges), allowlist replaces, allowlist deletes,
    # then the other sections' creates/updates/replaces and their deletes.
    g1, g2, g3 = ('f5586561-8ff0-4291-a0ac-84fe5447970%d' % n for n in (1, 2, 3))
    group_a, group_b = {'id': g1, 'name': 'ops'}, {'id': g2, 'name': 'old'}
    client, session = scripted([
        READ_IPS, Call('GET', '/access_ip_ranges', Answer(200, page(RANGES))),
        Call('GET', '/billing_groups', Answer(200, page([group_a, group_b]))),
        Call('POST', '/access_ip_address', Answer(200, {'id': 'c', 'ip_address': '192.0.2.1'})),
        Call('POST', '/access_ip_ranges', Answer(200, {'id': 'r2', 'cidr_block': '10.0.0.0/8'})),
        Call('DELETE', '/access_ip_address/a', Answer(200, IPS[0])),
        Call('POST', '/access_ip_address', Answer(200, {'id': 'a2', 'ip_address': '203.0.113.10'})),
        Call('DELETE', '/access_ip_address/b', Answer(200, IPS[1])),
        Call('PATCH', '/billing_groups/' + g1, Answer(200, {'data': {'id': g1, 'name': 'ops2'}})),
        Call('POST', '/billing_groups', Answer(200, {'data': {'id': g3, 'name': 'new'}})),
        Call('DELETE', '/billing_groups/' + g2, Answer(200, {'data': group_b})),
        Call('GET', '/billing_groups', Answer(200, page([{'id': g1, 'name': 'ops2'}, {'id': g3, 'name': 'new'}]))),
    ])
    account = Account(client)
    assert account.concurrency == 1
    plans = account.plan({
        'access_ips': [item(ip_address='203.0.113.10', description='moved', replace=True),
                       item(ip_address='192.0.2.1')],
        'access_ip_ranges': [item(cidr_block='10.0.0.0/8')],
        'billing_groups': [item(id=g1, name='ops2'), item(name='new'), item(id=g2, state='absent')],
    }, purge=['access_ips'])
    result = account.apply(plans)
    assert result['billing_groups'] == {'created': [g3], 'updated': [g1], 'replaced': [], 'deleted': [g2],
                                        'unchanged': []}
    assert result['access_ips'] == {'created': ['c'], 'updated': [], 'replaced': ['a2'], 'deleted': ['b'],
                                    'unchanged': []}
