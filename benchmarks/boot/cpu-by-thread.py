#!/usr/bin/env python3
"""cpu-by-thread.py: where a node's first boot spends its CPU, thread by thread (issue 21).

Usage:
    benchmarks/boot/cpu-by-thread.py [--runs N] [--java-opts 'OPTS'] [--idle SECONDS] DIST

DIST is a node distribution (.tar.gz). Each run unpacks it into a fresh directory (an empty data/, so a first
boot), starts it with `bin/dump-node start` on free loopback ports, and every 200 ms until `GET /api/node` answers
reads the CPU time of each thread of the Karaf JVM from /proc/<pid>/task/*/stat. It prints one line per slice (CPU
in ms of the slice, by thread group: which part of the boot is busy when) and, when the node answers, the CPU of
every thread seen, also of threads that ended before (grouped by name with digits folded). --java-opts passes JVM
options in EXTRA_JAVA_OPTS; --idle also reads VmRSS that many seconds after the node answered. The node is stopped
at the end of each run.

The wall times of single runs spread widely on a shared machine: compare configurations with measure-boot.sh, which
interleaves them; use this to see which threads a change moves CPU between.
"""
import argparse
import collections
import glob
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

GROUPS = [('C1', 'C1'), ('C2', 'C2'), ('FelixDispatch', 'dispatch'), ('FelixStartLevel', 'start-level'),
          ('activator', 'features'), ('features', 'features'), ('VM Thread', 'GC/VM'), ('paxweb', 'pax-web'),
          ('CM ', 'config'), ('qtp', 'jetty'), ('java', 'launcher')]
COLUMNS = ['launcher', 'start-level', 'dispatch', 'features', 'pax-web', 'config', 'jetty', 'C1', 'C2', 'GC/VM',
           'other']
TICK_MS = 1000 // os.sysconf('SC_CLK_TCK')


def group(name):
    for prefix, g in GROUPS:
        if name.startswith(prefix) and (prefix != 'java' or name == 'java'):
            return g
    return 'other'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def threads(pid):
    for task in glob.glob(f'/proc/{pid}/task/*'):
        try:
            with open(task + '/comm') as f:
                name = f.read().strip()
            with open(task + '/stat') as f:
                fields = f.read().rsplit(')', 1)[1].split()
        except OSError:
            continue
        yield task, name, (int(fields[11]) + int(fields[12])) * TICK_MS


def run(dist, java_opts, idle):
    work = tempfile.mkdtemp(prefix='dump-cpu-')
    try:
        subprocess.run(['tar', 'xzf', dist, '-C', work], check=True)
        home = glob.glob(work + '/*/')[0].rstrip('/')
        http = free_port()
        env = dict(os.environ)
        if java_opts:
            env['EXTRA_JAVA_OPTS'] = java_opts
        started = time.time()
        subprocess.run([home + '/bin/dump-node', 'start', home, '--http', str(http), '--ssh', str(free_port()),
                        '--rmi-registry', str(free_port()), '--rmi-server', str(free_port())],
                       stdout=subprocess.DEVNULL, env=env, check=True)
        pid = None
        while not pid:
            try:
                with open(home + '/karaf.pid') as f:
                    pid = f.read().strip()
            except OSError:
                time.sleep(0.02)
        seen, names = {}, {}
        print('  ms ' + ' '.join(f'{c:>11}' for c in COLUMNS))
        while True:
            slice_ms = collections.Counter()
            for task, name, cpu in threads(pid):
                slice_ms[group(name)] += cpu - seen.get(task, 0)
                seen[task], names[task] = cpu, name
            print(f'{int((time.time() - started) * 1000):5d}' + ' '.join(f'{slice_ms[c]:11d}' for c in COLUMNS))
            try:
                urllib.request.urlopen(f'http://127.0.0.1:{http}/api/node', timeout=0.5)
                break
            except OSError:
                time.sleep(0.2)
        ready = time.time() - started
        by_name = collections.Counter()
        for task, cpu in seen.items():
            by_name[re.sub(r'[0-9]+', '#', names[task])] += cpu
        print(f'answered after {ready:.2f} s; CPU {sum(seen.values()) / 1000:.2f} s; by thread (s):')
        print('  ' + ', '.join(f'{name} {cpu / 1000:.2f}' for name, cpu in by_name.most_common() if cpu >= 50))
        if idle:
            time.sleep(idle)
            with open(f'/proc/{pid}/status') as f:
                status = dict(line.split(':', 1) for line in f.read().splitlines())
            print(f"  after {idle} s: VmRSS {status['VmRSS'].strip()}, RssAnon {status['RssAnon'].strip()}")
        subprocess.run([home + '/bin/dump-node', 'stop', home], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(600):
            if not os.path.exists(f'/proc/{pid}'):
                break
            time.sleep(0.1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('dist')
    parser.add_argument('--runs', type=int, default=1)
    parser.add_argument('--java-opts', default='')
    parser.add_argument('--idle', type=int, default=0)
    args = parser.parse_args()
    if not os.path.isfile(args.dist):
        sys.exit(f'cpu-by-thread: no distribution at {args.dist}')
    for n in range(args.runs):
        print(f'run {n + 1} of {args.runs}: {args.dist} {args.java_opts}')
        run(args.dist, args.java_opts, args.idle)


if __name__ == '__main__':
    main()
