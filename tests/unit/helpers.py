# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A scripted HTTP exchange for unit tests: each expected call names method, path, query, body and the answer.

ScriptedSession is a real requests.Session whose transport adapter plays the script: everything requests does
before and after the wire (auth, ~/.netrc, URL userinfo, proxies, CA bundle, redirects, hooks) really runs, and
the adapter records what would have been sent (``session.sent``: method, url, headers, verify, proxies, timeout).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import threading

from urllib.parse import parse_qsl, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from ansible_collections.telnyx.account.plugins.module_utils.client import TelnyxClient

BASE = 'https://api.telnyx.test/v2'
KEY = 'KEY0123456789secret'

REASONS = {200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found',
           303: 'See Other', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 401: 'Unauthorized',
           403: 'Forbidden', 404: 'Not Found', 422: 'Unprocessable Entity', 429: 'Too Many Requests',
           500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout'}


class Answer:
    """What the server answers: a status with a JSON body, a text body (text/plain unless headers say), or an
    exception (``raises``) that the transport raises instead of answering."""

    def __init__(self, status=200, json_body=None, text=None, headers=None, reason=None, raises=None):
        self.status = status
        self.json_body = json_body
        self.text = text
        self.headers = headers or {}
        self.reason = reason or REASONS.get(status, 'Status')
        self.raises = raises

    def content(self):
        """(headers, body bytes) of the answer."""
        headers = CaseInsensitiveDict(self.headers)
        if self.json_body is not None:
            headers.setdefault('Content-Type', 'application/json')
            return headers, json.dumps(self.json_body).encode()
        if self.text is not None:
            headers.setdefault('Content-Type', 'text/plain')
            return headers, self.text.encode()
        return headers, b''


class FakeResponse:
    """A stand-in for requests.Response (for sessions that answer without the requests machinery)."""

    def __init__(self, method, url, answer):
        self.status_code = answer.status
        self.reason = answer.reason
        self.url = url
        self.request = type('Req', (), {'method': method})()
        self.headers, self.content = answer.content()
        self.text = self.content.decode()

    def json(self):
        return json.loads(self.text)


class Call:
    """One expected request and its answer. ``hold``: a threading.Event the answer waits for (to keep a request
    in flight); ``after``: a callable run once the request is recorded, before the answer (e.g. to set an Event)."""

    def __init__(self, method, path, answer, query=None, body=None, hold=None, after=None):
        self.method = method
        self.path = path
        self.answer = answer
        self.query = query
        self.body = body
        self.hold = hold
        self.after = after


def real_response(request, answer):
    """A requests.Response for ``answer`` to the prepared ``request``."""
    resp = requests.Response()
    resp.status_code = answer.status
    resp.reason = answer.reason
    resp.headers, resp._content = answer.content()
    resp._content_consumed = True
    resp.encoding = 'utf-8'
    resp.url = request.url
    resp.request = request
    return resp


class ScriptedAdapter(BaseAdapter):
    """The transport of a ScriptedSession: plays the script instead of opening a connection."""

    def __init__(self, session):
        super(ScriptedAdapter, self).__init__()
        self.session = session

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        return self.session.play(request, timeout=timeout, verify=verify, proxies=proxies)

    def close(self):
        pass


def _query(mapping):
    return dict((k, str(v)) for k, v in (mapping or {}).items())


class ScriptedSession(requests.Session):
    """Plays the expected calls and fails the test on any other call.

    ``ordered`` (default): each request must be the next call of the script. Unordered (for concurrent
    requests): each request takes the first pending call it matches (method, path, and query/body when the
    call gives them), so retries of one call still get their answers in script order.
    """

    def __init__(self, calls, base=BASE, ordered=True):
        super(ScriptedSession, self).__init__()
        self.calls = list(calls)
        self.seen = []
        self.sent = []
        self.base = base
        self.ordered = ordered
        self.lock = threading.Lock()
        adapter = ScriptedAdapter(self)
        self.mount('https://', adapter)
        self.mount('http://', adapter)

    @staticmethod
    def matches(call, method, path, query, body):
        if (method, path) != (call.method, call.path):
            return False
        if call.query is not None and query != _query(call.query):
            return False
        return call.body is None or body == call.body

    def play(self, request, timeout=None, verify=None, proxies=None):
        url = request.url
        assert url.split('?')[0].startswith(self.base), 'request to %s, outside %s' % (url, self.base)
        split = urlsplit(url)
        path = url.split('?')[0][len(self.base):]
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        raw = request.body
        if isinstance(raw, bytes):
            raw = raw.decode()
        body = json.loads(raw) if raw else None
        with self.lock:
            self.seen.append((request.method, path, query, body))
            self.sent.append({'method': request.method, 'url': url, 'headers': dict(request.headers),
                              'verify': verify, 'proxies': dict(proxies or {}), 'timeout': timeout})
            assert self.calls, 'unexpected call %s %s %r %r' % (request.method, path, query, body)
            if self.ordered:
                call = self.calls[0]
                assert (request.method, path) == (call.method, call.path), 'expected %s %s, got %s %s' % (
                    call.method, call.path, request.method, path)
                assert call.query is None or query == _query(call.query), 'query %r != %r' % (query, call.query)
                assert call.body is None or body == call.body, 'body %r != %r' % (body, call.body)
            else:
                found = [c for c in self.calls if self.matches(c, request.method, path, query, body)]
                assert found, 'unexpected call %s %s %r %r' % (request.method, path, query, body)
                call = found[0]
            self.calls.remove(call)
        if call.after is not None:
            call.after()
        if call.hold is not None:
            assert call.hold.wait(10), 'a held call was never released'
        if call.answer.raises is not None:
            raise call.answer.raises
        return real_response(request, call.answer)

    def done(self):
        assert not self.calls, 'calls not made: %s' % ['%s %s' % (c.method, c.path) for c in self.calls]

    @property
    def writes(self):
        return [s for s in self.seen if s[0] != 'GET']


class FakeClock:
    """A scripted clock: sleep() records the wait and moves time on at once (thread-safe)."""

    def __init__(self, start=1000.0):
        self.now = start
        self.slept = []
        self.lock = threading.Lock()

    def time(self):
        with self.lock:
            return self.now

    def sleep(self, seconds):
        with self.lock:
            self.slept.append(seconds)
            self.now += max(0.0, seconds)


def scripted_client(calls, retries=3, base=BASE, ordered=None, clock=None, **kwargs):
    """A TelnyxClient on a ScriptedSession and a FakeClock: sleeps are recorded in client.slept, never waited.

    Unordered matching is the default when ``concurrency`` > 1.
    """
    if ordered is None:
        ordered = kwargs.get('concurrency', 1) <= 1
    session = ScriptedSession(calls, base=base, ordered=ordered)
    clock = clock or FakeClock()
    client = TelnyxClient(KEY, base, retries=retries, session=session, sleep=clock.sleep, clock=clock.time, **kwargs)
    client.slept = clock.slept
    client.clock = clock
    return client, session


def page(items, number=1, size=250, total_pages=1):
    body = {'data': items, 'meta': {'page_number': number, 'page_size': size, 'total_pages': total_pages,
                                    'total_results': len(items)}}
    return body


def telnyx_error(code, title, detail=None, pointer=None):
    err = {'code': code, 'title': title}
    if detail:
        err['detail'] = detail
    if pointer:
        err['source'] = {'pointer': pointer}
    return {'errors': [err]}


def refused():
    """The requests exception of a connection refused: the request never reached the server."""
    from urllib3.exceptions import MaxRetryError, NewConnectionError
    reason = NewConnectionError(None, 'Failed to establish a new connection: [Errno 111] Connection refused')
    return requests.exceptions.ConnectionError(MaxRetryError(None, '/v2', reason=reason))


def dropped():
    """The requests exception of an answer that never came (the server closed the connection after the request)."""
    from http.client import RemoteDisconnected
    from urllib3.exceptions import ProtocolError
    cause = RemoteDisconnected('Remote end closed connection without response')
    return requests.exceptions.ConnectionError(ProtocolError('Connection aborted.', cause))
