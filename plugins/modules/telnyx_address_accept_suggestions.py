#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_address_accept_suggestions
short_description: Accept Telnyx's suggested corrections for an address
version_added: 0.1.0
description:
  - Accepts the address suggestion Telnyx made for an address, so the numbers that wait on it resume processing.
  - The address is named by O(id) or by O(customer_reference).
  - Reports C(changed) when Telnyx accepted the suggestion now (HTTP 202) and no change when it had been accepted
    before (HTTP 200).
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
attributes:
  check_mode:
    description:
      - In check mode the address is looked up but nothing is sent. Whether the suggestion was already accepted
        cannot be read without sending, so check mode reports a change.
    support: partial
    details: Check mode always reports a change, also when the suggestion had been accepted before.
  diff_mode:
    description: Returns no diff.
    support: none
  idempotent:
    description: A second run reports no change (Telnyx answers 200).
    support: full
options:
  id:
    description:
      - ID of the address, as the API gave it (digits only). Anything else is refused before any request.
    type: str
  customer_reference:
    description:
      - Customer reference of the address (exact match).
    type: str
seealso:
  - module: telnyx.account.telnyx_address
  - module: telnyx.account.telnyx_address_validate
'''

EXAMPLES = r'''
- name: Accept the suggestions for headquarters
  telnyx.account.telnyx_address_accept_suggestions:
    customer_reference: hq

- name: By id
  telnyx.account.telnyx_address_accept_suggestions:
    id: "1293384261075731499"
'''

RETURN = r'''
address_id:
  description: ID of the address.
  returned: always
  type: str
  sample: '1293384261075731499'
accepted:
  description: Whether the suggestions are accepted (V(null) in check mode, when nothing was sent).
  returned: always
  type: bool
  sample: true
'''

from ansible_collections.telnyx.account.plugins.module_utils.module import api_argument_spec, new_module, run
from ansible_collections.telnyx.account.plugins.module_utils.resource import TelnyxStateError
from ansible_collections.telnyx.account.plugins.module_utils.kinds import Address


def main():
    spec = api_argument_spec()
    spec.update(id=dict(type='str'), customer_reference=dict(type='str'))
    module = new_module(spec, required_one_of=[('id', 'customer_reference')],
                        mutually_exclusive=[('id', 'customer_reference')])

    def prepare(client):
        resource = Address(client, check_mode=module.check_mode)
        if module.params['id'] is not None:
            return resource, resource.check_id(module.params['id']), None
        return resource, None, resource.normalize({'customer_reference': module.params['customer_reference']})

    def work(client, prepared):
        resource, address_id, desired = prepared
        if address_id is None:
            found = resource.lookup(desired)
            if not found:
                raise TelnyxStateError('No address with customer_reference %r.' % module.params['customer_reference'])
            address_id = found['id']
        if module.check_mode:
            return {'changed': True, 'address_id': address_id, 'accepted': None}
        changed, answer = resource.accept_suggestions(address_id)
        return {'changed': changed, 'address_id': address_id, 'accepted': (answer or {}).get('accepted', True)}

    run(module, work, prepare)


if __name__ == '__main__':
    main()
