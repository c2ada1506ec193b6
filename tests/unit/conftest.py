# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures shared by the unit tests."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.telnyx.account.tests.unit.helpers import scripted_client


@pytest.fixture
def scripted():
    """Make scripted clients: ``client, session = scripted(calls, **kwargs)``.

    At teardown every session must have had all its calls: a scripted call the code never made fails the test.
    """
    sessions = []

    def make(calls, **kwargs):
        client, session = scripted_client(calls, **kwargs)
        sessions.append(session)
        return client, session

    yield make
    for session in sessions:
        session.done()
