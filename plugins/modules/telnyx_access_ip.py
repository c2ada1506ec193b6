#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_access_ip
short_description: Manage one address of the Telnyx API access IP allowlist
version_added: 0.1.0
description:
  - Adds or removes one IPv4 or IPv6 address on the list of addresses allowed to use the Telnyx API.
  - An existing entry is found by O(id), else by O(ip_address). Spellings are normalised,
    so V(2001:DB8::1) and V(2001:db8::1) are the same entry, also for entries made outside Ansible.
  - The Telnyx API cannot update an entry. When one exists with another O(description), the module fails
    and names the field, unless O(replace=true).
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
  - telnyx.account.api.RESOURCE
  - telnyx.account.api.ALLOWLIST
options:
  id:
    description:
      - ID of the entry. Takes precedence over O(ip_address) for finding it.
    type: str
  ip_address:
    description:
      - One IPv4 or IPv6 address, without prefix length. Use M(telnyx.account.telnyx_access_ip_range) for ranges.
      - Checked before any request is sent. An IPv4 address written as IPv6 (IPv4-mapped, V(::ffff:203.0.113.10)) is
        refused naming its IPv4 form, which is what the API sees from such a client.
      - Required with O(state=present) unless O(id) is given.
    type: str
  description:
    description:
      - Free text kept with the entry. Compared only when set.
    type: str
  replace:
    description:
      - When the entry exists but differs, delete it and create it again with the wanted values.
      - Between the two calls the address is briefly not allowed.
    type: bool
    default: false
  state:
    description:
      - V(present) makes sure the entry exists, V(absent) that it does not.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: telnyx.account.telnyx_access_ip_info
  - module: telnyx.account.telnyx_access_ip_range
  - module: telnyx.account.telnyx_account
'''

EXAMPLES = r'''
- name: Allow the office NAT address to use the Telnyx API
  telnyx.account.telnyx_access_ip:
    ip_address: 203.0.113.10
    description: office NAT
    api_key: "{{ vault_telnyx_api_key }}"

- name: Allow an IPv6 address, key taken from TELNYX_API_KEY
  telnyx.account.telnyx_access_ip:
    ip_address: 2001:db8::10
    description: build runners

- name: Change the description (the API cannot update, so the entry is re-created)
  telnyx.account.telnyx_access_ip:
    ip_address: 203.0.113.10
    description: office NAT (primary)
    replace: true

- name: Remove an address from the allowlist
  telnyx.account.telnyx_access_ip:
    ip_address: 203.0.113.10
    state: absent
'''

RETURN = r'''
deleted:
  description:
    - When a replace deleted the old entry and then failed to create the new one, the old entry's id. The module
      fails with C(changed=true); re-run it to create the new entry.
  returned: when a replace failed after its delete
  type: list
  elements: str
  sample: [5e8a4e2d-7a4c-4a9d-9a1c-4c2f0e5b6d7e]
access_ip:
  description:
    - The entry as the API returns it. With O(state=absent), the entry as it was, or V({}).
    - In check mode, the entry as it would be (without server-made fields for a new one).
  returned: always
  type: dict
  sample:
    id: 5e8a4e2d-7a4c-4a9d-9a1c-4c2f0e5b6d7e
    ip_address: 203.0.113.10
    description: office NAT
    source: api
    status: added
    user_id: a4e1f0b2-5c3d-4e6f-8a9b-0c1d2e3f4a5b
    created_at: '2026-11-26T10:00:00.000Z'
    updated_at: '2026-11-26T10:00:00.000Z'
'''

from ansible_collections.telnyx.account.plugins.module_utils.account import last_entry_guard
from ansible_collections.telnyx.account.plugins.module_utils.module import new_module, resource_argument_spec, run_resource
from ansible_collections.telnyx.account.plugins.module_utils.kinds import AccessIP


def main():
    spec = resource_argument_spec(AccessIP)
    spec.update(allow_empty_allowlist=dict(type='bool', default=False))
    module = new_module(spec)
    run_resource(module, AccessIP, check_plan=last_entry_guard(module.params['allow_empty_allowlist']))


if __name__ == '__main__':
    main()
