#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_managed_account_info
short_description: List the accounts a Telnyx manager account manages
version_added: 0.2.0
description:
  - Returns one managed account by O(id), or every managed account of the manager (all pages), optionally filtered.
  - O(api_key) must be the manager account's key. Never returns an account's API key or V1 token.
  - This module does not take O(managed_account_id) (nor E(TELNYX_MANAGED_ACCOUNT_ID)).
  - To run plays against every managed account, use the inventory plugin P(telnyx.account.managed_accounts#inventory).
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
  - telnyx.account.api.INFO
options:
  id:
    description:
      - Return only the account with this ID (a UUID; an empty list when there is none).
    type: str
  email_contains:
    description:
      - Only accounts whose email contains this text (not case-sensitive; at least 3 characters).
    type: str
  organization_name_contains:
    description:
      - Only accounts whose organization name contains this text (not case-sensitive; at least 3 characters).
    type: str
  include_cancelled:
    description:
      - Include cancelled accounts.
    type: bool
    default: false
seealso:
  - module: telnyx.account.telnyx_managed_account
  - plugin: telnyx.account.managed_accounts
    plugin_type: inventory
'''

EXAMPLES = r'''
- name: Every managed account
  telnyx.account.telnyx_managed_account_info:
  register: managed

- name: The accounts of one customer domain
  telnyx.account.telnyx_managed_account_info:
    email_contains: "@customer.example"
  register: customer_accounts
'''

RETURN = r'''
managed_accounts:
  description: The matching accounts, as the API lists them (never with an API key or token).
  returned: always
  type: list
  elements: dict
  sample:
    - id: f65ceda4-6522-4ad6-aede-98de83385123
      record_type: managed_account
      email: noc@customer.example
      organization_name: Customer Example Inc
      api_user: manager@example.com
      manager_account_id: 0b7b8c8e-2f3a-4e55-9d61-6a1f2f7c9e10
      rollup_billing: false
      managed_account_allow_custom_pricing: false
      created_at: '2026-11-29T10:00:00.000Z'
      updated_at: '2026-11-29T10:00:00.000Z'
'''

from ansible_collections.telnyx.account.plugins.module_utils.managed_accounts import (
    ManagedAccount, refuse_managed_account_id,
)
from ansible_collections.telnyx.account.plugins.module_utils.module import info_argument_spec, new_module, run_info


def main():
    module = new_module(info_argument_spec(**ManagedAccount.info_options))
    refuse_managed_account_id(module)
    run_info(module, ManagedAccount)


if __name__ == '__main__':
    main()
