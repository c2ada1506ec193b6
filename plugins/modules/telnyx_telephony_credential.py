#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_telephony_credential
short_description: Manage a Telnyx on-demand telephony credential
version_added: 0.1.0
description:
  - Creates, updates or deletes one on-demand telephony (SIP) credential of a credential connection.
  - An existing credential is found by O(id), else by O(name).
  - The SIP password Telnyx generates is left out of results unless O(return_sip_password=true).
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
  - telnyx.account.api.RESOURCE
options:
  id:
    description:
      - ID of the credential. Needed to rename it. Letters, digits, V(-) and V(_) only; anything else is refused
        before any request.
    type: str
  connection_id:
    description:
      - ID of the credential connection the credential belongs to. Required to create.
    type: str
  name:
    description: Name of the credential. Required with O(state=present) unless O(id) is given.
    type: str
  tag:
    description:
      - Tag of the credential (a tag holds at most 1000 credentials).
      - Telnyx accepts the tag on create and update but never returns it, so the module compares it through the
        list's tag filter (one more read when the tag differs) and sends it only when it differs.
    type: str
  expires_at:
    description:
      - When the credential expires, as ISO 8601, for example V(2027-01-01T00:00:00Z). Compared as given.
      - A value the module sends (create or change) that is not an ISO 8601 time is refused before any write.
    type: str
  return_sip_password:
    description:
      - Include C(sip_password) in the returned credential. Set C(no_log) on the task when you do.
    type: bool
    default: false
  state:
    description:
      - V(present) makes sure the credential exists as described, V(absent) that it does not.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: telnyx.account.telnyx_telephony_credential_info
  - module: telnyx.account.telnyx_telephony_credential_token
'''

EXAMPLES = r'''
- name: A credential for the front-desk softphone
  telnyx.account.telnyx_telephony_credential:
    name: front-desk
    connection_id: "1234567890"
    tag: softphones

- name: Read its SIP password once, without logging it
  telnyx.account.telnyx_telephony_credential:
    name: front-desk
    connection_id: "1234567890"
    return_sip_password: true
  register: front_desk
  no_log: true

- name: Delete it
  telnyx.account.telnyx_telephony_credential:
    name: front-desk
    state: absent
'''

RETURN = r'''
telephony_credential:
  description:
    - The credential as the API returns it, without C(sip_password) unless O(return_sip_password=true).
      With O(state=absent), the credential as it was, or V({}).
  returned: always
  type: dict
  sample:
    id: c215ade3-0d39-418e-94be-c5f780760199
    name: front-desk
    tag: softphones
    resource_id: connection:1234567890
    sip_username: gencrednCvHU5IYpSBPPsXI2iQsDX
    expired: false
    record_type: credential
'''

from ansible_collections.telnyx.account.plugins.module_utils.module import new_module, resource_argument_spec, run_resource
from ansible_collections.telnyx.account.plugins.module_utils.kinds import TelephonyCredential


def main():
    module = new_module(resource_argument_spec(TelephonyCredential))
    run_resource(module, TelephonyCredential)


if __name__ == '__main__':
    main()
