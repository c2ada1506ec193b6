# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The managed_accounts inventory plugin, loaded as Ansible loads it, against a scripted HTTP exchange."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest
import yaml

from ansible.errors import AnsibleError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader

from ansible_collections.telnyx.account.tests.unit.helpers import BASE, KEY, Answer, Call, ScriptedSession, page

MANAGER = '0b7b8c8e-2f3a-4e55-9d61-6a1f2f7c9e10'
SECRET = 'KEY0123_MANAGED_SECRET_never_listed'


def account(number, email=None, org=None, rollup=False):
    return {'id': '%08d-6522-4ad6-aede-98de83385123' % number, 'record_type': 'managed_account',
            'email': email or 'noc%d@customer%d.example' % (number, number),
            'organization_name': org or 'Customer %d Inc' % number, 'rollup_billing': rollup,
            'managed_account_allow_custom_pricing': False, 'manager_account_id': MANAGER,
            'api_user': 'manager@example.com', 'created_at': '2026-11-2%dT10:00:00.000Z' % number,
            'updated_at': '2026-11-29T10:00:00.000Z'}


ONE, TWO = account(1), account(2, rollup=True)
# Every listing asks for one page size and leaves cancelled accounts out; by default it asks for enabled ones only.
EVERY = {'page[number]': 1, 'page[size]': 250, 'include_cancelled_accounts': 'false'}
QUERY = dict(EVERY, **{'filter[status][eq]': 'enabled'})
DISABLED = dict(EVERY, **{'filter[status][eq]': 'disabled'})


@pytest.fixture
def parse(tmp_path, monkeypatch):
    """parse(config, calls, cache=True, name=...) -> (plugin, inventory); every scripted call must be made."""
    for name in ('TELNYX_API_KEY', 'TELNYX_API_URL', 'TELNYX_API_TIMEOUT', 'TELNYX_CA_PATH'):
        monkeypatch.delenv(name, raising=False)

    def run(config, calls, cache=True, name='accounts.telnyx.yml'):
        path = tmp_path / name
        full = dict({'plugin': 'telnyx.account.managed_accounts', 'api_url': BASE, 'api_key': KEY}, **config)
        path.write_text(yaml.safe_dump(dict((k, v) for k, v in full.items() if v is not None)))
        plugin = inventory_loader.get('telnyx.account.managed_accounts')
        plugin.transport = ScriptedSession(calls)
        inventory = InventoryData()
        plugin.parse(inventory, DataLoader(), str(path), cache=cache)
        if config.get('cache'):
            plugin.update_cache_if_changed()  # what the InventoryManager does after a parse
        plugin.transport.done()
        return plugin, inventory

    return run


def host_vars(inventory, name):
    return dict(inventory.get_host(name).get_vars())


def test_one_host_per_account_with_its_variables_and_a_local_connection(parse):
    plugin, inventory = parse({}, [Call('GET', '/managed_accounts', Answer(200, page([ONE, TWO])), query=QUERY)])
    assert sorted(inventory.hosts) == ['noc1@customer1.example', 'noc2@customer2.example']
    found = host_vars(inventory, 'noc2@customer2.example')
    assert found['ansible_connection'] == 'local'
    assert found['telnyx_managed_account_id'] == TWO['id']
    assert found['telnyx_email'] == 'noc2@customer2.example'
    assert found['telnyx_organization_name'] == 'Customer 2 Inc'
    assert found['telnyx_rollup_billing'] is True
    assert found['telnyx_manager_account_id'] == MANAGER
    assert found['telnyx_created_at'] == TWO['created_at']
    assert sorted(h.name for h in inventory.groups['telnyx_managed_accounts'].get_hosts()) == sorted(inventory.hosts)
    # The manager's key went as the Bearer token of the one request.
    assert plugin.transport.sent[0]['headers']['Authorization'] == 'Bearer %s' % KEY


def test_the_key_comes_from_the_environment_when_the_file_has_none(parse, monkeypatch):
    monkeypatch.setenv('TELNYX_API_KEY', 'KEY-from-the-environment')
    plugin, _inventory = parse({'api_key': None}, [Call('GET', '/managed_accounts', Answer(200, page([])))])
    assert plugin.transport.sent[0]['headers']['Authorization'] == 'Bearer KEY-from-the-environment'


def test_without_any_key_the_source_fails_saying_what_to_set(parse):
    with pytest.raises(AnsibleError) as caught:
        parse({'api_key': None}, [])
    assert 'TELNYX_API_KEY' in str(caught.value)


