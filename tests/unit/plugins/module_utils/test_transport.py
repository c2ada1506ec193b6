# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The transport against real HTTP servers on loopback: keep-alive, one connection per thread, a connection the
server closed, timeouts, refusals, cut-off answers, the query string and the proxy rules."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import socket
import threading
import time

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ansible_collections.telnyx.account.plugins.module_utils.transport import (
    ConnectFailed, Dropped, TimedOut, Transport, environ_proxy, full_url,
)


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'  # keep-alive, as the API answers

    def do_GET(self):
        server = self.server
        with server.lock:
            server.seen.append((self.client_address[1], self.command, self.path, dict(self.headers)))
        if self.path.startswith('/slow'):
            time.sleep(1.0)
        if self.path.startswith('/cut'):
            self.wfile.write(b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"partial"')
            self.close_connection = True
            return
        if self.path.startswith('/hang-up'):
            self.close_connection = True
            return
        body = json.dumps({'path': self.path, 'port': self.client_address[1]}).encode()
        self.send_response(200)
        self.send_header('Content-Type', 'application/json; charset=utf-8')
        self.send_header('Content-Length', str(len(body)))
        if self.path.startswith('/close-quietly'):
            self.close_connection = True  # closes after the answer without saying Connection: close
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    httpd.daemon_threads = True
    httpd.seen = []
    httpd.lock = threading.Lock()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={'poll_interval': 0.05}, daemon=True)
    thread.start()
    httpd.url = 'http://127.0.0.1:%d' % httpd.server_address[1]
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def ports(server):
    return [seen[0] for seen in server.seen]


def test_requests_of_one_thread_share_one_kept_alive_connection(server):
    transport = Transport()
    first = transport.request('GET', server.url + '/a', timeout=5).json()
    second = transport.request('POST', server.url + '/b', data='{}', timeout=5,
                               headers={'Content-Type': 'application/json'}).json()
    assert first['port'] == second['port']
    assert len(set(ports(server))) == 1
    transport.close()


