# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A scripted HTTP exchange for unit tests: each expected call names method, path, query, body and the answer."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from requests.structures import CaseInsensitiveDict

from ansible_collections.telnyx.account.plugins.module_utils.client import TelnyxClient

BASE = 'https://api.telnyx.test/v2'
KEY = 'KEY0123456789secret'


class Answer:
    def __init__(self, status=200, json_body=None, text=None, headers=None, reason=None, raises=None):
        self.status = status
        self.json_body = json_body
        self.text = text
        self.headers = headers or {}
        self.reason = reason or {200: 'OK', 201: 'Created', 204: 'No Content', 401: 'Unauthorized',
                                 403: 'Forbidden', 404: 'Not Found', 422: 'Unprocessable Entity',
                                 429: 'Too Many Requests', 500: 'Internal Server Error',
                                 503: 'Service Unavailable'}.get(status, 'Status')
        self.raises = raises


class FakeResponse:
    def __init__(self, method, url, answer):
        self.status_code = answer.status
        self.reason = answer.reason
        self.url = url
        self.request = type('Req', (), {'method': method})()
        self.headers = CaseInsensitiveDict(answer.headers)
        if answer.json_body is not None:
            self.text = json.dumps(answer.json_body)
            self.headers.setdefault('Content-Type', 'application/json')
        elif answer.text is not None:
            self.text = answer.text
            self.headers.setdefault('Content-Type', 'text/plain')
        else:
            self.text = ''
        self.content = self.text.encode()

    def json(self):
        return json.loads(self.text)


class Call:
    def __init__(self, method, path, answer, query=None, body=None):
        self.method = method
        self.path = path
        self.answer = answer
        self.query = query
        self.body = body


class ScriptedSession:
    """Plays the expected calls in order and fails the test on any other call."""

    def __init__(self, calls):
        self.calls = list(calls)
        self.seen = []
        self.headers = {}

    def request(self, method, url, params=None, data=None, timeout=None, verify=None, headers=None):
        assert url.startswith(BASE), url
        path = url[len(BASE):]
        body = json.loads(data) if data else None
        query = dict((k, str(v)) for k, v in (params or {}).items())
        self.seen.append((method, path, query, body))
        assert self.calls, 'unexpected call %s %s %r %r' % (method, path, query, body)
        call = self.calls.pop(0)
        assert (method, path) == (call.method, call.path), 'expected %s %s, got %s %s' % (
            call.method, call.path, method, path)
        if call.query is not None:
            assert query == dict((k, str(v)) for k, v in call.query.items()), 'query %r != %r' % (query, call.query)
        if call.body is not None:
            assert body == call.body, 'body %r != %r' % (body, call.body)
        if call.answer.raises is not None:
            raise call.answer.raises
        return FakeResponse(method, url, call.answer)

    def done(self):
        assert not self.calls, 'calls not made: %s' % ['%s %s' % (c.method, c.path) for c in self.calls]

    @property
    def writes(self):
        return [s for s in self.seen if s[0] != 'GET']


def scripted_client(calls, retries=3, **kwargs):
    """A TelnyxClient on a ScriptedSession; sleeps are recorded in client.slept instead of waited."""
    session = ScriptedSession(calls)
    slept = []
    client = TelnyxClient(KEY, BASE, retries=retries, session=session, sleep=slept.append, **kwargs)
    client.slept = slept
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
