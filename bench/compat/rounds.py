#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# rounds.py: runs the compat benchmark's programs in paired rounds (every
# program once per round, the order reversed every other round), checks that
# each run did its work, and prints medians of wall and CPU time beside the
# per-round (paired) ratios behind issue 12's targets, with the load average
# at start and end. Exit 1 when a run failed or did not do its work.
# ROWS (environment, optional): a comma-separated list of the rows to run
# (e.g. run_floor,run_layer,run_native), so that more rounds of the rows
# that matter fit in a minute.
"""Usage: [ROWS=key,key...] rounds.py BIN_DIR CALLS TESTS REPS RESULTS_JSON"""
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def loadavg():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def cpu_model():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def run(cmd, env_extra, expect, result_key):
    """One run: (wall s, children CPU s, {key: ns per call}) or exit 1."""
    fd, result_path = tempfile.mkstemp(prefix="hn-compat-")
    os.close(fd)
    env = dict(os.environ, BENCH_RESULT=result_path, **env_extra)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, errors="replace")
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with open(result_path) as f:
        lines = f.read().split("\n")
    os.unlink(result_path)
    per_call = {}
    for line in lines:
        if line.strip():
            # bench/doubles/loop.c's bench_report: NAME WALL_NS CPU_NS per call.
            k, wall_ns, cpu_ns = line.split()
            per_call[k] = float(wall_ns)
            per_call[k + ".cpu"] = float(cpu_ns)
    if p.returncode != 0 or (expect and expect not in p.stdout) or \
            (result_key and (result_key not in per_call or result_key + ".cpu" not in per_call)):
        sys.exit("rounds.py: %s did not do its work (exit %d, expected %r%s); output ends:\n%s"
                 % (" ".join(cmd), p.returncode, expect,
                    ", and a %s line in BENCH_RESULT" % result_key if result_key else "",
                    p.stdout[-2000:]))
    return wall, cpu, per_call


