# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One pacer per module run: every request of every thread asks it first, so a run goes as fast as the account
is allowed and no faster.

Telnyx sends ``x-ratelimit-limit``, ``x-ratelimit-remaining`` and ``x-ratelimit-reset`` (seconds to the end of
the window) on every answer (Telnyx developer docs, "Rate limiting"). The pacer:

- lets at most ``allowed`` requests be in flight at once (``allowed`` starts at api_concurrency);
- counts the requests sent since the request whose answer last reported ``remaining``; when that budget is
  spent, nothing more is sent until the reported reset (each wait capped at ``max_wait`` seconds);
- after a 429 halves ``allowed`` (at least 1), once per burst: a 429 of a request sent before the last
  decrease does not halve again; after ``allowed`` successes in a row it grows by one, never above
  api_concurrency (additive increase, multiplicative decrease).

Thread-safe. ``clock`` and ``sleep`` are injectable so tests run on a scripted clock without real waits.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
import time

# A window reset announced further away than this is not waited for in one go.
MAX_PACER_WAIT = 60.0
# The wait assumed when an answer says remaining is 0 but gives no reset.
DEFAULT_RESET = 1.0


def header(headers, name):
    """The value of header ``name`` in a mapping, whatever the case of its keys; None when absent."""
    if not headers:
        return None
    value = headers.get(name)
    if value is None and not hasattr(headers, 'lower_items'):  # a plain dict: look case-insensitively
        lowered = name.lower()
        value = next((v for k, v in headers.items() if str(k).lower() == lowered), None)
    return value


def header_int(headers, name):
    """An integer header (``x-ratelimit-remaining``), or None when absent or unreadable."""
    value = header(headers, name)
    if value is None:
        return None
    try:
        return int(float(str(value).strip()))
    except ValueError:
        return None


def parse_ratelimit_reset(value, now=None):
    """Seconds to wait from ``x-ratelimit-reset``: seconds from now (what Telnyx sends) or a Unix time."""
    if value is None:
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    if number > 1000000000:
        now = time.time() if now is None else now
        return max(0.0, number - now)
    return max(0.0, number)


class Pacer:
    """Gate for every request of a run; see the module docstring for the rules.

    Use: ``ticket = pacer.acquire()`` before sending, ``pacer.release(ticket, status, headers)`` after the
    answer (status and headers None when no answer came).
    """

    def __init__(self, concurrency=1, clock=time.monotonic, sleep=time.sleep, max_wait=MAX_PACER_WAIT):
        self.limit = max(1, int(concurrency))
        self.allowed = self.limit
        self.clock = clock
        self.sleep = sleep
        self.max_wait = max_wait
        self.in_flight = 0
        self.issued = 0          # tickets handed out so far (requests sent)
        self.remaining = None    # what the newest report said, None when unknown or the window has reset
        self.report_ticket = 0   # the ticket of the request whose answer made that report
        self.reset_at = None     # clock time at which the reported window ends
        self.streak = 0          # successes since the last change of ``allowed``
        self.decrease_ticket = 0  # tickets up to this one were sent before the last decrease
        self.throttled = 0       # 429 answers seen
        self.waited = 0.0        # seconds spent waiting for a window reset
        self.peak = 0            # the most requests in flight at once
        self._cond = threading.Condition()

    def budget(self):
        """Requests that may still be sent in the current window (None: no report, no limit known)."""
        with self._cond:
            return self._budget(self.clock())

    def _budget(self, now):
        if self.remaining is None:
            return None
        if self.reset_at is not None and now >= self.reset_at:
            self.remaining = None  # a new window: the next answer reports again
            return None
        return self.remaining - (self.issued - self.report_ticket)

    def acquire(self):
        """Wait until a request may be sent; returns its ticket."""
        while True:
            with self._cond:
                now = self.clock()
                budget = self._budget(now)
                if budget is None or budget > 0:
                    if self.in_flight >= self.allowed:
                        self._cond.wait()
                        continue
                    self.in_flight += 1
                    self.issued += 1
                    self.peak = max(self.peak, self.in_flight)
                    return self.issued
                wait = max(0.0, self.reset_at - now)
                report = self.report_ticket
                self.waited += wait
            # The budget is spent: wait for the reset outside the lock. Having waited as long as the server said,
            # the window counts as new unless a newer answer reported meanwhile (then that report decides).
            self.sleep(wait)
            with self._cond:
                if self.report_ticket == report:
                    self.remaining = None

    def release(self, ticket, status=None, headers=None):
        """Account for the answer to request ``ticket`` (status/headers None when none came)."""
        with self._cond:
            self.in_flight = max(0, self.in_flight - 1)
            remaining = header_int(headers, 'x-ratelimit-remaining')
            if remaining is not None and ticket >= self.report_ticket:
                reset = parse_ratelimit_reset(header(headers, 'x-ratelimit-reset'))
                self.remaining = max(0, remaining)
                self.report_ticket = ticket
                self.reset_at = self.clock() + min(self.max_wait, DEFAULT_RESET if reset is None else reset)
            if status == 429:
                self.throttled += 1
                self.streak = 0
                if ticket > self.decrease_ticket:
                    self.allowed = max(1, self.allowed // 2)
                    self.decrease_ticket = self.issued
            elif status is not None and status < 500:
                self.streak += 1
                if self.streak >= self.allowed and self.allowed < self.limit:
                    self.allowed += 1
                    self.streak = 0
            self._cond.notify_all()
