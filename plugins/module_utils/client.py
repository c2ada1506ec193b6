# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client of the collection: every request to the Telnyx API goes through TelnyxClient.

What it guarantees (each is unit-tested in tests/unit/plugins/module_utils/test_client.py):

- The key goes to api_url's host and nowhere else: api_url is read with the parser that also picks the host to
  connect to (``urlsplit``), and only a host written plainly is accepted; userinfo, backslashes, queries and
  fragments are refused; redirects are never followed; the ``Authorization: Bearer <key>`` header is the only
  credential sent (the transport reads no ``~/.netrc`` and no URL userinfo); a loopback api_url never goes
  through a proxy.
- Retries: HTTP 429, 500, 502, 503, 504, timeouts and dropped connections are retried up to ``retries``
  times for idempotent requests; a POST is retried only when Telnyx answered 429 (it answers before acting) or
  when the request never reached the server (connection refused, connect timeout). Every wait comes from
  ``backoff_delay``.
- Every request of a run goes through one Pacer (pacer.py), so threads share the rate-limit budget.
- A 2xx answer whose content type is not what the endpoint returns (a proxy's HTML page) is an error, never data.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.utils
import ipaddress
import json
import os
import random
import re
import ssl
import threading
import time
import unicodedata

from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from urllib.parse import urlsplit

from ansible_collections.telnyx.account.plugins.module_utils.errors import (  # noqa: F401 pylint: disable=unused-import
    TelnyxAPIError, TelnyxConfigError, TelnyxError,  # TelnyxError is re-exported for module.py
)
from ansible_collections.telnyx.account.plugins.module_utils.pacer import Pacer, header, header_int, parse_ratelimit_reset
from ansible_collections.telnyx.account.plugins.module_utils.transport import (
    TLSFailed, TimedOut, Transport, TransportError, environ_proxy, proxy_shown, tls_context,
)

COLLECTION_VERSION = '0.2.0'
USER_AGENT = 'telnyx.account/%s (Ansible collection)' % COLLECTION_VERSION
DEFAULT_API_URL = 'https://api.telnyx.com/v2'
PAGE_SIZE = 250
# A wait the server asks for (Retry-After, x-ratelimit-reset) is honoured up to this many seconds.
MAX_RETRY_DELAY = 60.0
# Exponential back-off: attempt n waits a random time in [0, min(MAX_BACKOFF, BASE_RETRY_DELAY * 2**(n-1))].
BASE_RETRY_DELAY = 0.5
MAX_BACKOFF = 30.0
# A safety stop for pagination: a list never has more pages than this.
MAX_PAGES = 10000
# Bounds of the connection options (INTERFACE.md, "Settled details").
MAX_RETRIES = 20
MAX_CONCURRENCY = 64

RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))


class Response:
    """What one successful request gave back: the HTTP status and the decoded body (dict, str or None)."""

    def __init__(self, status, data):
        self.status = status
        self.data = data


