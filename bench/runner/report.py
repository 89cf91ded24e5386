#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# report.py: turns the raw timings of bench/runner/run.sh into the table of
# per-test costs, the target ratios, a JSON file and one JSON line.
"""Usage: report.py CONFIGS.tsv TIMES.tsv META.tsv OUT.json

CONFIGS.tsv: key, label, isolation (one configuration per line, in order)
TIMES.tsv:   key, tests, run, wall ns, exit status, CPU ns (one run per line)
META.tsv:    key, value (machine and versions)
Targets are judged on wall time, as issue 2 states them; CPU time (user +
system of the run and the children it waited for) is shown beside it because
it moves less when other work shares the machine. The paired ratios divide
each round's runs of one configuration by the same round's runs of the
other, so that load which comes and goes cancels out. Exits 0 after
printing: the verdicts are information, not an exit status."""
import json
import statistics
import sys

# (numerator, denominator, label, comparison, bound)
RATIOS = [
    ("honest", "floor", "honest forked / fork floor", "<=", 1.3),
    ("honest", "floor_libs", "honest forked / floor + deps", "<=", 1.2),
    ("honest", "criterion", "honest forked / Criterion", "<", 1.0),
    ("honest", "check", "honest forked / Check", "<", 1.0),
    ("honest_nofork", "cmocka", "honest --no-fork / cmocka", "<=", 1.0),
]


def read_tsv(path):
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


class Runs:
    """The runs of every configuration; metric 0 is wall time, 1 CPU time."""

    def __init__(self, rows):
        self.rows = [(k, int(t), int(wall), int(cpu))
                     for k, t, _, wall, _, cpu in rows]
        # The round of each run: its run id is "ROUND" or "ROUND.I".
        self.rounds = [(k, int(t), run.split(".")[0], int(wall), int(cpu))
                       for k, t, run, wall, _, cpu in rows]
        self.sizes = sorted({t for _, t, _, _ in self.rows})

    def median_ns(self, key, n, metric):
        v = [r[2 + metric] for r in self.rows if r[0] == key and r[1] == n]
        return statistics.median(v) if v else None

    def paired(self, num, den, n, metric=0):
        """Ratios of num's median wall (metric 0) or CPU (1) time to den's,
        round by round (only the rounds that ran both); None when no round
        ran both."""
        def by_round(key):
            got = {}
            for k, t, r, wall, cpu in self.rounds:
                if k == key and t == n:
                    got.setdefault(r, []).append(cpu if metric else wall)
            return {r: statistics.median(v) for r, v in got.items()}
        a, b = by_round(num), by_round(den)
        both = sorted(set(a) & set(b), key=int)
        return [a[r] / b[r] for r in both] if both else None

    def count(self, key, n):
        return sum(1 for r in self.rows if r[0] == key and r[1] == n)

    def per_test_us(self, key, n, metric):
        m = self.median_ns(key, n, metric)
        return m / n / 1000.0 if m is not None else None

    def marginal_us(self, key, metric):
        """Cost of one more test: slope between the smallest and the largest
        size, leaving out what a run pays once (start-up, summary)."""
        if len(self.sizes) < 2:
            return None
        lo, hi = self.sizes[0], self.sizes[-1]
        a, b = self.median_ns(key, lo, metric), self.median_ns(key, hi, metric)
        if a is None or b is None:
            return None
        return (b - a) / (hi - lo) / 1000.0


def fmt(x, digits=2):
    return "%.*f" % (digits, x) if x is not None else "-"


def cost_table(runs, configs, result):
    print("Per-test cost in microseconds: median of whole runs / N "
          "(wall time; CPU time in brackets)")
    head = "%-29s" % "configuration"
    for n in runs.sizes:
        head += " %21s %4s" % ("N=%d" % n, "runs")
    head += " %20s  %s" % ("marginal", "isolation")
    print(head)
    print("-" * len(head))
    for key, label, isolation in configs:
        e = {"label": label, "isolation": isolation, "per_test_us": {},
             "cpu_per_test_us": {}, "runs": {}}
        row = "%-29s" % label
        for n in runs.sizes:
            w, c = runs.per_test_us(key, n, 0), runs.per_test_us(key, n, 1)
            row += " %21s %4d" % ("%s (%s)" % (fmt(w), fmt(c)), runs.count(key, n))
            e["per_test_us"][str(n)] = w
            e["cpu_per_test_us"][str(n)] = c
            e["runs"][str(n)] = runs.count(key, n)
        mw, mc = runs.marginal_us(key, 0), runs.marginal_us(key, 1)
        e["marginal_us"], e["cpu_marginal_us"] = mw, mc
        row += " %20s  %s" % ("%s (%s)" % (fmt(mw), fmt(mc)), isolation)
        print(row)
        result["configs"][key] = e
    if len(runs.sizes) > 1:
        lo, hi = runs.sizes[0], runs.sizes[-1]
        print("marginal: (median at N=%d - median at N=%d) / %d, the cost of "
              "one more test" % (hi, lo, hi - lo))


