#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_account
short_description: Converge a whole Telnyx account (allowlist, addresses, billing groups, SSO, secrets) in one call
version_added: 0.1.0
description:
  - Declares the wanted state of one or more sections of a Telnyx account and converges them in one module call.
  - Each section given is read once (every page), every item is planned against it, and the whole plan is validated
    (bad IPs or CIDR blocks, two items naming the same object, drift that needs C(replace), a path to an empty
    allowlist) before the first write. Only what differs is written.
  - The sections are read at the same time, and up to O(api_concurrency) writes are in flight at once. The writes
    go in phases, each started when the one before has ended. The allowlist (access IPs and ranges together) comes
    first, creates, then replaces one at a time, then deletes. Then the other sections, creates, updates and
    replaces, then deletes. With O(api_concurrency=1) the writes go one at a time in that order.
  - Items take the same options as the single-object modules (M(telnyx.account.telnyx_access_ip),
    M(telnyx.account.telnyx_access_ip_range), M(telnyx.account.telnyx_address), M(telnyx.account.telnyx_billing_group),
    M(telnyx.account.telnyx_authentication_provider), M(telnyx.account.telnyx_integration_secret)) and behave the same,
    because the same code does the work.
  - Sections named in O(purge) lose every object that no item names. A purge that would leave a section empty fails
    unless O(allow_empty_purge=true).
  - If a write fails half-way, no new write starts, those in flight finish, and the module fails saying exactly
    what was applied and what was not (the section keys list the ids of what was applied, C(api_error) gives the
    failed request); a re-run finishes.
  - After creating billing groups, or addresses without C(customer_reference), whose identity the API does not
    keep unique, the module reads the section once more and warns, naming both ids, when another object with the
    same identity appeared meanwhile (another run at the same time). Runs against one account should be serialised
    (in AWX, one job template that does not allow concurrent jobs).
  - The role C(telnyx.account.baseline) and the playbook C(telnyx.account.baseline) call this module.
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
  - telnyx.account.api.RESOURCE
options:
  access_ips:
    description: Addresses of the API access allowlist. See M(telnyx.account.telnyx_access_ip).
    type: list
    elements: dict
    suboptions:
      id:
        description: ID of the entry.
        type: str
      ip_address:
        description: One IPv4 or IPv6 address. Spellings are normalised.
        type: str
      description:
        description: Free text kept with the entry.
        type: str
      replace:
        description: Re-create the entry when it differs.
        type: bool
        default: false
      state:
        description: Whether the entry should exist.
        type: str
        choices: [present, absent]
        default: present
  access_ip_ranges:
    description: CIDR ranges of the API access allowlist. See M(telnyx.account.telnyx_access_ip_range).
    type: list
    elements: dict
    suboptions:
      id:
        description: ID of the range.
        type: str
      cidr_block:
        description: The network, as address/prefix; host bits are dropped.
        type: str
      description:
        description: Free text kept with the range.
        type: str
      replace:
        description: Re-create the range when it differs.
        type: bool
        default: false
      state:
        description: Whether the range should exist.
        type: str
        choices: [present, absent]
        default: present
  addresses:
    description: Emergency addresses. See M(telnyx.account.telnyx_address).
    type: list
    elements: dict
    suboptions:
      id:
        description: ID of the address.
        type: str
      first_name:
        description: First name.
        type: str
      last_name:
        description: Last name.
        type: str
      business_name:
        description: Business name.
        type: str
      street_address:
        description: Primary street address.
        type: str
      extended_address:
        description: Unit, suite or apartment.
        type: str
      locality:
        description: City.
        type: str
      administrative_area:
        description: State or province.
        type: str
      postal_code:
        description: Postal code.
        type: str
      country_code:
        description: ISO 3166-1 alpha-2 country code.
        type: str
      borough:
        description: Borough.
        type: str
      neighborhood:
        description: Neighbourhood.
        type: str
      phone_number:
        description: Phone number.
        type: str
      customer_reference:
        description: Your reference; identifies the address when given.
        type: str
      address_book:
        description: Whether the address appears in the address book.
        type: bool
      validate_address:
        description: Whether Telnyx validates the address on creation.
        type: bool
      replace:
        description: Create the wanted address and delete the old one when it differs.
        type: bool
        default: false
      state:
        description: Whether the address should exist.
        type: str
        choices: [present, absent]
        default: present
  billing_groups:
    description: Billing groups. See M(telnyx.account.telnyx_billing_group).
    type: list
    elements: dict
    suboptions:
      id:
        description: ID of the group; needed to rename it.
        type: str
      name:
        description: Name of the group.
        type: str
      state:
        description: Whether the group should exist.
        type: str
        choices: [present, absent]
        default: present
  authentication_providers:
    description: SSO authentication providers. See M(telnyx.account.telnyx_authentication_provider).
    type: list
    elements: dict
    suboptions:
      id:
        description: ID of the provider.
        type: str
      name:
        description: Display name.
        type: str
      short_name:
        description: Unique, URL-friendly name.
        type: str
      active:
        description: Whether the provider is active.
        type: bool
      settings:
        description: Identity provider settings; only the keys given are compared.
        type: dict
        suboptions:
          idp_entity_id:
            description: Entity ID of the IdP.
            type: str
          idp_sso_target_url:
            description: SSO target URL of the IdP.
            type: str
          idp_cert_fingerprint:
            description: Fingerprint of the IdP certificate.
            type: str
          idp_cert_fingerprint_algorithm:
            description: Algorithm of the fingerprint.
            type: str
            choices: [sha1, sha256, sha384, sha512]
      settings_url:
        description: URL of the IdP metadata, sent only on creation.
        type: str
      state:
        description: Whether the provider should exist.
        type: str
        choices: [present, absent]
        default: present
  integration_secrets:
    description:
      - Integration secrets. See M(telnyx.account.telnyx_integration_secret).
      - A secret that exists needs no value with O(integration_secrets[].update_secret=on_create).
    type: list
    elements: dict
    suboptions:
      id:
        description: ID of the secret.
        type: str
      identifier:
        description: Unique identifier of the secret.
        type: str
      type:
        description: Kind of secret.
        type: str
        choices: [bearer, basic]
      token:
        description: Bearer token; needed to create a bearer secret.
        type: str
      username:
        description: User name of a basic secret.
        type: str
      password:
        description: Password of a basic secret.
        type: str
      update_secret:
        description: V(on_create) leaves an existing secret alone; V(always) re-creates it on every run.
        type: str
        choices: [on_create, always]
        default: on_create
      replace:
        description: Re-create the secret when its type differs.
        type: bool
        default: false
      state:
        description: Whether the secret should exist.
        type: str
        choices: [present, absent]
        default: present
  purge:
    description:
      - Sections whose objects that no item names are deleted.
      - A section named here but not given is treated as given empty.
    type: list
    elements: str
    choices: [access_ips, access_ip_ranges, addresses, billing_groups, authentication_providers, integration_secrets]
    default: []
  allow_empty_purge:
    description:
      - Allow a plan that deletes every object of a section through O(purge).
      - Allow a plan whose path leads to an empty API access allowlist (access IPs and ranges together), by purge,
        by items with C(state=absent), or by replacing the only entry (the API cannot hold the old and the new
        entry at once, so a replace deletes first). Without it such a plan fails before any write.
      - The collection does not assume what an empty allowlist means to Telnyx; see the allowlist guide.
    type: bool
    default: false
