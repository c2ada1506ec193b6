# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark against the simulator: wall times (as ratios to a ping playbook run alongside), request counts, peak RSS,
and the 1,000-object account under API latency and an announced rate limit, sequential against concurrent.

Run through `make bench` (tools/bench.sh starts the simulator and sets SIM_URL, API_URL, SIM_KEY and WORK).
BENCH_ONLY=ansible|latency runs one part (accounts: tools/bench_accounts.py only); BENCH_LATENCIES="50 100"
(ms), BENCH_RATE=100 (requests per second) and BENCH_CONCURRENCY="1 8" set the latency part's grid; BENCH_REPEAT=3
the repeats of the short runs.
"""

from __future__ import absolute_import, division, print_function

import json
import os
import statistics
import subprocess
import sys
import time
from http.client import HTTPConnection
from urllib.parse import urlsplit

import yaml

SIM = os.environ['SIM_URL']
API = os.environ['API_URL']
KEY = os.environ['SIM_KEY']
WORK = os.environ['WORK']
COLLECTIONS = os.path.join(WORK, 'collections')
REPEAT = int(os.environ.get('BENCH_REPEAT', '3'))
ONLY = os.environ.get('BENCH_ONLY', 'all')
LATENCIES = [int(v) for v in os.environ.get('BENCH_LATENCIES', '50 100').split()]
RATE = int(os.environ.get('BENCH_RATE', '100'))
CONCURRENCIES = [int(v) for v in os.environ.get('BENCH_CONCURRENCY', '1 8').split()]
ENV = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, TELNYX_API_URL=API, TELNYX_API_KEY=KEY,
           ANSIBLE_NOCOLOR='1', ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false')


def sim(path, body=None, method=None):
    """Calls a control endpoint of the simulator (/_sim/PATH); returns its JSON answer."""
    data = json.dumps(body).encode() if body is not None else None
    method = method or ('POST' if data is not None else 'GET')
    connection = HTTPConnection(urlsplit(SIM).netloc, timeout=60)
    try:
        connection.request(method, '/_sim/' + path, body=data, headers={'Content-Type': 'application/json'})
        answer = connection.getresponse()
        text = answer.read().decode()
    finally:
        connection.close()
    if answer.status >= 400:
        sys.exit('simulator: %s /_sim/%s answered %d: %s' % (method, path, answer.status, text[:500]))
    return json.loads(text) if text else None


def requests_made():
    log = sim('log')
    return len([e for e in log if e['method'] == 'GET']), len([e for e in log if e['method'] != 'GET'])


def write_playbook(name, tasks):
    path = os.path.join(WORK, name)
    with open(path, 'w') as handle:
        yaml.safe_dump([{'name': name, 'hosts': 'localhost', 'connection': 'local', 'gather_facts': False,
                         'tasks': tasks}], handle, sort_keys=False)
    return path


def run_playbook(path, *extra):
    start = time.perf_counter()
    done = subprocess.run(['ansible-playbook', path] + list(extra), env=ENV,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    took = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit('playbook %s failed:\n%s' % (path, done.stdout[-3000:]))
    return took


def median_times(paths, before=None):
    """Median wall time of each playbook, the runs interleaved so that machine noise hits all alike."""
    times = dict((p, []) for p in paths)
    for _repeat in range(REPEAT):
        for path in paths:
            if before:
                before(path)
            times[path].append(run_playbook(path))
    return dict((p, statistics.median(t)) for p, t in times.items())


def measured(path, *extra):
    sim('log', method='DELETE')
    took = run_playbook(path, *extra)
    reads, writes = requests_made()
    return took, reads, writes


def module_run(module, args, full=False):
    """Peak RSS (MiB) and wall time (s) of one module process run directly on its arguments (and its result)."""
    argfile = os.path.join(WORK, 'args.json')
    with open(argfile, 'w') as handle:
        json.dump({'ANSIBLE_MODULE_ARGS': args}, handle)
    env = dict(ENV, PYTHONPATH=COLLECTIONS)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, '-m', 'ansible_collections.telnyx.account.plugins.modules.' + module,
                             argfile], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    proc.returncode = status
    result = json.loads(out.decode().strip().splitlines()[-1])
    if result.get('failed'):
        sys.exit('module failed: %s' % result.get('msg'))
    if full:
        return usage.ru_maxrss / 1024.0, took, result
    return usage.ru_maxrss / 1024.0, took


def account_of_1000():
    ips = ['10.%d.%d.%d' % (20, i // 250, i % 250 + 1) for i in range(400)]
    return {
        'access_ips': [{'ip_address': ip, 'description': 'host %d' % n} for n, ip in enumerate(ips)],
        'access_ip_ranges': [{'cidr_block': '10.%d.%d.0/24' % (100 + i // 250, i % 250), 'description': 'net'}
                             for i in range(100)],
        'addresses': [{'customer_reference': 'site-%03d' % i, 'first_name': 'Site', 'last_name': 'Contact',
                       'business_name': 'Example Corp', 'street_address': '%d Main St' % (i + 1),
                       'locality': 'Chicago', 'administrative_area': 'IL', 'postal_code': '60654',
                       'country_code': 'US'} for i in range(300)],
        'billing_groups': [{'name': 'group-%03d' % i} for i in range(150)],
        'integration_secrets': [{'identifier': 'secret-%02d' % i, 'type': 'bearer', 'token': 'bench-token-%02d' % i}
                                for i in range(50)],
    }


def report(title, rows):
    print('\n' + title)
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print('  %s  %s' % (name.ljust(width), value))


def log_counts():
    """(requests not answered 429, requests answered 429) in the simulator's log."""
    log = sim('log')
    limited = len([e for e in log if e['status'] == 429])
    return len(log) - limited, limited


