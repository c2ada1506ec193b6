#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_access_ip_info
short_description: List the addresses of the Telnyx API access IP allowlist
version_added: 0.1.0
description:
  - Returns one entry by O(id), or every entry that matches the filters, reading all pages.
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
  - telnyx.account.api.INFO
options:
  id:
    description:
      - Return only the entry with this ID (an empty list when there is none).
    type: str
  ip_address:
    description:
      - Return only the entry for this address. IPv6 spellings are normalised.
    type: str
  ip_source:
    description:
      - Return only entries from this source, as the API's C(filter[ip_source]).
    type: str
seealso:
  - module: telnyx.account.telnyx_access_ip
'''

EXAMPLES = r'''
- name: Read the whole allowlist
  telnyx.account.telnyx_access_ip_info:
  register: allowlist

- name: Show the allowed addresses
  ansible.builtin.debug:
    msg: "{{ allowlist.access_ips | map(attribute='ip_address') | list }}"

- name: Is this address allowed?
  telnyx.account.telnyx_access_ip_info:
    ip_address: 203.0.113.10
  register: one
'''

RETURN = r'''
access_ips:
  description: The matching entries, as the API returns them.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 5e8a4e2d-7a4c-4a9d-9a1c-4c2f0e5b6d7e
      ip_address: 203.0.113.10
      description: office NAT
      source: api
      status: added
'''

from ansible_collections.telnyx.account.plugins.module_utils.module import info_argument_spec, new_module, run_info
from ansible_collections.telnyx.account.plugins.module_utils.kinds import AccessIP


def main():
    module = new_module(info_argument_spec(**AccessIP.info_options))
    run_info(module, AccessIP)


if __name__ == '__main__':
    main()
