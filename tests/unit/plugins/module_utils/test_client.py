# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.utils
import time

import pytest
import requests

from ansible_collections.telnyx.account.plugins.module_utils.client import (
    MAX_RETRY_DELAY, USER_AGENT, TelnyxAPIError, TelnyxClient, TelnyxConfigError, check_api_url, parse_retry_after,
)
from ansible_collections.telnyx.account.tests.unit.helpers import (
    KEY, Answer, Call, ScriptedSession, page, scripted_client, telnyx_error,
)


def test_get_sends_bearer_key_user_agent_and_unwraps_json():
    client, session = scripted_client([Call('GET', '/billing_groups/1', Answer(200, {'data': {'id': '1'}}))])
    assert client.get('/billing_groups/1') == {'data': {'id': '1'}}
    assert session.headers['Authorization'] == 'Bearer %s' % KEY
    assert session.headers['User-Agent'] == USER_AGENT
    session.done()


def test_post_sends_json_body_and_reads_201():
    client, session = scripted_client([
        Call('POST', '/integration_secrets', Answer(201, {'data': {'id': 's1'}}), body={'identifier': 'a'})])
    response = client.request('POST', '/integration_secrets', body={'identifier': 'a'})
    assert response.status == 201
    assert response.data == {'data': {'id': 's1'}}
    session.done()


def test_204_gives_none_and_text_plain_gives_text():
    client, session = scripted_client([
        Call('DELETE', '/integration_secrets/s1', Answer(204)),
        Call('POST', '/telephony_credentials/c1/token', Answer(201, text='aaa.bbb.ccc')),
    ])
    assert client.delete('/integration_secrets/s1') is None
    assert client.post('/telephony_credentials/c1/token', idempotent=True) == 'aaa.bbb.ccc'
    session.done()


def test_429_is_retried_after_the_retry_after_seconds():
    client, session = scripted_client([
        Call('GET', '/access_ip_address',
             Answer(429, telnyx_error('10011', 'Too many requests'), headers={'Retry-After': '2'})),
        Call('GET', '/access_ip_address', Answer(200, page([]))),
    ])
    client.get('/access_ip_address')
    assert len(client.slept) == 1
    assert 2.0 <= client.slept[0] <= 2.5
    session.done()


def test_retry_after_as_http_date_and_ratelimit_reset():
    when = email.utils.formatdate(time.time() + 5, usegmt=True)
    assert 3.5 <= parse_retry_after(when) <= 5.5
    client, session = scripted_client([
        Call('GET', '/x', Answer(429, {}, headers={'x-ratelimit-reset': '3'})),
        Call('GET', '/x', Answer(429, {}, headers={'Retry-After': when})),
        Call('GET', '/x', Answer(200, {})),
    ])
    client.get('/x')
    assert 3.0 <= client.slept[0] <= 3.5
    assert 3.5 <= client.slept[1] <= 6.0
    session.done()


def test_ratelimit_reset_as_unix_time_and_cap():
    client, session = scripted_client([
        Call('GET', '/x', Answer(429, {}, headers={'x-ratelimit-reset': str(int(time.time()) + 4)})),
        Call('GET', '/x', Answer(429, {}, headers={'Retry-After': '3600'})),
        Call('GET', '/x', Answer(200, {})),
    ])
    client.get('/x')
    assert 2.5 <= client.slept[0] <= 4.6
    assert client.slept[1] == MAX_RETRY_DELAY
    session.done()


def test_5xx_backoff_grows_and_gives_up_after_retries():
    calls = [Call('GET', '/billing_groups', Answer(503, telnyx_error('10001', 'Service unavailable')))] * 4
    client, session = scripted_client(calls, retries=3)
    with pytest.raises(TelnyxAPIError) as err:
        client.get('/billing_groups')
    assert len(client.slept) == 3
    assert all(0 <= s <= 0.5 * 2 ** i for i, s in enumerate(client.slept))
    assert err.value.status == 503
    assert 'GET /billing_groups failed: HTTP 503' in str(err.value)
    assert 'gave up after 4 attempts' in str(err.value)
    session.done()


