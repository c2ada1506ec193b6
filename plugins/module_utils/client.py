# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client of the collection: every request to the Telnyx API goes through TelnyxClient."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.utils
import ipaddress
import json
import random
import time

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover - Python 2 is not supported, this keeps the import sanity test calm
    from urlparse import urlsplit  # type: ignore

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by the import sanity test
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

from ansible_collections.telnyx.account.plugins.module_utils.errors import (  # noqa: F401 (re-exported)
    HINTS, TelnyxAPIError, TelnyxConfigError, TelnyxError,
)

COLLECTION_VERSION = '0.2.0'
USER_AGENT = 'telnyx.account/%s (Ansible collection)' % COLLECTION_VERSION
DEFAULT_API_URL = 'https://api.telnyx.com/v2'
PAGE_SIZE = 250
# No single wait between retries is longer than this, whatever the server asks for.
MAX_RETRY_DELAY = 60.0
BASE_RETRY_DELAY = 0.5
# A safety stop for pagination: a list never has more pages than this.
MAX_PAGES = 10000

RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))

class Response:
    """What one successful request gave back."""

    def __init__(self, status, data, headers=None):
        self.status = status
        self.data = data
        self.headers = headers or {}


def is_loopback_host(host):
    if not host:
        return False
    if host.lower() == 'localhost':
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_api_url(api_url):
    """Return the API base URL without a trailing slash; refuse clear text outside loopback."""
    url = (api_url or '').strip().rstrip('/')
    parts = urlsplit(url)
    if parts.scheme not in ('https', 'http') or not parts.hostname:
        raise TelnyxConfigError('api_url must be an https:// URL such as %s, not %r.' % (DEFAULT_API_URL, api_url))
    if parts.scheme == 'http' and not is_loopback_host(parts.hostname):
        raise TelnyxConfigError(
            'api_url %s uses plain http:// to a host that is not loopback; the API key would travel in clear. '
            'Use https://.' % url)
    return url


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date. None when unreadable."""
    if value is None:
        return None
    value = str(value).strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def parse_ratelimit_reset(value, now=None):
    """Seconds to wait from x-ratelimit-reset: either seconds from now or a Unix time."""
    if value is None:
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    now = time.time() if now is None else now
    if number > 1000000000:
        return max(0.0, number - now)
    return max(0.0, number)


def redact(text, secrets):
    """``text`` with every secret value (3 characters or more) replaced by ********, longest first."""
    text = str(text)
    for secret in sorted((v for v in secrets if isinstance(v, str) and len(v) >= 3), key=len, reverse=True):
        text = text.replace(secret, '********')
    return text


def telnyx_errors(payload):
    """Telnyx's ``errors`` list from an error body, whatever shape it has."""
    if isinstance(payload, dict):
        errors = payload.get('errors')
        if isinstance(errors, list):
            return [e for e in errors if isinstance(e, dict)]
        if isinstance(payload.get('detail'), str):
            return [{'detail': payload['detail']}]
    return []


