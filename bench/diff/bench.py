#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# bench.py: generates pairs of JSON documents (about 10 KB, 1 MB, 10 MB; an
# ordered and an unordered variant), times `honest diff` and DeepDiff on the
# same pairs, and prints medians, MB/s and ratios. Run through run.sh.
"""Times honest's JSON differ against Python's DeepDiff.

Three timings per pair, medians of several runs, each as wall-clock time
and as CPU time (user + system; steadier on a shared machine):
  deepdiff   in-process: json.load of both files + DeepDiff(a, b) (the
             interpreter's start and `import deepdiff` are not counted)
  process    `honest diff A B` as a whole process: exec, read, parse,
             compare, print (to /dev/null)
  engine     honest in-process (engine.c): hn_diff_text on the two texts
             in memory, i.e. parse both and compare
MB/s counts the bytes of both documents. The ordered pairs are compared by
index (DeepDiff's default); the unordered ones with --unordered and
DeepDiff(ignore_order=True).

Rounds are paired: each round runs DeepDiff once (while its budget lasts),
the honest process once and the engine once (the median of 3 passes in one
process), and the ratios are also given as the median of the rounds'
ratios. Every run is checked: DeepDiff and honest must both find the pair
different (honest diff exits 1, the engine reports entries). The load
average is printed at start and end.
"""
import argparse
import copy
import json
import os
import random
import statistics
import sys
import time

from deepdiff import DeepDiff

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import benchlib  # noqa: E402

SIZES = {"10k": 10_000, "1m": 1_000_000, "10m": 10_000_000}
DD_REPS = {"10k": 9, "1m": 3, "10m": 1}


def item(rng, i):
    return {
        "id": i,
        "name": "user%d" % i,
        "email": "user%d@example.com" % i,
        "score": round(rng.random() * 100, 3),
        "active": i % 3 == 0,
        "tags": ["red", "green", "blue", "cyan"][: i % 5],
        "address": {"city": "City%d" % (i % 97), "zip": "%05d" % (i * 7 % 100000)},
        "created_at": "2026-%02d-%02dT10:00:00Z" % (i % 12 + 1, i % 28 + 1),
    }