def test_timeout_and_dropped_connection_are_retried_for_reads():
    client, session = scripted_client([
        Call('GET', '/x', Answer(raises=requests.exceptions.ReadTimeout())),
        Call('GET', '/x', Answer(raises=requests.exceptions.ConnectionError())),
        Call('GET', '/x', Answer(200, {'ok': True})),
    ])
    assert client.get('/x') == {'ok': True}
    assert len(client.slept) == 2
    session.done()


@pytest.mark.parametrize('answer', [
    Answer(500, telnyx_error('10001', 'Internal error')),
    Answer(503, {}),
    Answer(raises=requests.exceptions.ReadTimeout()),
    Answer(raises=requests.exceptions.ConnectionError()),
])
def test_a_create_is_never_resent_blindly(answer):
    client, session = scripted_client([Call('POST', '/billing_groups', answer)])
    with pytest.raises(TelnyxAPIError) as err:
        client.post('/billing_groups', {'name': 'a'})
    assert err.value.uncertain
    assert len(session.seen) == 1
    session.done()


def test_a_create_is_resent_after_429_which_is_answered_before_acting():
    client, session = scripted_client([
        Call('POST', '/billing_groups', Answer(429, {}, headers={'Retry-After': '0'})),
        Call('POST', '/billing_groups', Answer(200, {'data': {'id': 'b'}})),
    ])
    assert client.post('/billing_groups', {'name': 'a'}) == {'data': {'id': 'b'}}
    session.done()


def test_422_and_4xx_are_not_retried_and_name_the_field():
    client, session = scripted_client([Call('POST', '/access_ip_address', Answer(
        422, telnyx_error('10015', 'Invalid value', 'ip_address must be valid.', '/ip_address')))])
    with pytest.raises(TelnyxAPIError) as err:
        client.post('/access_ip_address', {'ip_address': 'x'})
    msg = str(err.value)
    assert msg.startswith('POST /access_ip_address failed: HTTP 422')
    assert '10015 Invalid value: ip_address must be valid' in msg
    assert '(field: ip_address)' in msg
    assert err.value.fields == ['ip_address']
    assert not err.value.uncertain
    session.done()


@pytest.mark.parametrize('status,hint', [
    (401, 'check api_key or TELNYX_API_KEY'),
    (403, 'permissions'),
    (404, 'no such object'),
    (429, 'raise api_retries'),
])
def test_each_status_gets_an_actionable_hint(status, hint):
    calls = [Call('GET', '/billing_groups', Answer(status, telnyx_error('1', 'Nope')))]
    if status == 429:
        calls = calls * 3
    client, session = scripted_client(calls, retries=2)
    with pytest.raises(TelnyxAPIError) as err:
        client.get('/billing_groups')
    assert hint in str(err.value)
    assert 'GET /billing_groups failed: HTTP %d' % status in str(err.value)
    session.done()


def test_no_secret_in_any_error_message():
    echo = telnyx_error('10009', 'Authentication failed', 'Key %s is not valid; token tok-ABCDEF' % KEY)
    client, session = scripted_client([Call('POST', '/integration_secrets', Answer(401, echo))],
                                      secrets=['tok-ABCDEF'])
    with pytest.raises(TelnyxAPIError) as err:
        client.post('/integration_secrets', {'token': 'tok-ABCDEF'})
    assert KEY not in str(err.value)
    assert 'tok-ABCDEF' not in str(err.value)
    assert '********' in str(err.value)
    session.done()


def test_non_json_error_body_still_gives_a_message():
    client, session = scripted_client([Call('GET', '/x', Answer(404, text='<html>nope</html>'))])
    with pytest.raises(TelnyxAPIError) as err:
        client.get('/x')
    assert 'GET /x failed: HTTP 404 Not Found' in str(err.value)
    session.done()


