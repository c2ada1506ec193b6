#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_address_validate
short_description: Validate an address for emergency services with Telnyx
version_added: 0.1.0
description:
  - Asks Telnyx whether an address is valid for emergency use and what it suggests instead.
  - Never changes anything (C(changed) is always V(false)); it also runs in check mode.
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
attributes:
  check_mode:
    description: Sends the validation request in check mode too; it changes nothing.
    support: full
  diff_mode:
    description: Returns no diff; nothing is changed.
    support: N/A
  idempotent:
    description: Only asks.
    support: full
options:
  street_address:
    description: Primary street address.
    type: str
    required: true
  extended_address:
    description: Unit, suite or apartment.
    type: str
  locality:
    description: City.
    type: str
  administrative_area:
    description: State or province.
    type: str
  postal_code:
    description: Postal code.
    type: str
    required: true
  country_code:
    description: ISO 3166-1 alpha-2 country code, for example V(US).
    type: str
    required: true
  fail_on_invalid:
    description:
      - Fail the task when Telnyx says the address is invalid.
    type: bool
    default: false
seealso:
  - module: telnyx.account.telnyx_address
'''

EXAMPLES = r'''
- name: Check an address before creating it
  telnyx.account.telnyx_address_validate:
    street_address: 311 W Superior St
    locality: Chicago
    administrative_area: il
    postal_code: "60654"
    country_code: US
  register: check

- name: Show what Telnyx suggests
  ansible.builtin.debug:
    var: check.validation.suggested
  when: check.validation.result == 'valid'

- name: Stop the play on an invalid address
  telnyx.account.telnyx_address_validate:
    street_address: 1 Nowhere Rd
    postal_code: "00000"
    country_code: US
    fail_on_invalid: true
'''

RETURN = r'''
validation:
  description: What Telnyx answered.
  returned: always
  type: dict
  contains:
    result:
      description: V(valid) or V(invalid).
      type: str
      returned: always
      sample: valid
    suggested:
      description: The normalised address, when Telnyx has one.
      type: dict
      returned: always
      sample: {street_address: 311 W Superior St, administrative_area: IL, postal_code: '60654', country_code: US}
    errors:
      description: Why the address is invalid, each with code, title and the field under C(source.pointer).
      type: list
      elements: dict
      returned: always
      sample: []
'''

from ansible_collections.telnyx.account.plugins.module_utils.module import api_argument_spec, new_module, run
from ansible_collections.telnyx.account.plugins.module_utils.resource import TelnyxStateError
from ansible_collections.telnyx.account.plugins.module_utils.kinds import Address, VALIDATE_FIELDS


def main():
    spec = api_argument_spec()
    spec.update((name, dict(type='str', required=name in ('street_address', 'postal_code', 'country_code')))
                for name in VALIDATE_FIELDS)
    spec.update(fail_on_invalid=dict(type='bool', default=False))
    module = new_module(spec)

    def prepare(client):
        address = Address(client)
        address.validation_body(dict((k, module.params[k]) for k in VALIDATE_FIELDS))
        return address

    def work(client, address):
        answer = address.validate(dict((k, module.params[k]) for k in VALIDATE_FIELDS))
        validation = {'result': answer.get('result'), 'suggested': answer.get('suggested') or {},
                      'errors': answer.get('errors') or []}
        if module.params['fail_on_invalid'] and validation['result'] != 'valid':
            reasons = '; '.join('%s (%s)' % (e.get('title'), (e.get('source') or {}).get('pointer', '').lstrip('/'))
                                for e in validation['errors'])
            raise TelnyxStateError('Telnyx says the address is %s: %s.' % (validation['result'], reasons or 'no reason'))
        return {'changed': False, 'validation': validation}

    run(module, work, prepare)


if __name__ == '__main__':
    main()
