# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: managed_accounts
short_description: The accounts a Telnyx manager account manages, one host each
version_added: 0.2.0
description:
  - Lists the managed accounts of a Telnyx manager account (C(GET /managed_accounts), every page) and makes one host
    per account, so that a play runs once per account, C(forks) of them at once, each with its own host and group
    variables.
  - Every host has C(ansible_connection=local) (the work happens on the controller, through the Telnyx API) and the
    host variables C(telnyx_managed_account_id), C(telnyx_email), C(telnyx_organization_name),
    C(telnyx_rollup_billing), C(telnyx_manager_account_id), C(telnyx_created_at) and C(telnyx_disabled). Values
    that come from the API are marked unsafe, so customer text is never templated. Every host is also in the group
    C(telnyx_managed_accounts).
  - Only enabled accounts are listed (C(filter[status][eq]=enabled)) unless O(include_disabled=true), as Telnyx
    refuses a disabled account's key and a play over that account could only fail.
  - With C(telnyx_managed_account_id) set, the modules of this collection and the role C(telnyx.account.baseline)
    act inside that account (see the C(managed_account_id) option of the modules).
  - The list answer carries no API key of any account, and neither do the hosts, the inventory cache or
    C(ansible-inventory --list). Each module run reads its account's key itself and never shows it.
  - The inventory file name must end in C(.telnyx.yml) or C(.telnyx.yaml).
  - In AWX or Ansible Automation Platform, use such a file as an inventory source "Sourced from a Project" and attach
    a credential of the collection's credential type (C(extensions/awx/credential_type_telnyx_api.yml)) holding the
    manager's key; it sets E(TELNYX_API_KEY).
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - constructed
  - inventory_cache
