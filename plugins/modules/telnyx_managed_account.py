#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_managed_account
short_description: Create, update, enable or disable a Telnyx managed account
version_added: 0.2.0
description:
  - Manages one account that a Telnyx manager account manages (a "managed account", for resellers and enterprises
    with many accounts). O(api_key) must be the manager account's key; only accounts approved by Telnyx as managers
    can use these endpoints.
  - An existing account is found by O(id), else by O(email) (compared without regard to case).
  - O(state=enabled) creates the account when it does not exist, updates it, and enables it when it is disabled.
    O(state=disabled) disables an existing account; a missing account is an error. The API has no delete.
  - Only O(managed_account_allow_custom_pricing) can change after creation. O(business_name), O(email) and
    O(rollup_billing) are set when the account is created; when the account differs in one of them the module
    fails and names the field. O(password) is sent only when the account is created and is never compared.
  - The account's own API key and V1 token, which Telnyx returns when one account is read, are never returned.
  - This module does not take O(managed_account_id) (nor E(TELNYX_MANAGED_ACCOUNT_ID)), as it works with the
    manager's key. To act inside a managed account, give O(managed_account_id) to the other modules of the collection.
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
  - telnyx.account.api.RESOURCE
options:
  id:
    description:
      - ID of the managed account (a UUID).
    type: str
  email:
    description:
      - Email address of the managed account; identifies it when O(id) is not given.
      - Required to create an account. Cannot change after creation.
    type: str
  business_name:
    description:
      - Name of the business; Telnyx uses it as the account's organization name (C(organization_name) in results).
      - Required to create an account. Cannot change after creation.
    type: str
  password:
    description:
      - Password of the new account, so that it can sign in to the portal. Sent only when the account is created;
        never compared, returned or logged.
    type: str
  rollup_billing:
    description:
      - Whether the account's charges roll up to the manager account (no balance of its own).
      - Set only when the account is created; changing it needs Telnyx support.
    type: bool
  managed_account_allow_custom_pricing:
    description:
      - Whether the account may have custom pricing. The one field that can change after creation.
    type: bool
  reenable_all_connections:
    description:
      - When the module enables a disabled account, also re-enable all of the account's connections.
      - Only with O(state=enabled).
    type: bool
    default: false
  state:
    description:
      - V(enabled) makes sure the account exists and is enabled (creating it when needed).
      - V(disabled) makes sure an existing account is disabled.
    type: str
    choices: [enabled, disabled]
    default: enabled
seealso:
  - module: telnyx.account.telnyx_managed_account_info
  - plugin: telnyx.account.managed_accounts
    plugin_type: inventory
'''

EXAMPLES = r'''
- name: Onboard a customer
  telnyx.account.telnyx_managed_account:
    api_key: "{{ vault_telnyx_manager_key }}"
    email: noc@customer.example
    business_name: Customer Example Inc
    rollup_billing: false
  register: customer

- name: Allow custom pricing for it
  telnyx.account.telnyx_managed_account:
    api_key: "{{ vault_telnyx_manager_key }}"
    email: noc@customer.example
    managed_account_allow_custom_pricing: true

- name: Disable it
  telnyx.account.telnyx_managed_account:
    api_key: "{{ vault_telnyx_manager_key }}"
    id: "{{ customer.managed_account.id }}"
    state: disabled
'''

RETURN = r'''
managed_account:
  description:
    - The account as the API returns it, without its API key and V1 token.
    - C(status) is V(enabled) or V(disabled), as this module found or left it (the API's objects carry no status;
      the module reads it through the list's status filter).
  returned: always
  type: dict
  sample:
    id: f65ceda4-6522-4ad6-aede-98de83385123
    record_type: managed_account
    email: noc@customer.example
    organization_name: Customer Example Inc
    api_user: manager@example.com
    manager_account_id: 0b7b8c8e-2f3a-4e55-9d61-6a1f2f7c9e10
    rollup_billing: false
    managed_account_allow_custom_pricing: true
    created_at: '2026-11-29T10:00:00.000Z'
    updated_at: '2026-11-29T10:00:00.000Z'
    status: enabled
'''

from ansible_collections.telnyx.account.plugins.module_utils.managed_accounts import (
    MANAGED_STATES, ManagedAccount, refuse_managed_account_id,
)
from ansible_collections.telnyx.account.plugins.module_utils.module import api_argument_spec, new_module, run_resource


def main():
    spec = api_argument_spec()
    spec.update(ManagedAccount.options)
    spec.update(state=dict(type='str', default='enabled', choices=list(MANAGED_STATES)))
    module = new_module(spec)
    refuse_managed_account_id(module)
    run_resource(module, ManagedAccount)


if __name__ == '__main__':
    main()
