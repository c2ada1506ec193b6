#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_access_ip_range
short_description: Manage one CIDR range of the Telnyx API access IP allowlist
version_added: 0.1.0
description:
  - Adds or removes one IPv4 or IPv6 network on the list of ranges allowed to use the Telnyx API.
  - An existing range is found by O(id), else by O(cidr_block), compared as networks.
    V(198.51.100.7/24) is the range V(198.51.100.0/24); IPv6 spellings are normalised.
  - The Telnyx API cannot update a range. When one exists with another O(description), the module fails
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
      - ID of the range. Takes precedence over O(cidr_block) for finding it.
    type: str
  cidr_block:
    description:
      - The network, as address/prefix, for example V(198.51.100.0/24) or V(2001:db8:100::/48).
      - Host bits are dropped. Checked before any request is sent. A range inside V(::ffff:0:0/96) (IPv4 addresses
        written as IPv6) is refused; give the IPv4 network.
      - Required with O(state=present) unless O(id) is given.
    type: str
  description:
    description:
      - Free text kept with the range. Compared only when set.
    type: str
  replace:
    description:
      - When the range exists but differs, delete it and create it again with the wanted values.
    type: bool
    default: false
  state:
    description:
      - V(present) makes sure the range exists, V(absent) that it does not.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: telnyx.account.telnyx_access_ip_range_info
  - module: telnyx.account.telnyx_access_ip
  - module: telnyx.account.telnyx_account
'''

EXAMPLES = r'''
- name: Allow the data centre network
  telnyx.account.telnyx_access_ip_range:
    cidr_block: 198.51.100.0/24
    description: dc1

- name: Allow an IPv6 prefix
  telnyx.account.telnyx_access_ip_range:
    cidr_block: 2001:db8:100::/48
    description: dc1 v6

- name: Remove a range
  telnyx.account.telnyx_access_ip_range:
    cidr_block: 198.51.100.0/24
    state: absent
'''

RETURN = r'''
deleted:
  description:
    - When a replace deleted the old range and then failed to create the new one, the old range's id. The module
      fails with C(changed=true); re-run it to create the new range.
  returned: when a replace failed after its delete
  type: list
  elements: str
  sample: [5e8a4e2d-7a4c-4a9d-9a1c-4c2f0e5b6d7e]
access_ip_range:
  description:
    - The range as the API returns it. With O(state=absent), the range as it was, or V({}).
  returned: always
  type: dict
  sample:
    id: 0c4b7f3e-2a8d-4d6e-9f1a-3b5c7d9e1f2a
    cidr_block: 198.51.100.0/24
    description: dc1
    status: added
    user_id: a4e1f0b2-5c3d-4e6f-8a9b-0c1d2e3f4a5b
    created_at: '2026-11-26T10:00:00.000Z'
    updated_at: '2026-11-26T10:00:00.000Z'
'''

from ansible_collections.telnyx.account.plugins.module_utils.account import last_entry_guard
from ansible_collections.telnyx.account.plugins.module_utils.module import new_module, resource_argument_spec, run_resource
from ansible_collections.telnyx.account.plugins.module_utils.kinds import AccessIPRange


def main():
    spec = resource_argument_spec(AccessIPRange)
    spec.update(allow_empty_allowlist=dict(type='bool', default=False))
    module = new_module(spec)
    run_resource(module, AccessIPRange, check_plan=last_entry_guard(module.params['allow_empty_allowlist']))


if __name__ == '__main__':
    main()
