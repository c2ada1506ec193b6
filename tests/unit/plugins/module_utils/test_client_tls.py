# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ca_path against a real TLS server on loopback, with a private CA made for the test (needs the openssl CLI)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import shutil
import ssl
import subprocess
import threading

from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from ansible_collections.telnyx.account.plugins.module_utils.client import TelnyxAPIError, TelnyxClient
from ansible_collections.telnyx.account.tests.unit.helpers import KEY, FakeClock

pytestmark = pytest.mark.skipif(shutil.which('openssl') is None, reason='needs the openssl command')


def openssl(*args):
    subprocess.run(('openssl',) + args, check=True, capture_output=True)


def make_ca(directory, name):
    key, pem = str(directory / (name + '.key')), str(directory / (name + '.pem'))
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', pem, '-days', '1',
            '-subj', '/CN=%s' % name, '-addext', 'basicConstraints=critical,CA:TRUE',
            '-addext', 'keyUsage=critical,keyCertSign,cRLSign')
    return key, pem


@pytest.fixture(scope='module')
def pki(tmp_path_factory):
    directory = tmp_path_factory.mktemp('pki')
    ca_key, ca_pem = make_ca(directory, 'private-ca')
    _other_key, other_pem = make_ca(directory, 'other-ca')
    key, csr, pem = (str(directory / n) for n in ('server.key', 'server.csr', 'server.pem'))
    ext = directory / 'server.ext'
    ext.write_text('subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n'
                   'extendedKeyUsage=serverAuth\nauthorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n')
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=127.0.0.1')
    openssl('x509', '-req', '-in', csr, '-CA', ca_pem, '-CAkey', ca_key, '-CAcreateserial', '-out', pem,
            '-days', '1', '-extfile', str(ext))
    return {'ca': ca_pem, 'other': other_pem, 'cert': pem, 'key': key}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({'data': [], 'auth': self.headers.get('Authorization')}).encode()
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(pki):
    httpd = HTTPServer(('127.0.0.1', 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki['cert'], pki['key'])
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={'poll_interval': 0.05}, daemon=True)
    thread.start()
    yield 'https://127.0.0.1:%d/v2' % httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def client(url, **kwargs):
    clock = FakeClock()
    return TelnyxClient(KEY, url, retries=0, sleep=clock.sleep, clock=clock.time, timeout=5, **kwargs)


@pytest.fixture
def no_bundle_env(monkeypatch):
    for name in ('REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy'):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_ca_path_trusts_a_private_ca(server, pki, no_bundle_env):
    answer = client(server, ca_path=pki['ca']).get('/x')
    assert answer == {'data': [], 'auth': 'Bearer %s' % KEY}


def test_ca_path_wins_over_requests_ca_bundle(server, pki, no_bundle_env):
    no_bundle_env.setenv('REQUESTS_CA_BUNDLE', pki['other'])
    assert client(server, ca_path=pki['ca']).get('/x')['data'] == []
    with pytest.raises(TelnyxAPIError):
        client(server).get('/x')  # the environment's bundle alone does not trust this server


def test_requests_ca_bundle_is_honoured_without_ca_path(server, pki, no_bundle_env):
    no_bundle_env.setenv('REQUESTS_CA_BUNDLE', pki['ca'])
    assert client(server).get('/x')['data'] == []


def test_an_untrusted_certificate_fails_naming_ca_path_first(server, pki, no_bundle_env):
    with pytest.raises(TelnyxAPIError) as err:
        client(server, ca_path=pki['other']).get('/x')
    msg = str(err.value)
    assert 'TLS error' in msg and msg.index('ca_path') < msg.index('validate_certs')
    assert err.value.attempts == 1


def test_a_directory_of_hashed_certificates_is_a_bundle_too(server, pki, no_bundle_env, tmp_path):
    folder = tmp_path / 'certs'
    folder.mkdir()
    digest = subprocess.run(['openssl', 'x509', '-hash', '-noout', '-in', pki['ca']], check=True,
                            capture_output=True, text=True).stdout.strip()
    shutil.copy(pki['ca'], str(folder / (digest + '.0')))
    no_bundle_env.setenv('REQUESTS_CA_BUNDLE', str(folder))
    assert client(server).get('/x')['data'] == []


def test_validate_certs_false_connects_and_warns(server, no_bundle_env):
    unverified = client(server, validate_certs=False)
    assert unverified.get('/x')['data'] == []
    assert len(unverified.warnings) == 1


def test_an_https_proxy_tunnels_the_tls_connection_and_never_sees_the_key(server, pki, no_bundle_env):
    """A CONNECT proxy on loopback: it gets the tunnel request, then only TLS bytes between client and server."""
    import select
    import socket
    from urllib.parse import urlsplit

    from ansible_collections.telnyx.account.plugins.module_utils.transport import Transport

    target = urlsplit(server)
    listener = socket.socket()
    listener.bind(('127.0.0.1', 0))
    listener.listen(1)
    seen = {'request': b'', 'relayed': b''}

    def proxy():
        conn, _addr = listener.accept()
        while b'\r\n\r\n' not in seen['request']:
            seen['request'] += conn.recv(4096)
        upstream = socket.create_connection((target.hostname, target.port))
        conn.sendall(b'HTTP/1.1 200 Connection established\r\n\r\n')
        pair = {conn: upstream, upstream: conn}
        while True:
            readable, _w, _x = select.select(list(pair), [], [], 5)
            if not readable:
                break
            data = readable[0].recv(65536)
            if not data:
                break
            seen['relayed'] += data
            pair[readable[0]].sendall(data)
        conn.close()
        upstream.close()

    thread = threading.Thread(target=proxy, daemon=True)
    thread.start()
    answer = Transport().request('GET', server + '/x', timeout=5, verify=pki['ca'],
                                 proxy='http://127.0.0.1:%d' % listener.getsockname()[1],
                                 headers={'Authorization': 'Bearer %s' % KEY}).json()
    listener.close()
    assert answer == {'data': [], 'auth': 'Bearer %s' % KEY}
    assert seen['request'].startswith(('CONNECT 127.0.0.1:%d HTTP/1.' % target.port).encode())
    assert KEY.encode() not in seen['request'] + seen['relayed']  # inside TLS: the proxy cannot read it