def main():
    bin_dir, calls, tests, reps, out_json = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
        int(sys.argv[4]), sys.argv[5]
    calls_env = {"BENCH_CALLS": calls}
    # key, command, environment, text the run must print, per-call result key
    progs = [
        ("fff", [bin_dir + "/b_fff", calls], {}, None, "fff"),
        ("fff_layer", [bin_dir + "/b_fff_layer", calls], {}, None, "fff_layer"),
        ("honest", [bin_dir + "/b_honest", "--no-fork", "--color=never"], calls_env,
         "1 passed, 0 failed, 0 skipped", "honest"),
        ("cmocka", [bin_dir + "/b_cmocka", calls], {}, "[  PASSED  ] 1 test(s).", "cmocka"),
        ("cmocka_layer", [bin_dir + "/b_cmocka_layer", "--color=never"], calls_env,
         "1 passed, 0 failed, 0 skipped", "cmocka_layer"),
        ("run_floor", [bin_dir + "/floor", "fork", str(tests)], {},
         "%d passed, 0 failed, 0 skipped" % tests, None),
        ("run_layer", [bin_dir + "/many_layer", "--jobs=1", "--color=never"], {},
         "%d passed, 0 failed, 0 skipped" % tests, None),
        ("run_cmocka", [bin_dir + "/many_cmocka"], {}, "[  PASSED  ] %d test(s)." % tests, None),
        ("run_native", [bin_dir + "/many_native", "--jobs=1", "--color=never"], {},
         "%d passed, 0 failed, 0 skipped" % tests, None),
    ]
    progs = [p for p in progs if os.access(p[1][0], os.X_OK)]
    if os.environ.get("ROWS"):
        wanted = os.environ["ROWS"].split(",")
        unknown = [k for k in wanted if k not in [p[0] for p in progs]]
        if unknown:
            sys.exit("rounds.py: ROWS names rows that are not built: %s" % ", ".join(unknown))
        progs = [p for p in progs if p[0] in wanted]
    start_load = loadavg()
    print("machine: %d CPUs, %s; load average at start: %s" % (os.cpu_count(), cpu_model(),
                                                              start_load), flush=True)
    # rows[key] = list per round of (wall, cpu): for per-call keys ns per call
    # of the timed loop (wall, thread CPU), for whole runs ms (wall, children CPU).
    rows = {}
    for r in range(reps):
        order = progs if r % 2 == 0 else list(reversed(progs))
        for key, cmd, env, expect, result_key in order:
            wall, cpu, per_call = run(cmd, env, expect, result_key)
            if result_key:
                v = (per_call[result_key], per_call[result_key + ".cpu"])
            else:
                v = (wall * 1000, cpu * 1000)
            rows.setdefault(key, []).append(v)
        print("round %d/%d done, load %s" % (r + 1, reps, loadavg()), file=sys.stderr, flush=True)
    end_load = loadavg()

    med = {k: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v))
           for k, v in rows.items()}
    print("compat benchmark: %s calls per run; a %d-test cmocka program; %d paired rounds; "
          "medians (CPU time in brackets)" % (calls, tests, reps))
    what = {
        "fff": "ns/call  real fff FAKE_VALUE_FUNC, return_val set",
        "fff_layer": "ns/call  honest's fff layer, the same fake",
        "honest": "ns/call  honest HN_DOUBLE + HN_RETURNS (link seam, recording)",
        "cmocka": "ns/call  Debian's cmocka: will_return_always + mock()",
        "cmocka_layer": "ns/call  honest's cmocka layer: the same, in a test under honest",
        "run_floor": "ms       fork floor: fork + trivial test + _exit + waitpid",
        "run_layer": "ms       the program under honest's runner (--jobs=1)",
        "run_cmocka": "ms       the program under cmocka (one process)",
        "run_native": "ms       the same tests as HN_TESTs under honest (--jobs=1)",
    }
    for key in what:
        if key in med:
            print("%-13s %9.2f (%9.2f) %s" % (key, med[key][0], med[key][1], what[key]))
        else:
            why = ": not in ROWS" if os.environ.get("ROWS") else \
                ": FFF_H not set" if key == "fff" else ""
            print("%-13s %9s %11s %s (skipped%s)" % (key, "-", "", what[key], why))
    print()
    verdicts = {}

    def ratio(name, a, b, limit):
        if a not in rows or b not in rows:
            print("%s: not measured (%s skipped)" % (name, b if b not in rows else a))
            return
        out = {}
        for i, label in ((0, "wall"), (1, "cpu")):
            paired = sorted(x[i] / y[i] for x, y in zip(rows[a], rows[b]))
            q = statistics.quantiles(paired, n=4) if len(paired) > 1 else [paired[0]] * 3
            out[label] = {"medians": med[a][i] / med[b][i], "paired": statistics.median(paired),
                          "low": paired[0], "high": paired[-1], "q1": q[0], "q3": q[2]}
        w, c = out["wall"], out["cpu"]
        verdict = "" if limit is None else \
            "; at most %sx: wall %s, CPU %s" % (limit, "met" if w["paired"] <= limit else "MISSED",
                                               "met" if c["paired"] <= limit else "MISSED")
        print("%s: paired %.2fx (middle half %.2f to %.2f, rounds %.2f to %.2f), medians %.2fx; "
              "CPU paired %.2fx (middle half %.2f to %.2f, rounds %.2f to %.2f)%s"
              % (name, w["paired"], w["q1"], w["q3"], w["low"], w["high"], w["medians"],
                 c["paired"], c["q1"], c["q3"], c["low"], c["high"], verdict))
        verdicts[name] = out

    ratio("target fff layer call vs real fff", "fff_layer", "fff", 1.2)
    ratio("fff layer call vs HN_DOUBLE (reference)", "fff_layer", "honest", None)
    ratio("target cmocka layer mock() vs cmocka", "cmocka_layer", "cmocka", 1.0)
    ratio("target forked cmocka program vs fork floor", "run_layer", "run_floor", 1.3)
    ratio("forked cmocka program vs the same tests as HN_TESTs (reference)", "run_layer",
          "run_native", None)
    ratio("HN_TESTs forked vs fork floor (reference)", "run_native", "run_floor", None)
    ratio("forked cmocka program vs cmocka (reference)", "run_layer", "run_cmocka", None)
    print("load average at start: %s; at end: %s" % (start_load, end_load))
    with open(out_json, "w") as f:
        json.dump({"cpus": os.cpu_count(), "cpu_model": cpu_model(), "load_start": start_load,
                   "load_end": end_load, "rounds": rows, "ratios": verdicts}, f, indent=1)


if __name__ == "__main__":
    main()
