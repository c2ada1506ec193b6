#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_integration_secret_info
short_description: List Telnyx integration secrets (never their values)
version_added: 0.1.0
description:
  - Returns one secret by O(id), or every secret (all pages), optionally of one O(type) or with one O(identifier).
  - Telnyx never returns secret values; neither does this module.
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
  - telnyx.account.api.INFO
options:
  id:
    description:
      - Return only the secret with this ID (an empty list when there is none). Letters, digits, V(-) and V(_)
        only; anything else is refused before any request.
    type: str
  identifier:
    description:
      - Return only the secret with this identifier.
    type: str
  type:
    description:
      - Return only secrets of this type.
    type: str
    choices: [bearer, basic]
seealso:
  - module: telnyx.account.telnyx_integration_secret
'''

EXAMPLES = r'''
- name: Every bearer secret
  telnyx.account.telnyx_integration_secret_info:
    type: bearer
  register: bearer_secrets
'''

RETURN = r'''
integration_secrets:
  description: The matching secrets, as the API returns them (no values).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 0b8a4d8e-0c4f-4d9a-a7a4-1f2e3d4c5b6a
      identifier: crm_webhook
      record_type: integration_secret
'''

import copy

from ansible_collections.telnyx.account.plugins.module_utils.module import info_argument_spec, new_module, run_info
from ansible_collections.telnyx.account.plugins.module_utils.kinds import IntegrationSecret


def main():
    module = new_module(info_argument_spec(**copy.deepcopy(IntegrationSecret.info_options)))
    run_info(module, IntegrationSecret)


if __name__ == '__main__':
    main()
