# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Collection-wide facts: one version, every module in the action group, the modules' Python needs declared."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import importlib.util
import os
import re
import sys
import sysconfig

import yaml

from ansible_collections.telnyx.account.plugins.module_utils import client

try:
    from importlib.metadata import requires
except ImportError:  # Python < 3.8; the modules need 3.9, kept for a clear failure elsewhere
    requires = None

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
MODULES = sorted(f[:-3] for f in os.listdir(os.path.join(ROOT, 'plugins', 'modules'))
                 if f.endswith('.py') and not f.startswith('_'))


def test_there_are_modules():
    assert 'telnyx_access_ip' in MODULES and 'telnyx_account' in MODULES


def load_yaml(*path):
    with open(os.path.join(ROOT, *path)) as handle:
        return yaml.safe_load(handle)


def test_the_version_in_module_utils_is_the_version_in_galaxy_yml():
    # Modules cannot read galaxy.yml at run time (it is not in the installed collection's module payload), so the
    # version they send in the User-Agent is a literal that must follow galaxy.yml.
    galaxy = load_yaml('galaxy.yml')
    assert client.COLLECTION_VERSION == galaxy['version']
    assert client.USER_AGENT.startswith('telnyx.account/%s ' % galaxy['version'])


def test_every_module_is_in_the_action_group_all():
    group = load_yaml('meta', 'runtime.yml')['action_groups']['all']
    assert sorted(group) == MODULES


def test_the_supported_ansible_core_range_is_stated_alike_everywhere():
    # meta/runtime.yml is what ansible-galaxy and ansible-core enforce; README and the test matrix must agree.
    assert load_yaml('meta', 'runtime.yml')['requires_ansible'] == '>=2.15.0'
    with open(os.path.join(ROOT, 'README.md')) as handle:
        readme = handle.read()
    assert 'ansible-core 2.15 or later' in readme
    tested = sorted(re.findall(r'core-(2\.\d+)\.txt', ' '.join(os.listdir(os.path.join(ROOT, 'tests', 'requirements')))),
                    key=lambda v: tuple(int(p) for p in v.split('.')))
    assert tested[0] == '2.15'


def is_stdlib(name):
    """True for a module of Python's standard library (sys.stdlib_module_names needs Python 3.10)."""
    if hasattr(sys, 'stdlib_module_names'):
        return name in sys.stdlib_module_names
    if name in sys.builtin_module_names:
        return True
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin:
        return False
    if spec.origin in ('built-in', 'frozen'):
        return True
    stdlib = os.path.realpath(sysconfig.get_paths()['stdlib'])
    origin = os.path.realpath(spec.origin)
    return origin.startswith(stdlib + os.sep) and 'site-packages' not in origin


