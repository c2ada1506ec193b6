# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Optional: the simulator's answers checked against the Telnyx OpenAPI documents.

TELNYX_OPENAPI_SPEC names the account-access extract; TELNYX_MANAGED_OPENAPI_SPEC the managed-accounts one
(default: managed-accounts.openapi.yaml beside the first). The documents are not part of this repository;
without them the tests here are skipped.
"""

from __future__ import absolute_import, division, print_function

import importlib.util
import json
import os
import re
import threading
import http.client
import urllib.parse

import pytest

SPEC_PATH = os.environ.get('TELNYX_OPENAPI_SPEC')
MANAGED_SPEC_PATH = os.environ.get('TELNYX_MANAGED_OPENAPI_SPEC') or (
    os.path.join(os.path.dirname(SPEC_PATH), 'managed-accounts.openapi.yaml') if SPEC_PATH else None)
needs_spec = pytest.mark.skipif(not SPEC_PATH or not os.path.exists(SPEC_PATH or ''),
                                reason='set TELNYX_OPENAPI_SPEC to an OpenAPI file to run these')
needs_managed_spec = pytest.mark.skipif(not MANAGED_SPEC_PATH or not os.path.exists(MANAGED_SPEC_PATH or ''),
                                        reason='set TELNYX_MANAGED_OPENAPI_SPEC (or TELNYX_OPENAPI_SPEC beside it)')
KEY = 'conformance-key'


def load_simulator():
    path = os.path.join(os.path.dirname(__file__), 'telnyx_simulator.py')
    spec = importlib.util.spec_from_file_location('telnyx_simulator', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_yaml(path):
    import yaml
    with open(path) as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope='module')
def spec():
    return load_yaml(SPEC_PATH)


@pytest.fixture(scope='module')
def managed_spec():
    return load_yaml(MANAGED_SPEC_PATH)


@pytest.fixture(scope='module')
def base_url():
    sim = load_simulator()
    server = sim.Server(('127.0.0.1', 0), KEY)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield 'http://127.0.0.1:%d' % server.server_address[1]
    server.shutdown()


def resolve(node, root):
    """The schema with every local $ref replaced by what it points at."""
    if isinstance(node, dict):
        if '$ref' in node:
            target = root
            for part in node['$ref'].lstrip('#/').split('/'):
                target = target[part]
            merged = dict(resolve(target, root))
            merged.update((k, resolve(v, root)) for k, v in node.items() if k != '$ref')
            return merged
        return dict((k, resolve(v, root)) for k, v in node.items())
    if isinstance(node, list):
        return [resolve(v, root) for v in node]
    return node


def exchange(base_url, method, path, body=None, headers=None):
    """One HTTP exchange with the simulator: (status, content type, text), whatever the status."""
    split = urllib.parse.urlsplit(base_url)
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=30)
    try:
        conn.request(method, split.path + path, body=json.dumps(body) if body is not None else None,
                     headers=dict(headers or {}, **{'Content-Type': 'application/json'}))
        answer = conn.getresponse()
        return answer.status, answer.getheader('Content-Type', ''), answer.read().decode()
    finally:
        conn.close()


def call(base_url, method, path, body=None, key=KEY):
    return exchange(base_url, method, '/v2' + path, body, {'Authorization': 'Bearer %s' % key})


def check(spec, method, template, status, content_type, text):
    """Validate one answer against the response the document declares for it."""
    import jsonschema
    operation = spec['paths'][template][method.lower()]
    responses = operation['responses']
    assert str(status) in responses or 'default' in responses, '%s %s answered %s, not in the document' % (
        method, template, status)
    declared = resolve(responses.get(str(status)) or responses['default'], spec)
    content = declared.get('content') or {}
    if not content:
        return
    media = content_type.split(';')[0]
    assert media in content, '%s %s %s: %s not declared (%s)' % (method, template, status, media, list(content))
    if media == 'application/json':
        schema = content[media].get('schema')
        if schema:
            instance = json.loads(text)
            jsonschema.validate(instance, schema, cls=jsonschema.Draft202012Validator)
            extra = undeclared(instance, schema) if status < 300 else []  # error bodies are loosely documented
            assert not extra, '%s %s %s answers fields the document does not declare: %s' % (
                method, template, status, extra)


def declared_in_parts(key, schema):
    return any('properties' in part and key in part['properties'] for part in schema.get('allOf', []))


def undeclared(instance, schema, where=''):
    """Paths of the fields in instance that the schema does not declare (where it lists its properties):
    a field the API does not return must not be answered (e.g. a credential's tag)."""
    found = []
    if not isinstance(schema, dict):
        return found
    for part in schema.get('allOf', []):
        found.extend(undeclared(instance, part, where))
    if isinstance(instance, dict) and 'properties' in schema:
        props = schema['properties']
        for key, value in instance.items():
            if key in props:
                found.extend(undeclared(value, props[key], '%s/%s' % (where, key)))
            elif not schema.get('additionalProperties') and not declared_in_parts(key, schema):
                found.append('%s/%s' % (where, key))
    if isinstance(instance, list) and isinstance(schema.get('items'), dict):
        for index, value in enumerate(instance):
            found.extend(undeclared(value, schema['items'], '%s/%d' % (where, index)))
    return found


ADDRESS = {'first_name': 'A', 'last_name': 'B', 'business_name': 'C', 'street_address': '1 Main St',
           'locality': 'Chicago', 'postal_code': '60654', 'country_code': 'US', 'customer_reference': 'ref'}
SETTINGS = {'idp_entity_id': 'https://i/e', 'idp_sso_target_url': 'https://i/s', 'idp_cert_fingerprint': 'AA'}


@needs_spec
def test_every_collection_answers_in_the_documented_shapes(spec, base_url):
    plan = [
        ('/access_ip_address', '/access_ip_address/{access_ip_address_id}', {'ip_address': '192.0.2.1'}, True),
        ('/access_ip_ranges', '/access_ip_ranges/{access_ip_range_id}', {'cidr_block': '192.0.2.0/24'}, False),
        ('/addresses', '/addresses/{id}', ADDRESS, True),
        ('/authentication_providers', '/authentication_providers/{id}',
         {'name': 'Okta', 'short_name': 'okta', 'settings': SETTINGS}, True),
        ('/billing_groups', '/billing_groups/{id}', {'name': 'ops'}, True),
        ('/integration_secrets', '/integration_secrets/{id}',
         {'identifier': 'crm', 'type': 'bearer', 'token': 'tok'}, False),
        ('/telephony_credentials', '/telephony_credentials/{id}',
         {'connection_id': '1', 'name': 'n', 'tag': 't', 'expires_at': '2099-01-01T00:00:00Z'}, True),
    ]
    checked = 0
    for collection, item, body, has_get in plan:
        status, ctype, text = call(base_url, 'POST', collection, body)
        check(spec, 'POST', collection, status, ctype, text)
        created = json.loads(text)
        obj_id = created.get('data', created)['id']
        status, ctype, text = call(base_url, 'GET', collection + '?page[size]=250')
        check(spec, 'GET', collection, status, ctype, text)
        if has_get:
            status, ctype, text = call(base_url, 'GET', '%s/%s' % (collection, obj_id))
            check(spec, 'GET', item, status, ctype, text)
        if 'patch' in spec['paths'][item]:
            status, ctype, text = call(base_url, 'PATCH', '%s/%s' % (collection, obj_id), {'name': 'renamed'})
            check(spec, 'PATCH', item, status, ctype, text)
        if collection == '/telephony_credentials':
            status, ctype, text = call(base_url, 'POST', '%s/%s/token' % (collection, obj_id))
            assert status == 201 and ctype.startswith('text/plain') and re.match(r'^[\w-]+\.[\w-]+\.[\w-]+$', text)
            check(spec, 'POST', '/telephony_credentials/{id}/token', status, ctype, text)
        if collection == '/addresses':
            for expected in (202, 200):
                status, ctype, text = call(base_url, 'POST', '/addresses/%s/actions/accept_suggestions' % obj_id, {})
                assert status == expected
                check(spec, 'POST', '/addresses/{id}/actions/accept_suggestions', status, ctype, text)
            status, ctype, text = call(base_url, 'POST', '/addresses/actions/validate', ADDRESS)
            check(spec, 'POST', '/addresses/actions/validate', status, ctype, text)
        status, ctype, text = call(base_url, 'DELETE', '%s/%s' % (collection, obj_id))
        check(spec, 'DELETE', item, status, ctype, text)
        status, ctype, text = call(base_url, 'DELETE', '%s/%s' % (collection, obj_id))
        assert status == 404
        check(spec, 'DELETE', item, status, ctype, text)
        checked += 1
    assert checked == len(plan)


@needs_spec
def test_realistic_defaults_answer_in_the_documented_shapes(spec, base_url):
    address = dict(ADDRESS)
    del address['postal_code']  # not in AddressCreate.required
    status, ctype, text = call(base_url, 'POST', '/addresses', address)
    assert status == 200, text
    check(spec, 'POST', '/addresses', status, ctype, text)
    for collection, body in (('/access_ip_address', {'ip_address': '198.51.100.7'}),
                             ('/access_ip_ranges', {'cidr_block': '198.51.100.0/28'})):
        status, ctype, text = call(base_url, 'POST', collection, body)
        assert json.loads(text)['status'] == 'pending'
        check(spec, 'POST', collection, status, ctype, text)
        for expected in ('pending', 'added'):
            status, ctype, text = call(base_url, 'GET', collection)
            assert [o['status'] for o in json.loads(text)['data']] == [expected]
            check(spec, 'GET', collection, status, ctype, text)
    status, ctype, text = call(base_url, 'POST', '/telephony_credentials',
                               {'connection_id': '1', 'tag': 'old', 'expires_at': '2001-01-01T00:00:00Z'})
    created = json.loads(text)['data']
    assert created['expired'] is True and 'tag' not in created
    check(spec, 'POST', '/telephony_credentials', status, ctype, text)
    status, ctype, text = call(base_url, 'PATCH', '/telephony_credentials/%s' % created['id'], {'name': 'x'})
    assert status == 422 and json.loads(text) == {'errors': {'status': "can't update credentials in expired status"}}
    check(spec, 'PATCH', '/telephony_credentials/{id}', status, ctype, text)


@needs_spec
@pytest.mark.parametrize('meta', ['full', 'no_total_pages', 'none'])
def test_every_list_in_every_meta_mode(spec, base_url, meta):
    """Lists whose document requires every meta field keep them in every mode (meta_scope 'optional')."""
    assert control(base_url, 'config', {'meta': meta})['meta'] == meta
    try:
        for collection in ('/access_ip_address', '/access_ip_ranges', '/addresses', '/authentication_providers',
                           '/billing_groups', '/integration_secrets', '/telephony_credentials'):
            status, ctype, text = call(base_url, 'GET', collection + '?page[size]=1')
            assert status == 200
            check(spec, 'GET', collection, status, ctype, text)
    finally:
        control(base_url, 'config', {'meta': 'full'})


def control(base_url, what, body=None):
    _status, _ctype, text = exchange(base_url, 'POST' if body is not None else 'GET', '/_sim/' + what, body)
    return json.loads(text)


@needs_spec
def test_refusals_use_the_documented_status_codes(spec, base_url):
    status, ctype, text = call(base_url, 'POST', '/access_ip_address', {'ip_address': 'not-an-ip'})
    assert status == 422
    check(spec, 'POST', '/access_ip_address', status, ctype, text)
    status, ctype, text = call(base_url, 'POST', '/integration_secrets', {'identifier': 'x', 'type': 'basic'})
    assert status == 422
    check(spec, 'POST', '/integration_secrets', status, ctype, text)
    status, ctype, text = call(base_url, 'POST', '/billing_groups', {'name': 5})
    assert status == 422
    check(spec, 'POST', '/billing_groups', status, ctype, text)


@needs_spec
def test_page_size_above_250_is_refused(base_url):
    status, _ctype, _text = call(base_url, 'GET', '/billing_groups?page[size]=251')
    assert status in (400, 422)


MANAGED = {'business_name': "Larry's Cat Food Inc", 'email': 'larry@customer.example', 'password': 'x!Y2z',
           'rollup_billing': False, 'managed_account_allow_custom_pricing': False}


@needs_managed_spec
def test_every_managed_account_operation_answers_in_the_documented_shapes(managed_spec, base_url):
    spec = managed_spec
    status, ctype, text = call(base_url, 'POST', '/managed_accounts', MANAGED)
    assert status == 200, text
    check(spec, 'POST', '/managed_accounts', status, ctype, text)
    made = json.loads(text)['data']
    status, ctype, text = call(base_url, 'POST', '/managed_accounts', {'business_name': 'Second'})
    check(spec, 'POST', '/managed_accounts', status, ctype, text)
    for query in ('', '?page[size]=1&page[number]=2', '?filter[email][contains]=larry&sort=email',
                  '?filter[organization_name][eq]=Second&filter[status][eq]=enabled&include_cancelled_accounts=true'):
        status, ctype, text = call(base_url, 'GET', '/managed_accounts' + query)
        assert status == 200 and json.loads(text)['data'], (query, text)
        assert all('api_key' not in a for a in json.loads(text)['data'])
        check(spec, 'GET', '/managed_accounts', status, ctype, text)
    status, ctype, text = call(base_url, 'GET', '/managed_accounts/%s' % made['id'])
    assert json.loads(text)['data']['api_key']
    check(spec, 'GET', '/managed_accounts/{id}', status, ctype, text)
    status, ctype, text = call(base_url, 'PATCH', '/managed_accounts/%s' % made['id'],
                               {'managed_account_allow_custom_pricing': True})
    check(spec, 'PATCH', '/managed_accounts/{id}', status, ctype, text)
    status, ctype, text = call(base_url, 'POST', '/managed_accounts/%s/actions/disable' % made['id'])
    check(spec, 'POST', '/managed_accounts/{id}/actions/disable', status, ctype, text)
    status, ctype, text = call(base_url, 'POST', '/managed_accounts/%s/actions/enable' % made['id'],
                               {'reenable_all_connections': True})
    check(spec, 'POST', '/managed_accounts/{id}/actions/enable', status, ctype, text)
    for method, template, body in (('GET', '/managed_accounts/{id}', None),
                                   ('PATCH', '/managed_accounts/{id}', {}),
                                   ('POST', '/managed_accounts/{id}/actions/disable', None),
                                   ('POST', '/managed_accounts/{id}/actions/enable', None)):
        status, ctype, text = call(base_url, method, template.replace('{id}', 'no-such-account'), body)
        assert status == 404
        check(spec, method, template, status, ctype, text)
    status, ctype, text = call(base_url, 'POST', '/managed_accounts', {'email': 'nobusiness@customer.example'})
    assert status == 422
    check(spec, 'POST', '/managed_accounts', status, ctype, text)
    status, ctype, text = call(base_url, 'GET', '/managed_accounts', key='not-a-key')
    assert status == 401
    check(spec, 'GET', '/managed_accounts', status, ctype, text)


@needs_managed_spec
@pytest.mark.parametrize('meta', ['no_total_pages', 'none'])
def test_the_managed_account_list_in_every_meta_mode(managed_spec, base_url, meta):
    call(base_url, 'POST', '/managed_accounts', {'business_name': 'Meta %s' % meta})
    control(base_url, 'config', {'meta': meta})
    try:
        status, ctype, text = call(base_url, 'GET', '/managed_accounts?page[size]=1')
        check(managed_spec, 'GET', '/managed_accounts', status, ctype, text)
    finally:
        control(base_url, 'config', {'meta': 'full'})
