# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A client no one here wrote: the official Telnyx Python SDK (pinned in tests/requirements/sdk.txt) drives the
simulator through every operation of the account-access and managed-accounts OpenAPI extracts, with the SDK's
strict response validation on, so every answer must parse into the SDK's own models.

Run in a venv holding tests/requirements/sdk.txt:  python -m pytest -q -p no:cacheprovider tests/sdk
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

KEY = 'sdk-test-key'
SIMULATOR = os.path.join(os.path.dirname(__file__), '..', 'simulator', 'telnyx_simulator.py')

# Every operation of the two OpenAPI extracts (method, path template), as /_sim/log records them.
ACCOUNT_ACCESS_OPERATIONS = {
    ('GET', '/access_ip_address'), ('POST', '/access_ip_address'),
    ('GET', '/access_ip_address/{access_ip_address_id}'), ('DELETE', '/access_ip_address/{access_ip_address_id}'),
    ('GET', '/access_ip_ranges'), ('POST', '/access_ip_ranges'), ('DELETE', '/access_ip_ranges/{access_ip_range_id}'),
    ('GET', '/addresses'), ('POST', '/addresses'), ('POST', '/addresses/actions/validate'),
    ('GET', '/addresses/{id}'), ('DELETE', '/addresses/{id}'), ('POST', '/addresses/{id}/actions/accept_suggestions'),
    ('GET', '/authentication_providers'), ('POST', '/authentication_providers'),
    ('GET', '/authentication_providers/{id}'), ('PATCH', '/authentication_providers/{id}'),
    ('DELETE', '/authentication_providers/{id}'),
    ('GET', '/billing_groups'), ('POST', '/billing_groups'), ('GET', '/billing_groups/{id}'),
    ('PATCH', '/billing_groups/{id}'), ('DELETE', '/billing_groups/{id}'),
    ('GET', '/integration_secrets'), ('POST', '/integration_secrets'), ('DELETE', '/integration_secrets/{id}'),
    ('GET', '/telephony_credentials'), ('POST', '/telephony_credentials'), ('GET', '/telephony_credentials/{id}'),
    ('PATCH', '/telephony_credentials/{id}'), ('DELETE', '/telephony_credentials/{id}'),
    ('POST', '/telephony_credentials/{id}/token'),
}
MANAGED_ACCOUNT_OPERATIONS = {
    ('GET', '/managed_accounts'), ('POST', '/managed_accounts'), ('GET', '/managed_accounts/{id}'),
    ('PATCH', '/managed_accounts/{id}'), ('POST', '/managed_accounts/{id}/actions/disable'),
    ('POST', '/managed_accounts/{id}/actions/enable'),
}
SETTINGS = {'idp_entity_id': 'https://idp.example.com/entity', 'idp_sso_target_url': 'https://idp.example.com/sso',
            'idp_cert_fingerprint': '13:38:C7:BB:C9:FF:4A:70:38:3A:E3:D9:5C:CD:DB:2E:50:1E:80:A7',
            'idp_cert_fingerprint_algorithm': 'sha1'}


def load_simulator():
    spec = importlib.util.spec_from_file_location('telnyx_simulator', SIMULATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def sim_url():
    sim = load_simulator()
    server = sim.Server(('127.0.0.1', 0), KEY)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield 'http://127.0.0.1:%d' % server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture(scope='module')
def client(sim_url):
    import telnyx
    return telnyx.Telnyx(api_key=KEY, base_url=sim_url + '/v2', max_retries=0, _strict_response_validation=True)


def sim_log(sim_url):
    split = urllib.parse.urlsplit(sim_url)
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=30)
    try:
        conn.request('GET', '/_sim/log')
        return json.loads(conn.getresponse().read().decode())
    finally:
        conn.close()