def make_pair(size, unordered, seed):
    """A (the reference) and B: a copy with about 1% of the items changed
    (a value, a type, an added member), shuffled when unordered."""
    rng = random.Random(seed)
    per_item = len(json.dumps(item(rng, 123456)))
    n = max(4, size // (per_item + 2))
    a = {"meta": {"version": 3, "generated_at": "2026-11-20T10:00:00Z"},
         "items": [item(rng, i) for i in range(n)]}
    b = copy.deepcopy(a)
    changed = rng.sample(range(n), max(1, n // 100))
    for k, i in enumerate(changed):
        it = b["items"][i]
        if k % 3 == 0:
            it["name"] = it["name"].upper()
        elif k % 3 == 1:
            it["address"]["zip"] = int(it["address"]["zip"])
        else:
            it["nickname"] = "nick%d" % i
    if unordered:
        rng.shuffle(b["items"])
    return a, b


def write_pair(work, label, size, unordered):
    a, b = make_pair(size, unordered, seed=len(label))
    pa = os.path.join(work, "%s-a.json" % label)
    pb = os.path.join(work, "%s-b.json" % label)
    for path, doc in ((pa, a), (pb, b)):
        with open(path, "w") as f:
            json.dump(doc, f)
    return pa, pb


def deepdiff_once(pa, pb, unordered):
    """One DeepDiff run: (wall s, CPU s, differences found)."""
    t0, c0 = time.perf_counter(), time.process_time()
    with open(pa) as f:
        a = json.load(f)
    with open(pb) as f:
        b = json.load(f)
    d = DeepDiff(a, b, ignore_order=unordered)
    return time.perf_counter() - t0, time.process_time() - c0, sum(len(v) for v in d.values())


def process_once(honest, pa, pb, unordered):
    """One `honest diff` process: (wall s, CPU s); it must exit 1 (different)."""
    args = [honest, "diff"] + (["--unordered"] if unordered else []) + [pa, pb]
    wall, cpu, _ = benchlib.run(args, codes=(1,))
    return wall, cpu


def engine_once(engine, pa, pb, unordered, passes=3):
    """The engine driver: the median of passes in one process (wall s, CPU s,
    entries found); it must find differences."""
    args = [engine, pa, pb, str(passes)] + (["--unordered"] if unordered else [])
    _, _, out = benchlib.run(args, lambda o: None if len(o.split()) >= 3 and int(o.split()[2]) > 0
                             else "the engine found no differences")
    w, c, n = out.split()[:3]
    return float(w), float(c), int(n)


def measure(opt, pa, pb, unordered, size):
    """Paired rounds of the three; returns medians, paired ratios and counts."""
    dd, proc, eng, budget_used = [], [], [], 0.0
    for r in range(opt.reps):
        if len(dd) < DD_REPS[size] and budget_used <= opt.budget:
            dd.append(deepdiff_once(pa, pb, unordered))
            budget_used += dd[-1][0]
            if dd[-1][2] == 0:
                sys.exit("bench.py: DeepDiff found no differences in a pair made different")
        proc.append(process_once(opt.honest, pa, pb, unordered))
        eng.append(engine_once(opt.engine, pa, pb, unordered))
    k = len(dd)  # rounds where all three ran
    out = {"deepdiff_runs": k, "deepdiff_found": dd[-1][2], "honest_found": eng[-1][2]}
    for i, kind in ((0, "wall"), (1, "cpu")):
        out[kind] = {"deepdiff": statistics.median(x[i] for x in dd),
                     "process": statistics.median(x[i] for x in proc),
                     "engine": statistics.median(x[i] for x in eng)}
        out["paired_" + kind] = {
            "process": benchlib.paired([x[i] for x in proc[:k]], [x[i] for x in dd]),
            "engine": benchlib.paired([x[i] for x in eng[:k]], [x[i] for x in dd])}
    return out


def row_text(label, mb, times):
    cells = []
    for name in ("deepdiff", "process", "engine"):
        t = times[name]
        cell = "%8.4fs %8.2f" % (t, mb / t)
        if name != "deepdiff":
            cell += " %6.0fx" % (times["deepdiff"] / t)
        cells.append(cell)
    return "%-14s %8.3f | %s" % (label, mb, " | ".join(cells))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--honest", required=True, help="the honest tool")
    ap.add_argument("--engine", required=True, help="the engine driver built from engine.c")
    ap.add_argument("--work", default="/tmp/honest-bench-diff")
    ap.add_argument("--sizes", default="10k,1m,10m", help="of 10k, 1m, 10m")
    ap.add_argument("--variants", default="ordered,unordered")
    ap.add_argument("--reps", type=int, default=9, help="runs of honest per pair (median)")
    ap.add_argument("--budget", type=float, default=120,
                    help="seconds of DeepDiff per pair after which it is not run again")
    ap.add_argument("--json", help="also write the results here")
    opt = ap.parse_args()
    os.makedirs(opt.work, exist_ok=True)

    print("machine: %s" % benchlib.machine())
    load_start = benchlib.loadavg()
    print("load average at start: %s" % load_start)
    rows = []
    head = "%-14s %8s | %9s %8s | %9s %8s %7s | %9s %8s %7s" % (
        "pair", "MB (A+B)", "DeepDiff", "MB/s", "process", "MB/s", "ratio", "engine", "MB/s", "ratio")
    lines = {"wall": [], "cpu": []}
    for size in opt.sizes.split(","):
        for variant in opt.variants.split(","):
            unordered = variant == "unordered"
            label = "%s-%s" % (size, variant)
            pa, pb = write_pair(opt.work, label, SIZES[size], unordered)
            mb = (os.path.getsize(pa) + os.path.getsize(pb)) / 1e6
            try:
                m = measure(opt, pa, pb, unordered, size)
            except benchlib.WorkNotDone as e:
                benchlib.die(str(e))
            row = dict(pair=label, mb=mb, honest_runs=opt.reps, **m)
            rows.append(row)
            for kind in ("wall", "cpu"):
                lines[kind].append(row_text(label, mb, row[kind]))
            print("measured %s" % label, file=sys.stderr, flush=True)
    for kind, title in (("wall", "wall-clock time"), ("cpu", "CPU time (user + system)")):
        print("\nmedians of %s" % title)
        print(head)
        print("\n".join(lines[kind]))
    print("\npaired ratios (DeepDiff / honest, median of the rounds where DeepDiff ran, lowest to highest):")
    for r in rows:
        print("  %-14s %s" % (r["pair"], "; ".join(
            "%s %s %.0fx (%.0f to %.0f)" % (kind, what, *r["paired_" + kind][what])
            for kind in ("wall", "cpu") for what in ("process", "engine"))))
    print("\nruns per pair: DeepDiff %s; honest %d. Differences found (DeepDiff items / honest entries): %s" % (
        ", ".join("%s %d" % (r["pair"], r["deepdiff_runs"]) for r in rows), opt.reps,
        ", ".join("%s %s/%d" % (r["pair"], r["deepdiff_found"], r["honest_found"]) for r in rows)))
    for r in rows:
        print("target 100x DeepDiff, %-14s: engine %s (wall %.0fx, cpu %.0fx), whole process %s (wall %.0fx, cpu %.0fx)" % (
            r["pair"],
            "meets" if min(r["wall"]["deepdiff"] / r["wall"]["engine"], r["cpu"]["deepdiff"] / r["cpu"]["engine"]) >= 100 else "MISSES",
            r["wall"]["deepdiff"] / r["wall"]["engine"], r["cpu"]["deepdiff"] / r["cpu"]["engine"],
            "meets" if min(r["wall"]["deepdiff"] / r["wall"]["process"], r["cpu"]["deepdiff"] / r["cpu"]["process"]) >= 100 else "misses",
            r["wall"]["deepdiff"] / r["wall"]["process"], r["cpu"]["deepdiff"] / r["cpu"]["process"]))
    load_end = benchlib.loadavg()
    print("load average at end: %s" % load_end)
    if opt.json:
        with open(opt.json, "w") as f:
            json.dump({"machine": benchlib.machine(), "load_start": load_start,
                       "load_end": load_end, "rows": rows}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
