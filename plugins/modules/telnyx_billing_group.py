#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_billing_group
short_description: Manage a Telnyx billing group
version_added: 0.1.0
description:
  - Creates, renames or deletes one billing group.
  - An existing group is found by O(id), else by O(name). Telnyx allows several groups with one name;
    when a name matches more than one, the module fails and lists their ids (for O(state=absent) too).
  - To rename a group, give its O(id) and the new O(name).
  - Telnyx does not keep names unique. After creating a group the module reads the list once; when another group
    with the same name appeared meanwhile (two runs at once), it warns, naming both ids.
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
  - telnyx.account.api.RESOURCE
options:
  id:
    description:
      - ID of the group (a UUID). Needed to rename it, or to name a group that has no name.
      - Anything that is not a UUID is refused before any request.
    type: str
  name:
    description:
      - Name of the group. Required with O(state=present) unless O(id) is given.
    type: str
  state:
    description:
      - V(present) makes sure the group exists, V(absent) that it does not.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: telnyx.account.telnyx_billing_group_info
  - module: telnyx.account.telnyx_account
'''

EXAMPLES = r'''
- name: Make sure the ops billing group exists
  telnyx.account.telnyx_billing_group:
    name: ops
  register: ops_group

- name: Rename it
  telnyx.account.telnyx_billing_group:
    id: "{{ ops_group.billing_group.id }}"
    name: operations

- name: Delete a group by name
  telnyx.account.telnyx_billing_group:
    name: old-project
    state: absent
'''

RETURN = r'''
billing_group:
  description: The group as the API returns it. With O(state=absent), the group as it was, or V({}).
  returned: always
  type: dict
  sample:
    id: f5586561-8ff0-4291-a0ac-84fe544797bd
    name: ops
    organization_id: f1486bae-f067-460c-ad43-73a92848f902
    record_type: billing_group
    created_at: '2026-11-26T10:00:00.000Z'
    updated_at: '2026-11-26T10:00:00.000Z'
    deleted_at: null
'''

from ansible_collections.telnyx.account.plugins.module_utils.module import new_module, resource_argument_spec, run_resource
from ansible_collections.telnyx.account.plugins.module_utils.kinds import BillingGroup


def main():
    module = new_module(resource_argument_spec(BillingGroup))
    run_resource(module, BillingGroup)


if __name__ == '__main__':
    main()
