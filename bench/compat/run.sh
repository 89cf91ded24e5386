#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: the compatibility layers' benchmark of issue 12: ns per call of the
# fff layer's recording fake beside real fff and honest's HN_DOUBLE; of the
# cmocka layer's will_return_always + mock() beside Debian's cmocka; and the
# wall time of a 1,000-test cmocka program under honest's runner (one job)
# beside the same program under cmocka and beside the fork floor.
#
# Usage: bench/compat/run.sh
# Environment (all optional):
#   FFF_H         path of an fff.h (not packaged by Debian, not shipped here);
#                 without it the real-fff row is skipped with a note
#   HN_BUILD_DIR  an existing Release build of honest; default: one made in
#                 /tmp/honest-bench-compat-build
#   BENCH_WORK    where binaries and results go (/tmp/honest-bench-compat)
#   CALLS         calls per run of the per-call rows (10000000)
#   TESTS         tests of the generated cmocka program (1000)
#   REPS          runs per variant, the median is reported (5)
#   CC            compiler (gcc)
# Exit status: 0 when every variant that could be built ran and checked its
# results (whether the layers meet their targets is printed); 1 otherwise.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=SCRIPTDIR/../common.sh
. "$HERE/../common.sh"
WORK=${BENCH_WORK:-/tmp/honest-bench-compat}
CALLS=${CALLS:-10000000}
TESTS=${TESTS:-1000}
REPS=${REPS:-5}
CC=${CC:-gcc}
CFLAGS="-O2 -g0"
D=$ROOT/bench/doubles

build() {
    local b=$WORK/bin libs
    mkdir -p "$b"
    libs=$(honest_link_libs)
    [[ -f /usr/include/cmocka.h ]] || die "missing libcmocka-dev (apt-get install -y libcmocka-dev)"
    # shellcheck disable=SC2086
    {
        "$CC" $CFLAGS -c "$D/loop.c" -o "$b/loop.o" || die "building loop.c failed"
        "$CC" $CFLAGS -c "$D/target.c" -o "$b/target.o" || die "building target.c failed"
        "$CC" $CFLAGS -I"$ROOT/include" -I"$D" -o "$b/b_fff_layer" "$HERE/b_fff_layer.c" \
            "$b/loop.o" "$HN_BUILD_DIR/libhonest.a" $libs || die "building b_fff_layer failed"
        "$CC" $CFLAGS -I"$ROOT/include" -I"$D" -o "$b/b_honest" "$D/b_honest.c" \
            "$b/loop.o" "$b/target.o" -Wl,--wrap=f -Wl,--export-dynamic \
            "$HN_BUILD_DIR/libhonest.a" $libs || die "building b_honest failed"
        "$CC" $CFLAGS -I"$ROOT/include" -I"$D" -o "$b/b_cmocka_layer" "$HERE/b_cmocka_layer.c" \
            "$b/loop.o" "$b/target.o" -Wl,--wrap=f "$HN_BUILD_DIR/libhonest.a" $libs ||
            die "building b_cmocka_layer failed"
        "$CC" $CFLAGS -I"$D" -o "$b/b_cmocka" "$D/b_cmocka.c" "$b/loop.o" "$b/target.o" \
            -Wl,--wrap=f -lcmocka || die "building b_cmocka failed"
        "$CC" -O2 -o "$b/floor" "$ROOT/bench/runner/floor.c" || die "building floor failed"
    }
    rm -f "$b/b_fff"
    if [[ -n ${FFF_H:-} ]]; then
        [[ -f $FFF_H ]] || die "FFF_H=$FFF_H does not exist"
        # shellcheck disable=SC2086
        "$CC" $CFLAGS -I"$D" -DFFF_H_PATH="\"$FFF_H\"" -o "$b/b_fff" "$D/b_fff.c" "$b/loop.o" ||
            die "building b_fff failed"
    else
        note "FFF_H is not set: skipping real fff (not packaged by Debian; set FFF_H=/path/to/fff.h)"
    fi
    # A cmocka program of TESTS trivial tests, built with each library.
    python3 - "$TESTS" >"$WORK/many.c" <<'PY'
import sys
n = int(sys.argv[1])
print("#include <setjmp.h>\n#include <stdarg.h>\n#include <stddef.h>\n#include <stdint.h>")
print("#ifdef LAYER\n#include <honest/cmocka.h>\n#else\n#include <cmocka.h>\n#endif")
print("static volatile int value;")
for i in range(n):
    print(f"static void t{i}(void **s) {{ (void)s; value = {i}; assert_int_equal(value, {i}); }}")
print("int main(void) {\n    const struct CMUnitTest tests[] = {")
for i in range(n):
    print(f"        cmocka_unit_test(t{i}),")
print("    };\n    return cmocka_run_group_tests(tests, NULL, NULL);\n}")
PY
    # shellcheck disable=SC2086
    {
        "$CC" -O1 -g0 -w -DLAYER -I"$ROOT/include" -o "$b/many_layer" "$WORK/many.c" \
            "$HN_BUILD_DIR/libhonest.a" $libs || die "building many_layer failed"
        "$CC" -O1 -g0 -w -o "$b/many_cmocka" "$WORK/many.c" -lcmocka ||
            die "building many_cmocka failed"
    }
}

