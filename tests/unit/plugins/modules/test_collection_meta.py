# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Collection-wide facts: every module is in the action group, and the modules' Python needs are declared."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import os

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
MODULES = sorted(f[:-3] for f in os.listdir(os.path.join(ROOT, 'plugins', 'modules'))
                 if f.endswith('.py') and not f.startswith('_'))


def test_there_are_modules():
    assert 'telnyx_access_ip' in MODULES and 'telnyx_account' in MODULES


def test_every_module_is_in_the_action_group_all():
    with open(os.path.join(ROOT, 'meta', 'runtime.yml')) as handle:
        runtime = yaml.safe_load(handle)
    group = runtime['action_groups']['all']
    assert sorted(group) == MODULES
    assert runtime['requires_ansible'] == '>=2.17.0'


def third_party_imports():
    """Top-level packages imported by plugins that are neither stdlib, ansible nor this collection."""
    found = set()
    for folder in ('modules', 'module_utils'):
        base = os.path.join(ROOT, 'plugins', folder)
        for name in os.listdir(base):
            if not name.endswith('.py'):
                continue
            with open(os.path.join(base, name)) as handle:
                tree = ast.parse(handle.read())
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    found.update(alias.name.split('.')[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    found.add(node.module.split('.')[0])
    stdlib = {'__future__', 'base64', 'copy', 'datetime', 'email', 'ipaddress', 'json', 'random', 're', 'time',
              'urllib', 'urlparse'}
    return found - stdlib - {'ansible', 'ansible_collections'}


def test_python_requirements_of_the_modules_are_declared():
    needed = third_party_imports()
    assert needed == {'requests'}
    with open(os.path.join(ROOT, 'requirements.txt')) as handle:
        declared = set(line.split('#')[0].split('>')[0].split('=')[0].split('<')[0].strip().lower()
                       for line in handle if line.split('#')[0].strip())
    assert needed <= declared
