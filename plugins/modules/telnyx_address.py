#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_address
short_description: Manage a Telnyx (emergency) address
version_added: 0.1.0
description:
  - Creates or deletes one address record. Telnyx validates addresses for emergency use when they are created
    (unless O(validate_address=false)).
  - An existing address is found by O(id), else by O(customer_reference) (exact match), else by all the address
    fields given being equal.
  - Addresses cannot be changed once created. When the address found differs from the one asked for, the module
    fails and names the differing fields, unless O(replace=true). Then it creates the new address first and deletes
    the old one afterwards; if that delete fails, it says so and returns both ids.
  - With O(state=present), O(first_name), O(last_name), O(business_name), O(street_address), O(locality) and
    O(country_code) are checked before any request is sent.
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
  - telnyx.account.api.RESOURCE
options:
  id:
    description:
      - ID of the address (digits only, as the API gives it). Anything else is refused before any request.
    type: str
  first_name:
    description: First name. Required to create.
    type: str
  last_name:
    description: Last name. Required to create.
    type: str
  business_name:
    description: Business name. Required to create.
    type: str
  street_address:
    description: Primary street address. Required to create.
    type: str
  extended_address:
    description: Unit, suite or apartment.
    type: str
  locality:
    description: City. Required to create.
    type: str
  administrative_area:
    description: State or province.
    type: str
  postal_code:
    description: Postal code.
    type: str
  country_code:
    description:
      - ISO 3166-1 alpha-2 country code, for example V(US). Required to create. Case does not matter.
    type: str
  borough:
    description: Borough, for some international addresses.
    type: str
  neighborhood:
    description: Neighbourhood, for some international addresses.
    type: str
  phone_number:
    description:
      - Phone number associated with the address, in E.164 form (V(+12125559000)).
      - Checked only when the module sends it (a create or a replace); a value read back from the API is never
        refused, so an exported account re-applies unchanged.
    type: str
  customer_reference:
    description:
      - Your reference for the address. When given, it identifies the address (exact match).
    type: str
  address_book:
    description:
      - Whether the address appears in the address book. Telnyx defaults to V(true).
    type: bool
  validate_address:
    description:
      - Whether Telnyx validates the address for emergency use on creation. Telnyx defaults to V(true).
    type: bool
  replace:
    description:
      - When the address exists but differs, create the wanted one and then delete the old one.
    type: bool
    default: false
  state:
    description:
      - V(present) makes sure the address exists, V(absent) that it does not.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: telnyx.account.telnyx_address_info
  - module: telnyx.account.telnyx_address_validate
  - module: telnyx.account.telnyx_address_accept_suggestions
'''

EXAMPLES = r'''
- name: Headquarters as an emergency address
  telnyx.account.telnyx_address:
    customer_reference: hq
    first_name: Ada
    last_name: Lovelace
    business_name: Example Corp
    street_address: 311 W Superior St
    locality: Chicago
    administrative_area: IL
    postal_code: "60654"
    country_code: US

- name: The office moved; replace the address record
  telnyx.account.telnyx_address:
    customer_reference: hq
    first_name: Ada
    last_name: Lovelace
    business_name: Example Corp
    street_address: 600 W Chicago Ave
    locality: Chicago
    administrative_area: IL
    postal_code: "60654"
    country_code: US
    replace: true

- name: Remove it
  telnyx.account.telnyx_address:
    customer_reference: hq
    state: absent
'''

RETURN = r'''
address:
  description: The address as the API returns it. With O(state=absent), the address as it was, or V({}).
  returned: always
  type: dict
  sample:
    id: '1293384261075731499'
    customer_reference: hq
    first_name: Ada
    last_name: Lovelace
    business_name: Example Corp
    street_address: 311 W Superior St
    locality: Chicago
    administrative_area: IL
    postal_code: '60654'
    country_code: US
    address_book: true
    validate_address: true
    record_type: address
'''

from ansible_collections.telnyx.account.plugins.module_utils.module import new_module, resource_argument_spec, run_resource
from ansible_collections.telnyx.account.plugins.module_utils.kinds import Address


def main():
    module = new_module(resource_argument_spec(Address))
    run_resource(module, Address)


if __name__ == '__main__':
    main()