def test_filters_go_to_the_api(parse):
    filters = {'page[number]': 1, 'page[size]': 250, 'include_cancelled_accounts': 'true',
               'filter[email][contains]': '@customer2', 'filter[organization_name][contains]': 'Customer'}
    _plugin, inventory = parse(
        {'email_contains': '@customer2', 'organization_name_contains': 'Customer', 'include_cancelled': True,
         'include_disabled': True},
        [Call('GET', '/managed_accounts', Answer(200, page([TWO])), query=filters),
         # the disabled accounts are read with the same filters
         Call('GET', '/managed_accounts', Answer(200, page([])),
              query=dict(filters, **{'filter[status][eq]': 'disabled'}))])
    assert list(inventory.hosts) == ['noc2@customer2.example']


def test_by_default_only_enabled_accounts_are_listed_in_one_request(parse):
    plugin, inventory = parse({}, [Call('GET', '/managed_accounts', Answer(200, page([ONE, TWO])), query=QUERY)])
    assert plugin.transport.seen[0][2] == dict(QUERY, **{'page[number]': '1', 'page[size]': '250'})
    assert all(host_vars(inventory, h)['telnyx_disabled'] is False for h in inventory.hosts)
    assert 'telnyx_disabled' not in inventory.groups


def test_include_disabled_false_is_the_default(parse):
    _plugin, inventory = parse({'include_disabled': False},
                               [Call('GET', '/managed_accounts', Answer(200, page([ONE])), query=QUERY)])
    assert list(inventory.hosts) == [ONE['email']]


def test_include_disabled_lists_without_status_filter_and_marks_the_disabled_accounts(parse):
    plugin, inventory = parse(
        {'include_disabled': True, 'keyed_groups': [{'key': "telnyx_disabled | ternary('off', 'on')",
                                                     'prefix': 'state'}]},
        [Call('GET', '/managed_accounts', Answer(200, page([ONE, TWO])), query=EVERY),
         Call('GET', '/managed_accounts', Answer(200, page([TWO])), query=DISABLED)])
    assert [s[2].get('filter[status][eq]') for s in plugin.transport.seen] == [None, 'disabled']
    assert sorted(inventory.hosts) == ['noc1@customer1.example', 'noc2@customer2.example']
    assert host_vars(inventory, 'noc1@customer1.example')['telnyx_disabled'] is False
    assert host_vars(inventory, 'noc2@customer2.example')['telnyx_disabled'] is True
    assert [h.name for h in inventory.groups['telnyx_disabled'].get_hosts()] == ['noc2@customer2.example']
    assert len(inventory.groups['telnyx_managed_accounts'].get_hosts()) == 2
    # telnyx_disabled is there for compose, groups and keyed_groups like every other host variable
    assert [h.name for h in inventory.groups['state_off'].get_hosts()] == ['noc2@customer2.example']
    assert [h.name for h in inventory.groups['state_on'].get_hosts()] == ['noc1@customer1.example']


def test_include_disabled_reads_every_page_of_both_listings(parse):
    many = [account(n) for n in range(1, 252)]
    _plugin, inventory = parse({'include_disabled': True, 'hostname': 'id'}, [
        Call('GET', '/managed_accounts', Answer(200, page(many[:250], number=1, total_pages=2)), query=EVERY),
        Call('GET', '/managed_accounts', Answer(200, page(many[250:], number=2, total_pages=2)),
             query=dict(EVERY, **{'page[number]': 2})),
        Call('GET', '/managed_accounts', Answer(200, page(many[:250:2], number=1, total_pages=2)), query=DISABLED),
        Call('GET', '/managed_accounts', Answer(200, page(many[250:], number=2, total_pages=2)),
             query=dict(DISABLED, **{'page[number]': 2}))])
    assert len(inventory.hosts) == 251
    assert len(inventory.groups['telnyx_disabled'].get_hosts()) == 126
    assert host_vars(inventory, many[250]['id'])['telnyx_disabled'] is True
    assert host_vars(inventory, many[1]['id'])['telnyx_disabled'] is False


def test_include_disabled_with_no_disabled_account_makes_an_empty_group(parse):
    _plugin, inventory = parse({'include_disabled': True}, [
        Call('GET', '/managed_accounts', Answer(200, page([ONE])), query=EVERY),
        Call('GET', '/managed_accounts', Answer(200, page([])), query=DISABLED)])
    assert inventory.groups['telnyx_disabled'].get_hosts() == []
    assert host_vars(inventory, ONE['email'])['telnyx_disabled'] is False


