#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: the compatibility layers' benchmark of issue 12: ns per call of the
# fff layer's recording fake beside real fff and honest's HN_DOUBLE; of the
# cmocka layer's will_return_always + mock() beside Debian's cmocka; and the
# wall time of a 1,000-test cmocka program under honest's runner (one job)
# beside the same program under cmocka, beside the same tests written for
# honest (HN_TEST) and beside the fork floor. Paired
# rounds (bench/compat/rounds.py): wall and CPU time, the load average at
# start and end, every run checked to have done its work.
#
# Usage: bench/compat/run.sh
# Environment (all optional):
#   FFF_H         path of the whole upstream fff.h (not packaged by Debian, not
#                 shipped here, never downloaded by this script);
#                 without it the real-fff row is skipped with a note
#   HN_BUILD_DIR  an existing Release build of honest; default: one made in
#                 /tmp/honest-bench-compat-build
#   BENCH_WORK    where binaries and results go (/tmp/honest-bench-compat)
#   CALLS         calls per run of the per-call rows (10000000)
#   TESTS         tests of the generated cmocka program (1000)
#   REPS          paired rounds, each runs every program once (5)
#   ROWS          only these rows, comma-separated (rounds.py's keys: fff,
#                 fff_layer, honest, cmocka, cmocka_layer, run_floor,
#                 run_layer, run_cmocka, run_native); default: all
#   CC            compiler (gcc)
# Output: a table of medians (wall, CPU in brackets), the paired ratios of the
# targets, the load average; the rounds in $BENCH_WORK/results.json.
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
        # The whole upstream header, not a part of it nor honest's layer.
        for mark in DEFINE_FFF_GLOBALS FAKE_VALUE_FUNC20 FAKE_VOID_FUNC20 FAKE_VALUE_FUNC_VARARG \
            custom_fake_seq FFF_RESET_HISTORY; do
            grep -q "$mark" "$FFF_H" ||
                die "FFF_H=$FFF_H lacks $mark: give the whole fff.h of github.com/meekrosoft/fff"
        done
        ! grep -q 'honest' "$FFF_H" || die "FFF_H=$FFF_H is honest's fff layer, not fff"
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
        # The same tests written for honest itself (the runner benchmark's).
        rm -rf "$WORK/native"
        python3 "$ROOT/bench/runner/gen.py" honest "$TESTS" "$WORK/native" ||
            die "generating the native tests failed"
        "$CC" -O1 -g0 -w -I"$ROOT/include" -o "$b/many_native" "$WORK/native"/*.c \
            "$HN_BUILD_DIR/libhonest.a" $libs || die "building many_native failed"
    }
}

# Runs every program in paired rounds, checks each run, prints the figures.
run_all() {
    python3 "$HERE/rounds.py" "$WORK/bin" "$CALLS" "$TESTS" "$REPS" "$WORK/results.json"
}

main() {
    mkdir -p "$WORK"
    build_honest /tmp/honest-bench-compat-build honest
    build
    run_all
}

main "$@"
