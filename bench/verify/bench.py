#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# bench.py: `honest verify` over N fixtures against a loopback provider, beside
# `curl --parallel` fetching the same URLs, in one run: median wall times, the
# ratio (target: at most 1.5x curl), and peak RSS at each N (memory should
# grow with the reports only, not with the number of fixtures in flight).
# Wall and CPU time (user + system, children included), paired round by round,
# the load average at start and end; every honest run must report every
# fixture aligned (fixtures are recorded "today", within max_age_days), every
# curl run must fetch every URL.
import argparse
import datetime
import json
import os
import re
import shutil
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import benchlib  # noqa: E402

TARGET_RATIO = 1.5


def start_provider(path):
    p = subprocess.Popen([path, "--threads", "2"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True)
    port = int(p.stdout.readline())
    return p, port


def write_fixtures(directory, port, n):
    """n fixtures recorded at the start of the run's own day (UTC), so that
    none is stale, and a curl config fetching the same URLs."""
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT00:00:00Z")
    for i in range(n):
        doc = {
            "honest": 1,
            "name": "bench.%05d" % i,
            "recorded_at": today,
            "request": {"method": "GET",
                        "url": "http://127.0.0.1:%d/bench/%d" % (port, i),
                        "headers": {}},
            "response": {"status": 200,
                         "headers": {"Content-Type": "application/json"},
                         "body": {"id": str(i), "name": "item", "price": 12.5,
                                  "tags": ["a", "b"],
                                  "stock": {"count": 3, "warehouse": "north"}}},
        }
        with open(os.path.join(directory, "b%05d.json" % i), "w") as f:
            json.dump(doc, f, indent=2)
    cfg = os.path.join(directory, "..", "curl-%d.cfg" % n)
    with open(cfg, "w") as f:
        for i in range(n):
            f.write('url = "http://127.0.0.1:%d/bench/%d"\noutput = /dev/null\n' % (port, i))
    return cfg


def all_aligned(n):
    """A check of honest verify's output: its counts line says n aligned and
    0 of every other outcome."""
    def check(out):
        for line in out.splitlines():
            if re.search(r"\d+ aligned, \d+ drifted", line):
                tail = line[line.rindex(": ") + 2:] if ": " in line else line
                counts = {w: int(c) for c, w in re.findall(r"(\d+) ([a-z]+)", tail)}
                others = {w: c for w, c in counts.items() if w != "aligned" and c}
                if counts.get("aligned") != n or others:
                    return "expected %d aligned and nothing else, got: %s" % (n, line.strip())
                return None
        return "no counts line (N aligned, N drifted, ...)"
    return check


def report_all_aligned(path, n):
    """The --json report of the warm-up run: n fixtures, each aligned."""
    with open(path) as f:
        doc = json.load(f)
    items = doc.get("fixtures") or doc.get("items") or []
    outcomes = [it.get("outcome") for it in items]
    bad = [o for o in outcomes if o != "aligned"]
    if len(outcomes) != n or bad:
        return "the JSON report holds %d fixtures, %d not aligned (%s)" % (
            len(outcomes), len(bad), ", ".join(sorted(set(map(str, bad)))) or "-")
    return None


def curl_fetched(n):
    """A check of curl's --write-out lines: n lines of status 200."""
    def check(out):
        codes = re.findall(r"^code=(\d+)$", out, re.M)
        good = sum(1 for c in codes if c == "200")
        return None if good == n else "%d of %d URLs answered 200" % (good, n)
    return check


def peak_rss_kb(argv):
    """Peak resident set size of argv in KiB, from GNU time (-f %M)."""
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    return int(r.stderr.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--honest", required=True)
    ap.add_argument("--provider", required=True)
    ap.add_argument("--work", default="/tmp/honest-bench-verify")
    ap.add_argument("--sizes", default="1000,5000")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--json", help="write the figures here as JSON")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    print("machine: %s" % benchlib.machine())
    load_start = benchlib.loadavg()
    print("load average at start: %s" % load_start)
    provider, port = start_provider(a.provider)
    rows = []
    try:
        for n in [int(s) for s in a.sizes.split(",")]:
            fx = os.path.join(a.work, "fixtures-%d" % n)
            cfg = write_fixtures(fx, port, n)
            report = os.path.join(a.work, "report-%d.json" % n)
            honest = [a.honest, "verify", "--concurrency", str(a.concurrency), fx]
            curl = ["curl", "--parallel", "--parallel-max", str(a.concurrency), "-s",
                    "-w", "code=%{http_code}\n", "-K", cfg]
            # Warm up; its JSON report must hold every fixture, aligned.
            benchlib.run(honest + ["--json", report], all_aligned(n))
            problem = report_all_aligned(report, n)
            if problem:
                benchlib.die("honest verify over %d fixtures: %s" % (n, problem))
            benchlib.run(curl, curl_fetched(n))
            th, tc, ch, cc = [], [], [], []
            for r in range(a.reps):  # paired rounds; which goes first alternates
                order = [("h", honest, all_aligned(n)), ("c", curl, curl_fetched(n))]
                for key, argv, check in (order if r % 2 == 0 else order[::-1]):
                    wall, cpu, _ = benchlib.run(argv, check)
                    (th if key == "h" else tc).append(wall)
                    (ch if key == "h" else cc).append(cpu)
            row = {
                "fixtures": n,
                "honest_s": statistics.median(th),
                "curl_s": statistics.median(tc),
                "honest_cpu_s": statistics.median(ch),
                "curl_cpu_s": statistics.median(cc),
                "paired_wall": benchlib.paired(tc, th),
                "paired_cpu": benchlib.paired(cc, ch),
                "honest_rss_kb": peak_rss_kb(honest),
                "curl_rss_kb": peak_rss_kb(curl),
                "report_bytes": os.path.getsize(report),
            }
            row["ratio"] = row["honest_s"] / row["curl_s"]
            rows.append(row)
    except benchlib.WorkNotDone as e:
        benchlib.die(str(e))
    finally:
        provider.stdin.close()
        provider.wait(timeout=10)

    print("honest verify vs curl --parallel --parallel-max %d, loopback, median of %d paired rounds"
          % (a.concurrency, a.reps))
    print("%9s %10s %10s %7s %11s %9s %12s %10s %13s" % (
        "fixtures", "honest s", "curl s", "ratio", "honest CPU", "curl CPU", "honest RSS",
        "curl RSS", "JSON report"))
    for r in rows:
        print("%9d %10.3f %10.3f %6.2fx %10.3f %9.3f %8d KiB %6d KiB %9.0f KiB" % (
            r["fixtures"], r["honest_s"], r["curl_s"], r["ratio"], r["honest_cpu_s"],
            r["curl_cpu_s"], r["honest_rss_kb"], r["curl_rss_kb"], r["report_bytes"] / 1024))
    for r in rows:
        pw, pc = r["paired_wall"], r["paired_cpu"]
        verdict = "meets" if pw[0] <= TARGET_RATIO else "MISSES"
        print("%d fixtures, every run all aligned: wall %.2fx curl (paired %.2f, rounds %.2f to "
              "%.2f), CPU %.2fx (paired %.2f, rounds %.2f to %.2f); %s the target of %.1fx" % (
                  r["fixtures"], r["ratio"], pw[0], pw[1], pw[2],
                  r["honest_cpu_s"] / r["curl_cpu_s"], pc[0], pc[1], pc[2], verdict,
                  TARGET_RATIO))
    if len(rows) >= 2:
        lo, hi = rows[0], rows[-1]
        extra = hi["fixtures"] - lo["fixtures"]
        per = (hi["honest_rss_kb"] - lo["honest_rss_kb"]) * 1024 / extra
        print("peak RSS grows %.0f bytes per fixture from %d to %d fixtures "
              "(its JSON report holds about %.0f bytes per fixture)" % (
                  per, lo["fixtures"], hi["fixtures"], hi["report_bytes"] / hi["fixtures"]))
    load_end = benchlib.loadavg()
    print("load average at end: %s" % load_end)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"concurrency": a.concurrency, "reps": a.reps, "rows": rows,
                       "machine": benchlib.machine(), "load_start": load_start,
                       "load_end": load_end}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
