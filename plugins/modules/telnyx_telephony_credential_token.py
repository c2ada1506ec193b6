#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_telephony_credential_token
short_description: Mint a Telnyx access token (JWT) for a telephony credential
version_added: 0.1.0
description:
  - Creates a new JWT access token for an on-demand telephony credential, named by O(credential_id) or
    O(credential_name).
  - Every run mints a new token and reports a change. In check mode the credential is looked up and no token
    is minted.
  - The result holds the token. Set the task keyword C(no_log) to V(true) so that it does not appear in the output.
  - Only an answer that is C(text/plain) and shaped as a JWT (three base64url parts) is returned as the token;
    anything else (for example a proxy's HTML page) fails the task.
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
attributes:
  check_mode:
    description: In check mode nothing is minted; the task reports the change it would make.
    support: full
  diff_mode:
    description: Returns no diff.
    support: none
  idempotent:
    description: Every run mints a new token.
    support: none
options:
  credential_id:
    description:
      - ID of the credential. Letters, digits, V(-) and V(_) only; anything else is refused before any request.
    type: str
  credential_name:
    description: Name of the credential; it must name exactly one.
    type: str
seealso:
  - module: telnyx.account.telnyx_telephony_credential
'''

EXAMPLES = r'''
- name: Mint a token for the web softphone
  telnyx.account.telnyx_telephony_credential_token:
    credential_name: front-desk
  register: softphone_token
  no_log: true

- name: Hand it to the application (still without logging it)
  ansible.builtin.copy:
    content: "{{ softphone_token.token }}"
    dest: /etc/softphone/token
    mode: "0600"
  no_log: true
'''

RETURN = r'''
token:
  description: The JWT. Absent in check mode.
  returned: success and not check mode
  type: str
  sample: eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE3OTU4MjAwMDB9.c2lnbmF0dXJl
expires_at:
  description: When the token expires (its C(exp) claim), as ISO 8601 UTC; V(null) when it carries none.
  returned: success and not check mode
  type: str
  sample: '2026-11-27T10:00:00Z'
credential_id:
  description: ID of the credential the token is for.
  returned: always
  type: str
  sample: c215ade3-0d39-418e-94be-c5f780760199
'''

from ansible_collections.telnyx.account.plugins.module_utils.module import api_argument_spec, new_module, run
from ansible_collections.telnyx.account.plugins.module_utils.resource import TelnyxStateError
from ansible_collections.telnyx.account.plugins.module_utils.kinds import TelephonyCredential, jwt_expiry


def main():
    spec = api_argument_spec()
    spec.update(credential_id=dict(type='str'), credential_name=dict(type='str'))
    module = new_module(spec, required_one_of=[('credential_id', 'credential_name')],
                        mutually_exclusive=[('credential_id', 'credential_name')])

    def prepare(client):
        resource = TelephonyCredential(client, check_mode=module.check_mode)
        return resource, resource.normalize({'id': module.params['credential_id'],
                                             'name': module.params['credential_name']})

    def work(client, prepared):
        resource, desired = prepared
        credential = resource.lookup(desired)
        if not credential:
            raise TelnyxStateError('No %s.' % resource.describe(desired))
        if module.check_mode:
            return {'changed': True, 'credential_id': credential['id']}
        token = resource.mint_token(credential['id'])
        return {'changed': True, 'credential_id': credential['id'], 'token': token, 'expires_at': jwt_expiry(token)}

    run(module, work, prepare)


if __name__ == '__main__':
    main()
