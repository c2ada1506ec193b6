# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a module's main() as Ansible would, against a scripted HTTP exchange.

run_module() sets the module's arguments (check and diff flags included) the way the controller hands them
over, gives the client a scripted session, lets AnsibleModule print its result (so Ansible's own masking of
no_log values applies), parses that JSON and asserts every scripted call was made.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import io
import json
import threading

from ansible.module_utils import basic

from ansible_collections.telnyx.account.plugins.module_utils import module as module_utils
from ansible_collections.telnyx.account.tests.unit.helpers import BASE, KEY, FakeResponse, ScriptedSession

try:
    from ansible.module_utils.testing import patch_module_args  # ansible-core 2.19 and later
except ImportError:  # ansible-core 2.15 to 2.18: the arguments are a JSON buffer in basic._ANSIBLE_ARGS
    patch_module_args = None

# Arguments every run gets unless the test gives its own: the scripted base URL and key.
API_ARGS = {'api_url': BASE, 'api_key': KEY}


class UnorderedSession(ScriptedSession):
    """A scripted session for concurrent requests: each request takes the first expected call it matches.

    A call matches on method, path and, when the call gives them, query and body. ``hold`` maps a call's
    position in the script to a threading.Event the answer waits for, so a test can keep a write in flight.
    """

    def __init__(self, calls, hold=None):
        super(UnorderedSession, self).__init__(calls)
        self.lock = threading.Lock()
        self.hold = dict((id(calls[i]), event) for i, event in (hold or {}).items())

    @staticmethod
    def _matches(call, method, path, query, body):
        if (method, path) != (call.method, call.path):
            return False
        if call.query is not None and query != dict((k, str(v)) for k, v in call.query.items()):
            return False
        return call.body is None or body == call.body

    def request(self, method, url, params=None, data=None, timeout=None, verify=None, headers=None, **kwargs):
        assert url.startswith(BASE), url
        path = url[len(BASE):]
        body = json.loads(data) if data else None
        query = dict((k, str(v)) for k, v in (params or {}).items())
        with self.lock:
            self.seen.append((method, path, query, body))
            found = [c for c in self.calls if self._matches(c, method, path, query, body)]
            assert found, 'unexpected call %s %s %r %r' % (method, path, query, body)
            call = found[0]
            self.calls.remove(call)
        event = self.hold.get(id(call))
        if event is not None:
            assert event.wait(10), 'a held call was never released'
        if call.answer.raises is not None:
            raise call.answer.raises
        return FakeResponse(method, url, call.answer)


def _arguments(args, check_mode, diff):
    full = dict(API_ARGS)
    full.update(args)
    full['_ansible_check_mode'] = check_mode
    full['_ansible_diff'] = diff
    return full


@contextlib.contextmanager
def module_args(args):
    """Hand ``args`` to the next AnsibleModule as the controller would."""
    if patch_module_args is not None:
        with patch_module_args(args):
            yield
        return
    saved = basic._ANSIBLE_ARGS
    basic._ANSIBLE_ARGS = json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode('utf-8')
    try:
        yield
    finally:
        basic._ANSIBLE_ARGS = saved


@contextlib.contextmanager
def scripted_transport(session):
    """Every TelnyxClient the module builds talks to ``session`` and records its sleeps instead of sleeping."""
    real = module_utils.TelnyxClient
    made = []

    def build(*args, **kwargs):
        kwargs['session'] = session
        kwargs['sleep'] = lambda seconds: None
        client = real(*args, **kwargs)
        made.append(client)
        return client

    module_utils.TelnyxClient = build
    try:
        yield made
    finally:
        module_utils.TelnyxClient = real


def run_module(module, args, calls, check_mode=False, diff=False, session=None):
    """Run ``module.main()`` with ``args``; return its result as Ansible printed it (``failed`` on failure).

    ``calls`` is the scripted HTTP exchange (helpers.Call); every call must be made, in order unless ``session``
    (e.g. an UnorderedSession) says otherwise.
    """
    session = session if session is not None else ScriptedSession(calls)
    out = io.StringIO()
    with module_args(_arguments(args, check_mode, diff)), scripted_transport(session):
        with contextlib.redirect_stdout(out):
            try:
                module.main()
            except SystemExit:
                pass
            else:
                raise AssertionError('%s.main() returned without exit_json or fail_json' % module.__name__)
    text = out.getvalue()
    result = json.loads(text[text.index('{'):])
    # A scripted session fails a test by raising AssertionError inside the module; do not let it pass as a result.
    assert 'Unexpected AssertionError' not in result.get('msg', ''), result['msg']
    session.done()
    return result
