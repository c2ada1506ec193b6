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

from ansible.module_utils import basic
from ansible.module_utils.common import warnings as ansible_warnings

from ansible_collections.telnyx.account.plugins.module_utils import module as module_utils
from ansible_collections.telnyx.account.tests.unit.helpers import BASE, KEY, FakeClock, ScriptedSession

try:
    from ansible.module_utils.testing import patch_module_args  # ansible-core 2.19 and later
except ImportError:  # ansible-core 2.15 to 2.18: the arguments are a JSON buffer in basic._ANSIBLE_ARGS
    patch_module_args = None

# Arguments every run gets unless the test gives its own: the scripted base URL and key.
API_ARGS = {'api_url': BASE, 'api_key': KEY}


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
        clock = FakeClock()
        kwargs.update(transport=session, sleep=clock.sleep, clock=clock.time)
        client = real(*args, **kwargs)
        made.append(client)
        return client

    module_utils.TelnyxClient = build
    try:
        yield made
    finally:
        module_utils.TelnyxClient = real


@contextlib.contextmanager
def module_side():
    """Run as a module process does: once controller code was imported in this test process (another test may
    have done so), ansible-core 2.19 and later send module warnings to the controller's display instead of
    the result."""
    internal = getattr(__import__('ansible.module_utils', fromlist=['_internal']), '_internal', None)
    saved = getattr(internal, 'is_controller', None)
    if saved:
        internal.is_controller = False
    try:
        yield
    finally:
        if saved:
            internal.is_controller = saved


def run_module(module, args, calls, check_mode=False, diff=False, ordered=True):
    """Run ``module.main()`` with ``args``; return its result as Ansible printed it (``failed`` on failure).

    ``calls`` is the scripted HTTP exchange (helpers.Call); every call must be made, in order unless
    ``ordered`` is false (requests in flight at once take the first call they match).
    """
    session = ScriptedSession(calls, ordered=ordered)
    # Warnings live in module-wide collections (a list before ansible-core 2.19, a dict since): start empty.
    ansible_warnings._global_warnings.clear()
    ansible_warnings._global_deprecations.clear()
    out = io.StringIO()
    with module_args(_arguments(args, check_mode, diff)), scripted_transport(session), module_side():
        with contextlib.redirect_stdout(out):
            try:
                module.main()
            except SystemExit:
                pass
            else:
                raise AssertionError('%s.main() returned without exit_json or fail_json' % module.__name__)
    text = out.getvalue()
    result = json.loads(text[text.index('{'):])
    # ansible-core 2.19 and later give each warning as a structure; the text is what a person reads.
    result['warnings'] = [w['event']['msg'] if isinstance(w, dict) else w for w in result.get('warnings', [])]
    # A scripted session fails a test by raising AssertionError inside the module; do not let it pass as a result.
    assert 'Unexpected AssertionError' not in result.get('msg', ''), result['msg']
    session.done()
    return result
