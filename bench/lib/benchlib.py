# SPDX-License-Identifier: MIT
# benchlib.py: what the Python parts of the benchmarks share so that their
# figures are honest alike: the load average, a command timed in wall and CPU
# time (user + system, children included) and checked to have done its work,
# ratios paired round by round, and generated sources written only when they
# change. Imported by bench/*/ scripts.
import os
import re
import resource
import statistics
import subprocess
import sys
import time


def loadavg():
    """The 1, 5 and 15 minute load averages, as /proc/loadavg gives them."""
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def machine():
    """One line: cores and CPU model (what every figure is quoted with)."""
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%d cores (nproc), %s" % (os.cpu_count() or 0, model)


def children_cpu():
    """User + system seconds of every child waited for so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def self_cpu():
    """User + system seconds of this process (all its threads)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class WorkNotDone(Exception):
    """A run exited badly or did not print what proves it did its work."""


def run(cmd, expect=None, codes=(0,), env=None, cwd=None):
    """Runs cmd to the end; returns (wall s, CPU s, output). The CPU time is
    user + system of cmd and of every process it waited for. expect: a
    regular expression its output (stdout, then stderr) must match, or a
    function of that output returning an error text or None. Raises
    WorkNotDone when the exit status is not in codes or expect fails."""
    c0, t0 = children_cpu(), time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                       cwd=cwd, text=True, errors="replace")
    wall = time.perf_counter() - t0
    cpu = children_cpu() - c0
    out = p.stdout + p.stderr
    problem = None
    if p.returncode not in codes:
        problem = "exit status %d" % p.returncode
    elif callable(expect):
        problem = expect(out)
    elif expect is not None and not re.search(expect, out, re.M):
        problem = "no line matching %r" % expect
    if problem:
        raise WorkNotDone("%s: %s; its output ends:\n%s" % (" ".join(map(str, cmd)), problem,
                                                         out[-2000:]))
    return wall, cpu, out


def paired(a, b):
    """b[i] / a[i] for each round i: (median, lowest, highest), or None."""
    r = [y / x for x, y in zip(a, b) if x > 0]
    if not r:
        return None
    return statistics.median(r), min(r), max(r)


def paired_text(a, b):
    """'paired 1.23 (rounds 1.10 to 1.40, 5 rounds)' for b against a."""
    p = paired(a, b)
    if p is None:
        return "paired: no rounds"
    n = min(len(a), len(b))
    return "paired %.2f (rounds %.2f to %.2f, %d round%s)" % (p[0], p[1], p[2], n,
                                                             "" if n == 1 else "s")


def die(msg):
    print("bench: error: %s" % msg, file=sys.stderr)
    sys.exit(1)


def write_changed(outdir, files):
    """Writes each name -> list of text pieces of files under outdir (made if
    missing), leaving a file whose text is already that alone so that its
    object stays up to date for make and CMake."""
    os.makedirs(outdir, exist_ok=True)
    for name, text in files.items():
        path = os.path.join(outdir, name)
        new = "".join(text)
        if os.path.exists(path):
            with open(path) as f:
                if f.read() == new:
                    continue
        with open(path, "w") as f:
            f.write(new)