def template(path):
    """The OpenAPI path template of a logged path."""
    rules = [(r'^/access_ip_address/[^/]+$', '/access_ip_address/{access_ip_address_id}'),
             (r'^/access_ip_ranges/[^/]+$', '/access_ip_ranges/{access_ip_range_id}'),
             (r'^/addresses/(?!actions/)[^/]+/actions/accept_suggestions$',
              '/addresses/{id}/actions/accept_suggestions'),
             (r'^/managed_accounts/[^/]+/actions/(disable|enable)$', r'/managed_accounts/{id}/actions/\1'),
             (r'^/telephony_credentials/[^/]+/token$', '/telephony_credentials/{id}/token'),
             (r'^/(addresses|authentication_providers|billing_groups|integration_secrets|telephony_credentials|'
              r'managed_accounts)/(?!actions$)[^/]+$', r'/\1/{id}')]
    for pattern, replacement in rules:
        if re.match(pattern, path):
            return re.sub(pattern, replacement, path)
    return path


def test_access_ip_addresses(client):
    created = client.access_ip_address.create(ip_address='192.0.2.10', description='office')
    assert created.ip_address == '192.0.2.10' and created.status in ('pending', 'added')
    assert client.access_ip_address.retrieve(created.id).id == created.id
    assert [o.id for o in client.access_ip_address.list(page_size=10)] == [created.id]
    assert client.access_ip_address.delete(created.id).id == created.id


def test_access_ip_ranges(client):
    created = client.access_ip_ranges.create(cidr_block='198.51.100.0/24', description='vpn')
    assert created.cidr_block == '198.51.100.0/24' and created.status in ('pending', 'added')
    assert [o.id for o in client.access_ip_ranges.list(page_size=10)] == [created.id]
    assert client.access_ip_ranges.delete(created.id).id == created.id


def test_addresses_without_a_postal_code(client):
    # postal_code is not in AddressCreate.required; the SDK's signature makes it optional too.
    created = client.addresses.create(first_name='Ada', last_name='Lovelace', business_name='Analytical Engines',
                                      street_address='1 Main Street', locality='Dublin', country_code='IE',
                                      customer_reference='sdk-ref')
    assert created.data.id and created.data.postal_code is None
    assert client.addresses.retrieve(created.data.id).data.id == created.data.id
    assert [a.id for a in client.addresses.list(page_size=10)] == [created.data.id]
    validated = client.addresses.actions.validate(country_code='US', postal_code='60654',
                                                  street_address='600 N Clark St', locality='Chicago',
                                                  administrative_area='il')
    assert validated.data.result == 'valid'
    accepted = client.addresses.actions.accept_suggestions(created.data.id)
    assert accepted.data.accepted is True
    assert client.addresses.delete(created.data.id).data.id == created.data.id


def test_authentication_providers(client):
    created = client.authentication_providers.create(name='Okta', short_name='okta', settings=SETTINGS)
    provider_id = created.data.id
    assert client.authentication_providers.retrieve(provider_id).data.short_name == 'okta'
    assert client.authentication_providers.update(provider_id, name='Okta SSO', active=False).data.name == 'Okta SSO'
    assert [p.id for p in client.authentication_providers.list(page_size=10)] == [provider_id]
    assert client.authentication_providers.delete(provider_id).data.id == provider_id


def test_billing_groups(client):
    created = client.billing_groups.create(name='ops')
    group_id = created.data.id
    assert client.billing_groups.retrieve(group_id).data.name == 'ops'
    assert client.billing_groups.update(group_id, name='operations').data.name == 'operations'
    assert [g.id for g in client.billing_groups.list(page_size=10)] == [group_id]
    assert client.billing_groups.delete(group_id).data.id == group_id


def test_integration_secrets(client):
    bearer = client.integration_secrets.create(identifier='crm', type='bearer', token='secret-token')
    basic = client.integration_secrets.create(identifier='erp', type='basic', username='u', password='p')
    listed = [s.identifier for s in client.integration_secrets.list(page_size=10)]
    assert listed == ['crm', 'erp']
    client.integration_secrets.delete(bearer.data.id)
    client.integration_secrets.delete(basic.data.id)
    assert list(client.integration_secrets.list()) == []


