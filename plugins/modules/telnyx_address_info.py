#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_address_info
short_description: List Telnyx addresses
version_added: 0.1.0
description:
  - Returns one address by O(id), or every address that matches the filters, reading all pages.
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
  - telnyx.account.api.INFO
options:
  id:
    description:
      - Return only the address with this ID (an empty list when there is none). Digits only; anything else is
        refused before any request.
    type: str
  customer_reference:
    description:
      - Return only the addresses with exactly this customer reference.
    type: str
  street_address_contains:
    description:
      - Return only addresses whose street address contains this text (not case-sensitive, at least 3 characters).
    type: str
    aliases: [street_address]
  used_as_emergency:
    description:
      - V(true) returns only addresses used as the emergency address of an active number, V(false) only the others.
    type: bool
  address_book:
    description:
      - Return only addresses whose address book flag is this.
    type: bool
  sort:
    description:
      - Sort order of the result. Telnyx sorts by V(created_at) when not given.
    type: str
    choices: [created_at, first_name, last_name, business_name, street_address]
seealso:
  - module: telnyx.account.telnyx_address
'''

EXAMPLES = r'''
- name: Every address, by street
  telnyx.account.telnyx_address_info:
    sort: street_address
  register: addresses

- name: Addresses in use for emergency calls
  telnyx.account.telnyx_address_info:
    used_as_emergency: true
  register: emergency

- name: The address with a given reference
  telnyx.account.telnyx_address_info:
    customer_reference: hq
  register: hq
'''

RETURN = r'''
addresses:
  description: The matching addresses, as the API returns them.
  returned: always
  type: list
  elements: dict
  sample:
    - id: '1293384261075731499'
      customer_reference: hq
      street_address: 311 W Superior St
      locality: Chicago
      country_code: US
'''

import copy

from ansible_collections.telnyx.account.plugins.module_utils.module import info_argument_spec, new_module, run_info
from ansible_collections.telnyx.account.plugins.module_utils.kinds import Address


def main():
    module = new_module(info_argument_spec(**copy.deepcopy(Address.info_options)))
    run_info(module, Address)


if __name__ == '__main__':
    main()