def latency_part(account, figures):
    """Create the 1,000 objects and converge them again (no-op) at each latency, with each api_concurrency."""
    args = dict(account, api_url=API, api_key=KEY)
    total = sum(len(v) for v in account.values())
    rows = []
    for latency in LATENCIES:
        by_concurrency = {}
        for concurrency in CONCURRENCIES:
            run = dict(args, api_concurrency=concurrency)
            sim('reset', {}, 'POST')
            sim('config', {'latency_ms': latency, 'rate_limit': RATE, 'rate_window': 1}, 'POST')
            for phase in ('create', 'no-op'):
                sim('log', method='DELETE')
                rss, took, result = module_run('telnyx_account', run, full=True)
                done, limited = log_counts()
                expected_change = phase == 'create'
                if bool(result.get('changed')) != expected_change:
                    sys.exit('%s at %d ms, api_concurrency %d: changed=%s'
                             % (phase, latency, concurrency, result.get('changed')))
                # The least time the requests can take: in flight `concurrency` at a time, each `latency` long,
                # and no faster than the announced rate.
                floor = max(done * latency / 1000.0 / concurrency, done / float(RATE))
                row = {'latency_ms': latency, 'concurrency': concurrency, 'phase': phase, 'requests': done,
                       'http_429': limited, 'wall_s': took, 'floor_s': floor, 'rss_mib': rss}
                if phase == 'no-op':
                    # The same no-op at 0 ms: the difference is the time the module waited on the network
                    # (medians of REPEAT runs each, as one run's start-up varies by more than the wait).
                    at_latency = [took] + [module_run('telnyx_account', run)[1] for _repeat in range(REPEAT - 1)]
                    sim('config', {'latency_ms': 0}, 'POST')
                    at_zero = [module_run('telnyx_account', run)[1] for _repeat in range(REPEAT)]
                    sim('config', {'latency_ms': latency}, 'POST')
                    row['network_wait_s'] = statistics.median(at_latency) - statistics.median(at_zero)
                by_concurrency.setdefault(phase, {})[concurrency] = row
                rows.append(row)
        for phase, runs in by_concurrency.items():
            base = runs.get(min(runs))
            for row in runs.values():
                row['speedup'] = base['wall_s'] / row['wall_s'] if base else None
    sim('config', {'latency_ms': 0, 'rate_limit': 10000, 'rate_window': 60}, 'POST')
    sim('reset', {}, 'POST')
    figures['latency'] = rows
    print('\ntelnyx_account module process, %d objects, limit announced and enforced: %d requests per second' % (
        total, RATE))
    header = ('latency', 'concurrency', 'run', 'requests', '429s', 'wall s', 'floor s', 'wall/floor', 'speed-up',
              'net wait s', 'peak RSS')
    print('  ' + '  '.join(h.rjust(10) for h in header))
    for row in rows:
        cells = ('%d ms' % row['latency_ms'], str(row['concurrency']), row['phase'], str(row['requests']),
                 '%d (%.1f%%)' % (row['http_429'], 100.0 * row['http_429'] / max(1, row['requests'] + row['http_429'])),
                 '%.2f' % row['wall_s'], '%.2f' % row['floor_s'], '%.2f' % (row['wall_s'] / row['floor_s']),
                 '%.1fx' % row['speedup'],
                 '%.2f' % row['network_wait_s'] if 'network_wait_s' in row else '',
                 '%.1f MiB' % row['rss_mib'])
        print('  ' + '  '.join(c.rjust(10) for c in cells))
    print('  floor = max(requests x latency / concurrency, requests / rate); speed-up against api_concurrency %d; '
          'net wait = the no-op\'s wall time minus the same no-op\'s at 0 ms' % min(CONCURRENCIES))