seealso:
  - module: telnyx.account.telnyx_account_info
'''

EXAMPLES = r'''
- name: Converge the account baseline
  telnyx.account.telnyx_account:
    api_key: "{{ vault_telnyx_api_key }}"
    access_ips:
      - ip_address: 203.0.113.10
        description: office NAT
      - ip_address: 2001:db8::10
        description: build runners
    access_ip_ranges:
      - cidr_block: 198.51.100.0/24
        description: dc1
    billing_groups:
      - name: ops
      - name: sales
    addresses:
      - customer_reference: hq
        first_name: Ada
        last_name: Lovelace
        business_name: Example Corp
        street_address: 311 W Superior St
        locality: Chicago
        administrative_area: IL
        postal_code: "60654"
        country_code: US
    integration_secrets:
      - identifier: crm_webhook
        type: bearer
        token: "{{ vault_crm_token }}"
    purge:
      - access_ips
      - access_ip_ranges

- name: Show the plan only
  telnyx.account.telnyx_account:
    access_ips:
      - ip_address: 203.0.113.10
    purge: [access_ips]
  check_mode: true
  diff: true
  register: plan
'''

RETURN = r'''
access_ips:
  description:
    - What happened to the section, as lists of ids. Each section given (or purged) has such a key, named after
      the section (C(access_ips), C(access_ip_ranges), C(addresses), C(billing_groups), C(authentication_providers)
      or C(integration_secrets)).
    - In check mode an object that would be created has no id yet; its identity (for example the IP address)
      stands in.
    - When a write fails half-way the module fails, and these keys list what was applied before it stopped (a
      replace that deleted the old object and could not create the new one lists the old id under C(deleted));
      C(api_error) gives the request that failed.
  returned: when the section is given
  type: dict
  contains:
    created:
      description: Objects created.
      type: list
      elements: str
      returned: always
    updated:
      description: Objects updated in place.
      type: list
      elements: str
      returned: always
    replaced:
      description: Objects deleted and created again (the new ids).
      type: list
      elements: str
      returned: always
    deleted:
      description: Objects deleted.
      type: list
      elements: str
      returned: always
    unchanged:
      description: Objects already as declared.
      type: list
      elements: str
      returned: always
  sample:
    created: [5e8a4e2d-7a4c-4a9d-9a1c-4c2f0e5b6d7e]
    updated: []
    replaced: []
    deleted: [0c4b7f3e-2a8d-4d6e-9f1a-3b5c7d9e1f2a]
    unchanged: [9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a]
'''

from ansible_collections.telnyx.account.plugins.module_utils.account import SECTIONS, SECTION_NAMES, Account, any_change
from ansible_collections.telnyx.account.plugins.module_utils.module import (
    account_argument_spec, new_module, run, surface_warnings,
)


def main():
    spec = account_argument_spec(SECTIONS)
    spec.update(
        purge=dict(type='list', elements='str', default=[], choices=list(SECTION_NAMES)),
        allow_empty_purge=dict(type='bool', default=False),
    )
    module = new_module(spec)
    sections = dict((name, module.params[name]) for name in SECTION_NAMES if module.params[name] is not None)

    def prepare(client):
        account = Account(client, check_mode=module.check_mode)
        return account, account.declare(sections, purge=module.params['purge'])

    def work(client, prepared):
        account, declared = prepared
        try:
            plans = account.plan(sections, purge=module.params['purge'],
                                 allow_empty_purge=module.params['allow_empty_purge'], declared=declared)
            output = account.apply(plans)
        finally:
            surface_warnings(module, [account])
        output['changed'] = any_change(output)
        if module._diff:
            output['diff'] = account.diff(plans)
        return output

    run(module, work, prepare)


if __name__ == '__main__':
    main()
