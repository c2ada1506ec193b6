# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark of many accounts against the simulator: the baseline over N managed accounts from the inventory plugin.

- First converge of N accounts (a few objects each), then every account's objects checked: each exactly once.
- No-op baseline over the N hosts against an ansible.builtin.ping play over the same inventory, same forks,
  interleaved (median of BENCH_REPEAT runs each): the ratio is what the collection adds to Ansible's own fan-out.

Run through `make bench` (tools/bench.sh starts the simulator and sets SIM_URL, API_URL, SIM_KEY and WORK).
BENCH_ACCOUNTS=100 and BENCH_FORKS=10 set the size; BENCH_REPEAT=3 the repeats.
Both plays run with ANSIBLE_PYTHON_INTERPRETER set to this Python, so neither pays interpreter discovery per host.
"""

from __future__ import absolute_import, division, print_function

import json
import os
import statistics
import sys
import time

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the simulator and playbook helpers of make bench)

ACCOUNTS = int(os.environ.get('BENCH_ACCOUNTS', '100'))
FORKS = os.environ.get('BENCH_FORKS', '10')
REPEAT = bench.REPEAT
# What every account gets (group_vars of the inventory's group telnyx_managed_accounts): five objects.
BASELINE = {
    'access_ip_ranges': [{'cidr_block': '198.51.100.0/24', 'description': 'reseller noc'},
                         {'cidr_block': '203.0.113.0/28', 'description': 'reseller vpn'}],
    'billing_groups': [{'name': 'ops'}, {'name': 'sales'}],
    'integration_secrets': [{'identifier': 'crm', 'type': 'bearer', 'token': 'bench-crm-token-0123'}],
    'purge': ['billing_groups'],
}
# The section of each kind in the simulator's state, and the field that names an object there.
NAMES = {'access_ip_ranges': 'cidr_block', 'billing_groups': 'name', 'integration_secrets': 'identifier'}


def inventory():
    """An inventory directory: the plugin's file and the group_vars of every managed account."""
    folder = os.path.join(bench.WORK, 'accounts')
    os.makedirs(os.path.join(folder, 'group_vars'), exist_ok=True)
    path = os.path.join(folder, 'accounts.telnyx.yml')
    with open(path, 'w') as handle:
        handle.write('plugin: telnyx.account.managed_accounts\n')
    with open(os.path.join(folder, 'group_vars', 'telnyx_managed_accounts.yml'), 'w') as handle:
        yaml.safe_dump(BASELINE, handle, sort_keys=False)
    return path


def ping_playbook():
    path = os.path.join(bench.WORK, 'ping_all.yml')
    with open(path, 'w') as handle:
        yaml.safe_dump([{'name': 'Ping every account', 'hosts': 'all', 'gather_facts': False,
                         'tasks': [{'name': 'Ping', 'ansible.builtin.ping': None}]}], handle, sort_keys=False)
    return path


def check_every_object_once(ids):
    """Each account holds each declared object exactly once and nothing else; returns the objects counted."""
    counted = 0
    for account_id in ids:
        objects = bench.sim('state?account=%s' % account_id)['objects']
        for section, field in NAMES.items():
            have = sorted(o[field] for o in objects[section])
            want = sorted(item[field] for item in BASELINE[section])
            if have != want:
                sys.exit('account %s: %s holds %s, wanted each of %s exactly once' % (account_id, section, have, want))
            counted += len(have)
    manager = bench.sim('state')['objects']
    if any(manager[section] for section in NAMES):
        sys.exit("the manager's own account was changed")
    return counted


def main():
    figures = {'accounts': ACCOUNTS, 'forks': FORKS}
    bench.ENV['ANSIBLE_PYTHON_INTERPRETER'] = sys.executable
    bench.sim('reset', {}, 'POST')
    seeded = bench.sim('seed', {'managed_accounts': [
        {'business_name': 'Fleet %03d' % n, 'email': 'acct%03d@fleet.example' % n} for n in range(ACCOUNTS)]}, 'POST')
    ids = seeded['managed_accounts']
    inv = inventory()
    ping = ping_playbook()
    baseline = os.path.join(bench.COLLECTIONS, 'ansible_collections', 'telnyx', 'account', 'playbooks', 'baseline.yml')
    run_baseline = ['-i', inv, '-f', FORKS, '-e', 'target=all']
    run_ping = ['-i', inv, '-f', FORKS]

    create_s, create_reads, create_writes = bench.measured(baseline, *run_baseline)
    objects = check_every_object_once(ids)
    figures['first_converge'] = {'wall_s': create_s, 'reads': create_reads, 'writes': create_writes,
                                 'objects': objects}

    times = {'baseline': [], 'ping': []}
    for _repeat in range(REPEAT):
        bench.sim('log', method='DELETE')
        times['baseline'].append(bench.run_playbook(baseline, *run_baseline))
        reads, writes = bench.requests_made()
        if writes:
            sys.exit('the no-op baseline wrote %d times' % writes)
        times['ping'].append(bench.run_playbook(ping, *run_ping))
    noop_s = statistics.median(times['baseline'])
    ping_s = statistics.median(times['ping'])
    check_every_object_once(ids)
    figures['noop'] = {'wall_s': noop_s, 'reads': reads, 'writes': 0, 'ping_s': ping_s, 'ratio': noop_s / ping_s,
                       'runs_s': times}
    bench.report('baseline over %d managed accounts (inventory plugin, -f %s)' % (ACCOUNTS, FORKS), [
        ('first converge', '%.2f s, %d reads + %d writes, %d objects each exactly once'
         % (create_s, create_reads, create_writes, objects)),
        ('no-op baseline (median of %d)' % REPEAT, '%.2f s, %d reads + 0 writes' % (noop_s, reads)),
        ('ping play over the same hosts (median of %d)' % REPEAT, '%.2f s' % ping_s),
        ('ratio no-op baseline / ping (target <= 1.5)', '%.2f' % (noop_s / ping_s)),
        ('per account, no-op', '%.3f s of wall time, %.1f reads' % (noop_s / ACCOUNTS, reads / float(ACCOUNTS))),
    ])
    bench.sim('reset', {}, 'POST')
    with open(os.path.join(os.environ.get('BENCH_OUT', bench.WORK), 'bench_accounts.json'), 'w') as handle:
        json.dump(figures, handle, indent=2)
    print('\nfigures as JSON: %s' % json.dumps(figures, sort_keys=True))
    return 0


if __name__ == '__main__':
    start = time.perf_counter()
    code = main()
    print('bench_accounts took %.0f s' % (time.perf_counter() - start))
    sys.exit(code)