def main():
    figures = {}
    if ONLY == 'latency':
        latency_part(account_of_1000(), figures)
        return write_figures(figures)
    ping = write_playbook('ping.yml', [{'name': 'Ping', 'ansible.builtin.ping': None}])

    # --- one single-object module task against one ping task ---------------------------------------------
    sim('reset', {}, 'POST')
    sim('seed', {'access_ips': [{'ip_address': '203.0.113.10', 'description': 'bench'}]}, 'POST')
    noop = write_playbook('ip_noop.yml', [{'name': 'No-op', 'telnyx.account.telnyx_access_ip': {
        'ip_address': '203.0.113.10', 'description': 'bench'}}])
    create = write_playbook('ip_create.yml', [{'name': 'Create', 'telnyx.account.telnyx_access_ip': {
        'ip_address': '203.0.113.20', 'description': 'bench'}}])
    times = median_times([ping, noop])
    _t, noop_reads, noop_writes = measured(noop)
    _t, create_reads, create_writes = measured(create)
    figures['single'] = {'ping_s': times[ping], 'noop_s': times[noop], 'ratio': times[noop] / times[ping],
                         'noop_requests': [noop_reads, noop_writes], 'create_requests': [create_reads, create_writes]}
    report('telnyx_access_ip, one task (median of %d runs, interleaved)' % REPEAT, [
        ('ping playbook', '%.2f s' % times[ping]),
        ('no-op telnyx_access_ip playbook', '%.2f s' % times[noop]),
        ('ratio no-op / ping', '%.2f' % (times[noop] / times[ping])),
        ('requests of a no-op (reads, writes)', '%d, %d' % (noop_reads, noop_writes)),
        ('requests of a create (reads, writes)', '%d, %d' % (create_reads, create_writes)),
    ])

    # --- a 1,000-object account with the baseline playbook ------------------------------------------------
    account = account_of_1000()
    account_file = os.path.join(WORK, 'account.yml')
    with open(account_file, 'w') as handle:
        yaml.safe_dump(account, handle, sort_keys=False)
    baseline = os.path.join(COLLECTIONS, 'ansible_collections', 'telnyx', 'account', 'playbooks', 'baseline.yml')
    total = sum(len(v) for v in account.values())

    sim('reset', {}, 'POST')
    create_s, create_reads, create_writes = measured(baseline, '-e', '@' + account_file)
    noop_runs = [measured(baseline, '-e', '@' + account_file) for _repeat in range(REPEAT)]
    noop_s = statistics.median(r[0] for r in noop_runs)
    _s, noop_reads, noop_writes = noop_runs[-1]
    ping_s = median_times([ping])[ping]
    # The same ping playbook loading the same -e @account.yml: what Ansible itself spends reading 1,000 items.
    ping_vars_s = statistics.median(run_playbook(ping, '-e', '@' + account_file) for _repeat in range(REPEAT))
    args = dict(account, api_url=API, api_key=KEY)
    rss_noop, module_noop_s = module_run('telnyx_account', args)
    sim('reset', {}, 'POST')
    rss_create, module_create_s = module_run('telnyx_account', args)
    figures['account'] = {'objects': total, 'create_s': create_s, 'create_requests': [create_reads, create_writes],
                          'noop_s': noop_s, 'noop_requests': [noop_reads, noop_writes], 'ping_s': ping_s,
                          'noop_ratio': noop_s / ping_s, 'ping_vars_s': ping_vars_s,
                          'noop_ratio_same_vars': noop_s / ping_vars_s, 'rss_noop_mib': rss_noop, 'rss_create_mib': rss_create,
                          'module_noop_s': module_noop_s, 'module_create_s': module_create_s}
    report('telnyx_account with the baseline playbook, %d objects' % total, [
        ('create all from empty', '%.2f s, %d reads + %d writes' % (create_s, create_reads, create_writes)),
        ('no-op converge (median of %d)' % REPEAT, '%.2f s, %d reads + %d writes' % (noop_s, noop_reads, noop_writes)),
        ('ping playbook', '%.2f s' % ping_s),
        ('ratio no-op converge / ping', '%.2f' % (noop_s / ping_s)),
        ('ping playbook with the same -e @account.yml', '%.2f s' % ping_vars_s),
        ('ratio no-op converge / ping with the same vars', '%.2f' % (noop_s / ping_vars_s)),
        ('the module process alone, no-op', '%.2f s, peak RSS %.1f MiB' % (module_noop_s, rss_noop)),
        ('the module process alone, create all', '%.2f s, peak RSS %.1f MiB' % (module_create_s, rss_create)),
    ])

    # --- 200 access IPs: a loop over telnyx_access_ip against one telnyx_access_ip call -------------------
    ips = account['access_ips'][:200]
    loop = write_playbook('loop.yml', [{'name': 'Loop', 'telnyx.account.telnyx_access_ip': {
        'ip_address': '{{ item.ip_address }}', 'description': '{{ item.description }}'}, 'loop': ips}])
    one = write_playbook('one.yml', [{'name': 'One call', 'telnyx.account.telnyx_account': {'access_ips': ips}}])
    loop_s, loop_reads, loop_writes = measured(loop)
    one_s, one_reads, one_writes = measured(one)
    figures['loop'] = {'loop_s': loop_s, 'one_s': one_s, 'ratio': loop_s / one_s,
                       'loop_requests': [loop_reads, loop_writes], 'one_requests': [one_reads, one_writes]}
    report('200 access IPs, no-op', [
        ('loop over telnyx_access_ip', '%.2f s, %d reads + %d writes' % (loop_s, loop_reads, loop_writes)),
        ('one telnyx_account call', '%.2f s, %d reads + %d writes' % (one_s, one_reads, one_writes)),
        ('ratio loop / telnyx_account', '%.1f' % (loop_s / one_s)),
    ])
    if ONLY == 'all':
        latency_part(account, figures)
    return write_figures(figures)


def write_figures(figures):
    with open(os.path.join(os.environ.get('BENCH_OUT', WORK), 'bench.json'), 'w') as handle:
        json.dump(figures, handle, indent=2)
    print('\nfigures as JSON: %s' % json.dumps(figures, sort_keys=True))
    return 0


if __name__ == '__main__':
    sys.exit(main())