options:
  plugin:
    description: Marks the file as an inventory source of this plugin.
    required: true
    type: str
    choices: [telnyx.account.managed_accounts]
  api_key:
    description:
      - The manager account's Telnyx API v2 key. Only accounts approved by Telnyx as managers may list managed
        accounts.
      - Store it with Ansible Vault (C(!vault)) or leave it out and set E(TELNYX_API_KEY).
    type: str
    env:
      - name: TELNYX_API_KEY
  api_url:
    description:
      - Base URL of the Telnyx API. Plain C(http://) is accepted only for loopback hosts.
    type: str
    default: https://api.telnyx.com/v2
    env:
      - name: TELNYX_API_URL
  api_timeout:
    description: Seconds to wait for each HTTP request.
    type: int
    default: 30
    env:
      - name: TELNYX_API_TIMEOUT
  api_retries:
    description: How often a request is retried after HTTP 429 or 5xx, a timeout or a dropped connection.
    type: int
    default: 5
  validate_certs:
    description: Whether to verify the TLS certificate of O(api_url).
    type: bool
    default: true
  ca_path:
    description: PEM file with the certificate authorities to trust for O(api_url).
    type: path
    env:
      - name: TELNYX_CA_PATH
  email_contains:
    description: Only accounts whose email contains this text (not case-sensitive; at least 3 characters).
    type: str
  organization_name_contains:
    description: Only accounts whose organization name contains this text (not case-sensitive; at least 3 characters).
    type: str
  include_cancelled:
    description:
      - Include cancelled accounts.
      - A cancelled account is not enabled, so it is listed only together with O(include_disabled=true); with
        O(include_disabled=false) this option has no effect and a warning says so.
    type: bool
    default: false
  include_disabled:
    description:
      - Include disabled accounts.
      - V(false) lists enabled accounts only (C(filter[status][eq]=enabled)), so that a play over every host does
        not fail on the accounts whose key Telnyx refuses.
      - V(true) sends no status filter, reads the disabled accounts with one more listing
        (C(filter[status][eq]=disabled), same filters), sets C(telnyx_disabled=true) on their hosts and puts them in
        the group C(telnyx_disabled) as well; exclude them from a play with C(-e target='all:!telnyx_disabled') or
        C(--limit '!telnyx_disabled').
    type: bool
    default: false
  hostname:
    description:
      - What names each host. V(email) is the account's email address; when two listed accounts share one email,
        both are named by their id instead, with a warning. V(id) is the account's id.
    type: str
    choices: [email, id]
    default: email
notes:
  - C(telnyx_disabled) is V(false) on every host when O(include_disabled=false), as only enabled accounts are listed
    then. With O(include_disabled=true) it is V(true) for the accounts that the second listing returns as disabled;
    a cancelled or blocked account (listed with O(include_cancelled=true)) is not marked.
'''

EXAMPLES = r'''
# accounts.telnyx.yml: every managed account, grouped by whether its billing rolls up to the manager
plugin: telnyx.account.managed_accounts
keyed_groups:
  - key: telnyx_rollup_billing | ternary('rollup', 'own_balance')
    prefix: billing
groups:
  resellers: "'reseller' in telnyx_organization_name | lower"

# Or only one customer domain's accounts, named by id, cached for an hour (a second file):
# plugin: telnyx.account.managed_accounts
# email_contains: "@customer.example"
# hostname: id
# cache: true
# cache_plugin: ansible.builtin.jsonfile
# cache_connection: ~/.cache/telnyx-inventory
# cache_timeout: 3600

# Then: ansible-playbook -i accounts.telnyx.yml telnyx.account.baseline -e target=all
'''

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.telnyx.account.plugins.module_utils.client import TelnyxClient
from ansible_collections.telnyx.account.plugins.module_utils.errors import TelnyxError
from ansible_collections.telnyx.account.plugins.module_utils.managed_accounts import ManagedAccount

# host variable -> field of a listed managed account (ManagedAccountMultiListing in the OpenAPI)
HOST_VARS = (
    ('telnyx_managed_account_id', 'id'),
    ('telnyx_email', 'email'),
    ('telnyx_organization_name', 'organization_name'),
    ('telnyx_rollup_billing', 'rollup_billing'),
    ('telnyx_manager_account_id', 'manager_account_id'),
    ('telnyx_created_at', 'created_at'),
)
# What the cache keeps of each account: these fields only, so no credential can ever reach it; plus ``disabled``
# (a bool of the plugin's own: the listed objects carry no status).
KEPT_FIELDS = tuple(field for _var, field in HOST_VARS)
GROUP = 'telnyx_managed_accounts'
DISABLED_GROUP = 'telnyx_disabled'
STATUS_FILTER = 'filter[status][eq]'


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = 'telnyx.account.managed_accounts'

    def __init__(self):
        super(InventoryModule, self).__init__()
        # A transport to use instead of a new one (the unit tests script the HTTP exchange here).
        self.transport = None

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(('.telnyx.yml', '.telnyx.yaml'))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        cache_key = self.get_cache_key(path)
        caching = self.get_option('cache')
        accounts = None
        update_cache = caching and not cache
        if caching and cache:
            try:
                accounts = self._cache[cache_key]
            except KeyError:
                update_cache = True
        if accounts is None:
            accounts = self.fetch()
        if update_cache:
            self._cache[cache_key] = accounts
        self.populate(accounts)

    def fetch(self):
        """Every managed account the options select, as a list of dicts holding KEPT_FIELDS only."""
        try:
            client = TelnyxClient(
                self.get_option('api_key'), api_url=self.get_option('api_url'), timeout=self.get_option('api_timeout'),
                retries=self.get_option('api_retries'), validate_certs=self.get_option('validate_certs'),
                ca_path=self.get_option('ca_path'), transport=self.transport)
            resource = ManagedAccount(client)
            query = resource.info_query(self.get_option)
            include_disabled = self.get_option('include_disabled')
            if not include_disabled:
                if self.get_option('include_cancelled'):
                    self.display.warning('telnyx.account.managed_accounts: include_cancelled lists no cancelled '
                                         'account unless include_disabled is true too: without it only enabled '
                                         'accounts are listed.')
                query[STATUS_FILTER] = 'enabled'
            listed = resource.list(query)
            disabled = set()
            if include_disabled:
                # The listed objects carry no status: one more listing, with the same filters, names the disabled.
                query[STATUS_FILTER] = 'disabled'
                disabled = set(str(account.get('id')) for account in resource.list(query))
        except TelnyxError as exc:
            raise AnsibleParserError('telnyx.account.managed_accounts: %s' % exc)
        return [dict([(k, account.get(k)) for k in KEPT_FIELDS], disabled=str(account.get('id')) in disabled)
                for account in listed]

    def hostnames(self, accounts):
        """{account id: host name}: the email (or the id), the id for accounts that share an email."""
        if self.get_option('hostname') == 'id':
            return dict((a['id'], a['id']) for a in accounts)
        by_email = {}
        for account in accounts:
            if account.get('email'):
                by_email.setdefault(account['email'].lower(), []).append(account['id'])
        names = {}
        for account in accounts:
            email = account.get('email')
            shared = by_email.get(email.lower(), []) if email else []
            names[account['id']] = email if len(shared) == 1 else account['id']
        for email, ids in sorted(by_email.items()):
            if len(ids) > 1:
                self.display.warning('telnyx.account.managed_accounts: %d managed accounts share the email %s; their '
                                     'hosts are named by id: %s.' % (len(ids), email, ', '.join(sorted(ids))))
        return names

    def populate(self, accounts):
        strict = self.get_option('strict')
        include_disabled = self.get_option('include_disabled')
        self.inventory.add_group(GROUP)
        if include_disabled:
            self.inventory.add_group(DISABLED_GROUP)
        names = self.hostnames(accounts)
        for account in accounts:
            host = names[account['id']]
            self.inventory.add_host(host, group=GROUP)
            variables = {'ansible_connection': 'local'}
            for var, field in HOST_VARS:
                variables[var] = wrap_var(account.get(field))
            # Without include_disabled only enabled accounts were listed (a cache written before holds no flag).
            variables['telnyx_disabled'] = bool(include_disabled and account.get('disabled'))
            if variables['telnyx_disabled']:
                self.inventory.add_child(DISABLED_GROUP, host)
            for var, value in variables.items():
                self.inventory.set_variable(host, var, value)
            self._set_composite_vars(self.get_option('compose'), variables, host, strict=strict)
            self._add_host_to_composed_groups(self.get_option('groups'), variables, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option('keyed_groups'), variables, host, strict=strict)
