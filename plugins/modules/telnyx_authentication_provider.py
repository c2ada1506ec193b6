#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: telnyx_authentication_provider
short_description: Manage a Telnyx SSO (SAML) authentication provider
version_added: 0.1.0
description:
  - Creates, updates or deletes one SSO authentication provider.
  - An existing provider is found by O(id), else by O(short_name).
  - Telnyx adds server-made keys to C(settings) (service provider URLs and more); only the keys given in
    O(settings) are compared. An update sends only the fields that changed (with the whole IdP settings block
    when one of its keys changed, as the API requires).
author:
  - telnyx.account maintainers (@telnyx-account)
extends_documentation_fragment:
  - telnyx.account.api
  - telnyx.account.api.ACTION_GROUP
  - telnyx.account.api.RESOURCE
options:
  id:
    description:
      - ID of the provider (a UUID). Needed to change O(short_name). Anything else is refused before any request.
    type: str
  name:
    description: Display name. Required to create.
    type: str
  short_name:
    description:
      - Unique, URL-friendly name; part of the login URL. Required to create.
      - When the module sends it (create or change) it must hold only letters, digits, V(-), V(_), V(.) and V(~).
    type: str
  active:
    description: Whether the provider is active. Telnyx defaults to V(true).
    type: bool
  settings:
    description:
      - The identity provider (IdP) settings. To create, O(settings.idp_entity_id), O(settings.idp_sso_target_url)
        and O(settings.idp_cert_fingerprint) are required.
      - Mutually exclusive with O(settings_url).
    type: dict
    suboptions:
      idp_entity_id:
        description: Entity ID of the IdP, a URL.
        type: str
      idp_sso_target_url:
        description: SSO target URL of the IdP.
        type: str
      idp_cert_fingerprint:
        description: Fingerprint of the IdP certificate.
        type: str
      idp_cert_fingerprint_algorithm:
        description: Algorithm of O(settings.idp_cert_fingerprint). Telnyx defaults to V(sha1).
        type: str
        choices: [sha1, sha256, sha384, sha512]
  settings_url:
    description:
      - URL of the IdP metadata document, from which Telnyx fills the settings.
      - Sent only when the provider is created; Telnyx does not return it, so it is never compared.
      - The API requires O(settings) on create, so with only O(settings_url) the module sends an empty
        O(settings) beside it.
      - Mutually exclusive with O(settings).
    type: str
  state:
    description:
      - V(present) makes sure the provider exists as described, V(absent) that it does not.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: telnyx.account.telnyx_authentication_provider_info
'''

EXAMPLES = r'''
- name: Okta as SSO provider
  telnyx.account.telnyx_authentication_provider:
    name: Okta
    short_name: myorg
    settings:
      idp_entity_id: https://myorg.okta.example/saml/metadata
      idp_sso_target_url: https://myorg.okta.example/sso/saml
      idp_cert_fingerprint: "13:38:C7:BB:C9:FF:4A:70:38:3A:E3:D9:5C:CD:DB:2E:50:1E:80:A7"
      idp_cert_fingerprint_algorithm: sha1

- name: Deactivate it
  telnyx.account.telnyx_authentication_provider:
    short_name: myorg
    active: false

- name: Remove it
  telnyx.account.telnyx_authentication_provider:
    short_name: myorg
    state: absent
'''

RETURN = r'''
authentication_provider:
  description: The provider as the API returns it. With O(state=absent), the provider as it was, or V({}).
  returned: always
  type: dict
  sample:
    id: 35146afd-df93-4963-b1e9-1a085e2ae874
    name: Okta
    short_name: myorg
    active: true
    record_type: authentication_provider
    settings:
      idp_entity_id: https://myorg.okta.example/saml/metadata
      idp_sso_target_url: https://myorg.okta.example/sso/saml
      idp_cert_fingerprint: "13:38:C7:BB:C9:FF:4A:70:38:3A:E3:D9:5C:CD:DB:2E:50:1E:80:A7"
      idp_cert_fingerprint_algorithm: sha1
      service_provider_login_url: https://api.telnyx.com/sso/saml/login/myorg
'''

from ansible_collections.telnyx.account.plugins.module_utils.module import new_module, resource_argument_spec, run_resource
from ansible_collections.telnyx.account.plugins.module_utils.kinds import AuthenticationProvider


def main():
    module = new_module(resource_argument_spec(AuthenticationProvider), mutually_exclusive=[('settings', 'settings_url')])
    run_resource(module, AuthenticationProvider)


if __name__ == '__main__':
    main()
