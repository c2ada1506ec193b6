# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulator's own behaviour: rate limits, latency, config, fault actions, 404s, realistic defaults."""

from __future__ import absolute_import, division, print_function

import http.client
import importlib.util
import json
import os
import threading
import time

import pytest

KEY = 'sim-test-key'


def load_simulator():
    path = os.path.join(os.path.dirname(__file__), 'telnyx_simulator.py')
    spec = importlib.util.spec_from_file_location('telnyx_simulator', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SIM = load_simulator()


class Answer(object):
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.text = body.decode()

    @property
    def json(self):
        return json.loads(self.text)

    def header(self, name):
        return self.headers.get(name.lower())


class Sim(object):
    """One simulator in a thread; raw HTTP (no redirect following, no retries)."""

    def __init__(self, **config):
        self.server = SIM.Server(('127.0.0.1', 0), KEY, config or None)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def raw(self, method, path, body=None, key=KEY, timeout=10):
        conn = http.client.HTTPConnection('127.0.0.1', self.port, timeout=timeout)
        headers = {'Content-Type': 'application/json'}
        if key is not None:
            headers['Authorization'] = 'Bearer %s' % key
        try:
            conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            resp = conn.getresponse()
            return Answer(resp.status, dict((k.lower(), v) for k, v in resp.getheaders()), resp.read())
        finally:
            conn.close()

    def api(self, method, path, body=None, key=KEY, timeout=10):
        return self.raw(method, '/v2' + path, body, key, timeout)

    def control(self, method, what, body=None):
        return self.raw(method, '/_sim/' + what, body, key=None).json


@pytest.fixture
def sim():
    made = Sim()
    yield made
    made.close()


def test_every_v2_answer_carries_the_rate_limit_headers(sim):
    created = sim.api('POST', '/billing_groups', {'name': 'ops'})
    answers = [created,
               sim.api('GET', '/billing_groups'),
               sim.api('GET', '/billing_groups/%s' % created.json['data']['id']),
               sim.api('GET', '/billing_groups/nope'),
               sim.api('GET', '/no_such_collection'),
               sim.api('POST', '/access_ip_address', {'ip_address': 'bad'}),
               sim.api('GET', '/billing_groups', key='wrong')]
    assert [a.status for a in answers] == [200, 200, 200, 404, 404, 422, 401]
    for answer in answers:
        assert answer.header('x-ratelimit-limit') == '10000'
        assert int(answer.header('x-ratelimit-remaining')) <= 10000
        assert 0 < int(answer.header('x-ratelimit-reset')) <= 60
    mine = [int(a.header('x-ratelimit-remaining')) for a in answers[:-1]]
    assert mine == list(range(9999, 9999 - len(mine), -1))
    assert answers[-1].header('x-ratelimit-remaining') == '9999'  # another key, another window


def test_the_limit_answers_429_with_code_10011_per_key_until_the_window_ends():
    sim = Sim(rate_limit=3, rate_window=1)
    try:
        answers = [sim.api('GET', '/billing_groups') for dummy in range(5)]
        assert [a.status for a in answers] == [200, 200, 200, 429, 429]
        assert [a.header('x-ratelimit-remaining') for a in answers] == ['2', '1', '0', '0', '0']
        assert answers[3].json == {'errors': [{'code': '10011', 'title': 'Too many requests',
                                               'detail': 'You have exceeded the maximum number of allowed requests.'}]}
        assert answers[3].header('x-ratelimit-reset') == '1'
        assert sim.api('GET', '/billing_groups', key='other').status == 401  # its own window, not limited
        log = sim.control('GET', 'log')
        assert [e['status'] for e in log] == [200, 200, 200, 429, 429, 401]
        time.sleep(1.05)
        again = sim.api('GET', '/billing_groups')
        assert again.status == 200 and again.header('x-ratelimit-remaining') == '2'
    finally:
        sim.close()


def test_config_at_run_time_and_reset_restores_the_command_line(sim):
    assert sim.control('GET', 'config') == {'latency_ms': 0, 'rate_limit': 10000, 'rate_window': 60.0, 'meta': 'full',
                                            'meta_scope': 'optional', 'pending_reads': 1, 'pending_seconds': 2.0}
    changed = sim.control('POST', 'config', {'rate_limit': 1, 'rate_window': 30})
    assert changed['rate_limit'] == 1 and changed['rate_window'] == 30
    assert [sim.api('GET', '/billing_groups').status for dummy in range(2)] == [200, 429]
    assert sim.raw('POST', '/_sim/config', {'rate_limit': -1}, key=None).status == 400
    assert sim.raw('POST', '/_sim/config', {'bogus': 1}, key=None).status == 400
    assert sim.raw('POST', '/_sim/config', {'meta': 'some'}, key=None).status == 400
    sim.control('POST', 'reset')
    assert sim.control('GET', 'config')['rate_limit'] == 10000
    assert sim.api('GET', '/billing_groups').status == 200


def test_latency_delays_each_request_without_serialising_them(sim):
    sim.control('POST', 'config', {'latency_ms': 300})
    started = time.monotonic()
    single = sim.api('GET', '/billing_groups')
    one = time.monotonic() - started
    assert single.status == 200 and one >= 0.3
    results = []
    threads = [threading.Thread(target=lambda: results.append(sim.api('GET', '/billing_groups').status))
               for dummy in range(20)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    assert results == [200] * 20
    assert elapsed < 3.0, 'twenty requests at 300 ms took %.2f s: latency serialises them' % elapsed


def test_meta_modes(sim):
    for name in ('a', 'b', 'c'):
        sim.api('POST', '/billing_groups', {'name': name})
    full = sim.api('GET', '/billing_groups?page[size]=2').json
    assert full['meta'] == {'page_number': 1, 'page_size': 2, 'total_pages': 2, 'total_results': 3}
    sim.control('POST', 'config', {'meta': 'no_total_pages'})
    second = sim.api('GET', '/billing_groups?page[size]=2&page[number]=2').json
    assert second['meta'] == {'page_number': 2, 'page_size': 2}
    sim.control('POST', 'config', {'meta': 'none'})
    answer = sim.api('GET', '/billing_groups?page[size]=2').json
    assert 'meta' not in answer and len(answer['data']) == 2
    # The access-IP and integration-secret lists require every meta field: full unless meta_scope is all.
    assert sim.api('GET', '/access_ip_address').json['meta']['total_pages'] == 0
    sim.control('POST', 'config', {'meta_scope': 'all'})
    assert 'meta' not in sim.api('GET', '/access_ip_address').json


def test_paths_outside_v2_get_a_plain_404_and_unknown_api_paths_telnyx_404(sim):
    outside = sim.raw('GET', '/billing_groups?page[size]=1')
    assert outside.status == 404 and outside.header('content-type').startswith('text/html')
    assert 'errors' not in outside.text and outside.header('x-ratelimit-limit') is None
    inside = sim.api('GET', '/billing_groupz')
    assert inside.status == 404 and inside.json['errors'][0]['code'] == '10005'
    item = sim.api('DELETE', '/access_ip_ranges/' + '0' * 8)
    assert item.status == 404 and item.json['errors'][0]['code'] == '10005'
    log = sim.control('GET', 'log')
    assert log[0]['api'] is False and log[0]['path'] == '/billing_groups' and log[0]['status'] == 404
    assert log[1]['api'] is True


def set_faults(sim, *rules):
    sim.control('POST', 'faults', {'rules': list(rules)})


def test_delayed_commit_answers_late_and_commits_later(sim):
    set_faults(sim, {'method': 'POST', 'path': '/billing_groups', 'action': 'delayed_commit',
                     'commit_after': 0.6, 'seconds': 0.3})
    started = time.monotonic()
    answer = sim.api('POST', '/billing_groups', {'name': 'late'})
    assert 0.3 <= time.monotonic() - started < 0.6
    assert answer.status == 504 and answer.json['errors'][0]['code'] == '10008'
    assert sim.api('GET', '/billing_groups').json['data'] == []
    time.sleep(0.5)
    names = [o['name'] for o in sim.api('GET', '/billing_groups').json['data']]
    assert names == ['late']
    assert sim.control('GET', 'log')[0]['commit'] == 200


def test_delayed_commit_seen_by_a_client_that_times_out(sim):
    set_faults(sim, {'method': 'POST', 'path': '/access_ip_address', 'action': 'delayed_commit',
                     'commit_after': 0.4, 'seconds': 2})
    with pytest.raises(OSError):
        sim.api('POST', '/access_ip_address', {'ip_address': '192.0.2.9'}, timeout=0.2)
    assert sim.api('GET', '/access_ip_address').json['data'] == []
    time.sleep(0.4)
    assert [o['ip_address'] for o in sim.api('GET', '/access_ip_address').json['data']] == ['192.0.2.9']


def test_delayed_commit_answers_the_commit_when_it_landed_or_drops(sim):
    set_faults(sim, {'method': 'POST', 'action': 'delayed_commit', 'commit_after': 0.05, 'seconds': 0.2},
               {'method': 'POST', 'action': 'delayed_commit', 'commit_after': 0.05, 'seconds': 0.2, 'drop': True})
    answer = sim.api('POST', '/billing_groups', {'name': 'a'})
    assert answer.status == 200 and answer.json['data']['name'] == 'a'
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        sim.api('POST', '/billing_groups', {'name': 'b'})
    assert sorted(o['name'] for o in sim.api('GET', '/billing_groups').json['data']) == ['a', 'b']
    assert [(e['status'], e['commit']) for e in sim.control('GET', 'log')[:2]] == [(200, 200), ('dropped', 200)]


@pytest.mark.parametrize('status', [301, 302, 303, 307, 308])
def test_redirects(sim, status):
    set_faults(sim, {'action': 'redirect', 'status': status, 'location': 'http://127.0.0.2:1/v2/billing_groups'})
    answer = sim.api('POST', '/billing_groups', {'name': 'x'})
    assert answer.status == status and answer.header('location') == 'http://127.0.0.2:1/v2/billing_groups'
    assert sim.control('GET', 'state')['objects']['billing_groups'] == []


def test_html_and_plain_404_faults(sim):
    set_faults(sim, {'method': 'GET', 'action': 'html'}, {'method': 'DELETE', 'action': 'not_found_plain'})
    page = sim.api('GET', '/billing_groups')
    assert page.status == 200 and page.header('content-type').startswith('text/html') and '<html>' in page.text
    made = sim.api('POST', '/billing_groups', {'name': 'x'}).json['data']
    gone = sim.api('DELETE', '/billing_groups/%s' % made['id'])
    assert gone.status == 404 and not gone.header('content-type').startswith('application/json')
    assert len(sim.control('GET', 'state')['objects']['billing_groups']) == 1


def test_status_faults_keep_their_headers_and_the_rate_headers(sim):
    set_faults(sim, {'action': 'status', 'status': 503, 'retry_after': '2'},
               {'action': 'status', 'status': 429, 'ratelimit_reset': '7'})
    first = sim.api('GET', '/billing_groups')
    assert first.status == 503 and first.header('retry-after') == '2'
    assert first.header('x-ratelimit-remaining') == '9999'
    second = sim.api('GET', '/billing_groups')
    assert second.status == 429 and second.header('x-ratelimit-reset') == '7'
    assert second.header('x-ratelimit-remaining') == '0' and second.json['errors'][0]['code'] == '10011'


def test_credential_tag_is_taken_and_filterable_but_never_answered(sim):
    made = sim.api('POST', '/telephony_credentials', {'connection_id': '7', 'name': 'desk', 'tag': 'desks'})
    assert made.status == 201 and 'tag' not in made.json['data']
    cred_id = made.json['data']['id']
    assert 'tag' not in sim.api('GET', '/telephony_credentials/%s' % cred_id).json['data']
    patched = sim.api('PATCH', '/telephony_credentials/%s' % cred_id, {'tag': 'phones', 'name': 'desk2'})
    assert patched.status == 200 and 'tag' not in patched.json['data'] and patched.json['data']['name'] == 'desk2'
    listed = sim.api('GET', '/telephony_credentials').json['data']
    assert [o['id'] for o in listed] == [cred_id] and 'tag' not in listed[0]
    assert sim.api('GET', '/telephony_credentials?filter[tag]=phones').json['data'][0]['id'] == cred_id
    assert sim.api('GET', '/telephony_credentials?filter[tag]=desks').json['data'] == []
    assert 'tag' not in sim.api('DELETE', '/telephony_credentials/%s' % cred_id).json['data']


def test_an_expired_credential_cannot_be_updated_and_says_so_in_an_error_object(sim):
    past = sim.api('POST', '/telephony_credentials', {'connection_id': '7', 'name': 'old',
                                                      'expires_at': '2020-01-01T00:00:00Z'}).json['data']
    future = sim.api('POST', '/telephony_credentials', {'connection_id': '7', 'name': 'new',
                                                        'expires_at': '2099-01-01T00:00:00Z'}).json['data']
    assert past['expired'] is True and future['expired'] is False
    refused = sim.api('PATCH', '/telephony_credentials/%s' % past['id'], {'name': 'x'})
    assert refused.status == 422
    assert refused.json == {'errors': {'status': "can't update credentials in expired status"}}
    assert sim.api('GET', '/telephony_credentials/%s' % past['id']).json['data']['name'] == 'old'
    assert sim.api('PATCH', '/telephony_credentials/%s' % future['id'], {'name': 'y'}).status == 200
    seeded = sim.control('POST', 'seed', {'telephony_credentials': [{'connection_id': '7', 'name': 's',
                                                                     '_expired': True}]})
    seeded_id = seeded['telephony_credentials'][0]
    assert sim.api('GET', '/telephony_credentials?filter[status]=expired').json['data'][-1]['id'] == seeded_id
    assert sim.api('PATCH', '/telephony_credentials/%s' % seeded_id, {'tag': 'x'}).status == 422


@pytest.mark.parametrize('collection,body,key', [
    ('/access_ip_address', {'ip_address': '192.0.2.1'}, 'ip_address'),
    ('/access_ip_ranges', {'cidr_block': '192.0.2.0/24'}, 'cidr_block'),
])
def test_new_allowlist_entries_are_pending_before_added(sim, collection, body, key):
    made = sim.api('POST', collection, body).json
    assert made['status'] == 'pending'
    assert sim.api('GET', collection).json['data'][0]['status'] == 'pending'  # the first read after
    assert sim.api('GET', collection).json['data'][0]['status'] == 'added'
    sim.control('POST', 'config', {'pending_reads': 100, 'pending_seconds': 0.3})
    second = dict(body)
    second[key] = body[key].replace('192.0.2', '198.51.100')
    made = sim.api('POST', collection, second).json
    assert made['status'] == 'pending'
    assert sim.api('GET', collection).json['data'][1]['status'] == 'pending'
    time.sleep(0.35)
    assert sim.api('GET', collection).json['data'][1]['status'] == 'added'
    seeded = sim.control('POST', 'seed', {'access_ips': [{'ip_address': '203.0.113.5'},
                                                         {'ip_address': '203.0.113.6', 'status': 'pending'}]})
    statuses = dict((o['ip_address'], o['status']) for o in sim.control('GET', 'state')['objects']['access_ips'])
    assert statuses['203.0.113.5'] == 'added' and statuses['203.0.113.6'] == 'pending'
    assert len(seeded['access_ips']) == 2


def test_an_address_without_postal_code_is_created(sim):
    body = {'first_name': 'A', 'last_name': 'B', 'business_name': 'C', 'street_address': '1 Main St',
            'locality': 'Dublin', 'country_code': 'IE'}
    made = sim.api('POST', '/addresses', body)
    assert made.status == 200 and 'postal_code' not in made.json['data']
    missing = dict(body)
    del missing['locality']
    assert sim.api('POST', '/addresses', missing).status == 422
    assert sim.api('POST', '/addresses', dict(body, postal_code='00000')).status == 422


def make_managed(sim, business, email=None, **extra):
    body = dict(business_name=business, **extra)
    if email:
        body['email'] = email
    made = sim.api('POST', '/managed_accounts', body)
    assert made.status == 200, made.text
    return made.json['data']


def test_managed_accounts_have_their_own_keys_and_their_own_objects(sim):
    acme = make_managed(sim, 'Acme Corp', 'ops@acme.example')
    beta = make_managed(sim, 'Beta LLC', 'it@beta.example', rollup_billing=True)
    listed = sim.api('GET', '/managed_accounts').json['data']
    assert sorted(a['id'] for a in listed) == sorted([acme['id'], beta['id']])
    assert all('api_key' not in a and 'api_token' not in a and 'balance' not in a for a in listed)
    got = sim.api('GET', '/managed_accounts/%s' % acme['id']).json['data']
    assert got['api_key'].startswith('KEY') and got['api_token'] and got['organization_name'] == 'Acme Corp'
    assert got['manager_account_id'] and got['api_user'] and got['record_type'] == 'managed_account'
    acme_key = got['api_key']
    beta_key = sim.api('GET', '/managed_accounts/%s' % beta['id']).json['data']['api_key']
    assert acme_key != beta_key != KEY
    # Every kind is separate per account.
    sim.api('POST', '/billing_groups', {'name': 'manager-bg'})
    sim.api('POST', '/billing_groups', {'name': 'acme-bg'}, key=acme_key)
    sim.api('POST', '/access_ip_address', {'ip_address': '192.0.2.1'}, key=beta_key)
    assert sim.api('POST', '/access_ip_address', {'ip_address': '192.0.2.1'}, key=acme_key).status == 200

    def names(key):
        return [o['name'] for o in sim.api('GET', '/billing_groups', key=key).json['data']]

    assert names(KEY) == ['manager-bg'] and names(acme_key) == ['acme-bg'] and names(beta_key) == []
    assert sim.api('GET', '/access_ip_address').json['data'] == []
    # A managed key never reaches the managed-accounts endpoints nor another account's objects.
    forbidden = sim.api('GET', '/managed_accounts', key=acme_key)
    assert forbidden.status == 403 and forbidden.json['errors'][0]['code'] == '10010'
    assert sim.api('GET', '/managed_accounts/%s' % beta['id'], key=acme_key).status == 403
    acme_bg = sim.api('GET', '/billing_groups', key=acme_key).json['data'][0]['id']
    assert sim.api('GET', '/billing_groups/%s' % acme_bg).status == 404
    assert sim.api('DELETE', '/billing_groups/%s' % acme_bg, key=beta_key).status == 404
    # Control endpoints per account; the log says whose key was used.
    state = sim.control('GET', 'state?account=%s' % acme['id'])
    assert [o['name'] for o in state['objects']['billing_groups']] == ['acme-bg']
    manager_state = sim.control('GET', 'state')
    assert [a['status'] for a in manager_state['managed_accounts']] == ['enabled', 'enabled']
    seeded = sim.control('POST', 'seed?account=%s' % beta['id'], {'billing_groups': [{'name': 'seeded'}]})
    assert names(beta_key) == ['seeded'] and len(seeded['billing_groups']) == 1
    sim.control('POST', 'reset?account=%s' % beta['id'])
    assert names(beta_key) == [] and names(acme_key) == ['acme-bg']
    assert sim.raw('GET', '/_sim/state?account=nope', key=None).status == 404
    accounts = set(e['account'] for e in sim.control('GET', 'log'))
    assert accounts == {None, acme['id'], beta['id']}


def test_a_disabled_account_key_is_refused_until_enabled(sim):
    acme = make_managed(sim, 'Acme Corp', 'ops@acme.example')
    key = sim.api('GET', '/managed_accounts/%s' % acme['id']).json['data']['api_key']
    disabled = sim.api('POST', '/managed_accounts/%s/actions/disable' % acme['id'])
    assert disabled.status == 200 and disabled.json['data']['id'] == acme['id']
    refused = sim.api('GET', '/billing_groups', key=key)
    assert refused.status == 401 and refused.json['errors'][0]['code'] == '10009'
    assert sim.api('GET', '/managed_accounts?filter[status][eq]=disabled').json['data'][0]['id'] == acme['id']
    assert sim.api('GET', '/managed_accounts?filter[status][eq]=enabled').json['data'] == []
    enabled = sim.api('POST', '/managed_accounts/%s/actions/enable' % acme['id'], {'reenable_all_connections': True})
    assert enabled.status == 200
    assert sim.api('GET', '/billing_groups', key=key).status == 200
    assert sim.api('POST', '/managed_accounts/nope/actions/disable').status == 404


def test_managed_account_create_update_and_refusals(sim):
    made = make_managed(sim, 'Acme', 'a@acme.example', managed_account_allow_custom_pricing=False)
    assert made['api_key'] and made['managed_account_allow_custom_pricing'] is False
    assert sim.api('POST', '/managed_accounts', {'email': 'x@y.example'}).status == 422  # business_name required
    assert sim.api('POST', '/managed_accounts', {'business_name': 'B', 'email': 'A@acme.example'}).status == 422
    assert sim.api('POST', '/managed_accounts', {'business_name': 'B', 'email': 'not-an-email'}).status == 422
    generated = make_managed(sim, 'No Email')
    assert '@' in generated['email']
    patched = sim.api('PATCH', '/managed_accounts/%s' % made['id'],
                      {'managed_account_allow_custom_pricing': True, 'email': 'other@acme.example'})
    assert patched.status == 200 and patched.json['data']['managed_account_allow_custom_pricing'] is True
    assert patched.json['data']['email'] == 'a@acme.example'  # only the pricing switch can change
    assert sim.api('PATCH', '/managed_accounts/nope', {}).status == 404
    wrong_type = sim.api('PATCH', '/managed_accounts/%s' % made['id'], {'managed_account_allow_custom_pricing': 'y'})
    assert wrong_type.status == 422


def test_managed_account_list_filters_sort_and_pages(sim):
    sim.control('POST', 'seed', {'managed_accounts': [
        {'business_name': 'Alpha Widgets', 'email': 'c@alpha.example'},
        {'business_name': 'Beta Gadgets', 'email': 'a@beta.example', 'status': 'disabled'},
        {'business_name': 'Gamma Widgets', 'email': 'b@gamma.example', 'status': 'cancelled'},
        {'business_name': 'Delta', 'email': 'd@delta.example', 'api_key': 'KEY-delta', 'id': 'delta-id'},
    ]})

    def emails(query):
        return [a['email'] for a in sim.api('GET', '/managed_accounts' + query).json['data']]

    assert emails('') == ['d@delta.example', 'a@beta.example', 'c@alpha.example']  # newest first, no cancelled
    assert emails('?include_cancelled_accounts=true&sort=email') == ['a@beta.example', 'b@gamma.example',
                                                                     'c@alpha.example', 'd@delta.example']
    assert emails('?sort=-email') == ['d@delta.example', 'c@alpha.example', 'a@beta.example']
    assert emails('?filter[organization_name][contains]=widGET&include_cancelled_accounts=true&sort=email') == [
        'b@gamma.example', 'c@alpha.example']
    assert emails('?filter[organization_name][eq]=Delta') == ['d@delta.example']
    assert emails('?filter[email][contains]=BETA') == ['a@beta.example']
    assert emails('?filter[email][eq]=c@alpha.example') == ['c@alpha.example']
    assert emails('?filter[status][eq]=cancelled') == ['b@gamma.example']
    assert emails('?filter[status][eq]=active&sort=email') == ['c@alpha.example', 'd@delta.example']
    assert sim.api('GET', '/managed_accounts?filter[email][contains]=ab').status == 400
    assert sim.api('GET', '/managed_accounts?sort=name').status == 400
    page = sim.api('GET', '/managed_accounts?sort=email&page[size]=2&page[number]=2').json
    assert [a['email'] for a in page['data']] == ['d@delta.example']
    assert page['meta'] == {'page_number': 2, 'page_size': 2, 'total_pages': 2, 'total_results': 3}
    assert sim.api('GET', '/billing_groups', key='KEY-delta').status == 200
    assert sim.api('GET', '/managed_accounts/delta-id').json['data']['api_key'] == 'KEY-delta'


def test_managed_account_list_filters_on_status_as_the_openapi_says(sim):
    # ListManagedAccounts: filter[status][eq] is one of all, active, enabled, cancelled, disabled, blocked; the
    # inventory plugin lists with enabled (default) or without it plus a second read with disabled.
    sim.control('POST', 'seed', {'managed_accounts': [
        {'business_name': 'On', 'email': 'on@status.example'},
        {'business_name': 'Off', 'email': 'off@status.example', 'status': 'disabled'},
        {'business_name': 'Gone', 'email': 'gone@status.example', 'status': 'cancelled'},
    ]})

    def emails(query):
        answer = sim.api('GET', '/managed_accounts?sort=email' + query)
        assert answer.status == 200, answer.text
        return [a['email'] for a in answer.json['data']]

    assert emails('') == ['off@status.example', 'on@status.example']
    assert emails('&filter[status][eq]=enabled') == ['on@status.example']
    assert emails('&filter[status][eq]=enabled&include_cancelled_accounts=true') == ['on@status.example']
    assert emails('&filter[status][eq]=disabled') == ['off@status.example']
    assert emails('&filter[status][eq]=disabled&filter[email][contains]=OFF@') == ['off@status.example']
    assert emails('&filter[status][eq]=disabled&filter[email][contains]=on@st') == []
    assert emails('&filter[status][eq]=all') == ['gone@status.example', 'off@status.example', 'on@status.example']
    assert emails('&filter[status][eq]=blocked') == []
    assert 'status' not in sim.api('GET', '/managed_accounts').json['data'][0]  # the listing carries no status
    bad = sim.api('GET', '/managed_accounts?filter[status][eq]=paused')
    assert bad.status == 400 and bad.json['errors'][0]['source'] == {'parameter': 'filter[status][eq]'}


def test_fault_rules_and_rate_limits_per_account(sim):
    acme = make_managed(sim, 'Acme', 'a@acme.example')
    key = sim.api('GET', '/managed_accounts/%s' % acme['id']).json['data']['api_key']
    set_faults(sim, {'account': acme['id'], 'action': 'status', 'status': 500, 'count': -1})
    assert sim.api('GET', '/billing_groups').status == 200
    assert sim.api('GET', '/billing_groups', key=key).status == 500
    set_faults(sim)
    sim.control('POST', 'config', {'rate_limit': 2})
    assert [sim.api('GET', '/billing_groups', key=key).status for dummy in range(3)] == [200, 200, 429]
    assert sim.api('GET', '/billing_groups').status == 200


def test_status_faults_use_telnyx_codes(sim):
    set_faults(sim, {'action': 'status', 'status': 500}, {'action': 'status', 'status': 504},
               {'action': 'status', 'status': 422, 'pointer': '/name'},
               {'action': 'status', 'status': 409, 'code': '10012', 'title': 'Duplicate resource'})
    codes = [sim.api('GET', '/billing_groups').json['errors'][0] for dummy in range(4)]
    assert [e['code'] for e in codes] == ['10007', '10008', '10015', '10012']
    assert codes[2]['source'] == {'pointer': '/name'} and codes[3]['title'] == 'Duplicate resource'
    refused = sim.api('POST', '/managed_accounts', {})
    assert refused.json['errors'][0]['code'] == '10004'  # missing required parameter
