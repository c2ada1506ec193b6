# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.utils
import socket
import threading
import time

import pytest

from ansible_collections.telnyx.account.plugins.module_utils import client as client_module, transport
from ansible_collections.telnyx.account.plugins.module_utils.client import (
    MAX_RETRY_DELAY, USER_AGENT, TelnyxAPIError, TelnyxClient, TelnyxConfigError, backoff_delay,
    check_api_url, max_backoff_total, parse_retry_after,
)
from ansible_collections.telnyx.account.tests.unit.helpers import (
    BASE, KEY, Answer, Call, FakeClock, ScriptedSession, dropped, page, refused, scripted_client, telnyx_error,
    timed_out,
)
from ansible_collections.telnyx.account.plugins.module_utils.transport import ConnectFailed, Dropped, TLSFailed


def connect_timeout():
    return ConnectFailed('timeout: timed out')


HTML = '<html><body>Please log in to the proxy</body></html>'


class Highest:
    """An rng whose uniform() always gives the top of the range: the worst case of every jittered wait."""

    @staticmethod
    def uniform(low, high):
        return high


def sent_auth(session):
    return [s['headers'].get('Authorization') for s in session.sent]


# ------------------------------------------------------------------------------------------ basics
def test_get_sends_bearer_key_user_agent_and_unwraps_json():
    client, session = scripted_client([Call('GET', '/billing_groups/1', Answer(200, {'data': {'id': '1'}}))])
    assert client.get('/billing_groups/1') == {'data': {'id': '1'}}
    headers = session.sent[0]['headers']
    assert headers['Authorization'] == 'Bearer %s' % KEY
    assert headers['User-Agent'] == USER_AGENT
    assert headers['Accept'] == 'application/json'
    session.done()


def test_post_sends_json_body_and_reads_201():
    client, session = scripted_client([
        Call('POST', '/integration_secrets', Answer(201, {'data': {'id': 's1'}}), body={'identifier': 'a'})])
    response = client.request('POST', '/integration_secrets', body={'identifier': 'a'})
    assert response.status == 201
    assert response.data == {'data': {'id': 's1'}}
    assert session.sent[0]['headers']['Content-Type'] == 'application/json'
    session.done()


def test_204_gives_none_and_text_plain_gives_text_when_text_is_expected():
    client, session = scripted_client([
        Call('DELETE', '/integration_secrets/s1', Answer(204)),
        Call('POST', '/telephony_credentials/c1/token', Answer(201, text='aaa.bbb.ccc')),
    ])
    assert client.delete('/integration_secrets/s1') is None
    assert client.post('/telephony_credentials/c1/token', idempotent=True, expect='text') == 'aaa.bbb.ccc'
    session.done()


def test_every_request_has_a_timeout_and_never_follows_redirects():
    client, session = scripted_client([Call('GET', '/x', Answer(200, {}))], timeout=7)
    client.get('/x')
    assert session.sent[0]['timeout'] == 7
    session.done()


# ------------------------------------------------------------------------------------------ back-off (the function)
def test_a_503_waits_exponentially_whatever_the_rate_limit_reset_says():
    # Telnyx sends x-ratelimit-reset on every answer: with requests left it says nothing about a 503.
    headers = {'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '999', 'x-ratelimit-reset': '60'}
    assert backoff_delay(1, headers, 503, rng=Highest) == 0.5
    assert backoff_delay(2, headers, 503, rng=Highest) == 1.0
    assert backoff_delay(5, headers, 503, rng=Highest) == 8.0


@pytest.mark.parametrize('status', [500, 502, 503, 504, None])
def test_every_exponential_wait_is_capped_at_30_seconds(status):
    waits = [backoff_delay(n, {'x-ratelimit-remaining': '5', 'x-ratelimit-reset': '60'}, status, rng=Highest)
             for n in range(1, 25)]
    assert max(waits) == 30.0
    assert waits[:7] == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0]


def test_full_jitter_spreads_the_wait_between_zero_and_the_ceiling():
    waits = [backoff_delay(3) for dummy in range(2000)]
    assert min(waits) >= 0 and max(waits) <= 2.0
    assert min(waits) < 0.2 and max(waits) > 1.8  # full jitter, not a fixed wait