def test_include_cancelled_without_include_disabled_warns_that_it_lists_no_cancelled_account(parse, monkeypatch):
    warnings = []
    from ansible.utils.display import Display
    monkeypatch.setattr(Display, 'warning', lambda self, msg, *a, **k: warnings.append(msg))
    _plugin, inventory = parse({'include_cancelled': True}, [
        Call('GET', '/managed_accounts', Answer(200, page([ONE])),
             query=dict(QUERY, include_cancelled_accounts='true'))])
    assert list(inventory.hosts) == [ONE['email']]
    assert len(warnings) == 1 and 'include_disabled' in warnings[0]


def test_a_filter_too_short_for_the_api_fails_before_any_request(parse):
    with pytest.raises(AnsibleError) as caught:
        parse({'email_contains': 'ab'}, [])
    assert '3 characters' in str(caught.value)


def test_every_page_is_read(parse):
    first = dict(page([account(n) for n in range(1, 251)], number=1, total_pages=2))
    second = page([account(251)], number=2, total_pages=2)
    _plugin, inventory = parse({}, [
        Call('GET', '/managed_accounts', Answer(200, first), query=QUERY),
        Call('GET', '/managed_accounts', Answer(200, second), query=dict(QUERY, **{'page[number]': 2}))])
    assert len(inventory.hosts) == 251


def test_hostname_id(parse):
    _plugin, inventory = parse({'hostname': 'id'}, [Call('GET', '/managed_accounts', Answer(200, page([ONE])))])
    assert list(inventory.hosts) == [ONE['id']]


def test_two_accounts_with_one_email_are_both_named_by_id_with_a_warning(parse, monkeypatch):
    warnings = []
    twin = account(3, email='NOC1@customer1.example')
    from ansible.utils.display import Display
    monkeypatch.setattr(Display, 'warning', lambda self, msg, *a, **k: warnings.append(msg))
    _plugin, inventory = parse({}, [Call('GET', '/managed_accounts', Answer(200, page([ONE, twin, TWO])))])
    assert sorted(inventory.hosts) == sorted([ONE['id'], twin['id'], 'noc2@customer2.example'])
    assert len(warnings) == 1 and ONE['id'] in warnings[0] and twin['id'] in warnings[0]
    assert host_vars(inventory, twin['id'])['telnyx_email'] == 'NOC1@customer1.example'


def test_keyed_groups_groups_and_compose(parse):
    config = {'keyed_groups': [{'key': "telnyx_rollup_billing | ternary('rollup', 'own_balance')", 'prefix': 'billing'},
                               {'key': 'telnyx_manager_account_id', 'prefix': 'manager'}],
              'groups': {'second': "'2' in telnyx_organization_name"},
              'compose': {'customer_name': 'telnyx_organization_name | upper'}}
    _plugin, inventory = parse(config, [Call('GET', '/managed_accounts', Answer(200, page([ONE, TWO])))])
    assert [h.name for h in inventory.groups['billing_rollup'].get_hosts()] == ['noc2@customer2.example']
    assert [h.name for h in inventory.groups['billing_own_balance'].get_hosts()] == ['noc1@customer1.example']
    manager_group = 'manager_%s' % MANAGER.replace('-', '_')
    assert len(inventory.groups[manager_group].get_hosts()) == 2
    assert [h.name for h in inventory.groups['second'].get_hosts()] == ['noc2@customer2.example']
    assert host_vars(inventory, 'noc1@customer1.example')['customer_name'] == 'CUSTOMER 1 INC'


def test_customer_text_is_never_templated(parse):
    tricky = account(4, org="{{ lookup('ansible.builtin.env', 'HOME') }}")
    _plugin, inventory = parse({'compose': {'org_copy': 'telnyx_organization_name'}},
                               [Call('GET', '/managed_accounts', Answer(200, page([tricky])))])
    found = host_vars(inventory, tricky['email'])
    assert found['org_copy'] == "{{ lookup('ansible.builtin.env', 'HOME') }}"
    assert os.environ.get('HOME', '/') not in str(found['org_copy'])


def test_strict_makes_a_broken_compose_fail(parse):
    with pytest.raises(AnsibleError):
        parse({'strict': True, 'compose': {'x': 'no_such_variable.attribute'}},
              [Call('GET', '/managed_accounts', Answer(200, page([ONE])))])
    _plugin, inventory = parse({'strict': False, 'compose': {'x': 'no_such_variable.attribute'}},
                               [Call('GET', '/managed_accounts', Answer(200, page([ONE])))])
    assert 'x' not in host_vars(inventory, ONE['email'])


