#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# bench.py: `honest verify` over N fixtures against a loopback provider, beside
# `curl --parallel` fetching the same URLs, in one run: median wall times, the
# ratio (target: at most 1.5x curl), and peak RSS at each N (memory should
# grow with the reports only, not with the number of fixtures in flight).
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

TARGET_RATIO = 1.5


def start_provider(path):
    p = subprocess.Popen([path, "--threads", "2"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True)
    port = int(p.stdout.readline())
    return p, port


def write_fixtures(directory, port, n):
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    for i in range(n):
        doc = {
            "honest": 1,
            "name": "bench.%05d" % i,
            "recorded_at": "2026-11-01T00:00:00Z",
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


def cpu_of_children():
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def timed(argv, cpu=None):
    """Wall time and exit status of argv; its CPU time (user + system) is
    appended to cpu when given."""
    c0, t0 = cpu_of_children(), time.perf_counter()
    r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t = time.perf_counter() - t0
    if cpu is not None:
        cpu.append(cpu_of_children() - c0)
    return t, r.returncode


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
    provider, port = start_provider(a.provider)
    rows, failures = [], 0
    try:
        for n in [int(s) for s in a.sizes.split(",")]:
            fx = os.path.join(a.work, "fixtures-%d" % n)
            cfg = write_fixtures(fx, port, n)
            report = os.path.join(a.work, "report-%d.json" % n)
            honest = [a.honest, "verify", "--concurrency", str(a.concurrency), fx]
            curl = ["curl", "--parallel", "--parallel-max", str(a.concurrency), "-s",
                    "-K", cfg]
            # Warm up, and check every fixture is aligned (exit 0).
            _, rc = timed(honest + ["--json", report])
            if rc != 0:
                print("bench.py: honest verify exited %d over %d fixtures" % (rc, n),
                      file=sys.stderr)
                failures += 1
            timed(curl)
            th, tc, ch, cc = [], [], [], []
            for _ in range(a.reps):  # alternate, so drift in the machine hits both
                t, rc = timed(honest, ch)
                failures += rc != 0
                th.append(t)
                t, rc = timed(curl, cc)
                failures += rc != 0
                tc.append(t)
            row = {
                "fixtures": n,
                "honest_s": statistics.median(th),
                "curl_s": statistics.median(tc),
                "honest_cpu_s": statistics.median(ch),
                "curl_cpu_s": statistics.median(cc),
                "honest_rss_kb": peak_rss_kb(honest),
                "curl_rss_kb": peak_rss_kb(curl),
                "report_bytes": os.path.getsize(report),
            }
            row["ratio"] = row["honest_s"] / row["curl_s"]
            rows.append(row)
    finally:
        provider.stdin.close()
        provider.wait(timeout=10)

    print("honest verify vs curl --parallel --parallel-max %d, loopback, median of %d runs"
          % (a.concurrency, a.reps))
    print("%9s %10s %10s %7s %11s %9s %12s %10s %13s" % (
        "fixtures", "honest s", "curl s", "ratio", "honest CPU", "curl CPU", "honest RSS",
        "curl RSS", "JSON report"))
    for r in rows:
        print("%9d %10.3f %10.3f %6.2fx %10.3f %9.3f %8d KiB %6d KiB %9.0f KiB" % (
            r["fixtures"], r["honest_s"], r["curl_s"], r["ratio"], r["honest_cpu_s"],
            r["curl_cpu_s"], r["honest_rss_kb"], r["curl_rss_kb"], r["report_bytes"] / 1024))
    for r in rows:
        verdict = "meets" if r["ratio"] <= TARGET_RATIO else "MISSES"
        print("%d fixtures: %.2fx curl's time, %s the target of %.1fx" % (
            r["fixtures"], r["ratio"], verdict, TARGET_RATIO))
    if len(rows) >= 2:
        lo, hi = rows[0], rows[-1]
        extra = hi["fixtures"] - lo["fixtures"]
        per = (hi["honest_rss_kb"] - lo["honest_rss_kb"]) * 1024 / extra
        print("peak RSS grows %.0f bytes per fixture from %d to %d fixtures "
              "(its JSON report holds about %.0f bytes per fixture)" % (
                  per, lo["fixtures"], hi["fixtures"], hi["report_bytes"] / hi["fixtures"]))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"concurrency": a.concurrency, "reps": a.reps, "rows": rows}, f, indent=2)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
