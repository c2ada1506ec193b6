# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP/1.1 exchanges on Python's standard library (http.client, ssl): the wire under TelnyxClient.

What the client needs and nothing more: keep-alive connections (one per thread and origin, so concurrent
requests never share one), TLS verified against ca_path, REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE or the system's
trust store, an HTTPS proxy through a CONNECT tunnel, timeouts, and failures sorted by whether the request can
have reached the server. Redirects, cookies, ~/.netrc and URL userinfo do not exist here: the only credential
is the header the client sets. Importing it costs a few milliseconds (requests, which this replaced, cost about
0.15 s of every module run).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import http.client
import json
import os
import select
import socket
import ssl
import threading

from urllib.parse import unquote, urlencode, urlsplit


class TransportError(Exception):
    """A request that got no HTTP answer. ``reached``: whether the server may have received it."""
    reached = True


class ConnectFailed(TransportError):
    """No connection to the server (refused, no route, name not resolved, connect timeout, proxy refused)."""
    reached = False


class TLSFailed(TransportError):
    """The TLS handshake failed (an untrusted or wrong certificate, no common protocol)."""
    reached = False


class TimedOut(TransportError):
    """Connected and sent, but no answer within the timeout."""


class Dropped(TransportError):
    """The connection broke after the request was sent (closed, reset, a cut-off answer)."""


class HTTPAnswer:
    """An HTTP answer: ``status_code``, ``reason``, ``headers`` (case-insensitive ``get``) and ``content``
    (bytes); ``text`` decodes it (the charset of Content-Type, else UTF-8), ``json()`` parses it (ValueError)."""

    def __init__(self, status_code, reason, headers, content):
        self.status_code = status_code
        self.reason = reason
        self.headers = headers
        self.content = content

    @property
    def text(self):
        charset = 'utf-8'
        ctype = self.headers.get('Content-Type') or ''
        for part in ctype.split(';')[1:]:
            name, _sep, value = part.partition('=')
            if name.strip().lower() == 'charset' and value.strip():
                charset = value.strip().strip('"')
        try:
            return self.content.decode(charset, 'replace')
        except LookupError:
            return self.content.decode('utf-8', 'replace')

    def json(self):
        return json.loads(self.text)


def full_url(url, params=None):
    """``url`` with ``params`` (a mapping, or None) appended as a query string, brackets percent-encoded."""
    if not params:
        return url
    query = urlencode([(k, v) for k, v in params.items() if v is not None])
    return url + ('&' if '?' in url else '?') + query if query else url


_CONTEXTS = {}
_CONTEXTS_LOCK = threading.Lock()


def tls_context(verify):
    """An ssl.SSLContext for ``verify``: False (no check), a CA bundle path (a PEM file, or a directory of hashed
    certificates as ``c_rehash`` makes), or True (the system's trust store, or certifi's bundle where the system has
    none and certifi is installed). Raises ssl.SSLError or OSError for a bundle that cannot be loaded.

    Loading a trust store takes tens of milliseconds, so each context is made once per process (per bundle path,
    size and modification time) and shared: an SSLContext serves any number of connections and threads."""
    key = verify
    if isinstance(verify, str):
        stat = os.stat(verify)
        key = (verify, stat.st_size, stat.st_mtime_ns)
    with _CONTEXTS_LOCK:
        if key not in _CONTEXTS:
            _CONTEXTS[key] = _new_tls_context(verify)
        return _CONTEXTS[key]


def _new_tls_context(verify):
    if verify is False:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    if isinstance(verify, str):
        if os.path.isdir(verify):
            return ssl.create_default_context(capath=verify)
        return ssl.create_default_context(cafile=verify)
    context = ssl.create_default_context()
    if not context.cert_store_stats().get('x509_ca'):
        try:
            import certifi
            context.load_verify_locations(cafile=certifi.where())
        except (ImportError, OSError):
            pass
    return context


def _dropped(sock):
    """True when a kept-alive connection can no longer be used: the server closed it, or sent something unasked."""
    if sock is None:
        return True
    try:
        readable, _w, _x = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


