#!/usr/bin/env python3
"""Two or more builds of the plugin on the same import, interleaved: which is faster.

A change to import is measured here before `bench/run.sh` measures it against kubectl:
the machine's noise moves every run, so the builds take turns (A, B, A, B, ...) and each
figure is the median (and the minimum) over the rounds. Wall time is measured around the
child; CPU time (user + system) is the child's own (os.wait4). Output goes to /dev/null.

usage: bench/ab.py SPECS ROUNDS LABEL=BINARY[:ENV=VALUE,...] ...
  e.g. bench/ab.py /tmp/vmbench/specs-2000 25 old=/tmp/old-bin new=target/release/kubectl-vmmigrate
       bench/ab.py /tmp/vmbench/specs-2000 15 two=BIN one=BIN:VMMIGRATE_THREADS=1

SPECS is a folder of specs, as `bench/run.sh --work DIR` leaves them (DIR/specs-N).
Never run in CI: timings belong here, not in tests.
"""

import os
import statistics
import sys
import time


def parse_config(arg):
    label, _, rest = arg.partition("=")
    binary, _, settings = rest.partition(":")
    if not label or not binary:
        sys.exit(f"ab.py: {arg!r}: expected LABEL=BINARY[:ENV=VALUE,...]")
    env = dict(os.environ)
    for setting in filter(None, settings.split(",")):
        key, _, value = setting.partition("=")
        env[key] = value
    return label, binary, env


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    specs, rounds = sys.argv[1], int(sys.argv[2])
    configs = [parse_config(arg) for arg in sys.argv[3:]]
    wall = {label: [] for label, _, _ in configs}
    cpu = {label: [] for label, _, _ in configs}
    devnull = os.open(os.devnull, os.O_WRONLY)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    for _ in range(rounds):
        for label, binary, env in configs:
            argv = [binary, "import", specs, "-o", "yaml"]
            started = time.perf_counter()
            pid = os.posix_spawn(binary, argv, env, file_actions=actions)
            _, status, usage = os.wait4(pid, 0)
            wall[label].append((time.perf_counter() - started) * 1000)
            cpu[label].append((usage.ru_utime + usage.ru_stime) * 1000)
            if os.waitstatus_to_exitcode(status) not in (0, 1):
                sys.exit(f"ab.py: {label}: exit status {os.waitstatus_to_exitcode(status)}")
    for label, _, _ in configs:
        print(
            f"{label:12s} wall median {statistics.median(wall[label]):6.1f} ms"
            f" min {min(wall[label]):6.1f}   CPU median {statistics.median(cpu[label]):6.1f} ms"
            f" min {min(cpu[label]):6.1f}"
        )


if __name__ == "__main__":
    main()
