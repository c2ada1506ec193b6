# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action of telnyx_account: the module's arguments become plain values before the module runs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pickle

import pytest

from ansible.plugins.loader import action_loader

from ansible_collections.telnyx.account.plugins.action.telnyx_account import ActionModule, plain


class Text(str):
    """A str subclass, as Ansible's unsafe and tagged strings are."""


class Number(int):
    pass


def builtin_only(value):
    """True when value and everything in it is of a builtin type (no subclass)."""
    if value.__class__ is dict:
        return all(builtin_only(k) and builtin_only(v) for k, v in value.items())
    if value.__class__ is list:
        return all(builtin_only(v) for v in value)
    return value is None or value.__class__ in (str, int, float, bool)


def test_plain_rebuilds_every_value_from_the_builtin_types():
    args = {Text('access_ips'): (
        {'ip_address': Text('203.0.113.10'), 'description': Text('noc')},
        {'ip_address': '2001:db8::1', 'state': 'absent', 'id': None},
    ), 'api_concurrency': Number(4), 'purge': frozenset(['billing_groups']), 'allow_empty_purge': True,
        'api_timeout': 12.5}
    result = plain(args)
    assert result == {'access_ips': [{'ip_address': '203.0.113.10', 'description': 'noc'},
                                     {'ip_address': '2001:db8::1', 'state': 'absent', 'id': None}],
                      'api_concurrency': 4, 'purge': ['billing_groups'], 'allow_empty_purge': True,
                      'api_timeout': 12.5}
    assert builtin_only(result)
    assert plain(True) is True and plain(Number(0)).__class__ is int


def test_plain_keeps_what_it_does_not_know_as_it_is():
    marker = object()
    assert plain({'x': [marker]})['x'][0] is marker


def test_a_tagged_value_of_ansible_core_2_19_loses_its_origin():
    datatag = pytest.importorskip('ansible.module_utils._internal._datatag')
    tags = pytest.importorskip('ansible._internal._datatag._tags')
    origin = tags.Origin(path='/inventory/group_vars/all.yml', line_num=3, col_num=5)
    tagged = {'access_ips': [{'ip_address': datatag.AnsibleTagHelper.tag('203.0.113.10', (origin,))}]}
    assert datatag.AnsibleTagHelper.tags(tagged['access_ips'][0]['ip_address'])
    result = plain(tagged)
    assert builtin_only(result)
    assert not datatag.AnsibleTagHelper.tags(result['access_ips'][0]['ip_address'])
    # What the worker sends back to the main process is that much smaller.
    assert len(pickle.dumps(result)) < len(pickle.dumps(tagged))


def test_the_action_is_the_one_ansible_loads_for_the_module():
    loaded = action_loader.get('telnyx.account.telnyx_account', class_only=True)
    assert loaded is not None and loaded.__name__ == ActionModule.__name__
    assert loaded.__module__.endswith('telnyx.account.plugins.action.telnyx_account')


def test_the_action_hands_plain_arguments_to_the_normal_action(monkeypatch):
    seen = {}

    def normal_run(self, tmp=None, task_vars=None):
        seen['args'] = self._task.args
        return {'changed': False}

    from ansible.plugins.action import normal
    monkeypatch.setattr(normal.ActionModule, 'run', normal_run)

    class Task:
        args = {'access_ips': (Text('x'),)}
    action = ActionModule.__new__(ActionModule)
    action._task = Task()
    assert action.run(task_vars={}) == {'changed': False}
    assert seen['args'] == {'access_ips': ['x']} and builtin_only(seen['args'])
