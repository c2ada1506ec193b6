#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_authentication_provider_info
short_description: List Telnyx SSO authentication providers
version_added: 0.1.0
description:
  - Returns one provider by O(id), or every provider (all pages), optionally only the one with O(short_name).
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
  - telnyx.account.api.INFO
options:
  id:
    description:
      - Return only the provider with this ID (an empty list when there is none). A UUID; anything else is
        refused before any request.
    type: str
  short_name:
    description:
      - Return only the provider with this short name.
    type: str
  sort:
    description:
      - Sort order; a leading V(-) sorts descending. Telnyx sorts by V(-created_at) when not given.
    type: str
    choices: [name, -name, short_name, -short_name, active, -active, created_at, -created_at, updated_at, -updated_at]
seealso:
  - module: telnyx.account.telnyx_authentication_provider
'''

EXAMPLES = r'''
- name: Every SSO provider, by name
  telnyx.account.telnyx_authentication_provider_info:
    sort: name
  register: providers
'''

RETURN = r'''
authentication_providers:
  description: The matching providers, as the API returns them.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 35146afd-df93-4963-b1e9-1a085e2ae874
      name: Okta
      short_name: myorg
      active: true
'''

import copy

from ansible_collections.telnyx.account.plugins.module_utils.module import info_argument_spec, new_module, run_info
from ansible_collections.telnyx.account.plugins.module_utils.kinds import AuthenticationProvider


def main():
    module = new_module(info_argument_spec(**copy.deepcopy(AuthenticationProvider.info_options)))
    run_info(module, AuthenticationProvider)


if __name__ == '__main__':
    main()
