# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A scripted HTTP exchange for unit tests: each expected call names method, path, query, body and the answer.

ScriptedSession stands where the client's Transport stands and takes the same request() call: it builds the URL
as the transport does (full_url) and records what would have been sent (``session.sent``: method, url, headers,
verify, proxy, timeout), then answers as the script says, with the transport's own answer type (HTTPAnswer).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import http.client
import json
import threading

from urllib.parse import parse_qsl, urlsplit

from ansible_collections.telnyx.account.plugins.module_utils.client import TelnyxClient
from ansible_collections.telnyx.account.plugins.module_utils.transport import (
    ConnectFailed, Dropped, HTTPAnswer, TimedOut, full_url,
)

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
        """(headers, body bytes) of the answer; the headers as http.client gives them (case-insensitive)."""
        headers = http.client.HTTPMessage()
        for name, value in self.headers.items():
            headers[name] = str(value)
        if self.json_body is not None:
            if headers.get('Content-Type') is None:
                headers['Content-Type'] = 'application/json'
            return headers, json.dumps(self.json_body).encode()
        if self.text is not None:
            if headers.get('Content-Type') is None:
                headers['Content-Type'] = 'text/plain'
            return headers, self.text.encode()
        return headers, b''


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


def _query(mapping):
    return dict((k, str(v)) for k, v in (mapping or {}).items())


class ScriptedSession:
    """Plays the expected calls and fails the test on any other call.

    ``ordered`` (default): each request must be the next call of the script. Unordered (for concurrent
    requests): each request takes the first pending call it matches (method, path, and query/body when the
    call gives them), so retries of one call still get their answers in script order.
    """

    def __init__(self, calls, base=BASE, ordered=True):
        self.calls = list(calls)
        self.seen = []
        self.sent = []
        self.base = base
        self.ordered = ordered
        self.lock = threading.Lock()

    @staticmethod
    def matches(call, method, path, query, body):
        if (method, path) != (call.method, call.path):
            return False
        if call.query is not None and query != _query(call.query):
            return False
        return call.body is None or body == call.body

    def request(self, method, url, params=None, data=None, headers=None, timeout=None, verify=True, proxy=None):
        """What Transport.request() takes; returns an HTTPAnswer or raises the answer's exception."""
        url = full_url(url, params)
        assert url.split('?')[0].startswith(self.base), 'request to %s, outside %s' % (url, self.base)
        split = urlsplit(url)
        path = url.split('?')[0][len(self.base):]
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        raw = data
        if isinstance(raw, bytes):
            raw = raw.decode()
        body = json.loads(raw) if raw else None
        with self.lock:
            self.seen.append((method, path, query, body))
            self.sent.append({'method': method, 'url': url, 'headers': dict(headers or {}),
                              'verify': verify, 'proxy': proxy, 'timeout': timeout})
            assert self.calls, 'unexpected call %s %s %r %r' % (method, path, query, body)
            if self.ordered:
                call = self.calls[0]
                assert (method, path) == (call.method, call.path), 'expected %s %s, got %s %s' % (
                    call.method, call.path, method, path)
                assert call.query is None or query == _query(call.query), 'query %r != %r' % (query, call.query)
                assert call.body is None or body == call.body, 'body %r != %r' % (body, call.body)
            else:
                found = [c for c in self.calls if self.matches(c, method, path, query, body)]
                assert found, 'unexpected call %s %s %r %r' % (method, path, query, body)
                call = found[0]
            self.calls.remove(call)
        if call.after is not None:
            call.after()
        if call.hold is not None:
            assert call.hold.wait(10), 'a held call was never released'
        if call.answer.raises is not None:
            raise call.answer.raises
        answer_headers, content = call.answer.content()
        return HTTPAnswer(call.answer.status, call.answer.reason, answer_headers, content)

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
    client = TelnyxClient(KEY, base, retries=retries, transport=session, sleep=clock.sleep, clock=clock.time, **kwargs)
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
    """What the transport raises for a connection refused: the request never reached the server."""
    return ConnectFailed('ConnectionRefusedError: [Errno 111] Connection refused')


def dropped():
    """What the transport raises for an answer that never came (the server closed the connection after the
    request)."""
    return Dropped('RemoteDisconnected: Remote end closed connection without response')


def timed_out():
    """What the transport raises when no answer came within the timeout."""
    return TimedOut('read timed out (timed out)')