def test_pagination_follows_total_pages():
    client, session = scripted_client([
        Call('GET', '/addresses', Answer(200, page([{'id': '1'}, {'id': '2'}], 1, 2, 3)),
             query={'filter[x]': 'y', 'page[number]': 1, 'page[size]': 2}),
        Call('GET', '/addresses', Answer(200, page([{'id': '3'}, {'id': '4'}], 2, 2, 3)),
             query={'filter[x]': 'y', 'page[number]': 2, 'page[size]': 2}),
        Call('GET', '/addresses', Answer(200, page([{'id': '5'}], 3, 2, 3)),
             query={'filter[x]': 'y', 'page[number]': 3, 'page[size]': 2}),
    ])
    items = client.paginate('/addresses', {'filter[x]': 'y'}, page_size=2)
    assert [i['id'] for i in items] == ['1', '2', '3', '4', '5']
    session.done()


def test_pagination_default_page_size_is_250():
    client, session = scripted_client([
        Call('GET', '/x', Answer(200, page([{'id': '1'}])), query={'page[number]': 1, 'page[size]': 250})])
    assert len(client.paginate('/x')) == 1
    session.done()


def test_pagination_stops_on_short_page_even_if_meta_claims_more():
    client, session = scripted_client([
        Call('GET', '/x', Answer(200, page([{'id': '1'}], 1, 2, 9))),
    ])
    assert len(client.paginate('/x', page_size=2)) == 1
    session.done()


def test_pagination_stops_without_meta_and_skips_repeated_items():
    client, session = scripted_client([
        Call('GET', '/x', Answer(200, page([{'id': '1'}, {'id': '2'}], 1, 2, 2))),
        Call('GET', '/x', Answer(200, {'data': [{'id': '2'}, {'id': '3'}]})),
    ])
    assert [i['id'] for i in client.paginate('/x', page_size=2)] == ['1', '2', '3']
    session.done()


def test_pagination_fails_on_an_answer_without_a_list():
    client, session = scripted_client([Call('GET', '/x', Answer(200, {'data': {'id': 1}}))])
    with pytest.raises(TelnyxAPIError, match='no list under "data"'):
        client.paginate('/x')
    session.done()


@pytest.mark.parametrize('url', ['http://api.telnyx.com/v2', 'http://10.0.0.5:8080/v2', 'ftp://127.0.0.1/v2', 'api.telnyx.com'])
def test_clear_text_or_odd_urls_are_refused_before_any_request(url):
    session = ScriptedSession([])
    with pytest.raises(TelnyxConfigError):
        TelnyxClient(KEY, url, session=session)
    assert session.seen == []


@pytest.mark.parametrize('url', ['http://127.0.0.1:8765/v2', 'http://localhost:1/v2', 'http://[::1]:8/v2',
                                 'https://api.telnyx.com/v2/'])
def test_loopback_http_and_https_are_accepted(url):
    assert check_api_url(url) == url.rstrip('/')


@pytest.mark.parametrize('key', [None, ''])
def test_missing_key_is_a_clear_error(key):
    with pytest.raises(TelnyxConfigError, match='TELNYX_API_KEY'):
        TelnyxClient(key, session=ScriptedSession([]))


def test_tls_error_is_not_retried_and_names_validate_certs():
    client, session = scripted_client([Call('GET', '/x', Answer(raises=requests.exceptions.SSLError()))])
    with pytest.raises(TelnyxAPIError, match='validate_certs'):
        client.get('/x')
    session.done()


def test_any_other_requests_failure_is_a_clear_error():
    client, session = scripted_client([Call('GET', '/x', Answer(raises=requests.exceptions.TooManyRedirects()))])
    with pytest.raises(TelnyxAPIError, match=r'GET /x failed: request failed \(TooManyRedirects\)'):
        client.get('/x')
    session.done()
