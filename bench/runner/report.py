#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# report.py: turns the raw timings of bench/runner/run.sh into the table of
# per-test costs, the target ratios, a JSON file and one JSON line.
"""Usage: report.py CONFIGS.tsv TIMES.tsv META.tsv OUT.json

CONFIGS.tsv: key, label, isolation (one configuration per line, in order)
TIMES.tsv:   key, tests, run, wall nanoseconds, exit status (one run per line)
META.tsv:    key, value (machine and versions)
Exits 0 after printing; the targets' verdicts are information, not status."""
import json
import statistics
import sys

# (numerator, denominator, label, comparison, bound)
RATIOS = [
    ("honest", "floor", "honest forked / fork floor", "<=", 1.3),
    ("honest", "criterion", "honest forked / Criterion", "<", 1.0),
    ("honest", "check", "honest forked / Check", "<", 1.0),
    ("honest_nofork", "cmocka", "honest --no-fork / cmocka", "<=", 1.0),
]


def read_tsv(path):
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def per_test_us(times, key, n):
    """Median wall time of the runs of key at n tests, per test, in us."""
    runs = [ns for k, t, ns in times if k == key and t == n]
    if not runs:
        return None, 0
    return statistics.median(runs) / n / 1000.0, len(runs)


def marginal_us(times, key, sizes):
    """Cost of one more test: slope between the smallest and largest size,
    which leaves out what a run pays once (start-up, linking, summary)."""
    if len(sizes) < 2:
        return None
    lo, hi = sizes[0], sizes[-1]
    a = [ns for k, t, ns in times if k == key and t == lo]
    b = [ns for k, t, ns in times if k == key and t == hi]
    if not a or not b:
        return None
    return (statistics.median(b) - statistics.median(a)) / (hi - lo) / 1000.0


def fmt(x, width, digits=1):
    return ("%*.*f" % (width, digits, x)) if x is not None else "%*s" % (width, "-")


def main(argv):
    if len(argv) != 5:
        sys.stderr.write(__doc__ + "\n")
        return 2
    configs = read_tsv(argv[1])
    times = [(k, int(t), int(ns)) for k, t, _, ns, _ in read_tsv(argv[2])]
    meta = dict(read_tsv(argv[3]))
    sizes = sorted({t for _, t, _ in times})
    result = {"machine": meta, "sizes": sizes, "configs": {}, "ratios": {}}

    print("Per-test cost in microseconds: median wall time of a whole run / N")
    head = "%-28s" % "configuration"
    for n in sizes:
        head += " %10s %4s" % ("N=%d" % n, "runs")
    head += " %9s  %s" % ("marginal", "isolation")
    print(head)
    print("-" * len(head))
    for key, label, isolation in configs:
        row = "%-28s" % label
        entry = {"label": label, "isolation": isolation, "per_test_us": {},
                 "runs": {}}
        for n in sizes:
            us, runs = per_test_us(times, key, n)
            row += " %10s %4d" % (fmt(us, 10, 2).strip(), runs)
            entry["per_test_us"][str(n)] = us
            entry["runs"][str(n)] = runs
        m = marginal_us(times, key, sizes)
        entry["marginal_us"] = m
        row += " %9s  %s" % (fmt(m, 9, 2).strip(), isolation)
        print(row)
        result["configs"][key] = entry
    print("(marginal: (median at N=%d - median at N=%d) / %d, the cost of one "
          "more test)" % (sizes[-1], sizes[0], sizes[-1] - sizes[0])
          if len(sizes) > 1 else "")

    print()
    print("Ratios of per-test cost (lower is better for honest)")
    head = "%-28s" % "ratio"
    for n in sizes:
        head += " %9s" % ("N=%d" % n)
    head += "  %-9s %s" % ("target", "verdict")
    print(head)
    print("-" * len(head))
    for num, den, label, op, bound in RATIOS:
        row = "%-28s" % label
        verdicts = []
        entry = {"target": "%s %.2f" % (op, bound)}
        for n in sizes:
            a = result["configs"].get(num, {}).get("per_test_us", {}).get(str(n))
            b = result["configs"].get(den, {}).get("per_test_us", {}).get(str(n))
            r = a / b if a is not None and b else None
            entry[str(n)] = r
            row += " %9s" % fmt(r, 9, 2).strip()
            if r is not None:
                ok = r <= bound if op == "<=" else r < bound
                verdicts.append("met" if ok else
                                "MISSED at N=%d by %.0f%%" % (n, (r / bound - 1) * 100))
        verdict = "met" if verdicts and all(v == "met" for v in verdicts) else \
            "; ".join(v for v in verdicts if v != "met") or "not measured"
        entry["verdict"] = verdict
        row += "  %-9s %s" % ("%s %.2f" % (op, bound), verdict)
        print(row)
        result["ratios"][label] = entry

    with open(argv[4], "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print()
    print("JSON written to %s" % argv[4])
    print("RESULT-JSON " + json.dumps(result, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
