#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_access_ip_range_info
short_description: List the CIDR ranges of the Telnyx API access IP allowlist
version_added: 0.1.0
description:
  - Returns one range by O(id), or every range that matches the filters, reading all pages.
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
  - telnyx.account.api.INFO
options:
  id:
    description:
      - Return only the range with this ID (an empty list when there is none).
    type: str
  cidr_block:
    description:
      - Return only the range for this network, compared as networks (V(198.51.100.7/24) finds V(198.51.100.0/24)).
    type: str
  cidr_block_startswith:
    description:
      - Return only ranges whose text starts with this, as the API's C(filter[cidr_block][startswith]).
    type: str
  cidr_block_endswith:
    description:
      - Return only ranges whose text ends with this, for example V(/24).
    type: str
  cidr_block_contains:
    description:
      - Return only ranges whose text contains this.
    type: str
seealso:
  - module: telnyx.account.telnyx_access_ip_range
'''

EXAMPLES = r'''
- name: Read every allowed range
  telnyx.account.telnyx_access_ip_range_info:
  register: ranges

- name: Only the /24 ranges under 198.51.
  telnyx.account.telnyx_access_ip_range_info:
    cidr_block_startswith: "198.51."
    cidr_block_endswith: /24
  register: dc_ranges
'''

RETURN = r'''
access_ip_ranges:
  description: The matching ranges, as the API returns them.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 0c4b7f3e-2a8d-4d6e-9f1a-3b5c7d9e1f2a
      cidr_block: 198.51.100.0/24
      description: dc1
      status: added
'''

from ansible_collections.telnyx.account.plugins.module_utils.module import info_argument_spec, new_module, run_info
from ansible_collections.telnyx.account.plugins.module_utils.kinds import AccessIPRange


def main():
    module = new_module(info_argument_spec(**AccessIPRange.info_options))
    run_info(module, AccessIPRange)


if __name__ == '__main__':
    main()