def test_telephony_credentials(client):
    created = client.telephony_credentials.create(connection_id='1234567890', name='desk', tag='softphones',
                                                  expires_at='2099-01-01T00:00:00Z')
    cred_id = created.data.id
    assert created.data.name == 'desk' and created.data.expired is False
    assert client.telephony_credentials.retrieve(cred_id).data.id == cred_id
    assert client.telephony_credentials.update(cred_id, name='front-desk', tag='desks').data.name == 'front-desk'
    assert [c.id for c in client.telephony_credentials.list(filter={'tag': 'desks'})] == [cred_id]
    token = client.telephony_credentials.create_token(cred_id)
    assert isinstance(token, str) and token.count('.') == 2
    assert client.telephony_credentials.delete(cred_id).data.id == cred_id


def test_managed_accounts(client):
    created = client.managed_accounts.create(business_name='Acme Corp', email='ops@acme.example',
                                             managed_account_allow_custom_pricing=False, rollup_billing=False)
    account_id = created.data.id
    got = client.managed_accounts.retrieve(account_id)
    assert got.data.api_key and got.data.email == 'ops@acme.example'
    assert client.managed_accounts.update(
        account_id, managed_account_allow_custom_pricing=True).data.managed_account_allow_custom_pricing is True
    listed = list(client.managed_accounts.list(filter={'email': {'contains': 'acme'}}, sort='email',
                                               include_cancelled_accounts=False))
    assert [a.id for a in listed] == [account_id]
    import telnyx
    managed = telnyx.Telnyx(api_key=got.data.api_key, base_url=str(client.base_url), max_retries=0,
                            _strict_response_validation=True)
    managed.billing_groups.create(name='acme-only')
    assert [g.name for g in managed.billing_groups.list()] == ['acme-only']
    assert 'acme-only' not in [g.name for g in client.billing_groups.list()]
    with pytest.raises(telnyx.PermissionDeniedError):
        managed.managed_accounts.list()
    assert client.managed_accounts.actions.disable(account_id).data.id == account_id
    with pytest.raises(telnyx.AuthenticationError):
        managed.billing_groups.list()
    assert client.managed_accounts.actions.enable(account_id, reenable_all_connections=True).data.id == account_id
    assert [g.name for g in managed.billing_groups.list()] == ['acme-only']


def test_errors_map_to_the_sdk_exceptions(client):
    import telnyx
    with pytest.raises(telnyx.NotFoundError):
        client.billing_groups.retrieve('00000000-0000-0000-0000-000000000000')
    with pytest.raises(telnyx.UnprocessableEntityError):
        client.access_ip_address.create(ip_address='not-an-ip')


def test_every_operation_of_the_extracts_was_called(sim_url):
    called = set((e['method'], template(e['path'])) for e in sim_log(sim_url) if e['status'] in (200, 201, 202, 204))
    assert ACCOUNT_ACCESS_OPERATIONS - called == set()
    assert MANAGED_ACCOUNT_OPERATIONS - called == set()
    for variable, expected in (('TELNYX_OPENAPI_SPEC', ACCOUNT_ACCESS_OPERATIONS),
                               ('TELNYX_MANAGED_OPENAPI_SPEC', MANAGED_ACCOUNT_OPERATIONS)):
        path = os.environ.get(variable)
        if variable == 'TELNYX_MANAGED_OPENAPI_SPEC' and not path and os.environ.get('TELNYX_OPENAPI_SPEC'):
            path = os.path.join(os.path.dirname(os.environ['TELNYX_OPENAPI_SPEC']), 'managed-accounts.openapi.yaml')
        if path and os.path.exists(path):
            import yaml
            with open(path) as handle:
                document = yaml.safe_load(handle)
            declared = set((m.upper(), p) for p, ops in document['paths'].items() for m in ops if m != 'parameters')
            assert declared == expected