# Wall milliseconds of one run of a command, which must exit 0.
wall_ms() {
    python3 - "$@" <<'PY'
import subprocess, sys, time
t0 = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
t1 = time.perf_counter()
if r.returncode != 0:
    sys.exit(f"{sys.argv[1]} exited {r.returncode}")
print(f"{(t1 - t0) * 1000:.3f}")
PY
}

run_all() {
    local results=$WORK/results.txt b=$WORK/bin rep
    : >"$results"
    for ((rep = 1; rep <= REPS; rep++)); do
        note "round $rep/$REPS"
        for key in fff fff_layer; do
            [[ -x $b/b_$key ]] || continue
            BENCH_RESULT=$results "$b/b_$key" "$CALLS" >/dev/null || die "b_$key failed"
        done
        BENCH_CALLS=$CALLS BENCH_RESULT=$results "$b/b_honest" --no-fork --color=never \
            >"$WORK/honest.out" 2>&1 || die "b_honest failed; see $WORK/honest.out"
        BENCH_RESULT=$results "$b/b_cmocka" "$CALLS" >/dev/null 2>&1 || die "b_cmocka failed"
        BENCH_CALLS=$CALLS BENCH_RESULT=$results "$b/b_cmocka_layer" --color=never \
            >"$WORK/cmocka_layer.out" 2>&1 || die "b_cmocka_layer failed; see $WORK/cmocka_layer.out"
        {
            echo "run_floor $(wall_ms "$b/floor" fork "$TESTS")"
            echo "run_layer $(wall_ms "$b/many_layer" --jobs=1 --color=never)"
            echo "run_cmocka $(wall_ms "$b/many_cmocka")"
        } >>"$results"
    done
}

report() {
    python3 - "$WORK/results.txt" "$CALLS" "$TESTS" <<'PY'
import statistics, sys
path, calls, tests = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
runs = {}
for line in open(path):
    key, v = line.split()[:2]
    runs.setdefault(key, []).append(float(v))
med = {k: statistics.median(v) for k, v in runs.items()}
print(f"compat benchmark: {calls:,} calls per run; a {tests}-test cmocka program; medians")
rows = [("fff", "real fff FAKE_VALUE_FUNC, return_val set"),
        ("fff_layer", "honest's fff layer, the same fake"),
        ("honest", "honest HN_DOUBLE + HN_RETURNS (link seam, recording)"),
        ("cmocka", "Debian's cmocka: will_return_always + mock()"),
        ("cmocka_layer", "honest's cmocka layer: the same, in a test under honest")]
for key, what in rows:
    v = f"{med[key]:9.2f} ns/call" if key in med else "        - (skipped)"
    print(f"{key:<13} {v}  {what}")
for key, what in [("run_floor", "fork floor: fork + trivial test + _exit + waitpid"),
                  ("run_layer", "the program under honest's runner (--jobs=1)"),
                  ("run_cmocka", "the program under cmocka (one process)")]:
    print(f"{key:<13} {med[key]:9.1f} ms       {what}")
print()
def target(name, a, b, limit):
    if a in med and b in med:
        r = med[a] / med[b]
        print(f"target {name}: {r:.2f}x (at most {limit}x): {'met' if r <= limit else 'MISSED'}")
    else:
        print(f"target {name}: not measured ({b if b not in med else a} skipped)")
target("fff layer call vs real fff", "fff_layer", "fff", 1.2)
target("cmocka layer mock() vs cmocka", "cmocka_layer", "cmocka", 1.0)
target("forked cmocka program vs fork floor", "run_layer", "run_floor", 1.3)
PY
}

main() {
    mkdir -p "$WORK"
    build_honest /tmp/honest-bench-compat-build honest
    build
    run_all
    report
}

main "$@"
