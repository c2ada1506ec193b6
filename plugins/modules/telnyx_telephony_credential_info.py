#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_telephony_credential_info
short_description: List Telnyx on-demand telephony credentials
version_added: 0.1.0
description:
  - Returns one credential by O(id), or every credential that matches the filters, reading all pages.
  - Never returns C(sip_password).
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
  - telnyx.account.api.INFO
options:
  id:
    description:
      - Return only the credential with this ID (an empty list when there is none). Letters, digits, V(-) and
        V(_) only; anything else is refused before any request.
    type: str
  name:
    description: Return only credentials with this name.
    type: str
  tag:
    description: Return only credentials with this tag.
    type: str
  status:
    description: Return only credentials with this status, for example V(active) or V(expired).
    type: str
  resource_id:
    description: Return only credentials of this resource, for example V(connection:1234567890).
    type: str
  sip_username:
    description: Return only the credential with this SIP user name.
    type: str
seealso:
  - module: telnyx.account.telnyx_telephony_credential
'''

EXAMPLES = r'''
- name: The softphone credentials
  telnyx.account.telnyx_telephony_credential_info:
    tag: softphones
  register: softphones
'''

RETURN = r'''
telephony_credentials:
  description: The matching credentials, as the API returns them, without C(sip_password).
  returned: always
  type: list
  elements: dict
  sample:
    - id: c215ade3-0d39-418e-94be-c5f780760199
      name: front-desk
      tag: softphones
      resource_id: connection:1234567890
'''

import copy

from ansible_collections.telnyx.account.plugins.module_utils.module import info_argument_spec, new_module, run_info
from ansible_collections.telnyx.account.plugins.module_utils.kinds import TelephonyCredential


def main():
    module = new_module(info_argument_spec(**copy.deepcopy(TelephonyCredential.info_options)))
    run_info(module, TelephonyCredential)


if __name__ == '__main__':
    main()
