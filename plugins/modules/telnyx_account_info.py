#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_account_info
short_description: Export a Telnyx account in the input format of telnyx_account
version_added: 0.1.0
description:
  - Reads the sections asked for (every page, once each) and returns them under RV(account) exactly as
    M(telnyx.account.telnyx_account) takes them. Server-made fields (ids, timestamps, status, server-made SSO settings)
    are left out; items are sorted by identity so the file diffs cleanly.
  - Telnyx never returns secret values, so integration secrets come back with C(identifier) and C(type) only. With
    C(update_secret=on_create), which is the default, a secret that already exists needs no value.
  - Saving RV(account) to a file and passing it to M(telnyx.account.telnyx_account) reports no change, which puts an
    existing account under management without retyping it.
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
  - telnyx.account.api.INFO
options:
  sections:
    description: The sections to export.
    type: list
    elements: str
    choices: [access_ips, access_ip_ranges, addresses, billing_groups, authentication_providers, integration_secrets]
    default: [access_ips, access_ip_ranges, addresses, billing_groups, authentication_providers, integration_secrets]
seealso:
  - module: telnyx.account.telnyx_account
'''

EXAMPLES = r'''
- name: Export the account
  telnyx.account.telnyx_account_info:
  register: current

- name: Write it down as account.yml
  ansible.builtin.copy:
    content: "{{ current.account | to_nice_yaml(indent=2, sort_keys=false) }}"
    dest: account.yml
    mode: "0600"

- name: Only the allowlist
  telnyx.account.telnyx_account_info:
    sections: [access_ips, access_ip_ranges]
  register: allowlist
'''

RETURN = r'''
account:
  description: The sections asked for, each a list of items in the input format of M(telnyx.account.telnyx_account).
  returned: always
  type: dict
  sample:
    access_ips:
      - ip_address: 203.0.113.10
        description: office NAT
    billing_groups:
      - name: ops
    integration_secrets:
      - identifier: crm_webhook
        type: bearer
'''

from ansible_collections.telnyx.account.plugins.module_utils.account import SECTION_NAMES, Account
from ansible_collections.telnyx.account.plugins.module_utils.module import info_argument_spec, new_module, run


def main():
    module = new_module(info_argument_spec(
        sections=dict(type='list', elements='str', default=list(SECTION_NAMES), choices=list(SECTION_NAMES)),
    ))
    run(module, lambda client: {'changed': False, 'account': Account(client).export(
        [s for s in SECTION_NAMES if s in module.params['sections']])})


if __name__ == '__main__':
    main()