def verdict_of(ratios, op, bound):
    missed = []
    for n, r in ratios:
        if r is None:
            continue
        if not (r <= bound if op == "<=" else r < bound):
            missed.append("MISSED at N=%d by %.0f%%" % (n, (r / bound - 1) * 100))
    if all(r is None for _, r in ratios):
        return "not measured"
    return "; ".join(missed) if missed else "met"


def table_head(first, sizes, width, tail=""):
    """Prints a table's column heads (one per size) and its rule."""
    head = "%-29s" % first
    for n in sizes:
        head += " %*s" % (width, "N=%d" % n)
    head += tail
    print(head)
    print("-" * len(head))


def ratio_table(runs, result):
    print("Ratios of per-test cost, wall time (CPU time in brackets); "
          "targets judged on wall time")
    table_head("ratio", runs.sizes, 14, "  %-9s %s" % ("target", "verdict"))
    cfg = result["configs"]
    for num, den, label, op, bound in RATIOS:
        e = {"target": "%s %.2f" % (op, bound), "wall": {}, "cpu": {}}
        row = "%-29s" % label
        walls = []
        for n in runs.sizes:
            pair = []
            for field in ("per_test_us", "cpu_per_test_us"):
                a = cfg.get(num, {}).get(field, {}).get(str(n))
                b = cfg.get(den, {}).get(field, {}).get(str(n))
                pair.append(a / b if a is not None and b else None)
            e["wall"][str(n)], e["cpu"][str(n)] = pair
            walls.append((n, pair[0]))
            row += " %14s" % ("%s (%s)" % (fmt(pair[0]), fmt(pair[1])))
        e["verdict"] = verdict_of(walls, op, bound)
        row += "  %-9s %s" % (e["target"], e["verdict"])
        print(row)
        result["ratios"][label] = e


def paired_table(runs, result, metric):
    what = ("wall", "CPU")[metric]
    print("Paired ratios, %s time: median over the rounds of (this round's "
          "runs / the same round's runs) [lowest, highest] rounds" % what)
    table_head("ratio", runs.sizes, 26)
    for num, den, label, op, bound in RATIOS:
        row = "%-29s" % label
        e = result["ratios"].setdefault(label, {})
        e["paired_" + what.lower()] = {}
        for n in runs.sizes:
            v = runs.paired(num, den, n, metric)
            e["paired_" + what.lower()][str(n)] = statistics.median(v) if v else None
            cell = ("%s [%s, %s] %dx" % (fmt(statistics.median(v)), fmt(min(v)), fmt(max(v)),
                                         len(v)) if v else "-")
            row += " %26s" % cell
        print(row)


def own_part(runs, result):
    """honest's own CPU per forked test above each floor (us), medians."""
    for den in ("floor", "floor_libs"):
        parts = {}
        for n in runs.sizes:
            a, b = runs.per_test_us("honest", n, 1), runs.per_test_us(den, n, 1)
            parts[str(n)] = a - b if a is not None and b is not None else None
        result["honest_cpu_above_" + den + "_us"] = parts
        print("honest forked, CPU per test above %-10s %s" % (den + ":", ", ".join(
            "N=%s %s us" % (n, fmt(v, 1)) for n, v in parts.items())))


def main(argv):
    if len(argv) != 5:
        sys.stderr.write(__doc__ + "\n")
        return 2
    configs = read_tsv(argv[1])
    runs = Runs(read_tsv(argv[2]))
    meta = dict(read_tsv(argv[3]))
    result = {"machine": meta, "sizes": runs.sizes, "configs": {}, "ratios": {}}
    cost_table(runs, configs, result)
    print()
    ratio_table(runs, result)
    print()
    paired_table(runs, result, 0)
    print()
    paired_table(runs, result, 1)
    print()
    own_part(runs, result)
    with open(argv[4], "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print()
    print("JSON written to %s" % argv[4])
    print("RESULT-JSON " + json.dumps(result, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
