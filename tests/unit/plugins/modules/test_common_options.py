# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module's main() does the same way: its argument spec, the api_* options, the api_error shape."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import os

import pytest

from ansible_collections.telnyx.account.tests.unit.helpers import KEY, Answer, Call, telnyx_error
from ansible_collections.telnyx.account.tests.unit.module_runner import run_module

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
CREDENTIAL_ID = 'c0ffee00-8ff0-4291-a0ac-84fe544797bd'

# Each module with arguments that pass its own checks, and the first request that run makes.
MODULES = {
    'telnyx_access_ip': ({'ip_address': '203.0.113.10'}, 'GET', '/access_ip_address'),
    'telnyx_access_ip_info': ({}, 'GET', '/access_ip_address'),
    'telnyx_access_ip_range': ({'cidr_block': '198.51.100.0/24'}, 'GET', '/access_ip_ranges'),
    'telnyx_access_ip_range_info': ({}, 'GET', '/access_ip_ranges'),
    'telnyx_account': ({'billing_groups': [{'name': 'ops'}], 'api_concurrency': 1}, 'GET', '/billing_groups'),
    'telnyx_account_info': ({'sections': ['billing_groups']}, 'GET', '/billing_groups'),
    'telnyx_address': ({'customer_reference': 'hq', 'state': 'absent'}, 'GET', '/addresses'),
    'telnyx_address_info': ({}, 'GET', '/addresses'),
    'telnyx_address_validate': ({'street_address': '1 Main St', 'postal_code': '02134', 'country_code': 'US'},
                                'POST', '/addresses/actions/validate'),
    'telnyx_address_accept_suggestions': ({'id': '1293384261075731499'}, 'POST',
                                          '/addresses/1293384261075731499/actions/accept_suggestions'),
    'telnyx_authentication_provider': ({'short_name': 'okta', 'state': 'absent'}, 'GET', '/authentication_providers'),
    'telnyx_authentication_provider_info': ({}, 'GET', '/authentication_providers'),
    'telnyx_billing_group': ({'name': 'ops', 'state': 'absent'}, 'GET', '/billing_groups'),
    'telnyx_billing_group_info': ({}, 'GET', '/billing_groups'),
    'telnyx_integration_secret': ({'identifier': 'crm', 'state': 'absent'}, 'GET', '/integration_secrets'),
    'telnyx_integration_secret_info': ({}, 'GET', '/integration_secrets'),
    'telnyx_telephony_credential': ({'name': 'sip', 'state': 'absent'}, 'GET', '/telephony_credentials'),
    'telnyx_telephony_credential_info': ({}, 'GET', '/telephony_credentials'),
    'telnyx_telephony_credential_token': ({'credential_id': CREDENTIAL_ID}, 'GET',
                                          '/telephony_credentials/' + CREDENTIAL_ID),
}


def module_named(name):
    return importlib.import_module('ansible_collections.telnyx.account.plugins.modules.%s' % name)


def test_the_table_covers_every_module_in_the_collection():
    present = sorted(f[:-3] for f in os.listdir(os.path.join(ROOT, 'plugins', 'modules'))
                     if f.endswith('.py') and not f.startswith('_'))
    # Modules added later (managed accounts) have their own tests; every module listed here must exist.
    assert set(MODULES) <= set(present)
    missing = set(present) - set(MODULES) - set(n for n in present if n.startswith('telnyx_managed_account'))
    assert not missing, 'modules without a row in this table: %s' % sorted(missing)


@pytest.fixture(autouse=True)
def no_environment(monkeypatch):
    for name in ('TELNYX_API_KEY', 'TELNYX_API_URL', 'TELNYX_API_TIMEOUT', 'TELNYX_CA_PATH', 'TELNYX_API_CONCURRENCY',
                 'TELNYX_MANAGED_ACCOUNT_ID'):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize('name', sorted(MODULES))
def test_a_missing_key_fails_before_any_request(name):
    args = dict(MODULES[name][0], api_key='')
    result = run_module(module_named(name), args, [])
    assert result['failed'] is True
    assert 'TELNYX_API_KEY' in result['msg']
    assert 'Traceback' not in result['msg']


@pytest.mark.parametrize('name', sorted(MODULES))
def test_an_unknown_option_is_refused(name):
    result = run_module(module_named(name), dict(MODULES[name][0], no_such_option=1), [])
    assert result['failed'] is True
    assert 'no_such_option' in result['msg']


@pytest.mark.parametrize('option, value, words', [
    ('api_timeout', 0, 'api_timeout'),
    ('api_retries', 21, 'api_retries'),
    ('api_retries', -1, 'api_retries'),
    ('api_concurrency', 0, 'api_concurrency'),
    ('api_concurrency', 65, 'api_concurrency'),
    ('api_url', 'http://api.telnyx.com/v2', 'http'),
    ('api_url', 'ftp://api.telnyx.com/v2', 'api_url'),
    ('validate_certs', 'perhaps', 'validate_certs'),
])
@pytest.mark.parametrize('name', sorted(MODULES))
def test_bad_api_options_fail_before_any_request(name, option, value, words):
    args = dict(MODULES[name][0])
    args[option] = value
    result = run_module(module_named(name), args, [])
    assert result['failed'] is True
    assert words in result['msg']
    assert KEY not in result['msg']


@pytest.mark.parametrize('name', sorted(MODULES))
def test_an_api_error_fails_with_its_http_facts_and_never_the_key(name):
    args, method, path = MODULES[name]
    body = telnyx_error('10009', 'Authentication failed', detail='The API key %s is not valid' % KEY)
    result = run_module(module_named(name), args, [Call(method, path, Answer(401, body))])
    assert result['failed'] is True
    assert not result.get('changed')
    error = result['api_error']
    assert (error['method'], error['path'], error['status']) == (method, path, 401)
    assert error['fields'] == []
    assert '%s %s failed: HTTP 401' % (method, path) in result['msg']
    assert 'api_key' in result['msg'] or 'TELNYX_API_KEY' in result['msg']
    assert KEY not in str(result)


@pytest.mark.parametrize('name', sorted(MODULES))
def test_check_mode_is_supported(name):
    # In check mode modules still read (validating an address changes nothing, so it is a read too);
    # accepting suggestions is a write and is not sent.
    args, method, path = MODULES[name]
    reads = method == 'GET' or name == 'telnyx_address_validate'
    calls = [Call(method, path, Answer(403, telnyx_error('10010', 'Forbidden')))] if reads else []
    result = run_module(module_named(name), args, calls, check_mode=True)
    if reads:
        assert result['api_error']['status'] == 403
    else:
        assert result.get('failed') is not True and result['changed'] is True
