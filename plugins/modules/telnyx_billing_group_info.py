#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_billing_group_info
short_description: List Telnyx billing groups
version_added: 0.1.0
description:
  - Returns one group by O(id), or every group (all pages), optionally only those named O(name).
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
  - telnyx.account.api.INFO
options:
  id:
    description:
      - Return only the group with this ID (an empty list when there is none). A UUID; anything else is refused
        before any request.
    type: str
  name:
    description:
      - Return only groups with exactly this name. The API has no such filter; the list is filtered here.
    type: str
seealso:
  - module: telnyx.account.telnyx_billing_group
'''

EXAMPLES = r'''
- name: Every billing group
  telnyx.account.telnyx_billing_group_info:
  register: billing_groups

- name: The groups named ops
  telnyx.account.telnyx_billing_group_info:
    name: ops
  register: ops
'''

RETURN = r'''
billing_groups:
  description: The matching groups, as the API returns them.
  returned: always
  type: list
  elements: dict
  sample:
    - id: f5586561-8ff0-4291-a0ac-84fe544797bd
      name: ops
      record_type: billing_group
'''

import copy

from ansible_collections.telnyx.account.plugins.module_utils.module import info_argument_spec, new_module, run_info
from ansible_collections.telnyx.account.plugins.module_utils.kinds import BillingGroup


def main():
    module = new_module(info_argument_spec(**copy.deepcopy(BillingGroup.info_options)))
    run_info(module, BillingGroup)


if __name__ == '__main__':
    main()
