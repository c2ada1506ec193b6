# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""module.run, new_client and fail: what a module run reports, with a stand-in for AnsibleModule."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.telnyx.account.plugins.module_utils import module as module_utils
from ansible_collections.telnyx.account.plugins.module_utils.errors import (
    TelnyxAPIError, TelnyxInputError, TelnyxStateError,
)
from ansible_collections.telnyx.account.tests.unit.helpers import BASE, KEY


class Ended(Exception):
    def __init__(self, how, result):
        super(Ended, self).__init__(how)
        self.how = how
        self.result = result


class FakeModule:
    """What run() uses of an AnsibleModule: params, no_log_values, warn, fail_json, exit_json."""

    def __init__(self, **params):
        self.params = dict(api_key=KEY, api_url=BASE, api_timeout=30, api_retries=5, validate_certs=True,
                           ca_path=None, api_concurrency=8, managed_account_id=None)
        self.params.update(params)
        self.no_log_values = set([KEY])
        self.warnings = []
        self.check_mode = False
        self._diff = False

    def warn(self, text):
        self.warnings.append(text)

    def fail_json(self, **result):
        raise Ended('failed', result)

    def exit_json(self, **result):
        raise Ended('exited', result)


def run(module, work):
    with pytest.raises(Ended) as ended:
        module_utils.run(module, work)
    return ended.value.how, ended.value.result


def test_a_bug_of_ours_carries_a_redacted_traceback():
    module = FakeModule()

    def work(client):
        client.add_secrets(['minted-token-value'])
        raise KeyError('%s minted-token-value' % KEY)

    how, result = run(module, work)
    assert how == 'failed'
    assert result['msg'].startswith('Unexpected KeyError in telnyx.account; please report it')
    assert 'Traceback (most recent call last)' in result['exception']
    assert 'in work' in result['exception'] and 'KeyError' in result['exception']
    shown = result['msg'] + result['exception']
    assert KEY not in shown and 'minted-token-value' not in shown
    assert '********' in result['msg']


def test_a_bug_before_the_client_exists_still_reports_redacted(monkeypatch):
    module = FakeModule()

    def broken(*args, **kwargs):
        raise RuntimeError('cannot build with %s' % KEY)

    monkeypatch.setattr(module_utils, 'TelnyxClient', broken)
    how, result = run(module, lambda client: None)
    assert how == 'failed' and 'RuntimeError' in result['msg']
    assert KEY not in result['msg'] + result['exception']


@pytest.mark.parametrize('params,message', [
    ({'api_retries': 21}, 'api_retries must be between 0 and 20, not 21'),
    ({'api_concurrency': 65}, 'api_concurrency must be between 1 and 64'),
    ({'api_concurrency': 0}, 'api_concurrency must be between 1 and 64'),
    ({'api_timeout': 0}, 'api_timeout must be a positive number of seconds'),
    ({'api_url': 'https://user:pw@api.telnyx.com/v2'}, 'the API key is the only credential'),
    ({'api_key': 'KEY with space'}, 'api_key holds a space'),
])
def test_bad_connection_options_fail_before_any_work(params, message):
    called = []
    how, result = run(FakeModule(**params), called.append)
    assert how == 'failed' and message in result['msg']
    assert called == [] and 'api_error' not in result and 'exception' not in result


def test_validate_certs_false_warns_once_per_task():
    module = FakeModule(validate_certs=False)
    how, result = run(module, lambda client: {'changed': False})
    assert how == 'exited' and result == {'changed': False}
    assert len(module.warnings) == 1 and 'validate_certs is false' in module.warnings[0]
    module = FakeModule()
    run(module, lambda client: {'changed': False})
    assert module.warnings == []


def test_an_api_error_carries_api_error_with_codes():
    def work(client):
        raise client._fail('PATCH', '/telephony_credentials/c1', status=422, reason='Unprocessable Entity',
                           errors=[{'code': '10015', 'title': 'Invalid', 'detail': 'bad %s' % KEY,
                                    'source': {'pointer': '/name'}}])

    how, result = run(FakeModule(), work)
    assert how == 'failed'
    assert result['api_error']['codes'] == ['10015']
    assert result['api_error']['fields'] == ['name']
    assert result['api_error']['status'] == 422
    assert KEY not in repr(result)


@pytest.mark.parametrize('error', [TelnyxInputError, TelnyxStateError])
def test_other_errors_are_clean_failures_redacted_of_client_secrets(error):
    def work(client):
        client.add_secrets(['sip-password-123'])
        raise error('wrong: sip-password-123')

    how, result = run(FakeModule(), work)
    assert how == 'failed' and result['msg'] == 'wrong: ********'
    assert 'exception' not in result and 'api_error' not in result


def test_a_partial_result_rides_on_the_failure():
    def work(client):
        exc = TelnyxAPIError('POST', '/billing_groups', status=500)
        exc.result = {'changed': True, 'applied': ['x']}
        raise exc

    how, result = run(FakeModule(), work)
    assert result['changed'] is True and result['applied'] == ['x'] and result['api_error']['status'] == 500
