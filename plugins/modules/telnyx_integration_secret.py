#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_integration_secret
short_description: Manage a Telnyx integration secret
version_added: 0.1.0
description:
  - Creates, replaces or deletes one integration secret (a bearer token or a username and password that Telnyx
    uses to call your services).
  - An existing secret is found by O(id), else by O(identifier).
  - Telnyx never returns secret values, so they cannot be compared. O(update_secret) says what to do with an
    existing secret. No secret value appears in results, diffs, warnings or errors.
  - Secrets cannot be updated in place. A different O(type) needs O(replace=true) (delete, then create).
  - A replace or an O(update_secret=always) rotation deletes first (two secrets cannot share an identifier). When
    the create then fails, the task fails saying that the old secret was deleted, and the result reports the
    delete.
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
  - telnyx.account.api.RESOURCE
options:
  id:
    description:
      - ID of the secret. Letters, digits, V(-) and V(_) only; anything else is refused before any request.
    type: str
  identifier:
    description: Unique identifier of the secret. Required with O(state=present) unless O(id) is given.
    type: str
  type:
    description:
      - V(bearer) takes O(token); V(basic) takes O(username) and O(password). Required to create.
      - Telnyx does not return the type; it is compared through the list's type filter.
    type: str
    choices: [bearer, basic]
  token:
    description:
      - The bearer token. Needed to create a V(bearer) secret, and with O(update_secret=always).
    type: str
  username:
    description:
      - User name of a V(basic) secret. Sent when the secret is created; Telnyx does not return it, so it is never
        compared.
    type: str
  password:
    description:
      - Password of a V(basic) secret. Needed to create one, and with O(update_secret=always).
    type: str
  update_secret:
    description:
      - V(on_create) sets the value only when the secret is created and leaves an existing one alone, so a secret
        that exists needs no value.
      - V(always) deletes and re-creates the secret with the given value on every run and reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
  replace:
    description:
      - When the secret exists with another O(type), delete it and create it anew.
    type: bool
    default: false
  state:
    description:
      - V(present) makes sure the secret exists, V(absent) that it does not.
    type: str
    choices: [present, absent]
    default: present
notes:
  - A secret is identified by O(identifier); the API cannot read a value back, so with O(update_secret=on_create)
    a changed O(token) or O(password) is not noticed. Use O(update_secret=always) to rotate it.
seealso:
  - module: telnyx.account.telnyx_integration_secret_info
'''

EXAMPLES = r'''
- name: A bearer token for the CRM webhook (value set once)
  telnyx.account.telnyx_integration_secret:
    identifier: crm_webhook
    type: bearer
    token: "{{ vault_crm_token }}"

- name: Rotate a basic-auth secret on every run
  telnyx.account.telnyx_integration_secret:
    identifier: billing_api
    type: basic
    username: telnyx
    password: "{{ vault_billing_password }}"
    update_secret: always

- name: Remove a secret
  telnyx.account.telnyx_integration_secret:
    identifier: old_hook
    state: absent
'''

RETURN = r'''
integration_secret:
  description:
    - The secret as the API returns it, which never holds its value. With O(state=absent), the secret as it was,
      or V({}).
  returned: always
  type: dict
  sample:
    id: 0b8a4d8e-0c4f-4d9a-a7a4-1f2e3d4c5b6a
    identifier: crm_webhook
    record_type: integration_secret
    created_at: '2026-11-26T10:00:00.000Z'
'''

from ansible_collections.telnyx.account.plugins.module_utils.module import new_module, resource_argument_spec, run_resource
from ansible_collections.telnyx.account.plugins.module_utils.kinds import IntegrationSecret


def main():
    module = new_module(resource_argument_spec(IntegrationSecret), mutually_exclusive=[('token', 'password'), ('token', 'username')])
    run_resource(module, IntegrationSecret)


if __name__ == '__main__':
    main()
