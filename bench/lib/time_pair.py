#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# time_pair.py: paired rounds of two commands A and B: wall and CPU time
# (user + system, children included) of each run, the medians and the
# median of the per-round ratios B/A; the load average at start and end;
# each run checked to have done its work (a regular expression its output
# must match). Exit 1 when a run did not. Used by bench/audit and bench/build.
"""Usage: time_pair.py ROUNDS NAME_A EXPECT_A NAME_B EXPECT_B -- CMD_A... -- CMD_B..."""
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def main():
    args = sys.argv[1:]
    if len(args) < 8 or args[5] != "--" or "--" not in args[6:]:
        sys.exit(__doc__)
    rounds, name_a, exp_a, name_b, exp_b = int(args[0]), args[1], args[2], args[3], args[4]
    rest = args[6:]
    cut = rest.index("--")
    cmd_a, cmd_b = rest[:cut], rest[cut + 1:]
    print("machine: %s" % benchlib.machine())
    print("load average at start: %s" % benchlib.loadavg())
    a, b = [], []
    try:
        for r in range(rounds):
            # Alternate which goes first, so that neither always runs warm.
            if r % 2 == 0:
                ra = benchlib.run(cmd_a, exp_a)
                rb = benchlib.run(cmd_b, exp_b)
            else:
                rb = benchlib.run(cmd_b, exp_b)
                ra = benchlib.run(cmd_a, exp_a)
            a.append(ra[:2])
            b.append(rb[:2])
            print("round %d: %s %.3f s wall %.3f s cpu; %s %.3f s wall %.3f s cpu"
                  % (r + 1, name_a, ra[0], ra[1], name_b, rb[0], rb[1]))
    except benchlib.WorkNotDone as e:
        benchlib.die(str(e))
    for i, what in ((0, "wall"), (1, "cpu")):
        ma = statistics.median(x[i] for x in a)
        mb = statistics.median(x[i] for x in b)
        print("%s: %s median %.3f s, %s median %.3f s, ratio of medians %.2f, %s"
              % (what, name_a, ma, name_b, mb, mb / ma,
                 benchlib.paired_text([x[i] for x in a], [y[i] for y in b])))
    print("load average at end: %s" % benchlib.loadavg())


if __name__ == "__main__":
    main()