# ------------------------------------------------------------------------------------------ back-off
def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date (RFC 9110). None when unreadable."""
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


def backoff_delay(attempt, headers=None, status=None, rng=random):
    """Seconds to wait before retry number ``attempt`` (1-based): THE back-off of the collection.

    - ``Retry-After`` (seconds or an HTTP date) is honoured on a 429 or 503, capped at MAX_RETRY_DELAY (60 s).
    - ``x-ratelimit-reset`` (seconds to the end of the window, Telnyx "Rate limiting" docs) only on a 429 or
      when ``x-ratelimit-remaining`` is 0: Telnyx sends it on every answer, so it says nothing about a 5xx.
    - A server-given wait gets up to 1 s of added jitter (10 % of the wait plus 50 ms), within the cap,
      so parallel forks spread out.
    - Otherwise exponential back-off with full jitter: uniform(0, min(30, 0.5 * 2 ** (attempt - 1))).

    ``headers`` is any mapping (case-insensitive lookup); ``rng`` anything with ``uniform(a, b)``.
    """
    asked = None
    if status in (429, 503):
        asked = parse_retry_after(header(headers, 'Retry-After'))
    if asked is None and (status == 429 or header_int(headers, 'x-ratelimit-remaining') == 0):
        asked = parse_ratelimit_reset(header(headers, 'x-ratelimit-reset'))
    if asked is not None:
        asked = min(MAX_RETRY_DELAY, asked)
        return min(MAX_RETRY_DELAY, asked + rng.uniform(0, min(1.0, asked * 0.1 + 0.05)))
    ceiling = min(MAX_BACKOFF, BASE_RETRY_DELAY * (2 ** (max(1, attempt) - 1)))
    return rng.uniform(0, ceiling)


def max_backoff_total(retries, server_wait=None):
    """The longest a request can spend waiting between its ``retries`` retries (seconds).

    Without a server-given wait: the sum of the back-off ceilings; with one (e.g. Retry-After on every 503):
    ``retries`` times the capped wait plus its jitter.
    """
    if server_wait is not None:
        asked = min(MAX_RETRY_DELAY, server_wait)
        return retries * min(MAX_RETRY_DELAY, asked + min(1.0, asked * 0.1 + 0.05))
    return sum(min(MAX_BACKOFF, BASE_RETRY_DELAY * 2 ** (n - 1)) for n in range(1, retries + 1))


# ------------------------------------------------------------------------------------------ options
HOST_LABEL = re.compile(r'^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$')


def written_host(netloc):
    """The host of ``netloc`` (``host[:port]``, no userinfo) as written: IPv6 keeps its brackets."""
    if netloc.startswith('['):
        return netloc.split(']', 1)[0] + ']'
    return netloc.rsplit(':', 1)[0] if ':' in netloc else netloc


def is_plain_host(host):
    """True when ``host`` (as written in the URL) is a DNS name of letters, digits, hyphens and dots, or an IP
    address (IPv6 in brackets): nothing a URL parser could decode into another host."""
    if host.startswith('[') and host.endswith(']'):
        if '%' in host:  # a zone id (fe80::1%eth0): a name of this machine's interface, no host of the Internet
            return False
        try:
            return ipaddress.ip_address(host[1:-1]).version == 6
        except ValueError:
            return False
    labels = host[:-1].split('.') if host.endswith('.') else host.split('.')
    return bool(host) and len(host) <= 253 and all(HOST_LABEL.match(label) for label in labels)


def is_loopback_host(host):
    """True for ``localhost`` and loopback IP addresses (127.0.0.0/8, ::1), brackets allowed."""
    if not host:
        return False
    host = host.strip('[]').lower()
    if host == 'localhost':
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_api_url(api_url):
    """Return the API base URL without a trailing slash, or raise TelnyxConfigError.

    The URL is read with ``urlsplit``, the parser the transport connects with, so the host checked here is the
    host the key goes to. Refused: anything but https (plain http only to a loopback host), userinfo
    (``user:password@``) or any ``@``, backslashes, whitespace, control or non-ASCII characters, a query or a
    fragment, a bad port, and a host not written plainly (letters, digits, dots and hyphens, or an IP address).
    """
    url = (api_url if isinstance(api_url, str) else '').strip().rstrip('/')
    if not url:
        raise TelnyxConfigError('api_url is empty; leave it out for %s.' % DEFAULT_API_URL)
    if '\\' in url:
        raise TelnyxConfigError('api_url holds a backslash, which URL parsers read differently; '
                                'use forward slashes only, e.g. %s.' % DEFAULT_API_URL)
    if '@' in url:
        # Not echoed: it may hold a password.
        raise TelnyxConfigError('api_url holds an "@" (user credentials?); the API key is the only credential: '
                                'give api_url as scheme://host[:port]/path, e.g. %s.' % DEFAULT_API_URL)
    if any(c.isspace() or unicodedata.category(c) == 'Cc' for c in url):
        raise TelnyxConfigError('api_url holds whitespace or a control character; give it as e.g. %s.'
                                % DEFAULT_API_URL)
    if any(ord(c) > 127 for c in url):
        raise TelnyxConfigError('api_url holds a non-ASCII character; give an internationalised host in its '
                                'ASCII (xn--) form.')
    if '?' in url or '#' in url:
        raise TelnyxConfigError('api_url must not hold a query (?) or a fragment (#): %r.' % url)
    try:
        parts = urlsplit(url)
        scheme, host = parts.scheme.lower(), (parts.hostname or '').lower()
    except ValueError:  # a bracket left open
        scheme = host = ''
    else:
        try:
            parts.port
        except ValueError:
            raise TelnyxConfigError('api_url %r has a port that is not a number from 1 to 65535.' % url)
    if scheme not in ('https', 'http') or not host:
        raise TelnyxConfigError('api_url must be an https:// URL such as %s, not %r.' % (DEFAULT_API_URL, url))
    if not is_plain_host(written_host(parts.netloc)):
        # Percent-escapes, underscores, zone ids: characters that one URL parser decodes and another keeps.
        raise TelnyxConfigError('api_url %r does not name its host plainly (letters, digits, dots and hyphens, or '
                                'an IP address); give a URL such as %s.' % (url, DEFAULT_API_URL))
    if scheme == 'http' and not is_loopback_host(host):
        raise TelnyxConfigError(
            'api_url %s uses plain http:// to a host that is not loopback; the API key would travel in clear. '
            'Use https://.' % url)
    return url


def key_problems(key):
    """The kinds of character in ``key`` that no HTTP header can carry (names only, never the characters)."""
    kinds = []
    for char in key:
        if char in '\r\n':
            kind = 'a line break (CR or LF)'
        elif char == '\x00':
            kind = 'a NUL character'
        elif ord(char) < 32 or ord(char) == 127 or unicodedata.category(char) == 'Cc':
            kind = 'a control character'
        elif char.isspace():
            kind = 'a space or other whitespace'
        elif ord(char) > 127:
            kind = 'a non-ASCII character'
        else:
            continue
        if kind not in kinds:
            kinds.append(kind)
    return kinds


def check_api_key(api_key):
    """The key with outer whitespace removed (secret files end in a newline), or TelnyxConfigError.

    The message names the kind of bad character only, never the key or a part of it.
    """
    key = api_key.strip() if isinstance(api_key, str) else ''
    if not key:
        raise TelnyxConfigError('No Telnyx API key: set the api_key option or the TELNYX_API_KEY environment variable.')
    kinds = key_problems(key)
    if kinds:
        raise TelnyxConfigError('api_key holds %s inside it, which no API key has and no HTTP header can carry; '
                                'check how the key is read (surrounding whitespace is removed, the key is not '
                                'shown).' % ' and '.join(kinds))
    return key


def check_connection_options(timeout, retries, concurrency):
    """Raise TelnyxConfigError unless api_timeout > 0, api_retries in 0..20 and api_concurrency in 1..64."""
    def number(value):
        return isinstance(value, (int, float)) and not isinstance(value, bool)

    if not number(timeout) or timeout <= 0:
        raise TelnyxConfigError('api_timeout must be a positive number of seconds, not %r.' % (timeout,))
    if not isinstance(retries, int) or isinstance(retries, bool) or not 0 <= retries <= MAX_RETRIES:
        raise TelnyxConfigError('api_retries must be between 0 and %d, not %r: each retry can wait up to %d s.'
                                % (MAX_RETRIES, retries, int(MAX_RETRY_DELAY)))
    if not isinstance(concurrency, int) or isinstance(concurrency, bool) or not 1 <= concurrency <= MAX_CONCURRENCY:
        raise TelnyxConfigError('api_concurrency must be between 1 and %d, not %r.' % (MAX_CONCURRENCY, concurrency))


# ------------------------------------------------------------------------------------------ answers
def redaction(secrets):
    """One compiled pattern that finds every secret value of 3 characters or more (the longest first where two
    start at the same place), or None when there is none. One pass of it over a text costs what one search does,
    however many secrets there are."""
    values = sorted(set(v for v in secrets if isinstance(v, str) and len(v) >= 3), key=len, reverse=True)
    return re.compile('|'.join(re.escape(v) for v in values)) if values else None


def redact(text, secrets):
    """``text`` with every secret value (3 characters or more) replaced by ********."""
    text = str(text)
    pattern = redaction(secrets)
    return pattern.sub('********', text) if pattern else text


def redact_data(value, secrets):
    """``value`` (str, list, tuple, dict, nested) with secrets redacted in every string (not in keys)."""
    pattern = redaction(secrets)
    if pattern is None:
        return value

    def walk(item):
        if isinstance(item, str):
            return pattern.sub('********', item)
        if isinstance(item, (list, tuple)):
            return [walk(v) for v in item]
        if isinstance(item, dict):
            return dict((k, walk(v)) for k, v in item.items())
        return item
    return walk(value)


def _text(value):
    if isinstance(value, (list, tuple)):
        return '; '.join(str(v) for v in value if v not in (None, ''))
    return '' if value is None else str(value)


def telnyx_errors(payload):
    """Telnyx's errors from an error body, as a list of dicts, whatever shape they come in.

    The documented shape is ``{"errors": [{"code", "title", "detail", "source"}]}``; some endpoints answer
    ``{"errors": {"status": "can't update credentials in expired status"}}`` (an object of field to text or
    texts), a list of strings, a string, or ``{"detail": ...}`` / ``{"message": ...}``. None of the text is lost.
    """
    if not isinstance(payload, dict):
        return []
    errors = payload.get('errors')
    if isinstance(errors, list):
        found = []
        for err in errors:
            if isinstance(err, dict):
                found.append(err)
            elif err not in (None, ''):
                found.append({'detail': _text(err)})
        return found
    if isinstance(errors, dict):
        if any(k in errors for k in ('code', 'title', 'detail')):
            return [errors]
        return [{'title': str(name), 'detail': _text(text)} for name, text in errors.items() if _text(text)]
    if isinstance(errors, str) and errors:
        return [{'detail': errors}]
    for name in ('detail', 'message', 'error'):
        if isinstance(payload.get(name), str) and payload[name]:
            return [{'detail': payload[name]}]
    return []


def media_type(resp):
    return (header(resp.headers, 'Content-Type') or '').split(';')[0].strip().lower()


# ------------------------------------------------------------------------------------------ client
class TelnyxClient:
    """The Telnyx API over a Transport: retries, back-off, pacing, envelopes, pagination and safe errors.

    ``transport``: anything with Transport's ``request()`` (tests script one); by default a new Transport (one
    kept-alive connection per thread). ``sleep``/``clock``: injectable for tests.
    Raises TelnyxConfigError for bad connection options, before any request.
    """

    def __init__(self, api_key, api_url=DEFAULT_API_URL, timeout=30, retries=5, validate_certs=True,
                 transport=None, sleep=time.sleep, secrets=(), ca_path=None, concurrency=1, clock=time.monotonic,
                 pacer=None):
        self._secrets = set()
        self._returned = set()
        self._encoded = set()
        self._secrets_lock = threading.Lock()
        key = self._checked_key(api_key)
        check_connection_options(timeout, retries, concurrency)
        self.base_url = check_api_url(api_url)
        self.host = urlsplit(self.base_url).hostname.lower()
        self.timeout = timeout
        self.retries = retries
        self.concurrency = concurrency
        self.validate_certs = validate_certs
        self.ca_path = ca_path
        # Who the key belongs to when it is not api_key itself (a managed account): named in a 401 hint.
        self.key_owner = None
        self.sleep = sleep
        self.rng = random.Random()
        self.warnings = []
        self.add_secrets(secrets)
        self.verify = self._verify(validate_certs, ca_path)
        self.proxy = None if is_loopback_host(self.host) else environ_proxy(self.base_url)
        if self.proxy and urlsplit(self.proxy).scheme.lower() != 'http':
            raise TelnyxConfigError(
                'The proxy for %s from HTTPS_PROXY or ALL_PROXY is %s: only an http:// proxy is supported (it tunnels '
                'the TLS connection with CONNECT). Give the proxy as http://host:port, or name %s in NO_PROXY to go '
                'direct.' % (self.host, proxy_shown(self.proxy), self.host))
        self.pacer = pacer or Pacer(concurrency, clock=clock, sleep=sleep)
        self.transport = transport if transport is not None else Transport()
        self._key = key

    def act_as(self, api_key, owner):
        """Send every later request with ``api_key`` (a managed account's own key), which ``owner`` names in
        hints (``managed account <id>``). The key becomes a secret of the client; it gets a pacer of its own,
        since Telnyx limits each key separately. Raises TelnyxConfigError for a key no header can carry."""
        self._key = self._checked_key(api_key)
        self.key_owner = owner
        self.pacer = Pacer(self.concurrency, clock=self.pacer.clock, sleep=self.pacer.sleep,
                           max_wait=self.pacer.max_wait)

    def _checked_key(self, api_key):
        """``api_key`` checked by check_api_key(), registered as a secret (as given and stripped) first, so that
        not even the check's own error can show it."""
        if isinstance(api_key, str):
            self.add_secrets([api_key, api_key.strip()])
        return check_api_key(api_key)

    # ---------------------------------------------------------------------------- environment
    def _verify(self, validate_certs, ca_path):
        """What the transport's ``verify`` gets: False, ca_path, else REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE (the
        variables requests and curl read, kept for those who set them), else True (the system's trust store).

        A bundle that is no readable file or directory, or holds no certificate Python's ssl can load, is a
        TelnyxConfigError naming where it came from, before any request. For plain http (loopback) only an
        explicit ca_path is checked; the environment's bundles are not read, as there is no certificate."""
        https = self.base_url.lower().startswith('https:')
        if not https and not ca_path:
            return validate_certs  # plain http (loopback only): no certificate, nothing to load or warn of
        if not validate_certs:
            if not https:
                return False
            self.warnings.append(
                'validate_certs is false: the TLS certificate of %s is not checked, so anyone on the network '
                'path could read the API key. Prefer ca_path with the CA that signed it.' % self.host)
            return False
        if ca_path:
            source, bundle = 'ca_path', ca_path
        else:
            source = next((n for n in ('REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE') if os.environ.get(n)), None)
            if source is None:
                return True
            bundle = os.environ[source]
        if not os.access(bundle, os.R_OK) or not (os.path.isfile(bundle) or os.path.isdir(bundle)):
            raise TelnyxConfigError('%s %s is not a readable file; give a PEM bundle of the CA(s) to trust.'
                                    % (source, bundle))
        try:
            tls_context(bundle)
        except (ssl.SSLError, OSError, ValueError) as exc:
            raise TelnyxConfigError('%s %s holds no certificate that can be loaded (a PEM bundle of the CA(s) to '
                                    'trust is needed): %s' % (source, bundle, exc))
        return bundle

    # ---------------------------------------------------------------------------- secrets
    def add_secrets(self, values, result=False, encoded=False):
        """Values that must never appear in an error message (they are replaced by ********). Unless ``result``
        (a value the module returns on purpose, such as a minted token), they are masked in results too
        (``masked()``). ``encoded``: forms of a secret the user gave (base64, percent-encoded), which only an
        answer of the server can hold; ``masked()`` keeps them apart."""
        with self._secrets_lock:
            for value in values or ():
                if value and isinstance(value, str) and len(value) >= 3:
                    self._secrets.add(value)
                    if result:
                        self._returned.add(value)
                    if encoded:
                        self._encoded.add(value)

    def secrets(self):
        with self._secrets_lock:
            return list(self._secrets)

    def masked(self):
        """The secrets to mask in a module's result, all but those returned on purpose, as two lists: the values
        themselves (keys, secrets as given) and the encoded forms."""
        with self._secrets_lock:
            shown = self._secrets - self._returned
            return list(shown - self._encoded), list(shown & self._encoded)

    def redact(self, text):
        return redact(text, self.secrets())

    def _fail(self, method, path, errors=None, **kwargs):
        err = TelnyxAPIError(method, path, errors=redact_data(errors or [], self.secrets()), **kwargs)
        err.args = (self.redact(err.args[0]),)
        return err

    # ---------------------------------------------------------------------------- requests
    def backoff(self, attempt, headers=None, status=None):
        """Sleep (via ``self.sleep``) for ``backoff_delay(attempt, headers, status)``; returns the seconds."""
        delay = backoff_delay(attempt, headers, status, rng=self.rng)
        self.sleep(delay)
        return delay

    def request(self, method, path, params=None, body=None, idempotent=None, expect='json'):
        """Send one API call with retries; return a Response or raise TelnyxAPIError.

        ``expect``: what a 2xx answer of this endpoint carries, ``'json'`` (the default) or ``'text'``
        (text/plain, e.g. a credential's token); any other content type is an error, never data.
        ``idempotent`` defaults to true for every method but POST. A POST (a create) is retried only after a
        429 (Telnyx answers it before acting) or when it never reached the server. After a 5xx, a read
        timeout or a dropped answer it is raised with ``uncertain=True`` and the caller decides (by looking
        the object up) whether to send it again.
        """
        if expect not in ('json', 'text'):
            raise ValueError('expect must be json or text, not %r' % (expect,))
        method = method.upper()
        if idempotent is None:
            idempotent = method != 'POST'
        url = self.base_url + path
        kwargs = {'params': params, 'timeout': self.timeout, 'verify': self.verify, 'proxy': self.proxy}
        if body is not None:
            kwargs['data'] = json.dumps(body)
        attempt = 0
        while True:
            attempt += 1
            kwargs['headers'] = self._headers(body is not None)
            resp, exc = self._send(method, url, kwargs)
            if isinstance(exc, TLSFailed):
                raise self._fail(method, path, reason=(
                    'TLS error (%s): if %s uses a private CA or a TLS-inspecting proxy, give its CA bundle in ca_path; '
                    'set validate_certs to false only if you trust the network path' % (exc, self.host)))
            if exc is not None:
                if not exc.reached:
                    via = ' through the proxy %s' % proxy_shown(self.proxy) if self.proxy else ''
                    kind = 'could not connect to %s%s (%s)' % (self.host, via, exc)
                elif isinstance(exc, TimedOut):
                    kind = 'timed out after %ss' % self.timeout
                else:
                    kind = 'connection failed (%s)' % exc
                if (idempotent or not exc.reached) and attempt <= self.retries:
                    self.backoff(attempt)
                    continue
                raise self._fail(method, path, reason=kind, uncertain=exc.reached, attempts=attempt)
            status = resp.status_code
            if status < 300:
                return Response(status, self._decode(method, path, resp, expect))
            if status < 400:
                raise self._redirect(method, path, resp)
            retryable = status in RETRY_STATUSES and (idempotent or status == 429)
            if retryable and attempt <= self.retries:
                self.backoff(attempt, resp.headers, status)
                continue
            hint = None
            if status == 401 and self.key_owner:
                hint = ('Telnyx rejected the key of %s: the account may be disabled or cancelled (the manager\'s '
                        'key read it, so api_key itself is fine)' % self.key_owner)
            raise self._fail(method, path, status=status, errors=telnyx_errors(self._error_body(resp)),
                             reason=resp.reason, uncertain=status >= 500, attempts=attempt, hint=hint)

    def _headers(self, with_body):
        """The headers of every request: the key as the only credential, JSON both ways, who is calling."""
        headers = {'Authorization': 'Bearer %s' % self._key, 'Accept': 'application/json', 'User-Agent': USER_AGENT}
        if with_body:
            headers['Content-Type'] = 'application/json'
        return headers

    def _send(self, method, url, kwargs):
        """One paced HTTP exchange: (answer, None) or (None, the TransportError)."""
        resp = None
        ticket = self.pacer.acquire()
        try:
            resp = self.transport.request(method, url, **kwargs)
            return resp, None
        except TransportError as exc:
            return None, exc
        finally:
            self.pacer.release(ticket, getattr(resp, 'status_code', None), getattr(resp, 'headers', None))

    def _redirect(self, method, path, resp):
        location = header(resp.headers, 'Location') or ''
        try:
            target = urlsplit(location).hostname if location else None
        except ValueError:
            target = None
        where = 'host %s' % target if target else ('the same host' if location else 'nowhere (no Location)')
        text = ('%s to %s: redirects are never followed, so the key and the request stay with %s. '
                'Point api_url at the API itself (e.g. %s)')
        return self._fail(method, path, status=resp.status_code,
                          reason=text % (resp.reason or 'Redirect', where, self.host, DEFAULT_API_URL))

    @staticmethod
    def _error_body(resp):
        if not resp.content:
            return None
        try:
            return resp.json()
        except ValueError:
            return None

    def _decode(self, method, path, resp, expect):
        """The body of a 2xx answer as the endpoint returns it, or TelnyxAPIError (never a proxy's page)."""
        if resp.status_code == 204 or not resp.content:
            return None
        ctype = media_type(resp)
        wanted = 'JSON' if expect == 'json' else 'text/plain'
        if expect == 'json' and (ctype in ('application/json', '') or ctype.endswith('+json')):
            try:
                return resp.json()
            except ValueError:
                if ctype:
                    reason = 'the answer is not valid JSON'
                else:
                    reason = 'the answer has no content type and is not JSON'
        elif expect == 'text' and ctype == 'text/plain':
            return resp.text
        else:
            reason = 'the answer is %s, not %s' % (ctype or 'without a content type', wanted)
        raise self._fail(method, path, status=resp.status_code, uncertain=method != 'GET', reason=(
            '%s as the Telnyx API sends: something else answered (a proxy, a captive portal or a wrong api_url; '
            'api_url is %s)' % (reason, self.base_url)))

    # ---------------------------------------------------------------------------- verbs
    def get(self, path, params=None, expect='json'):
        return self.request('GET', path, params=params, expect=expect).data

    def post(self, path, body=None, idempotent=None, expect='json'):
        return self.request('POST', path, body=body, idempotent=idempotent, expect=expect).data

    def patch(self, path, body, expect='json'):
        return self.request('PATCH', path, body=body, expect=expect).data

    def delete(self, path, expect='json'):
        return self.request('DELETE', path, expect=expect).data

    def confirm_absent(self, collection_path):
        """After a 404 on an item path: True when ``GET <collection>?page[size]=1`` answers a JSON ``data`` list.

        Several documented Telnyx 404s carry no body, so a 404 alone cannot tell "gone" from "wrong URL"
        (e.g. api_url without /v2). Anything but a list, or a 404/3xx/non-JSON answer to the list, raises
        TelnyxConfigError saying api_url looks wrong; other failures (401, 5xx, timeouts) are raised as they are.
        """
        problem = None
        try:
            payload = self.get(collection_path, params={'page[size]': 1})
        except TelnyxAPIError as exc:
            if exc.status is None or exc.status in (401, 403, 429) or exc.status >= 500:
                raise
            problem = 'GET %s answered %s' % (collection_path, 'HTTP %s' % exc.status)
        else:
            if isinstance(payload, dict) and isinstance(payload.get('data'), list):
                return True
            problem = 'GET %s did not answer with a list' % collection_path
        raise self.wrong_api_url('the object was not found and %s' % problem)

    def wrong_api_url(self, problem):
        """The TelnyxConfigError for answers that only a URL other than the Telnyx API v2 gives."""
        return TelnyxConfigError(
            'api_url %s looks wrong: %s, so this is not the Telnyx API v2 (api_url should end in /v2, e.g. %s).'
            % (self.base_url, problem, DEFAULT_API_URL))

    # ---------------------------------------------------------------------------- concurrency
    def map(self, fn, items, workers=None):
        """``[fn(item) for item in items]`` with up to ``workers`` (default api_concurrency) calls at once.

        Results come back in the order of ``items``. After the first exception no new call is started; the
        calls in flight finish; then that first exception is raised with ``exc.completed`` ({index: result}
        of the calls that succeeded) and ``exc.not_started`` (indexes never started). With one worker the
        calls run one after another in the calling thread. Requests made by ``fn`` are paced as any other;
        ``fn`` must not call the AnsibleModule (not thread-safe): collect warnings and emit them afterwards.
        """
        items = list(items)
        workers = min(workers or self.concurrency, len(items))
        results = [None] * len(items)
        completed = {}
        if workers <= 1:
            for index, item in enumerate(items):
                try:
                    results[index] = completed[index] = fn(item)
                except Exception as exc:  # pylint: disable=broad-exception-caught
                    exc.completed = completed
                    exc.not_started = list(range(index + 1, len(items)))
                    raise
            return results
        errors = []
        queue = iter(enumerate(items))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            pending = {}

            def start_next():
                for index, item in queue:
                    pending[pool.submit(fn, item)] = index
                    return True
                return False

            while len(pending) < workers and start_next():
                pass
            while pending:
                done, _running = wait(list(pending), return_when=FIRST_COMPLETED)
                for future in done:
                    index = pending.pop(future)
                    error = future.exception()
                    if error is not None:
                        errors.append(error)
                    else:
                        results[index] = completed[index] = future.result()
                while not errors and len(pending) < workers and start_next():
                    pass
        if errors:
            first = errors[0]
            first.completed = completed
            first.not_started = [index for index, _item in queue]
            raise first
        return results

    # ---------------------------------------------------------------------------- lists
    def _page(self, path, params, number, page_size):
        query = dict(params or {})
        query['page[number]'] = number
        query['page[size]'] = page_size
        try:
            payload = self.get(path, params=query)
        except TelnyxAPIError as exc:
            if exc.status == 404:
                # No Telnyx list answers 404 (the OpenAPI documents none): the path is not the API's.
                raise self.wrong_api_url('GET %s answered HTTP 404' % path)
            raise
        if not isinstance(payload, dict) or not isinstance(payload.get('data'), list):
            raise self._fail('GET', path, reason='the answer has no list under "data"')
        return payload

    @staticmethod
    def _meta_int(payload, name):
        value = (payload.get('meta') or {}).get(name) if isinstance(payload.get('meta'), dict) else None
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None

    def paginate(self, path, params=None, page_size=PAGE_SIZE):
        """Every item of a list endpoint, in page order, each id once.

        Pagination (INTERFACE.md, "Settled details"; ``PaginationMeta`` in the OpenAPI requires none of its
        fields): when the first page gives ``meta.total_pages``, pages 2..total_pages are fetched concurrently
        (up to api_concurrency, paced) and trusted; without it, pages are read one by one until an empty page or
        one shorter than ``meta.page_size`` (else the size asked for). An item seen on an earlier page
        (it moved across a page boundary while we read) is dropped. MAX_PAGES is a safety stop.
        """
        first = self._page(path, params, 1, page_size)
        pages = [first['data']]
        total = self._meta_int(first, 'total_pages')
        if total is not None:
            numbers = range(2, min(total, MAX_PAGES) + 1)
            pages.extend(p['data'] for p in self.map(lambda n: self._page(path, params, n, page_size), numbers))
        else:
            last, number = first, 1
            while last['data'] and number < MAX_PAGES:
                size = self._meta_int(last, 'page_size') or page_size
                if len(last['data']) < size:
                    break
                number += 1
                last = self._page(path, params, number, page_size)
                pages.append(last['data'])
        items = []
        seen = set()
        for page in pages:
            for item in page:
                key = item.get('id') if isinstance(item, dict) else None
                if key is not None:
                    if key in seen:
                        continue
                    seen.add(key)
                items.append(item)
        return items
