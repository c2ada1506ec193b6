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
      - Telnyx API v2 key, sent as a Bearer token in the C(Authorization) header and only to the host of O(api_url).
        Neither C(~/.netrc) nor anything in the URL can replace it.
      - If not set, the environment variable E(TELNYX_API_KEY) is used. An empty value counts as missing.
      - Surrounding whitespace (the newline at the end of a secret file) is removed. A key that still holds a
        control character, a space or a non-ASCII character is refused before any request; the message names
        the kind of character only.
      - Never appears in results, diffs or error messages.
    type: str
  api_url:
    description:
      - Base URL of the Telnyx API.
      - If not set, the environment variable E(TELNYX_API_URL) is used, else V(https://api.telnyx.com/v2).
      - Plain C(http://) is accepted only for loopback hosts, so the key is never sent in clear.
      - Must be C(scheme://host[:port]/path) only. User credentials (C(user:password@)), backslashes, a query or a
        fragment are refused, so the host checked is the host the request goes to.
      - Redirects are never followed. A 3xx answer is an error that names the host it points to.
      - A 404 for an object followed by a list read that is not the Telnyx API fails saying O(api_url) looks wrong
        (for example it lacks C(/v2)), instead of reporting the object as absent.
    type: str
    default: https://api.telnyx.com/v2
  api_timeout:
    description:
      - Seconds to wait for each HTTP request. Must be more than 0.
      - If not set, the environment variable E(TELNYX_API_TIMEOUT) is used, else V(30).
    type: int
    default: 30
  api_retries:
    description:
      - How often a request is retried after HTTP 429, 500, 502, 503 or 504, a timeout or a dropped connection.
        From V(0) to V(20).
      - C(Retry-After) is honoured on 429 and 503, C(x-ratelimit-reset) on 429 or when C(x-ratelimit-remaining) is
        0, each wait capped at 60 seconds. Any other wait is exponential with full jitter, at most 30 seconds.
      - A create is never sent twice blindly. It is re-sent at once only when it never reached the server
        (connection refused, connect timeout). After an uncertain failure the object is looked up first.
    type: int
    default: 5
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(api_url).
      - V(false) warns once per task. For a private CA or a TLS-inspecting proxy, prefer O(ca_path).
    type: bool
    default: true
  ca_path:
    description:
      - PEM file with the certificate authorities to trust for O(api_url), for a private CA or a TLS-inspecting proxy.
      - If not set, the environment variable E(TELNYX_CA_PATH) is used, else E(REQUESTS_CA_BUNDLE) or
        E(CURL_CA_BUNDLE), else the system's trust store (as Python's C(ssl) module finds it, E(SSL_CERT_FILE) and
        E(SSL_CERT_DIR) included; the bundle of C(certifi) where the system has none). O(ca_path) wins over
        E(REQUESTS_CA_BUNDLE).
    type: path
    version_added: 0.2.0
  api_concurrency:
    description:
      - The most requests in flight at once (M(telnyx.account.telnyx_account), M(telnyx.account.telnyx_account_info)
        and the info modules); V(1) sends them strictly one after another.
      - If not set, the environment variable E(TELNYX_API_CONCURRENCY) is used, else V(8). From V(1) to V(64).
      - All requests of a task share one pacer. When C(x-ratelimit-remaining) reaches 0 nothing more is sent until
        the window resets. After a 429 the requests in flight are halved, then grow back by one per run of successes.
      - Requests in flight across a play are up to C(forks) times O(api_concurrency).
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
notes:
  - The modules run where the task runs, usually on the controller (C(localhost)), and need nothing beyond
    Python's standard library.
  - Proxies come from the environment for an C(https://) O(api_url) (E(HTTPS_PROXY), E(ALL_PROXY), with E(NO_PROXY)
    honoured), as an C(http://) proxy that tunnels the TLS connection (C(CONNECT)). A loopback O(api_url) never goes
    through a proxy.
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

    # The lock-out guard of the single-entry allowlist modules (telnyx_access_ip, telnyx_access_ip_range).
    ALLOWLIST = r'''
options:
  allow_empty_allowlist:
    description:
      - The API access allowlist is the access IPs and the ranges together. Deleting its last entry, or replacing
        it (a replace deletes before it creates, as the API cannot hold both), fails before any write unless this
        is V(true).
      - To decide, the module reads the first page of this list and, only when that holds no other entry, the
        other list.
      - The collection does not assume what an empty allowlist means to Telnyx; see the allowlist guide.
    type: bool
    default: false
    version_added: 0.2.0
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
