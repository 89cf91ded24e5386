#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# trace.py: reads the BENCH_TRACE files of one run with --variants and one
# run with --repeat (lines "I START_NS END_NS", one per run of test I) and
# prints how long a test's variants waited to start after the test ended
# (the report the launcher holds, HN__LAUNCH_HOLD_MS in runner/launcher.c),
# and the gaps between one run's end and the next run's start in each file,
# which is where the wait would cost time if nothing ran meanwhile.
"""Usage: trace.py VARIANTS_TRACE REPEAT_TRACE EXPECTED_RUNS"""
import statistics
import sys


def load(path):
    return [tuple(int(x) for x in line.split()) for line in open(path) if line.strip()]


def gaps(runs):
    runs = sorted(runs, key=lambda r: r[1])
    return [max(0, b[1] - a[2]) / 1e6 for a, b in zip(runs, runs[1:])], \
        (runs[-1][2] - runs[0][1]) / 1e6, sum(r[2] - r[1] for r in runs) / 1e6


def describe(name, xs):
    xs = sorted(xs)
    return "%s: median %.2f ms, 90th percentile %.2f ms, max %.2f ms (%d)" % (
        name, statistics.median(xs), xs[int(0.9 * (len(xs) - 1))], xs[-1], len(xs))


def main():
    var, rep, expected = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3])
    for name, runs in (("variants", var), ("repeat", rep)):
        if len(runs) != expected:
            sys.exit("trace.py: the %s run traced %d test runs, not %d" % (name, len(runs), expected))
    by_test = {}
    for i, start, end in sorted(var, key=lambda r: r[1]):
        by_test.setdefault(i, []).append((start, end))
    wait = [(runs[1][0] - runs[0][1]) / 1e6 for runs in by_test.values() if len(runs) > 1]
    print(describe("from a test's end to its first variant's start", wait))
    for name, runs in (("variants", var), ("repeat", rep)):
        g, span, inside = gaps(runs)
        print(describe("%s run, from one test run's end to the next one's start" % name, g))
        print("%s run: %.0f ms from the first start to the last end, %.0f ms of it inside "
              "test bodies" % (name, span, inside))


if __name__ == "__main__":
    main()
