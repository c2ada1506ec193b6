# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""query('telnyx_sim', PATH, url=telnyx_sim_url, method='GET', body=None) -> [the simulator's JSON answer].

The tests' calls to the simulator's control endpoints (/_sim/...), made on the controller: a lookup runs inside
the play, where the uri module would start a module process for every call.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: telnyx_sim
short_description: Call a control endpoint of the bundled Telnyx API simulator (integration tests only)
description:
  - Sends one request to the simulator and returns its JSON answer (None when the answer is empty).
options:
  _terms:
    description: The path, such as C(/_sim/log).
    required: true
  url:
    description: The simulator's base URL (telnyx_sim_url).
    required: true
  method:
    description: The HTTP method.
    default: GET
  body:
    description: A JSON body to send.
'''

import json

from ansible.errors import AnsibleError
from ansible.module_utils.urls import open_url
from ansible.plugins.lookup import LookupBase


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        base, method, body = self.get_option('url'), self.get_option('method'), self.get_option('body')
        answers = []
        for path in terms:
            data = None if body is None else json.dumps(body).encode('utf-8')
            headers = {'Content-Type': 'application/json'} if data is not None else {}
            try:
                response = open_url(base.rstrip('/') + path, method=method, data=data, headers=headers, timeout=30,
                                    use_proxy=False)
                text = response.read().decode('utf-8')
            except Exception as exc:  # pylint: disable=broad-exception-caught
                raise AnsibleError('simulator %s %s failed: %s' % (method, path, exc))
            answers.append(json.loads(text) if text.strip() else None)
        return answers
