#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# bench.py: times compiling and linking generated test files per framework
# in paired rounds (wall and CPU time, children included), measures object
# text and preprocessed size, and checks that every binary holds its N tests.
# Run through bench/build/run.sh, which generates the sources.
import argparse
import glob
import json
import os
import shlex
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import benchlib  # noqa: E402

BASE = "cmocka"  # the ratios are to cmocka's, as issue 16 states its target
DBL_BASE = "fff"  # the doubles' files: ratios to fff (with cmocka as its runner)


def work_check(fw, n, binary):
    """The command that proves a binary holds N tests, and what it must print:
    honest and cmocka run them in-process, Check without forking, Criterion
    lists them (running 1,000 forked tests takes it half a minute here)."""
    if fw.startswith("honest"):  # honest, or honest-before for a row of another build
        return [binary, "--no-fork", "--color=never"], r"^%d passed, 0 failed, 0 skipped$" % n, None
    if fw in ("cmocka", "fff"):
        return [binary], r"\[  PASSED  \] %d test\(s\)\." % n, None
    if fw == "check":
        return [binary], r"100%%: Checks: %d, Failures: 0, Errors: 0" % n, dict(os.environ, CK_FORK="no")
    return [binary, "--list"], r"^bench: %d tests$" % n, None


def sources(d):
    return sorted(glob.glob(os.path.join(d, "*.c")))


def build_once(cc, cflags, extra, libs, d):
    """Compiles every source of d one after the other, then links them:
    ((compile wall, compile CPU), (link wall, link CPU))."""
    cw = cc_cpu = 0.0
    objs = []
    for src in sources(d):
        obj = src + ".o"
        if os.path.exists(obj):
            os.unlink(obj)
        w, c, _ = benchlib.run([cc] + cflags + extra + ["-c", src, "-o", obj])
        if not os.path.exists(obj):
            raise benchlib.WorkNotDone("%s: no object written" % src)
        cw, cc_cpu = cw + w, cc_cpu + c
        objs.append(obj)
    binary = os.path.join(d, "bench")
    if os.path.exists(binary):
        os.unlink(binary)
    libs = [x.replace("{dir}", d) for x in libs]  # {dir}: this build's directory
    lw, lc, _ = benchlib.run([cc] + cflags + ["-o", binary] + objs + libs)
    return (cw, cc_cpu), (lw, lc)


def text_bytes(paths, column=0):
    """The text column of size(1) (column 2: bss), summed."""
    out = subprocess.run(["size"] + paths, stdout=subprocess.PIPE, text=True, check=True).stdout
    return sum(int(line.split()[column]) for line in out.splitlines()[1:])


def preprocessed(cc, cflags, extra, d):
    """Bytes and lines of every source of d after the preprocessor."""
    b = lines = 0
    for src in sources(d):
        text = subprocess.run([cc] + cflags + extra + ["-E", src], stdout=subprocess.PIPE,
                              check=True).stdout
        b += len(text)
        lines += text.count(b"\n")
    return b, lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--frameworks", required=True, help="TSV: name, compile flags, link flags")
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--cc", default="gcc")
    ap.add_argument("--cflags", default="-O2 -g0")
    ap.add_argument("--dbl-frameworks", help="TSV as --frameworks, for the files of "
                    "doubles (bench/build/gen_doubles.py), in WORK/dbl-N/NAME")
    ap.add_argument("--dbl-sizes", default="100")
    ap.add_argument("--json")
    a = ap.parse_args()
    cflags = shlex.split(a.cflags)
    fws = read_frameworks(a.frameworks)
    print("machine: %s" % benchlib.machine())
    load_start = benchlib.loadavg()
    print("load average at start: %s" % load_start)
    result = {"machine": benchlib.machine(), "load_start": load_start, "cflags": a.cflags,
              "reps": a.reps, "sizes": {}}
    try:
        for n in [int(s) for s in a.sizes.split(",") if s]:
            result["sizes"][n] = measure(a, cflags, fws, n, str(n), BASE,
                                         "trivial tests (one HN_ASSERT_EQ or its peer's)")
        if a.dbl_frameworks:
            result["doubles"] = {}
            dfws = read_frameworks(a.dbl_frameworks)
            for n in [int(s) for s in a.dbl_sizes.split(",") if s]:
                result["doubles"][n] = measure(
                    a, cflags, dfws, n, "dbl-%d" % n, DBL_BASE,
                    "tests that each double a function of two int parameters "
                    "(HN_DOUBLE; fff's FAKE_VALUE_FUNC with cmocka as its runner)")
    except benchlib.WorkNotDone as e:
        benchlib.die(str(e))
    result["load_end"] = benchlib.loadavg()
    print("load average at end: %s" % result["load_end"])
    if a.json:
        with open(a.json, "w") as f:
            json.dump(result, f, indent=1)
    return 0


