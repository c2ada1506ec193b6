# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """The connection options every telnyx.account module takes."""

    DOCUMENTATION = r'''
options:
  api_key:
    description:
      - Telnyx API v2 key, sent as a Bearer token.
      - If not set, the environment variable E(TELNYX_API_KEY) is used. An empty value counts as missing.
      - Never appears in results, diffs or error messages.
    type: str
  api_url:
    description:
      - Base URL of the Telnyx API.
      - If not set, the environment variable E(TELNYX_API_URL) is used, else V(https://api.telnyx.com/v2).
      - Plain C(http://) is accepted only for loopback hosts, so the key is never sent in clear.
    type: str
    default: https://api.telnyx.com/v2
  api_timeout:
    description:
      - Seconds to wait for each HTTP request.
      - If not set, the environment variable E(TELNYX_API_TIMEOUT) is used, else V(30).
    type: int
    default: 30
  api_retries:
    description:
      - How often a request is retried after HTTP 429, 500, 502, 503 or 504, a timeout or a dropped connection.
      - Waits back off exponentially with jitter and honour C(Retry-After) and C(x-ratelimit-reset).
      - A create is never sent twice blindly. After an uncertain failure the object is looked up first.
    type: int
    default: 5
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(api_url).
    type: bool
    default: true
  ca_path:
    description:
      - PEM file with the certificate authorities to trust for O(api_url), for a private CA or a TLS-inspecting proxy.
      - If not set, the environment variable E(TELNYX_CA_PATH) is used.
    type: path
    version_added: 0.2.0
  api_concurrency:
    description:
      - The most requests in flight at once (M(telnyx.account.telnyx_account), M(telnyx.account.telnyx_account_info)
        and the info modules); V(1) sends them strictly one after another.
      - If not set, the environment variable E(TELNYX_API_CONCURRENCY) is used, else V(8).
    type: int
    default: 8
    version_added: 0.2.0
  managed_account_id:
    description:
      - Act inside this managed account. O(api_key) is then the manager account's key; the module reads the managed
        account once and uses its own key for the rest of the run. That key is never returned, logged or shown.
      - If not set, the environment variable E(TELNYX_MANAGED_ACCOUNT_ID) is used.
    type: str
    version_added: 0.2.0
requirements:
  - requests
notes:
  - The modules run where the task runs, usually on the controller (C(localhost)); C(requests) must be installed there.
'''

    ACTION_GROUP = r'''
attributes:
  action_group:
    description: Use C(group/telnyx.account.all) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - telnyx.account.all
'''

    RESOURCE = r'''
attributes:
  check_mode:
    description: Can run in check mode and return the changed status it predicts, without writing anything.
    support: full
  diff_mode:
    description: Returns the object before and after in diff mode; secret values are left out.
    support: full
  idempotent:
    description: A second run with the same arguments reports no change and sends no write.
    support: full
'''

    INFO = r'''
attributes:
  check_mode:
    description: Only reads; runs the same in check mode.
    support: full
    details: This action does not modify state.
  diff_mode:
    description: Returns no diff; nothing is changed.
    support: N/A
    details: This action does not modify state.
  idempotent:
    description: Only reads.
    support: full
'''
