# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pacer on a scripted clock: no test here really sleeps."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading

import pytest

from ansible_collections.telnyx.account.plugins.module_utils.pacer import Pacer
from ansible_collections.telnyx.account.tests.unit.helpers import Answer, Call, FakeClock, page, scripted_client


def limits(remaining, reset='5'):
    headers = {'x-ratelimit-limit': '100', 'x-ratelimit-remaining': str(remaining)}
    if reset is not None:
        headers['x-ratelimit-reset'] = reset
    return headers


def pacer(concurrency=1):
    clock = FakeClock()
    return Pacer(concurrency, clock=clock.time, sleep=clock.sleep), clock


def test_without_any_report_requests_go_at_once():
    gate, clock = pacer()
    for dummy in range(5):
        gate.release(gate.acquire(), 200, {})
    assert clock.slept == [] and gate.budget() is None


def test_when_remaining_reaches_zero_nothing_is_sent_until_the_reset():
    gate, clock = pacer()
    gate.release(gate.acquire(), 200, limits(0, '5'))
    start = clock.time()
    gate.release(gate.acquire(), 200, limits(99, '60'))
    assert clock.slept == [5.0] and clock.time() - start == 5.0
    assert gate.waited == 5.0
    gate.release(gate.acquire(), 200, limits(98, '60'))
    assert clock.slept == [5.0]  # a new window with budget left: no more waiting


def test_the_budget_counts_requests_sent_since_the_reporting_request():
    gate, clock = pacer(concurrency=4)
    first, second, third = gate.acquire(), gate.acquire(), gate.acquire()
    # The answer to the first request says 2 remain; two requests have been sent since: nothing is left.
    gate.release(first, 200, limits(2, '7'))
    assert gate.budget() == 0
    gate.release(second, 200, {})
    gate.release(third, 200, {})
    gate.release(gate.acquire(), 200, {})
    assert clock.slept == [7.0]


def test_remaining_two_lets_two_requests_go_then_waits():
    gate, clock = pacer()
    gate.release(gate.acquire(), 200, limits(2, '3'))
    gate.release(gate.acquire(), 200, {})
    gate.release(gate.acquire(), 200, {})
    assert clock.slept == []
    gate.release(gate.acquire(), 200, {})
    assert clock.slept == [3.0]


def test_an_older_report_arriving_late_does_not_replace_a_newer_one():
    gate, clock = pacer(concurrency=2)
    old, new = gate.acquire(), gate.acquire()
    gate.release(new, 200, limits(0, '4'))
    gate.release(old, 200, limits(50, '4'))  # answered later, but sent earlier: stale
    gate.release(gate.acquire(), 200, {})
    assert clock.slept == [4.0]


def test_having_waited_as_long_as_announced_the_window_counts_as_new():
    # A sleep that does not move this clock (as in module-level tests) must not make the pacer spin.
    clock = FakeClock()
    waits = []
    gate = Pacer(1, clock=clock.time, sleep=waits.append)
    gate.release(gate.acquire(), 200, limits(0, '5'))
    gate.release(gate.acquire(), 200, {})
    gate.release(gate.acquire(), 200, {})
    assert waits == [5.0]


def test_a_window_that_has_reset_is_forgotten():
    gate, clock = pacer()
    gate.release(gate.acquire(), 200, limits(0, '2'))
    clock.sleep(3)  # time passes elsewhere
    gate.release(gate.acquire(), 200, {})
    assert clock.slept == [3]


@pytest.mark.parametrize('reset,wait', [('3600', 60.0), (None, 1.0), ('soon', 1.0)])
def test_the_wait_for_a_reset_is_bounded(reset, wait):
    gate, clock = pacer()
    gate.release(gate.acquire(), 200, limits(0, reset))
    gate.release(gate.acquire(), 200, {})
    assert clock.slept == [wait]