class Transport:
    """Sends requests over kept-alive connections, one per thread and origin.

    ``request(method, url, params=None, data=None, headers=None, timeout=None, verify=True, proxy=None)``:
    ``verify`` False, True or a CA bundle path; ``proxy`` an ``http://[user:password@]host:port`` URL for an
    https URL (a CONNECT tunnel), or None. Returns an HTTPAnswer; raises a TransportError.
    """

    def __init__(self):
        self._local = threading.local()

    def _connection(self, scheme, host, port, timeout, verify, proxy):
        pool = getattr(self._local, 'pool', None)
        if pool is None:
            pool = self._local.pool = {}
        key = (scheme, host, port, verify, proxy)
        conn = pool.get(key)
        if conn is not None and not _dropped(conn.sock):
            conn.timeout = timeout
            conn.sock.settimeout(timeout)
            return conn, key
        if conn is not None:
            conn.close()
        if scheme == 'https':
            context = tls_context(verify)
            if proxy:
                parts = urlsplit(proxy)
                conn = http.client.HTTPSConnection(parts.hostname, parts.port or 80, timeout=timeout, context=context)
                headers = {}
                if parts.username:
                    token = '%s:%s' % (unquote(parts.username), unquote(parts.password or ''))
                    headers['Proxy-Authorization'] = 'Basic ' + base64.b64encode(token.encode('utf-8')).decode('ascii')
                conn.set_tunnel(host, port, headers=headers)
            else:
                conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
        else:
            conn = http.client.HTTPConnection(host, port, timeout=timeout)
        try:
            conn.connect()
        except ssl.SSLError as exc:
            conn.close()
            raise TLSFailed('%s: %s' % (type(exc).__name__, getattr(exc, 'verify_message', None) or exc))
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            raise ConnectFailed('%s: %s' % (type(exc).__name__, exc))
        pool[key] = conn
        return conn, key

    def _forget(self, key):
        conn = getattr(self._local, 'pool', {}).pop(key, None)
        if conn is not None:
            conn.close()

    def request(self, method, url, params=None, data=None, headers=None, timeout=None, verify=True, proxy=None):
        parts = urlsplit(full_url(url, params))
        scheme = parts.scheme.lower()
        host = parts.hostname
        port = parts.port or (443 if scheme == 'https' else 80)
        target = parts.path or '/'
        if parts.query:
            target += '?' + parts.query
        body = data.encode('utf-8') if isinstance(data, str) else data
        conn, key = self._connection(scheme, host, port, timeout, verify, proxy if scheme == 'https' else None)
        try:
            conn.request(method, target, body=body, headers=dict(headers or {}))
            resp = conn.getresponse()
            content = resp.read()
        except socket.timeout as exc:
            self._forget(key)
            raise TimedOut('read timed out (%s)' % exc)
        except (OSError, http.client.HTTPException) as exc:  # ssl.SSLError included: the TLS session broke
            self._forget(key)
            raise Dropped('%s: %s' % (type(exc).__name__, exc))
        if resp.will_close:
            self._forget(key)
        return HTTPAnswer(resp.status, resp.reason, resp.headers, content)

    def close(self):
        for conn in list(getattr(self._local, 'pool', {}).values()):
            conn.close()
        self._local.pool = {}


PROXY_VARIABLES = ('https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY')


def environ_proxy(url):
    """The proxy for an https ``url`` from HTTPS_PROXY or ALL_PROXY (either case), unless NO_PROXY names its host;
    None when there is none. The rules are urllib.request's (getproxies_environment, proxy_bypass_environment),
    imported only when one of those variables is set."""
    if not any(os.environ.get(name) for name in PROXY_VARIABLES):
        return None
    import urllib.request
    proxies = urllib.request.getproxies_environment()
    proxy = proxies.get('https') or proxies.get('all')
    host = urlsplit(url).hostname or ''
    if not proxy or urllib.request.proxy_bypass_environment(host, proxies):
        return None
    return proxy if '://' in proxy else 'http://' + proxy


def proxy_shown(proxy):
    """``scheme://host:port`` of a proxy URL, without its credentials: what a message may show."""
    parts = urlsplit(proxy)
    try:
        port = parts.port
    except ValueError:
        port = None
    return '%s://%s%s' % (parts.scheme, parts.hostname or '?', ':%d' % port if port else '')