def read_frameworks(path):
    """The lines of a frameworks TSV: (name, compile flags, link flags)."""
    fws = []
    with open(path) as f:
        for line in f:
            name, extra, libs = line.rstrip("\n").split("\t")
            fws.append((name, shlex.split(extra), shlex.split(libs)))
    return fws


def measure(a, cflags, fws, n, sub, base, what):
    """Paired rounds of building WORK/SUB/NAME for every framework; prints and
    returns the figures."""
    times = {name: [] for name, _, _ in fws}  # per round: (compile, link)
    for r in range(a.reps):
        k = r % len(fws)  # who goes first turns round by round
        for name, extra, libs in fws[k:] + fws[:k]:
            d = os.path.join(a.work, sub, name)
            times[name].append(build_once(a.cc, cflags, extra, libs, d))
            cmd, expect, env = work_check(name, n, os.path.join(d, "bench"))
            benchlib.run(cmd, expect, env=env)
        print("%s: round %d of %d done (load average %s)" % (
            sub, r + 1, a.reps, benchlib.loadavg()), file=sys.stderr, flush=True)
    return report(a, cflags, fws, n, times, sub, base, what)


def report(a, cflags, fws, n, times, sub, base, what):
    """Prints and returns the figures of one size."""
    def series(name, part, metric):
        """part 0 compile, 1 link, 2 both; metric 0 wall, 1 CPU."""
        return [(t[0][metric] + t[1][metric]) if part == 2 else t[part][metric]
                for t in times[name]]
    print("\nN=%d %s (files of at most 1,000 tests, compiled one after the other), %s %s, "
          "%d paired rounds; medians in seconds, wall (CPU)" % (n, what, a.cc, a.cflags, a.reps))
    print("%-10s %16s %16s %16s %24s %24s %12s %14s %12s" % (
        "framework", "compile", "link", "compile+link", "x %s paired (wall)" % base,
        "x %s paired (CPU)" % base, "obj text KB", "binary text KB", "cpp KB"))
    out = {}
    for name, extra, _ in fws:
        d = os.path.join(a.work, sub, name)
        med = [[statistics.median(series(name, p, m)) for m in (0, 1)] for p in (0, 1, 2)]
        pw = benchlib.paired(series(base, 2, 0), series(name, 2, 0))
        pc = benchlib.paired(series(base, 2, 1), series(name, 2, 1))
        objs = [s + ".o" for s in sources(d)]
        otext, btext = text_bytes(objs), text_bytes([os.path.join(d, "bench")])
        bss = text_bytes([os.path.join(d, "bench")], 2)
        pb, pl = preprocessed(a.cc, cflags, extra, d)
        out[name] = {"compile_s": med[0], "link_s": med[1], "total_s": med[2],
                     "base": base, "paired_total_wall": pw, "paired_total_cpu": pc,
                     "paired_compile_cpu": benchlib.paired(series(base, 0, 1),
                                                           series(name, 0, 1)),
                     "paired_link_cpu": benchlib.paired(series(base, 1, 1),
                                                        series(name, 1, 1)),
                     "object_text_bytes": otext, "binary_text_bytes": btext,
                     "binary_bss_bytes": bss,
                     "preprocessed_bytes": pb, "preprocessed_lines": pl,
                     "rounds": times[name]}
        print("%-10s %16s %16s %16s %24s %24s %12.1f %14.1f %12.1f" % (
            name, "%.3f (%.3f)" % tuple(med[0]), "%.3f (%.3f)" % tuple(med[1]),
            "%.3f (%.3f)" % tuple(med[2]), "%.2f [%.2f, %.2f]" % pw, "%.2f [%.2f, %.2f]" % pc,
            otext / 1000, btext / 1000, pb / 1000))
    print("paired: the median over the rounds of (this framework's compile+link / %s's "
          "in the same round) [lowest, highest round]" % base)
    for name, _, _ in fws:
        o = out[name]
        print("%-10s compile x %s (CPU, paired) %.2f; link %.2f; object text per test %.0f "
              "bytes; preprocessed %d lines (%.0f bytes a test); binary bss %.1f KB" % (
                  name, base, o["paired_compile_cpu"][0], o["paired_link_cpu"][0],
                  o["object_text_bytes"] / n, o["preprocessed_lines"],
                  o["preprocessed_bytes"] / n, o["binary_bss_bytes"] / 1000))
    return out


if __name__ == "__main__":
    sys.exit(main())