def test_a_429_halves_the_requests_in_flight_once_per_burst():
    gate, _clock = pacer(concurrency=8)
    burst = [gate.acquire() for dummy in range(3)]
    for ticket in burst:
        gate.release(ticket, 429, {})
    assert gate.allowed == 4 and gate.throttled == 3
    gate.release(gate.acquire(), 429, {})
    assert gate.allowed == 2
    gate.release(gate.acquire(), 429, {})
    gate.release(gate.acquire(), 429, {})
    assert gate.allowed == 1
    gate.release(gate.acquire(), 429, {})
    assert gate.allowed == 1


def test_allowed_grows_back_by_one_per_run_of_successes_up_to_the_concurrency():
    gate, _clock = pacer(concurrency=4)
    gate.release(gate.acquire(), 429, {})
    assert gate.allowed == 2
    grown = []
    for dummy in range(20):
        gate.release(gate.acquire(), 200, {})
        grown.append(gate.allowed)
    # 2 successes to reach 3, then 3 to reach 4, never above 4.
    assert grown[:6] == [2, 3, 3, 3, 4, 4] and max(grown) == 4


def test_failures_without_an_answer_neither_grow_nor_shrink():
    gate, _clock = pacer(concurrency=4)
    gate.release(gate.acquire(), 429, {})
    for dummy in range(10):
        gate.release(gate.acquire(), None, None)
    assert gate.allowed == 2


def test_threads_never_have_more_requests_in_flight_than_allowed():
    gate, _clock = pacer(concurrency=3)
    lock = threading.Lock()
    state = {'now': 0, 'peak': 0}
    go = threading.Event()

    def worker(index):
        ticket = gate.acquire()
        with lock:
            state['now'] += 1
            state['peak'] = max(state['peak'], state['now'])
        go.wait(10)
        with lock:
            state['now'] -= 1
        gate.release(ticket, 429 if index == 0 else 200, {})

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    go.set()
    for thread in threads:
        thread.join(10)
    assert state['peak'] <= 3 and gate.peak <= 3
    assert gate.in_flight == 0 and gate.issued == 20


def test_a_second_thread_waits_while_the_only_slot_is_taken():
    gate, _clock = pacer(concurrency=1)
    first = gate.acquire()
    got = threading.Event()

    def second():
        gate.release(gate.acquire(), 200, {})
        got.set()

    thread = threading.Thread(target=second)
    thread.start()
    assert not got.wait(0.05)
    gate.release(first, 200, {})
    assert got.wait(5)
    thread.join(5)


# ------------------------------------------------------------------------------------------ inside the client
def test_every_request_of_the_client_is_paced():
    client, session = scripted_client([
        Call('GET', '/a', Answer(200, page([]), headers=limits(0, '5'))),
        Call('GET', '/b', Answer(200, page([]), headers=limits(99, '60'))),
    ])
    client.get('/a')
    assert client.slept == []
    client.get('/b')
    assert client.slept == [5.0]
    session.done()


def test_a_429_in_the_client_halves_the_shared_pacer():
    client, session = scripted_client([
        Call('GET', '/a', Answer(429, {}, headers=limits(0, '2'))),
        Call('GET', '/a', Answer(200, {}, headers=limits(99, '60'))),
    ], concurrency=8)
    client.get('/a')
    assert client.pacer.allowed == 4
    # the retry waited for the reset once (back-off), not twice (the pacer saw the window end)
    assert len(client.slept) == 1 and 2.0 <= client.slept[0] <= 2.3
    session.done()


def test_a_paginated_read_under_a_small_budget_waits_for_the_reset_between_pages():
    calls = [Call('GET', '/x', Answer(200, page([{'id': '1'}], 1, 1, 3), headers=limits(1, '9')),
                  query={'page[number]': 1, 'page[size]': 1})]
    calls += [Call('GET', '/x', Answer(200, page([{'id': str(n)}], n, 1, 3)),
                   query={'page[number]': n, 'page[size]': 1}) for n in (2, 3)]
    client, session = scripted_client(calls, concurrency=4)
    assert [i['id'] for i in client.paginate('/x', page_size=1)] == ['1', '2', '3']
    assert client.slept == [9.0]
    session.done()