def test_each_thread_has_its_own_connection(server):
    transport = Transport()
    answers = []

    def work():
        answers.append(transport.request('GET', server.url + '/t', timeout=5).json()['port'])
        answers.append(transport.request('GET', server.url + '/t', timeout=5).json()['port'])

    threads = [threading.Thread(target=work) for _n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(answers) == 6 and len(set(answers)) == 3


def test_a_connection_the_server_closed_while_idle_is_replaced_without_an_error(server):
    transport = Transport()
    first = transport.request('GET', server.url + '/close-quietly', timeout=5).json()
    time.sleep(0.2)  # the server has closed its end by now
    second = transport.request('POST', server.url + '/again', data='{}', timeout=5).json()
    assert second['path'] == '/again' and second['port'] != first['port']
    assert [s[2] for s in server.seen] == ['/close-quietly', '/again']  # the POST was sent once


def test_no_answer_within_the_timeout_is_timed_out_and_may_have_reached(server):
    with pytest.raises(TimedOut) as err:
        Transport().request('GET', server.url + '/slow', timeout=0.3)
    assert err.value.reached


def test_a_refused_connection_never_reached_the_server():
    probe = socket.socket()
    probe.bind(('127.0.0.1', 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    with pytest.raises(ConnectFailed) as err:
        Transport().request('POST', 'http://127.0.0.1:%d/v2/x' % port, data='{}', timeout=2)
    assert not err.value.reached and 'refused' in str(err.value).lower()


@pytest.mark.parametrize('path', ['/hang-up', '/cut'])
def test_an_answer_that_never_came_whole_is_dropped_and_may_have_reached(server, path):
    with pytest.raises(Dropped) as err:
        Transport().request('POST', server.url + path, data='{}', timeout=5)
    assert err.value.reached


def test_the_query_string_is_percent_encoded_and_none_values_are_left_out(server):
    answer = Transport().request('GET', server.url + '/v2/addresses', timeout=5,
                                 params={'filter[customer_reference][eq]': 'site 1&2', 'page[size]': 250,
                                         'filter[x]': None}).json()
    assert answer['path'] == '/v2/addresses?filter%5Bcustomer_reference%5D%5Beq%5D=site+1%262&page%5Bsize%5D=250'
    assert full_url('https://h/v2/x') == 'https://h/v2/x'


def test_the_headers_sent_are_the_ones_given_and_no_others_of_consequence(server):
    Transport().request('GET', server.url + '/h', timeout=5, headers={'Authorization': 'Bearer K', 'Accept': 'x'})
    headers = server.seen[0][3]
    assert headers['Authorization'] == 'Bearer K'
    assert set(h.lower() for h in headers) <= {'authorization', 'accept', 'host', 'accept-encoding'}


def test_an_answer_is_decoded_by_its_charset():
    from http.client import HTTPMessage
    from ansible_collections.telnyx.account.plugins.module_utils.transport import HTTPAnswer
    headers = HTTPMessage()
    headers['content-type'] = 'text/plain; charset="ISO-8859-1"'
    answer = HTTPAnswer(200, 'OK', headers, 'caf\u00e9'.encode('latin-1'))
    assert answer.text == 'caf\u00e9' and answer.headers.get('Content-Type').startswith('text/plain')
    headers.replace_header('content-type', 'application/json; charset=no-such-charset')
    assert HTTPAnswer(200, 'OK', headers, b'{"a": "\xc3\xa9"}').json() == {'a': '\u00e9'}


# ------------------------------------------------------------------------------------------ proxies
PROXY_VARIABLES = ('HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy', 'HTTP_PROXY',
                   'http_proxy')


@pytest.fixture
def clean_env(monkeypatch):
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_no_proxy_variable_means_no_proxy(clean_env):
    assert environ_proxy('https://api.telnyx.com/v2') is None
    clean_env.setenv('HTTP_PROXY', 'http://proxy.example:3128')  # for http:// URLs only: the API is https
    assert environ_proxy('https://api.telnyx.com/v2') is None


@pytest.mark.parametrize('name', ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy'])
def test_https_proxy_or_all_proxy_is_the_proxy(clean_env, name):
    clean_env.setenv(name, 'proxy.example:3128')
    assert environ_proxy('https://api.telnyx.com/v2') == 'http://proxy.example:3128'


@pytest.mark.parametrize('no_proxy', ['api.telnyx.com', '.telnyx.com', 'telnyx.com', '*', 'other.example,telnyx.com'])
def test_no_proxy_names_the_host_or_its_domain(clean_env, no_proxy):
    clean_env.setenv('HTTPS_PROXY', 'http://proxy.example:3128')
    clean_env.setenv('NO_PROXY', no_proxy)
    assert environ_proxy('https://api.telnyx.com/v2') is None


def test_no_proxy_for_another_domain_leaves_the_proxy(clean_env):
    clean_env.setenv('HTTPS_PROXY', 'http://proxy.example:3128')
    clean_env.setenv('NO_PROXY', 'telnyx.example,example.com')
    assert environ_proxy('https://api.telnyx.com/v2') == 'http://proxy.example:3128'


def test_a_proxy_that_refuses_the_tunnel_is_a_connect_failure_and_gets_the_credentials_of_its_url():
    listener = socket.socket()
    listener.bind(('127.0.0.1', 0))
    listener.listen(1)
    seen = []

    def proxy():
        conn, _addr = listener.accept()
        data = b''
        while b'\r\n\r\n' not in data:
            data += conn.recv(4096)
        seen.append(data.decode('latin-1'))
        conn.sendall(b'HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n')
        conn.close()

    thread = threading.Thread(target=proxy, daemon=True)
    thread.start()
    proxy_url = 'http://user%40corp:p%3Ass@127.0.0.1:' + str(listener.getsockname()[1])
    with pytest.raises(ConnectFailed) as err:
        Transport().request('GET', 'https://api.telnyx.test/v2/x', timeout=5, proxy=proxy_url,
                            headers={'Authorization': 'Bearer K'})
    thread.join(5)
    listener.close()
    assert '407' in str(err.value) and not err.value.reached
    request = seen[0]
    assert request.startswith('CONNECT api.telnyx.test:443 HTTP/1.')
    # user@corp:p:ss, base64: the proxy's credentials, never the API key (which only goes inside the tunnel).
    assert 'Proxy-Authorization: Basic dXNlckBjb3JwOnA6c3M=' in request
    assert 'Bearer K' not in request
