#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# time_pair.py: paired rounds of two commands (A: the suite, B: honest audit
# of it): wall and CPU time (user + system of the children) per run, the
# median of each and the median of the per-round ratios B/A; the load
# average at start and end; each run checked to have done its work (a line
# it must print). Exit 1 when a run did not.
"""Usage: time_pair.py ROUNDS NAME_A EXPECT_A NAME_B EXPECT_B -- CMD_A... -- CMD_B..."""
import os
import resource
import statistics
import subprocess
import sys
import time


def run(cmd, expect):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if expect not in p.stdout:
        sys.exit("time_pair.py: %s did not print %r (exit %d); its output ends:\n%s"
                 % (" ".join(cmd), expect, p.returncode, p.stdout[-2000:]))
    return wall, cpu


def main():
    args = sys.argv[1:]
    rounds, name_a, exp_a, name_b, exp_b = int(args[0]), args[1], args[2], args[3], args[4]
    rest = args[6:]
    cut = rest.index("--")
    cmd_a, cmd_b = rest[:cut], rest[cut + 1:]
    print("load average at start: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
    a, b = [], []
    for r in range(rounds):
        pair = [run(cmd_a, exp_a), run(cmd_b, exp_b)] if r % 2 == 0 else \
            list(reversed([run(cmd_b, exp_b), run(cmd_a, exp_a)]))
        a.append(pair[0])
        b.append(pair[1])
        print("round %d: %s %.3f s wall %.3f s cpu; %s %.3f s wall %.3f s cpu"
              % (r + 1, name_a, pair[0][0], pair[0][1], name_b, pair[1][0], pair[1][1]))
    for i, what in ((0, "wall"), (1, "cpu")):
        ma = statistics.median(x[i] for x in a)
        mb = statistics.median(x[i] for x in b)
        paired = statistics.median(y[i] / x[i] for x, y in zip(a, b))
        print("%s: %s median %.3f s, %s median %.3f s, ratio %.2f, paired ratio %.2f"
              % (what, name_a, ma, name_b, mb, mb / ma, paired))
    print("load average at end: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))


if __name__ == "__main__":
    main()