def test_no_credential_reaches_hosts_or_cache_even_when_a_server_lists_one(parse, tmp_path):
    leaky = dict(ONE, api_key=SECRET, api_token=SECRET + '-v1')
    cache_dir = tmp_path / 'cache'
    config = {'cache': True, 'cache_plugin': 'ansible.builtin.jsonfile', 'cache_connection': str(cache_dir)}
    _plugin, inventory = parse(config, [Call('GET', '/managed_accounts', Answer(200, page([leaky])))], cache=False)
    assert SECRET not in repr(host_vars(inventory, ONE['email']))
    written = ''.join(p.read_text() for p in cache_dir.iterdir())
    assert ONE['id'] in written and SECRET not in written and KEY not in written


def test_the_cache_serves_a_second_run_without_a_request_and_off_means_every_run_asks(parse, tmp_path):
    config = {'cache': True, 'cache_plugin': 'ansible.builtin.jsonfile', 'cache_connection': str(tmp_path / 'c')}
    parse(config, [Call('GET', '/managed_accounts', Answer(200, page([ONE, TWO])))], cache=False)
    _plugin, inventory = parse(config, [], cache=True)  # no call scripted: any request fails the test
    assert sorted(inventory.hosts) == ['noc1@customer1.example', 'noc2@customer2.example']
    assert host_vars(inventory, 'noc2@customer2.example')['telnyx_managed_account_id'] == TWO['id']
    # --flush-cache (cache=False) asks again and refreshes the cache.
    parse(config, [Call('GET', '/managed_accounts', Answer(200, page([ONE])))], cache=False)
    _plugin, inventory = parse(config, [], cache=True)
    assert list(inventory.hosts) == ['noc1@customer1.example']
    # Without caching every parse asks the API.
    for _round in range(2):
        parse({'cache': False}, [Call('GET', '/managed_accounts', Answer(200, page([ONE])))], cache=True)


def test_the_cache_keeps_which_accounts_are_disabled(parse, tmp_path):
    config = {'cache': True, 'cache_plugin': 'ansible.builtin.jsonfile', 'cache_connection': str(tmp_path / 'c'),
              'include_disabled': True}
    parse(config, [Call('GET', '/managed_accounts', Answer(200, page([ONE, TWO])), query=EVERY),
                   Call('GET', '/managed_accounts', Answer(200, page([ONE])), query=DISABLED)], cache=False)
    _plugin, inventory = parse(config, [], cache=True)
    assert host_vars(inventory, ONE['email'])['telnyx_disabled'] is True
    assert host_vars(inventory, TWO['email'])['telnyx_disabled'] is False
    assert [h.name for h in inventory.groups['telnyx_disabled'].get_hosts()] == [ONE['email']]


def test_an_api_error_of_the_disabled_listing_fails_the_source(parse):
    with pytest.raises(AnsibleError) as caught:
        parse({'include_disabled': True, 'api_retries': 0}, [
            Call('GET', '/managed_accounts', Answer(200, page([ONE])), query=EVERY),
            Call('GET', '/managed_accounts', Answer(400, {'errors': [{'code': '10015', 'title': 'Invalid filter'}]}),
                 query=DISABLED)])
    assert 'GET /managed_accounts' in str(caught.value) and '400' in str(caught.value)


def test_an_api_error_names_the_request_and_never_the_key(parse):
    with pytest.raises(AnsibleError) as caught:
        parse({}, [Call('GET', '/managed_accounts', Answer(403, {'errors': [{'code': '10010', 'title': 'Forbidden',
                                                                             'detail': 'not a manager %s' % KEY}]}))])
    text = str(caught.value)
    assert 'GET /managed_accounts' in text and '403' in text and KEY not in text


def test_only_files_named_telnyx_yml_or_yaml_are_taken(tmp_path):
    plugin = inventory_loader.get('telnyx.account.managed_accounts')
    for name, wanted in (('accounts.telnyx.yml', True), ('prod.telnyx.yaml', True), ('accounts.yml', False),
                         ('telnyx.yml.bak', False)):
        path = tmp_path / name
        path.write_text('plugin: telnyx.account.managed_accounts\n')
        assert plugin.verify_file(str(path)) is wanted, name
    assert plugin.verify_file(str(tmp_path / 'missing.telnyx.yml')) is False