def test_the_rate_limit_reset_is_the_wait_on_a_429_or_when_nothing_remains():
    assert 3.0 <= backoff_delay(1, {'x-ratelimit-reset': '3'}, 429) <= 3.35
    assert 3.0 <= backoff_delay(1, {'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '3'}, 503) <= 3.35
    assert 3.0 <= backoff_delay(1, {'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '3'}, None) <= 3.35
    assert backoff_delay(1, {'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '3'}, 503, rng=Highest) == 0.5


@pytest.mark.parametrize('status', [429, 503])
def test_retry_after_is_honoured_on_429_and_503_and_capped(status):
    assert 5.0 <= backoff_delay(1, {'Retry-After': '5'}, status) <= 5.55
    assert backoff_delay(1, {'Retry-After': '3600'}, status) == MAX_RETRY_DELAY
    when = email.utils.formatdate(time.time() + 5, usegmt=True)
    assert 3.5 <= backoff_delay(1, {'retry-after': when}, status) <= 6.1


@pytest.mark.parametrize('status', [500, 502, 504])
def test_retry_after_on_other_statuses_does_not_override_backoff(status):
    assert backoff_delay(1, {'Retry-After': '50'}, status, rng=Highest) == 0.5


def test_worst_case_block_of_a_task_with_12_retries():
    assert max_backoff_total(12) == 0.5 + 1 + 2 + 4 + 8 + 16 + 6 * 30  # 211.5 s
    assert max_backoff_total(12, server_wait=3600) == 12 * MAX_RETRY_DELAY
    assert max_backoff_total(20) == 0.5 + 1 + 2 + 4 + 8 + 16 + 14 * 30


def test_parse_retry_after_reads_seconds_and_http_dates_only():
    assert parse_retry_after('7') == 7.0
    assert parse_retry_after('-3') == 0.0
    assert parse_retry_after('soon') is None
    assert parse_retry_after(None) is None


# ------------------------------------------------------------------------------------------ retries (the client)
def test_a_retried_503_with_a_60_second_reset_and_999_remaining_completes_fast():
    limits = {'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '999', 'x-ratelimit-reset': '60'}
    client, session = scripted_client([
        Call('GET', '/billing_groups', Answer(503, telnyx_error('10001', 'Unavailable'), headers=limits)),
        Call('GET', '/billing_groups', Answer(200, page([]), headers=limits)),
    ])
    client.get('/billing_groups')
    assert len(client.slept) == 1 and client.slept[0] <= 0.5
    session.done()


@pytest.mark.parametrize('method', ['GET', 'PATCH', 'DELETE'])
def test_against_a_server_answering_503_to_everything_a_request_blocks_at_most_211_s(method):
    client, session = scripted_client([Call(method, '/x', Answer(503, {}))] * 13, retries=12)
    client.rng = Highest
    with pytest.raises(TelnyxAPIError) as err:
        client.request(method, '/x', body={} if method == 'PATCH' else None)
    assert sum(client.slept) == max_backoff_total(12) == 211.5
    assert 'gave up after 13 attempts' in str(err.value)
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


def test_429_waits_for_the_reset_given_as_seconds_or_unix_time_capped():
    client, session = scripted_client([
        Call('GET', '/x', Answer(429, {}, headers={'x-ratelimit-reset': '3'})),
        Call('GET', '/x', Answer(429, {}, headers={'x-ratelimit-reset': str(int(time.time()) + 4)})),
        Call('GET', '/x', Answer(429, {}, headers={'Retry-After': '3600'})),
        Call('GET', '/x', Answer(200, {})),
    ])
    client.get('/x')
    assert 3.0 <= client.slept[0] <= 3.5
    assert 2.5 <= client.slept[1] <= 4.6
    assert client.slept[2] == MAX_RETRY_DELAY
    session.done()


def test_5xx_backoff_grows_and_gives_up_after_retries():
    calls = [Call('GET', '/billing_groups', Answer(503, telnyx_error('10001', 'Service unavailable')))] * 4
    client, session = scripted_client(calls, retries=3)
    with pytest.raises(TelnyxAPIError) as err:
        client.get('/billing_groups')
    assert len(client.slept) == 3
    assert all(0 <= s <= 0.5 * 2 ** i for i, s in enumerate(client.slept))
    assert err.value.status == 503 and err.value.uncertain
    assert 'GET /billing_groups failed: HTTP 503' in str(err.value)
    assert 'gave up after 4 attempts' in str(err.value)
    session.done()


def test_timeout_and_dropped_connection_are_retried_for_reads():
    client, session = scripted_client([
        Call('GET', '/x', Answer(raises=timed_out())),
        Call('GET', '/x', Answer(raises=dropped())),
        Call('GET', '/x', Answer(200, {'ok': True})),
    ])
    assert client.get('/x') == {'ok': True}
    assert len(client.slept) == 2
    session.done()


@pytest.mark.parametrize('answer', [
    Answer(500, telnyx_error('10001', 'Internal error')),
    Answer(503, {}),
    Answer(raises=timed_out()),
    Answer(raises=dropped()),
])
def test_a_create_that_may_have_reached_the_server_is_never_resent_blindly(answer):
    client, session = scripted_client([Call('POST', '/billing_groups', answer)])
    with pytest.raises(TelnyxAPIError) as err:
        client.post('/billing_groups', {'name': 'a'})
    assert err.value.uncertain
    assert len(session.seen) == 1
    session.done()


@pytest.mark.parametrize('method', ['POST', 'PATCH', 'DELETE', 'GET'])
@pytest.mark.parametrize('failure', [refused, connect_timeout])
def test_a_request_that_never_reached_the_server_is_retried_post_included(method, failure):
    client, session = scripted_client([
        Call(method, '/billing_groups', Answer(raises=failure())),
        Call(method, '/billing_groups', Answer(raises=failure())),
        Call(method, '/billing_groups', Answer(200, {'data': {'id': 'b'}})),
    ])
    assert client.request(method, '/billing_groups', body={'name': 'a'}).data == {'data': {'id': 'b'}}
    assert len(client.slept) == 2
    session.done()


def test_a_request_that_never_connects_fails_certain_after_the_retries():
    client, session = scripted_client([Call('POST', '/billing_groups', Answer(raises=refused()))] * 3, retries=2)
    with pytest.raises(TelnyxAPIError) as err:
        client.post('/billing_groups', {'name': 'a'})
    assert not err.value.uncertain
    assert err.value.attempts == 3
    assert 'could not connect to api.telnyx.test' in str(err.value)
    assert 'check api_url and connectivity' in str(err.value)
    session.done()


def free_port():
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


@pytest.mark.parametrize('method', ['GET', 'POST'])
def test_a_real_refused_connection_is_retried_and_reported_as_not_reaching_the_server(method):
    clock = FakeClock()
    client = TelnyxClient(KEY, 'http://127.0.0.1:%d/v2' % free_port(), retries=2, sleep=clock.sleep,
                          clock=clock.time, timeout=2)
    with pytest.raises(TelnyxAPIError) as err:
        client.request(method, '/billing_groups', body={'name': 'a'} if method == 'POST' else None)
    assert err.value.attempts == 3 and not err.value.uncertain
    assert len(clock.slept) == 2
    assert 'could not connect to 127.0.0.1' in str(err.value)


def test_a_create_is_resent_after_429_which_is_answered_before_acting():
    client, session = scripted_client([
        Call('POST', '/billing_groups', Answer(429, {}, headers={'Retry-After': '0'})),
        Call('POST', '/billing_groups', Answer(200, {'data': {'id': 'b'}})),
    ])
    assert client.post('/billing_groups', {'name': 'a'}) == {'data': {'id': 'b'}}
    session.done()


def test_client_backoff_sleeps_through_the_client():
    client, _session = scripted_client([])
    client.rng = Highest
    assert client.backoff(3) == 2.0
    assert client.backoff(1, {'Retry-After': '4'}, 503) == pytest.approx(4.45)
    assert client.slept == [2.0, pytest.approx(4.45)]


# ------------------------------------------------------------------------------------------ errors
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
    assert err.value.codes == ['10015']
    assert not err.value.uncertain
    session.done()


@pytest.mark.parametrize('body,text', [
    ({'errors': {'status': "can't update credentials in expired status"}},
     "status: can't update credentials in expired status"),
    ({'errors': {'name': ['is taken', 'is too long']}}, 'name: is taken; is too long'),
    ({'errors': ["can't update credentials in expired status"]}, "can't update credentials in expired status"),
    ({'errors': "can't update credentials in expired status"}, "can't update credentials in expired status"),
    ({'message': "can't update credentials in expired status"}, "can't update credentials in expired status"),
    ({'errors': {'code': '10015', 'title': 'Invalid value', 'detail': 'expired'}}, '10015 Invalid value: expired'),
])
def test_errors_in_any_shape_keep_their_text(body, text):
    for method in ('PATCH', 'POST'):
        client, session = scripted_client([Call(method, '/telephony_credentials/c1', Answer(422, body))])
        with pytest.raises(TelnyxAPIError) as err:
            client.request(method, '/telephony_credentials/c1', body={'name': 'x'})
        assert text in str(err.value)
        assert 'HTTP 422' in str(err.value)
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


def test_no_secret_in_any_error_message_or_error_list():
    echo = telnyx_error('10009', 'Authentication failed', 'Key %s is not valid; token tok-ABCDEF' % KEY)
    client, session = scripted_client([Call('POST', '/integration_secrets', Answer(401, echo))],
                                      secrets=['tok-ABCDEF'])
    with pytest.raises(TelnyxAPIError) as err:
        client.post('/integration_secrets', {'token': 'tok-ABCDEF'})
    shown = str(err.value) + repr(err.value.as_result())
    assert KEY not in shown and 'tok-ABCDEF' not in shown
    assert '********' in str(err.value)
    assert err.value.as_result()['codes'] == ['10009']
    assert err.value.as_result()['errors'][0]['detail'].startswith('Key ******** is not valid')
    session.done()


def test_api_error_result_shape():
    client, session = scripted_client([Call('DELETE', '/billing_groups/b1', Answer(
        422, telnyx_error('10015', 'Invalid value', 'in use', '/id')))])
    with pytest.raises(TelnyxAPIError) as err:
        client.delete('/billing_groups/b1')
    assert err.value.as_result() == {
        'method': 'DELETE', 'path': '/billing_groups/b1', 'status': 422, 'fields': ['id'], 'codes': ['10015'],
        'uncertain': False, 'attempts': 1,
        'errors': [{'code': '10015', 'title': 'Invalid value', 'detail': 'in use', 'source': {'pointer': '/id'}}]}
    session.done()


def test_non_json_error_body_still_gives_a_message():
    client, session = scripted_client([Call('GET', '/x', Answer(404, text=HTML, headers={'Content-Type': 'text/html'}))])
    with pytest.raises(TelnyxAPIError) as err:
        client.get('/x')
    assert 'GET /x failed: HTTP 404 Not Found' in str(err.value)
    session.done()


def test_a_malformed_answer_is_a_clear_uncertain_error():
    malformed = Dropped('BadStatusLine: SSH-2.0-OpenSSH_9.6')
    client, session = scripted_client([Call('POST', '/x', Answer(raises=malformed))])
    with pytest.raises(TelnyxAPIError, match=r'POST /x failed: connection failed \(BadStatusLine: SSH-2.0') as err:
        client.post('/x', {})
    assert err.value.uncertain
    session.done()


# ------------------------------------------------------------------------------------------ answers that are not the API's
@pytest.mark.parametrize('method', ['GET', 'POST', 'PATCH', 'DELETE'])
def test_a_2xx_html_page_is_an_error_never_data(method):
    client, session = scripted_client([
        Call(method, '/billing_groups', Answer(200, text=HTML, headers={'Content-Type': 'text/html; charset=utf-8'}))])
    with pytest.raises(TelnyxAPIError) as err:
        client.request(method, '/billing_groups', body={'name': 'a'} if method in ('POST', 'PATCH') else None)
    msg = str(err.value)
    assert 'text/html, not JSON' in msg and 'proxy' in msg
    assert 'log in' not in msg
    assert err.value.status == 200
    assert err.value.uncertain == (method != 'GET')
    session.done()


@pytest.mark.parametrize('answer,problem', [
    (Answer(200, text=HTML, headers={'Content-Type': 'text/html'}), 'text/html, not text/plain'),
    (Answer(200, {'data': 'x'}), 'application/json, not text/plain'),
    (Answer(200, text='x', headers={'Content-Type': ''}), 'without a content type, not text/plain'),
])
def test_a_token_answer_that_is_not_text_plain_is_an_error(answer, problem):
    client, session = scripted_client([Call('POST', '/telephony_credentials/c1/token', answer)])
    with pytest.raises(TelnyxAPIError, match=problem):
        client.post('/telephony_credentials/c1/token', idempotent=True, expect='text')
    session.done()


def test_expect_is_json_or_text_only():
    client, session = scripted_client([])
    with pytest.raises(ValueError):
        client.request('GET', '/x', expect='html')
    assert session.seen == []


def test_json_answers_are_read_whatever_the_json_media_type():
    client, session = scripted_client([
        Call('GET', '/a', Answer(200, {'a': 1}, headers={'Content-Type': 'application/vnd.api+json'})),
        Call('GET', '/b', Answer(200, text='{"b": 2}', headers={'Content-Type': ''})),
        Call('GET', '/c', Answer(200, text='{not json', headers={'Content-Type': 'application/json'})),
        Call('GET', '/d', Answer(200, text='<html/>', headers={'Content-Type': ''})),
    ])
    assert client.get('/a') == {'a': 1}
    assert client.get('/b') == {'b': 2}
    with pytest.raises(TelnyxAPIError, match='not valid JSON'):
        client.get('/c')
    with pytest.raises(TelnyxAPIError, match='no content type and is not JSON'):
        client.get('/d')
    session.done()


# ------------------------------------------------------------------------------------------ confirm_absent
def test_confirm_absent_reads_one_item_of_the_collection():
    client, session = scripted_client([
        Call('GET', '/billing_groups', Answer(200, page([{'id': 'x'}], size=1)), query={'page[size]': '1'})])
    assert client.confirm_absent('/billing_groups') is True
    session.done()


def test_confirm_absent_with_an_empty_list_is_still_absent():
    client, session = scripted_client([Call('GET', '/billing_groups', Answer(200, page([], size=1)))])
    assert client.confirm_absent('/billing_groups') is True
    session.done()


@pytest.mark.parametrize('answer', [
    Answer(404, text='404 page not found'),
    Answer(404, text=HTML, headers={'Content-Type': 'text/html'}),
    Answer(405, {}),
    Answer(200, text=HTML, headers={'Content-Type': 'text/html'}),
    Answer(200, {'data': {'id': 'x'}}),
    Answer(200, {'items': []}),
    Answer(301, headers={'Location': 'https://elsewhere.example/'}),
])
def test_confirm_absent_says_api_url_looks_wrong_on_anything_but_a_list(answer):
    client, session = scripted_client([Call('GET', '/billing_groups', answer)])
    with pytest.raises(TelnyxConfigError) as err:
        client.confirm_absent('/billing_groups')
    assert 'api_url %s looks wrong' % BASE in str(err.value)
    assert '/v2' in str(err.value)
    session.done()


@pytest.mark.parametrize('answer', [Answer(401, telnyx_error('10009', 'Auth')), Answer(503, {}),
                                    Answer(raises=timed_out())])
def test_confirm_absent_passes_other_failures_through(answer):
    client, session = scripted_client([Call('GET', '/billing_groups', answer)], retries=0)
    with pytest.raises(TelnyxAPIError):
        client.confirm_absent('/billing_groups')
    session.done()


# ------------------------------------------------------------------------------------------ api_url: one parser
@pytest.mark.parametrize('url', [
    'http://api.telnyx.com/v2', 'http://10.0.0.5:8080/v2', 'ftp://127.0.0.1/v2', 'api.telnyx.com', '', None, 42,
    'http://127.0.0.2:8080\\@localhost:1/v2',      # one parser reads localhost, another 127.0.0.2
    'http://localhost:1\\@127.0.0.2:8080/v2',
    'https://api.telnyx.com\\v2',
    'https://user:pw-secret@api.telnyx.com/v2',
    'https://pw-secret@api.telnyx.com/v2',
    'http://u:pw-secret@127.0.0.1:8/v2',
    'https://api.telnyx.com@evil.example/v2',
    'https://api.telnyx.com/v2?x=1', 'https://api.telnyx.com/v2?', 'https://api.telnyx.com/v2#frag',
    'https://api.telnyx.com/v 2', 'https://api.telnyx.com/v2\r\nX: y', 'https://api.tel\tnyx.com/v2',
    'https://api.telnyx.com:99999/v2', 'https://api.telnyx.com:port/v2', 'https:///v2',
    'https://b\u00fccher.example/v2', 'https://api\uff0etelnyx.com/v2', 'https://api%2etelnyx.com/v2',
    # Percent-escapes in the host: urllib3 1.x keeps them, 2.x decodes them; either way not a plain host.
    'https://api%2Etelnyx.com/v2', 'https://%61pi.telnyx.com/v2', 'https://api.telnyx.com%2e/v2',
    'http://[::1%25lo]:8/v2', 'https://api_telnyx.com/v2', 'https://-api.telnyx.com/v2', 'https://api..telnyx.com/v2',
])
def test_odd_urls_are_refused_before_any_request(url):
    session = ScriptedSession([])
    with pytest.raises(TelnyxConfigError) as err:
        TelnyxClient(KEY, url, transport=session)
    assert session.seen == []
    assert 'pw-secret' not in str(err.value)
    if '\\' in str(url):
        assert 'backslash' in str(err.value)
    elif '@' in str(url):
        assert 'the API key is the only credential' in str(err.value)


@pytest.mark.parametrize('url,host', [
    ('http://127.0.0.1:8765/v2', '127.0.0.1'), ('http://localhost:1/v2', 'localhost'), ('http://[::1]:8/v2', '::1'),
    ('https://api.telnyx.com/v2/', 'api.telnyx.com'), ('https://API.Telnyx.com/v2', 'api.telnyx.com'),
    ('  https://api.telnyx.com/v2  ', 'api.telnyx.com'), ('http://127.8.9.10/v2', '127.8.9.10'),
    ('https://api.telnyx.com:443/v2', 'api.telnyx.com'), ('https://api.telnyx.com./v2', 'api.telnyx.com.'),
    ('https://[2001:db8::1]:8443/v2', '2001:db8::1'), ('http://localhost/v2%20x', 'localhost'),
])
def test_loopback_http_and_https_are_accepted_and_the_host_is_the_one_the_transport_connects_to(url, host, monkeypatch):
    checked = check_api_url(url)
    assert checked == url.strip().rstrip('/')
    client = TelnyxClient(KEY, url, transport=ScriptedSession([]))
    assert client.host == host
    connected = []

    class Connection:
        def __init__(self, to, port, **kwargs):
            connected.append(to)

        def connect(self):
            raise OSError('no network in unit tests')

        def close(self):
            pass

    monkeypatch.setattr(transport.http.client, 'HTTPConnection', Connection)
    monkeypatch.setattr(transport.http.client, 'HTTPSConnection', Connection)
    with pytest.raises(transport.ConnectFailed):
        transport.Transport().request('GET', checked + '/x', timeout=1)
    assert connected == [host]


# ------------------------------------------------------------------------------------------ redirects
@pytest.mark.parametrize('status', [301, 302, 303, 307, 308])
@pytest.mark.parametrize('method', ['GET', 'POST'])
def test_a_redirect_is_never_followed_and_names_the_host(status, method):
    client, session = scripted_client([Call(method, '/telephony_credentials/c1/token', Answer(
        status, headers={'Location': 'https://evil.example:8443/collect?k=1'}))])
    with pytest.raises(TelnyxAPIError) as err:
        client.request(method, '/telephony_credentials/c1/token', body={'secret': 'tok-XYZ'}, idempotent=True)
    msg = str(err.value)
    assert 'HTTP %d' % status in msg
    assert 'to host evil.example' in msg and 'never followed' in msg
    assert 'k=1' not in msg and 'tok-XYZ' not in msg
    assert err.value.status == status and not err.value.uncertain
    assert len(session.sent) == 1
    session.done()


def test_a_relative_redirect_is_refused_too():
    client, session = scripted_client([Call('GET', '/x', Answer(302, headers={'Location': '/login'}))])
    with pytest.raises(TelnyxAPIError, match='to the same host: redirects are never followed'):
        client.get('/x')
    session.done()


# ------------------------------------------------------------------------------------------ the key is the only credential
def test_a_netrc_entry_never_replaces_the_bearer_key(tmp_path, monkeypatch):
    netrc = tmp_path / '.netrc'
    netrc.write_text('machine api.telnyx.test login someone password netrc-password\n')
    netrc.chmod(0o600)
    monkeypatch.setenv('HOME', str(tmp_path))
    monkeypatch.setenv('NETRC', str(netrc))
    client, session = scripted_client([Call('GET', '/x', Answer(200, {})), Call('POST', '/x', Answer(200, {}))])
    client.get('/x')
    client.post('/x', {}, idempotent=True)
    assert sent_auth(session) == ['Bearer %s' % KEY] * 2
    assert all(set(s['headers']) == {'Authorization', 'Accept', 'User-Agent'} | ({'Content-Type'} if s['method'] != 'GET' else set())
               for s in session.sent)
    session.done()


def test_the_key_is_sent_as_given_to_act_as_and_nothing_else_changes():
    client, session = scripted_client([Call('GET', '/x', Answer(200, {})), Call('GET', '/x', Answer(200, {}))])
    client.get('/x')
    client.act_as('KEY-of-the-managed-account-0123', 'managed account m1')
    client.get('/x')
    assert sent_auth(session) == ['Bearer %s' % KEY, 'Bearer KEY-of-the-managed-account-0123']
    session.done()


# ------------------------------------------------------------------------------------------ proxies and CA bundle
PROXY_VARS = ('HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'NO_PROXY', 'no_proxy')


@pytest.fixture
def clean_env(monkeypatch):
    for name in PROXY_VARS + ('REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize('base', ['http://127.0.0.1:8765/v2', 'http://localhost:8765/v2', 'http://[::1]:8765/v2',
                                  'https://127.0.0.1:8443/v2'])
def test_a_loopback_api_url_never_uses_a_proxy(clean_env, base):
    for name in ('HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'ALL_PROXY'):
        clean_env.setenv(name, 'http://proxy.example:3128')
    client, session = scripted_client([Call('GET', '/x', Answer(200, {}))], base=base)
    client.get('/x')
    assert session.sent[0]['proxy'] is None
    session.done()


def test_https_honours_https_proxy_and_no_proxy(clean_env):
    clean_env.setenv('HTTPS_PROXY', 'http://proxy.example:3128')
    client, session = scripted_client([Call('GET', '/x', Answer(200, {}))])
    client.get('/x')
    assert session.sent[0]['proxy'] == 'http://proxy.example:3128'
    clean_env.setenv('NO_PROXY', 'api.telnyx.test')
    client, session = scripted_client([Call('GET', '/x', Answer(200, {}))])
    client.get('/x')
    assert session.sent[0]['proxy'] is None
    session.done()


def test_ca_path_is_the_bundle_and_wins_over_requests_ca_bundle(clean_env, tmp_path, monkeypatch):
    loaded = []
    monkeypatch.setattr(client_module, 'tls_context', loaded.append)  # the bundles' contents: test_client_tls.py
    bundle, other = tmp_path / 'ca.pem', tmp_path / 'other.pem'
    bundle.write_text('-----BEGIN CERTIFICATE-----\n')
    other.write_text('-----BEGIN CERTIFICATE-----\n')
    clean_env.setenv('REQUESTS_CA_BUNDLE', str(other))
    client, session = scripted_client([Call('GET', '/x', Answer(200, {}))], ca_path=str(bundle))
    client.get('/x')
    assert session.sent[0]['verify'] == str(bundle)
    client, session = scripted_client([Call('GET', '/x', Answer(200, {}))])
    client.get('/x')
    assert session.sent[0]['verify'] == str(other)
    clean_env.delenv('REQUESTS_CA_BUNDLE')
    client, session = scripted_client([Call('GET', '/x', Answer(200, {}))])
    client.get('/x')
    assert session.sent[0]['verify'] is True
    assert loaded == [str(bundle), str(other)]  # each checked once, before any request


@pytest.mark.parametrize('source', ['ca_path', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'])
def test_a_ca_bundle_that_cannot_be_read_is_a_config_error_naming_its_source(clean_env, tmp_path, source):
    for bad, why in ((tmp_path / 'missing.pem', 'is not a readable file'),
                     (tmp_path / 'not-pem.pem', 'holds no certificate that can be loaded')):
        if bad.name == 'not-pem.pem':
            bad.write_text('this is not a certificate\n')
        kwargs = {}
        if source == 'ca_path':
            kwargs['ca_path'] = str(bad)
        else:
            clean_env.setenv(source, str(bad))
        session = ScriptedSession([])
        with pytest.raises(TelnyxConfigError) as err:
            TelnyxClient(KEY, BASE, transport=session, **kwargs)
        assert str(err.value).startswith('%s %s' % (source, bad)) and why in str(err.value)
        assert session.seen == []


def test_validate_certs_false_warns_only_for_https():
    plain = TelnyxClient(KEY, 'http://127.0.0.1:8765/v2', validate_certs=False, transport=ScriptedSession([]))
    assert plain.warnings == [] and plain.verify is False


@pytest.mark.parametrize('url', ['https://api.telnyx.com:99999/v2', 'https://api.telnyx.com:port/v2',
                                 'http://127.0.0.1:0x50/v2'])
def test_a_bad_port_is_named_as_such(url):
    with pytest.raises(TelnyxConfigError, match='has a port that is not a number from 1 to 65535'):
        check_api_url(url)


@pytest.mark.parametrize('proxy', ['https://user:pw-secret@proxy.example:3128', 'socks5://proxy.example:1080'])
def test_a_proxy_other_than_http_is_refused_before_any_request_without_its_credentials(clean_env, proxy):
    clean_env.setenv('HTTPS_PROXY', proxy)
    session = ScriptedSession([])
    with pytest.raises(TelnyxConfigError) as err:
        TelnyxClient(KEY, BASE, transport=session)
    msg = str(err.value)
    assert 'only an http:// proxy is supported' in msg and proxy.split('@')[-1].split(':')[0] in msg
    assert 'pw-secret' not in msg and 'user' not in msg
    assert session.seen == []


def test_a_connection_through_a_proxy_that_fails_names_the_proxy(clean_env):
    clean_env.setenv('HTTPS_PROXY', 'http://user:pw-secret@proxy.example:3128')
    client, session = scripted_client([Call('GET', '/x', Answer(raises=refused()))], retries=0)
    with pytest.raises(TelnyxAPIError) as err:
        client.get('/x')
    assert 'through the proxy http://proxy.example:3128' in str(err.value) and 'pw-secret' not in str(err.value)
    session.done()


def test_a_missing_ca_path_is_a_config_error(tmp_path):
    with pytest.raises(TelnyxConfigError, match='ca_path .* is not a readable file'):
        scripted_client([], ca_path=str(tmp_path / 'nope.pem'))


def test_validate_certs_false_sends_unverified_and_warns_once():
    client, session = scripted_client([Call('GET', '/x', Answer(200, {})), Call('GET', '/y', Answer(200, {}))],
                                      validate_certs=False)
    client.get('/x')
    client.get('/y')
    assert [s['verify'] for s in session.sent] == [False, False]
    assert len(client.warnings) == 1 and 'validate_certs is false' in client.warnings[0]
    assert 'api.telnyx.test' in client.warnings[0]
    session.done()


def test_tls_error_is_not_retried_and_names_ca_path_before_validate_certs():
    client, session = scripted_client([Call('GET', '/x', Answer(raises=TLSFailed('SSLCertVerificationError: unable to get local issuer certificate')))])
    with pytest.raises(TelnyxAPIError) as err:
        client.get('/x')
    msg = str(err.value)
    assert 'ca_path' in msg and 'validate_certs' in msg
    assert msg.index('ca_path') < msg.index('validate_certs')
    assert 'check api_url and connectivity' not in msg
    session.done()


# ------------------------------------------------------------------------------------------ the key
@pytest.mark.parametrize('raw', [KEY + '\n', KEY + '\r\n', '  %s\t' % KEY, '\n%s\n\n' % KEY])
def test_outer_whitespace_of_the_key_is_stripped(raw):
    session = ScriptedSession([Call('GET', '/x', Answer(200, {}))])
    client = TelnyxClient(raw, BASE, transport=session)
    client.get('/x')
    assert sent_auth(session) == ['Bearer %s' % KEY]


@pytest.mark.parametrize('raw,kind', [
    ('KEY0123 456789secret', 'a space'),
    ('KEY0123\u00a0456789secret', 'a space'),
    ('KEY0123\t456789secret', 'a control character'),
    ('KEY0123\n456789secret', 'a line break'),
    ('KEY0123\r456789secret', 'a line break'),
    ('KEY0123\x00456789secret', 'a NUL character'),
    ('KEY0123\x1b456789secret', 'a control character'),
    ('KEY0123\x7f456789secret', 'a control character'),
    ('KEY0123\u00e9456789secret', 'a non-ASCII character'),
    ('KEY0123\u200b456789secret', 'a non-ASCII character'),
])
def test_a_key_no_header_can_carry_is_refused_naming_the_kind_only(raw, kind):
    session = ScriptedSession([])
    with pytest.raises(TelnyxConfigError) as err:
        TelnyxClient(raw, BASE, transport=session)
    msg = str(err.value)
    assert kind in msg
    for start in range(len(raw) - 3):
        assert raw[start:start + 4] not in msg  # not even a part of the key
    assert session.seen == []


@pytest.mark.parametrize('key', [None, '', '  \n', 42])
def test_missing_key_is_a_clear_error(key):
    with pytest.raises(TelnyxConfigError, match='TELNYX_API_KEY'):
        TelnyxClient(key, transport=ScriptedSession([]))


# ------------------------------------------------------------------------------------------ option bounds
@pytest.mark.parametrize('kwargs,message', [
    ({'retries': 21}, 'api_retries must be between 0 and 20, not 21'),
    ({'retries': -1}, 'api_retries must be between 0 and 20, not -1'),
    ({'retries': True}, 'api_retries must be between 0 and 20'),
    ({'concurrency': 0}, 'api_concurrency must be between 1 and 64, not 0'),
    ({'concurrency': 65}, 'api_concurrency must be between 1 and 64, not 65'),
    ({'timeout': 0}, 'api_timeout must be a positive number of seconds, not 0'),
    ({'timeout': -5}, 'api_timeout must be a positive number of seconds'),
    ({'timeout': None}, 'api_timeout must be a positive number of seconds'),
])
def test_connection_options_out_of_range_are_config_errors(kwargs, message):
    with pytest.raises(TelnyxConfigError, match=message):
        TelnyxClient(KEY, BASE, transport=ScriptedSession([]), **kwargs)


@pytest.mark.parametrize('kwargs', [{'retries': 0}, {'retries': 20}, {'concurrency': 1}, {'concurrency': 64},
                                    {'timeout': 1}, {'timeout': 0.5}])
def test_connection_options_at_the_bounds_are_accepted(kwargs):
    TelnyxClient(KEY, BASE, transport=ScriptedSession([]), **kwargs)


# ------------------------------------------------------------------------------------------ pagination
def test_pagination_fetches_the_later_pages_and_keeps_page_order():
    pages = [[{'id': str(n)} for n in range(i * 2 + 1, i * 2 + 3)] for i in range(3)]
    client, session = scripted_client([
        Call('GET', '/addresses', Answer(200, page(pages[0], 1, 2, 3)),
             query={'filter[x]': 'y', 'page[number]': 1, 'page[size]': 2}),
        Call('GET', '/addresses', Answer(200, page(pages[1], 2, 2, 3)),
             query={'filter[x]': 'y', 'page[number]': 2, 'page[size]': 2}),
        Call('GET', '/addresses', Answer(200, page(pages[2][:1], 3, 2, 3)),
             query={'filter[x]': 'y', 'page[number]': 3, 'page[size]': 2}),
    ])
    items = client.paginate('/addresses', {'filter[x]': 'y'}, page_size=2)
    assert [i['id'] for i in items] == ['1', '2', '3', '4', '5']
    session.done()


def test_later_pages_are_fetched_concurrently_and_returned_in_page_order():
    # Page 2 is held until page 4 has been asked for: only concurrent fetching can finish this.
    asked_last = threading.Event()
    calls = [Call('GET', '/x', Answer(200, page([{'id': '1'}, {'id': '2'}], 1, 2, 4)), query={'page[number]': 1, 'page[size]': 2})]
    calls.append(Call('GET', '/x', Answer(200, page([{'id': '3'}, {'id': '2'}], 2, 2, 4)),
                      query={'page[number]': 2, 'page[size]': 2}, hold=asked_last))
    calls.append(Call('GET', '/x', Answer(200, page([{'id': '5'}, {'id': '6'}], 3, 2, 4)),
                      query={'page[number]': 3, 'page[size]': 2}))
    calls.append(Call('GET', '/x', Answer(200, page([{'id': '6'}, {'id': '7'}], 4, 2, 4)),
                      query={'page[number]': 4, 'page[size]': 2}, after=asked_last.set))
    client, session = scripted_client(calls, concurrency=4)
    items = client.paginate('/x', page_size=2)
    assert [i['id'] for i in items] == ['1', '2', '3', '5', '6', '7']  # page order, duplicates dropped
    assert client.pacer.peak >= 2
    session.done()


def test_pagination_default_page_size_is_250():
    client, session = scripted_client([
        Call('GET', '/x', Answer(200, page([{'id': '1'}])), query={'page[number]': 1, 'page[size]': 250})])
    assert len(client.paginate('/x')) == 1
    session.done()


def test_pagination_trusts_total_pages_when_present():
    client, session = scripted_client([
        Call('GET', '/x', Answer(200, page([{'id': '1'}], 1, 2, 2))),
        Call('GET', '/x', Answer(200, page([{'id': '2'}], 2, 2, 2))),
    ])
    assert [i['id'] for i in client.paginate('/x', page_size=2)] == ['1', '2']
    session.done()


def test_without_total_pages_pages_are_read_until_a_short_page():
    meta = {'page_number': 1, 'page_size': 2}
    client, session = scripted_client([
        Call('GET', '/x', Answer(200, {'data': [{'id': '1'}, {'id': '2'}], 'meta': meta}), query={'page[number]': 1, 'page[size]': 2}),
        Call('GET', '/x', Answer(200, {'data': [{'id': '2'}, {'id': '3'}], 'meta': meta}), query={'page[number]': 2, 'page[size]': 2}),
        Call('GET', '/x', Answer(200, {'data': [{'id': '4'}], 'meta': meta}), query={'page[number]': 3, 'page[size]': 2}),
    ])
    assert [i['id'] for i in client.paginate('/x', page_size=2)] == ['1', '2', '3', '4']
    session.done()


def test_without_meta_pages_are_read_until_an_empty_page():
    client, session = scripted_client([
        Call('GET', '/x', Answer(200, {'data': [{'id': '1'}, {'id': '2'}]})),
        Call('GET', '/x', Answer(200, {'data': [{'id': '3'}, {'id': '4'}]})),
        Call('GET', '/x', Answer(200, {'data': []})),
    ])
    assert [i['id'] for i in client.paginate('/x', page_size=2)] == ['1', '2', '3', '4']
    session.done()


def test_without_total_pages_the_served_page_size_counts_not_the_one_asked():
    served = {'page_size': 2}
    client, session = scripted_client([
        Call('GET', '/x', Answer(200, {'data': [{'id': '1'}, {'id': '2'}], 'meta': served})),
        Call('GET', '/x', Answer(200, {'data': [{'id': '3'}], 'meta': served})),
    ])
    assert [i['id'] for i in client.paginate('/x', page_size=250)] == ['1', '2', '3']
    session.done()


def test_without_meta_a_page_shorter_than_asked_ends_the_list():
    client, session = scripted_client([Call('GET', '/x', Answer(200, {'data': [{'id': '1'}], 'meta': None}))])
    assert [i['id'] for i in client.paginate('/x', page_size=2)] == ['1']
    session.done()


@pytest.mark.parametrize('body', [{'data': {'id': 1}}, {'items': []}, ['a']])
def test_pagination_fails_on_an_answer_without_a_list(body):
    client, session = scripted_client([Call('GET', '/x', Answer(200, body))])
    with pytest.raises(TelnyxAPIError, match='no list under "data"'):
        client.paginate('/x')
    session.done()


def test_pagination_fails_on_a_proxy_page_in_the_middle():
    client, session = scripted_client([
        Call('GET', '/x', Answer(200, page([{'id': '1'}], 1, 1, 3))),
        Call('GET', '/x', Answer(200, page([{'id': '2'}], 2, 1, 3))),
        Call('GET', '/x', Answer(200, text=HTML, headers={'Content-Type': 'text/html'})),
    ])
    with pytest.raises(TelnyxAPIError, match='text/html'):
        client.paginate('/x', page_size=1)
    session.done()


# ------------------------------------------------------------------------------------------ map
def test_map_returns_results_in_order_with_at_most_concurrency_calls_at_once():
    client, _session = scripted_client([], concurrency=3)
    lock = threading.Lock()
    state = {'now': 0, 'peak': 0}
    gate = threading.Barrier(3, timeout=10)

    def work(n):
        with lock:
            state['now'] += 1
            state['peak'] = max(state['peak'], state['now'])
        if n < 3:
            gate.wait()  # the first three run together, or this times out
        with lock:
            state['now'] -= 1
        return n * n

    assert client.map(work, range(10)) == [n * n for n in range(10)]
    assert state['peak'] == 3


def test_map_stops_new_work_after_the_first_failure_and_lets_running_calls_finish():
    client, _session = scripted_client([], concurrency=2)
    started = []
    slow_may_end = threading.Event()

    def work(n):
        started.append(n)
        if n == 0:
            assert slow_may_end.wait(10)
            return 'slow'
        if n == 1:
            slow_may_end.set()
            raise TelnyxAPIError('POST', '/x', status=422)
        return n

    with pytest.raises(TelnyxAPIError) as err:
        client.map(work, range(6))
    assert sorted(started) == [0, 1]
    assert err.value.completed == {0: 'slow'}
    assert err.value.not_started == [2, 3, 4, 5]


def test_map_with_one_worker_runs_in_the_calling_thread_in_order():
    client, _session = scripted_client([])
    threads = []

    def work(n):
        threads.append(threading.current_thread())
        if n == 2:
            raise ValueError('boom')
        return n

    with pytest.raises(ValueError) as err:
        client.map(work, range(5))
    assert threads == [threading.current_thread()] * 3
    assert err.value.completed == {0: 0, 1: 1} and err.value.not_started == [3, 4]
    assert client.map(lambda n: n, []) == []


# ------------------------------------------------------------------------------------------ a wrong api_url on any call
@pytest.mark.parametrize('answer', [
    Answer(404, text='404 page not found'),
    Answer(404, text=HTML, headers={'Content-Type': 'text/html'}),
    Answer(404, telnyx_error('10005', 'Resource not found')),
    Answer(404),
])
def test_a_list_answered_404_means_api_url_is_wrong(answer):
    # Telnyx lists never answer 404 (the OpenAPI documents none): the path itself is not the API's.
    client, session = scripted_client([Call('GET', '/billing_groups', answer)])
    with pytest.raises(TelnyxConfigError) as err:
        client.paginate('/billing_groups')
    assert 'api_url %s looks wrong' % BASE in str(err.value)
    assert 'GET /billing_groups answered HTTP 404' in str(err.value)
    assert 'check the id' not in str(err.value)
    session.done()


@pytest.mark.parametrize('method', ['POST', 'PATCH', 'DELETE', 'GET'])
def test_a_404_that_is_not_telnyx_s_error_points_at_api_url_too(method):
    path = '/billing_groups' if method == 'POST' else '/billing_groups/abc'
    client, session = scripted_client([Call(method, path, Answer(404, text=HTML, headers={'Content-Type': 'text/html'}))])
    with pytest.raises(TelnyxAPIError) as err:
        client.request(method, path, body={} if method in ('POST', 'PATCH') else None)
    assert 'api_url' in str(err.value) and '/v2' in str(err.value)
    session.done()


def test_a_telnyx_404_keeps_the_check_the_id_hint():
    client, session = scripted_client([Call('GET', '/billing_groups/abc',
                                            Answer(404, telnyx_error('10005', 'Resource not found')))])
    with pytest.raises(TelnyxAPIError) as err:
        client.get('/billing_groups/abc')
    assert 'check the id' in str(err.value)
    session.done()


def test_a_401_with_a_managed_account_s_key_says_whose_key_it_is():
    client, session = scripted_client([Call('GET', '/billing_groups', Answer(401, telnyx_error('10009', 'Auth')))])
    client.key_owner = 'managed account 0b0f2a6e-2d3c-4f5e-9a1b-7c8d9e0f1a2b'
    with pytest.raises(TelnyxAPIError) as err:
        client.get('/billing_groups')
    text = str(err.value)
    assert 'managed account 0b0f2a6e-2d3c-4f5e-9a1b-7c8d9e0f1a2b' in text
    assert 'disabled' in text
    assert 'check api_key or TELNYX_API_KEY' not in text
    session.done()
