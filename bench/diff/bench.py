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
"""
import argparse
import copy
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time

from deepdiff import DeepDiff

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


def median_pair(walls, cpus):
    return statistics.median(walls), statistics.median(cpus)


def time_deepdiff(pa, pb, unordered, reps, budget):
    walls, cpus, found = [], [], None
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        with open(pa) as f:
            a = json.load(f)
        with open(pb) as f:
            b = json.load(f)
        d = DeepDiff(a, b, ignore_order=unordered)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        found = sum(len(v) for v in d.values())
        if sum(walls) > budget:
            break
    return median_pair(walls, cpus) + (len(walls), found)


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def time_process(honest, pa, pb, unordered, reps):
    args = [honest, "diff"] + (["--unordered"] if unordered else []) + [pa, pb]
    walls, cpus, status = [], [], None
    for _ in range(reps):
        t0, c0 = time.perf_counter(), children_cpu()
        r = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        walls.append(time.perf_counter() - t0)
        cpus.append(children_cpu() - c0)
        status = r.returncode
        if status not in (0, 1):
            sys.exit("honest diff failed (%d): %s" % (status, r.stderr.decode()))
    return median_pair(walls, cpus) + (status,)


def time_engine(engine, pa, pb, unordered, reps):
    args = [engine, pa, pb, str(reps)] + (["--unordered"] if unordered else [])
    out = subprocess.run(args, stdout=subprocess.PIPE, check=True).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


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

    rows, ok = [], True
    head = "%-14s %8s | %9s %8s | %9s %8s %7s | %9s %8s %7s" % (
        "pair", "MB (A+B)", "DeepDiff", "MB/s", "process", "MB/s", "ratio", "engine", "MB/s", "ratio")
    lines = {"wall": [], "cpu": []}
    for size in opt.sizes.split(","):
        for variant in opt.variants.split(","):
            unordered = variant == "unordered"
            label = "%s-%s" % (size, variant)
            pa, pb = write_pair(opt.work, label, SIZES[size], unordered)
            mb = (os.path.getsize(pa) + os.path.getsize(pb)) / 1e6
            dd, dd_cpu, dd_runs, dd_found = time_deepdiff(pa, pb, unordered, DD_REPS[size], opt.budget)
            proc, proc_cpu, status = time_process(opt.honest, pa, pb, unordered, opt.reps)
            eng, eng_cpu, hn_found = time_engine(opt.engine, pa, pb, unordered, opt.reps)
            agree = (status == 1) == bool(dd_found)
            ok &= agree
            row = dict(pair=label, mb=mb, deepdiff_runs=dd_runs, deepdiff_found=dd_found, honest_runs=opt.reps,
                       honest_found=hn_found, agree=agree,
                       wall=dict(deepdiff=dd, process=proc, engine=eng),
                       cpu=dict(deepdiff=dd_cpu, process=proc_cpu, engine=eng_cpu))
            rows.append(row)
            for kind in ("wall", "cpu"):
                lines[kind].append(row_text(label, mb, row[kind]) + ("" if agree else "  (tools disagree!)"))
            print("measured %s" % label, file=sys.stderr, flush=True)
    for kind, title in (("wall", "wall-clock time"), ("cpu", "CPU time (user + system)")):
        print("\nmedians of %s; machine: %d cores, load average %.1f at the end" % (
            title, os.cpu_count(), os.getloadavg()[0]))
        print(head)
        print("\n".join(lines[kind]))
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
    if opt.json:
        with open(opt.json, "w") as f:
            json.dump({"machine_cores": os.cpu_count(), "rows": rows}, f, indent=1)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