class TelnyxClient:
    """A requests.Session wrapper: retries, backoff, envelopes, pagination and safe errors."""

    def __init__(self, api_key, api_url=DEFAULT_API_URL, timeout=30, retries=5, validate_certs=True,
                 session=None, sleep=time.sleep, secrets=(), ca_path=None, concurrency=1):
        if not api_key:
            raise TelnyxConfigError('No Telnyx API key: set the api_key option or the TELNYX_API_KEY environment variable.')
        self.base_url = check_api_url(api_url)
        self.base_path = urlsplit(self.base_url).path
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.validate_certs = validate_certs
        self.ca_path = ca_path
        self.concurrency = concurrency
        self.sleep = sleep
        self._secrets = set([api_key])
        self.add_secrets(secrets)
        if session is None:
            if not HAS_REQUESTS:
                raise TelnyxConfigError('The Python library requests is needed on the host that runs the module.')
            session = requests.Session()
        self.session = session
        self.session.headers.update({
            'Authorization': 'Bearer %s' % api_key,
            'Accept': 'application/json',
            'User-Agent': USER_AGENT,
        })
        self.request_count = 0

    def add_secrets(self, values):
        """Values that must never appear in an error message (they are replaced by ********)."""
        for value in values or ():
            if value and isinstance(value, str) and len(value) >= 3:
                self._secrets.add(value)

    def redact(self, text):
        return redact(text, self._secrets)

    def _fail(self, method, path, **kwargs):
        err = TelnyxAPIError(method, path, **kwargs)
        err.args = (self.redact(err.args[0]),)
        return err

    def _delay(self, attempt, headers):
        """How long to wait before retry number ``attempt`` (1-based)."""
        waits = [parse_retry_after(headers.get('Retry-After')),
                 parse_ratelimit_reset(headers.get('x-ratelimit-reset'))]
        asked = [w for w in waits if w is not None]
        if asked:
            # The server said when: wait that long, with a little jitter so parallel forks spread out.
            base = max(asked)
            return min(MAX_RETRY_DELAY, base + random.uniform(0, min(1.0, base * 0.1 + 0.05)))
        # Exponential backoff with full jitter.
        return min(MAX_RETRY_DELAY, random.uniform(0, BASE_RETRY_DELAY * (2 ** (attempt - 1))))

    def request(self, method, path, params=None, body=None, idempotent=None, expect=None):
        """Send one API call with retries; return a Response or raise TelnyxAPIError.

        ``idempotent`` defaults to true for every method but POST: a POST (a create) is
        retried only after a 429, which Telnyx answers before acting. After a 5xx, a timeout
        or a dropped connection on a POST the error is raised with ``uncertain=True`` and the
        caller decides (by looking the object up) whether to send it again.
        """
        method = method.upper()
        if idempotent is None:
            idempotent = method != 'POST'
        url = self.base_url + path
        attempt = 0
        while True:
            attempt += 1
            headers = {}
            kwargs = {'params': params, 'timeout': self.timeout, 'verify': self.validate_certs}
            if body is not None:
                kwargs['data'] = json.dumps(body)
                kwargs['headers'] = {'Content-Type': 'application/json'}
            try:
                self.request_count += 1
                resp = self.session.request(method, url, **kwargs)
            except requests.exceptions.SSLError as exc:
                raise self._fail(method, path, reason='TLS error (%s); set validate_certs only if you trust the host'
                                 % type(exc).__name__)
            except (requests.exceptions.Timeout, requests.exceptions.ConnectionError) as exc:
                kind = 'timed out after %ss' % self.timeout if isinstance(exc, requests.exceptions.Timeout) \
                    else 'connection failed (%s)' % type(exc).__name__
                if idempotent and attempt <= self.retries:
                    self.sleep(self._delay(attempt, headers))
                    continue
                raise self._fail(method, path, reason=kind, uncertain=True, attempts=attempt)
            except requests.exceptions.RequestException as exc:
                raise self._fail(method, path, reason='request failed (%s)' % type(exc).__name__)
            status = resp.status_code
            if status < 400:
                return Response(status, self._decode(resp), resp.headers)
            headers = resp.headers
            retryable = status in RETRY_STATUSES and (idempotent or status == 429)
            if retryable and attempt <= self.retries:
                self.sleep(self._delay(attempt, headers))
                continue
            payload = self._decode(resp, errors=True)
            raise self._fail(method, path, status=status, errors=telnyx_errors(payload), reason=resp.reason,
                             uncertain=status >= 500, attempts=attempt)

    @staticmethod
    def _decode(resp, errors=False):
        if resp.status_code == 204 or not resp.content:
            return None
        ctype = (resp.headers.get('Content-Type') or '').lower()
        if 'json' in ctype or (errors and resp.text[:1] in '{['):
            try:
                return resp.json()
            except ValueError:
                if errors:
                    return None
                raise TelnyxAPIError(resp.request.method if resp.request else '?', urlsplit(resp.url).path,
                                     status=resp.status_code, reason='answer is not valid JSON')
        if errors:
            return None
        return resp.text

    # Convenience verbs -------------------------------------------------------------------------
    def get(self, path, params=None):
        return self.request('GET', path, params=params).data

    def post(self, path, body=None, idempotent=None):
        return self.request('POST', path, body=body, idempotent=idempotent).data

    def patch(self, path, body):
        return self.request('PATCH', path, body=body).data

    def delete(self, path):
        return self.request('DELETE', path).data

    def paginate(self, path, params=None, page_size=PAGE_SIZE):
        """Every item of a list endpoint, following ``meta.total_pages``.

        Stops on the last page, on an empty or short page, on a missing or inconsistent
        ``meta``, and after MAX_PAGES whatever the server says.
        """
        items = []
        seen = set()
        number = 1
        while number <= MAX_PAGES:
            query = dict(params or {})
            query['page[number]'] = number
            query['page[size]'] = page_size
            payload = self.get(path, params=query)
            if not isinstance(payload, dict) or not isinstance(payload.get('data'), list):
                raise self._fail('GET', path, reason='the answer has no list under "data"')
            page = payload['data']
            for item in page:
                key = item.get('id') if isinstance(item, dict) else None
                if key is not None and key in seen:
                    continue  # an item that moved across a page boundary while we read
                if key is not None:
                    seen.add(key)
                items.append(item)
            meta = payload.get('meta') or {}
            total_pages = meta.get('total_pages')
            served_size = meta.get('page_size') if isinstance(meta.get('page_size'), int) else page_size
            if not page or len(page) < min(page_size, served_size):
                break
            if not isinstance(total_pages, int) or number >= total_pages:
                break
            number += 1
        return items