def third_party_imports():
    """Top-level packages imported by plugins that are neither stdlib, ansible nor this collection."""
    found = set()
    for folder in ('modules', 'module_utils', 'inventory', 'action'):
        base = os.path.join(ROOT, 'plugins', folder)
        for name in (os.listdir(base) if os.path.isdir(base) else []):
            if not name.endswith('.py'):
                continue
            with open(os.path.join(base, name)) as handle:
                tree = ast.parse(handle.read())
            # An import in an `except` handler (`except ImportError:`) is a fallback, not a requirement; one in
            # a `try:` that catches ImportError is optional (certifi's bundle where the system has no CA store).
            fallbacks = set(id(n) for handler in ast.walk(tree) if isinstance(handler, ast.ExceptHandler)
                            for statement in handler.body for n in ast.walk(statement))
            fallbacks |= set(id(n) for block in ast.walk(tree) if isinstance(block, ast.Try)
                             and any('ImportError' in ast.dump(h.type) for h in block.handlers if h.type is not None)
                             for statement in block.body for n in ast.walk(statement))
            for node in ast.walk(tree):
                if id(node) in fallbacks:
                    continue
                if isinstance(node, ast.Import):
                    found.update(alias.name.split('.')[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    found.add(node.module.split('.')[0])
    return set(name for name in found - {'ansible', 'ansible_collections'} if not is_stdlib(name))


def requirement_names(lines):
    """Distribution names of requirement lines ('requests>=2.25; python_version...' -> 'requests')."""
    return set(re.match(r'[A-Za-z0-9._-]+', line.strip()).group(0).lower()
               for line in lines if line.split('#')[0].strip())


def test_is_stdlib_tells_the_standard_library_from_installed_packages():
    assert is_stdlib('json') and is_stdlib('concurrent') and is_stdlib('sys')
    assert not is_stdlib('requests') and not is_stdlib('yaml') and not is_stdlib('ansible')


def test_python_requirements_of_the_modules_are_declared():
    # A plugin may import what requirements.txt declares, or a package that a declared one requires itself.
    # Today that is nothing: the plugins use Python's standard library only, and requirements.txt says so.
    with open(os.path.join(ROOT, 'requirements.txt')) as handle:
        declared = requirement_names(handle)
    provided = set(declared)
    for name in declared:
        provided |= requirement_names(r.split(';')[0] for r in (requires(name) or []) if 'extra ==' not in r)
    needed = third_party_imports()
    assert needed <= provided, 'imported by plugins but not declared in requirements.txt: %s' % sorted(needed - provided)
    assert not declared - needed, 'declared in requirements.txt but imported by no plugin: %s' % sorted(declared - needed)


# Variables Ansible sets itself (the "Special Variables" of the Ansible documentation): a task that registers into
# one of them is shadowed or breaks the play when the example is pasted.
SPECIAL_VARIABLES = {
    'ansible_check_mode', 'ansible_config_file', 'ansible_dependent_role_names', 'ansible_diff_mode', 'ansible_facts',
    'ansible_forks', 'ansible_inventory_sources', 'ansible_limit', 'ansible_loop', 'ansible_loop_var',
    'ansible_index_var', 'ansible_parent_role_names', 'ansible_parent_role_paths', 'ansible_play_batch',
    'ansible_play_hosts', 'ansible_play_hosts_all', 'ansible_play_role_names', 'ansible_playbook_python',
    'ansible_role_names', 'ansible_role_name', 'ansible_collection_name', 'ansible_run_tags', 'ansible_search_path',
    'ansible_skip_tags', 'ansible_verbosity', 'ansible_version', 'group_names', 'groups', 'hostvars',
    'inventory_dir', 'inventory_file', 'inventory_hostname', 'inventory_hostname_short', 'omit', 'play_hosts',
    'playbook_dir', 'role_name', 'role_names', 'role_path', 'environment', 'vars', 'item',
}


def example_registers():
    """(module, variable) for every `register:` of every module's EXAMPLES."""
    found = []
    for module in MODULES:
        with open(os.path.join(ROOT, 'plugins', 'modules', module + '.py')) as handle:
            tree = ast.parse(handle.read())
        examples = [node.value.value if hasattr(node.value, 'value') else node.value.s for node in tree.body
                    if isinstance(node, ast.Assign) and [t.id for t in node.targets if isinstance(t, ast.Name)] == ['EXAMPLES']]
        for task in yaml.safe_load(examples[0]) or []:
            for block in [task] + task.get('block', []) + task.get('tasks', []):
                if isinstance(block, dict) and 'register' in block:
                    found.append((module, block['register']))
    return found


def playbook_keywords():
    """Every playbook keyword (name, environment, vars, ...), from the list ansible-core ships as data: module tests
    cannot import the controller code (ansible.vars.reserved) under ansible-test units, which also hands them a copy
    of the ansible package holding module_utils only, so the file is looked for in the installed package."""
    import ansible
    places = [os.path.dirname(os.path.dirname(ansible.__file__))] + [sysconfig.get_paths()[k] for k in ('purelib', 'platlib')]
    for place in places + sys.path:
        path = os.path.join(place, 'ansible', 'keyword_desc.yml')
        if os.path.isfile(path):
            with open(path) as handle:
                return set(yaml.safe_load(handle))
    raise AssertionError('ansible/keyword_desc.yml not found in %s' % (places + sys.path))


def test_examples_register_results_under_names_ansible_does_not_use_itself():
    keywords = playbook_keywords()
    assert {'environment', 'vars', 'register', 'name'} <= keywords
    reserved = SPECIAL_VARIABLES | keywords
    registers = example_registers()
    assert len(registers) >= 10  # the walk does find the examples' registers
    bad = ['%s registers into %s' % (module, name) for module, name in registers
           if name in reserved or name.startswith('ansible_')]
    assert not bad, bad


def read(*path):
    with open(os.path.join(ROOT, *path)) as handle:
        return handle.read()


def test_the_awx_guide_describes_the_survey_the_survey_file_asks():
    survey = load_yaml('extensions', 'awx', 'job_template_survey.yml')['spec']
    guide = read('docs', 'docsite', 'rst', 'awx.rst')
    table = guide[guide.index('.. list-table::'):]
    table = table[:table.index('\n\n', table.index('* - '))]
    rows = [line for line in table.splitlines() if line.startswith('   * - ')]
    assert len(rows) - 1 == len(survey), 'the guide lists %d questions, the survey asks %d' % (len(rows) - 1, len(survey))
    playbook = read('playbooks', 'baseline.yml')
    for question in survey:
        assert question['question_name'] in table
        assert '``%s``' % question['variable'] in table
        for choice in question.get('choices', []):
            assert '``%s``' % choice in table, choice
        assert ('required' if question['required'] else 'optional') in table
        # The answer must reach the module: the baseline playbook reads the variable.
        assert re.search(r'\b%s\b' % question['variable'], playbook), question['variable']


def test_the_execution_environment_examples_pin_their_image_and_the_version():
    version = load_yaml('galaxy.yml')['version']
    tarball = 'telnyx-account-%s.tar.gz' % version
    galaxy = load_yaml('docs', 'examples', 'execution-environment.yml')
    local = load_yaml('docs', 'examples', 'execution-environment-local.yml')
    for definition in (galaxy, local):
        assert definition['version'] == 3
        image = definition['images']['base_image']['name']
        assert '@sha256:' in image or re.search(r':[0-9][\w.-]*$', image), 'base image not pinned: %s' % image
    assert galaxy['dependencies']['galaxy']['collections'] == [{'name': 'telnyx.account', 'version': version}]
    assert local['additional_build_files'][0]['src'] == tarball
    installed = local['dependencies']['galaxy']['collections'][0]
    assert installed['type'] == 'file' and installed['name'].endswith('/' + tarball)
    copied = '/build/collections/'
    assert installed['name'].startswith(copied)
    assert 'COPY _build/%s/ %s' % (local['additional_build_files'][0]['dest'], copied) in local['additional_build_steps']['prepend_galaxy']
    guide = read('docs', 'docsite', 'rst', 'awx.rst')
    assert tarball in guide and 'execution-environment-local.yml' in guide
