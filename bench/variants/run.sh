#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: the variants benchmark of issue 14: a suite of TESTS fixture-backed
# tests (HN_HTTP_FIXTURES answering a libcurl client) run with --variants,
# beside the same suite run as many times without (--repeat=K, K = 1 + the
# variants of a test, so both runs make the same number of test runs). Paired
# rounds (bench/lib/time_pair.py): wall and CPU time, the load average at
# start and end, each run checked to have done its work.
#
# Usage: bench/variants/run.sh
# Environment (all optional):
#   HN_BUILD_DIR  an existing Release build of honest; default: one made in
#                 /tmp/honest-bench-variants-build
#   BENCH_WORK    where the suite and its binary go (/tmp/honest-bench-variants)
#   TESTS         tests in the suite (100)
#   REPS          paired rounds (5)
#   JOBS          --jobs of both runs (1: one test at a time, as the runner
#                 benchmark's floor; the default of a test binary is nproc)
#   KINDS         --variants=KINDS (default: every kind)
#   VMAX          --variants-max of the variants run (9, so K = 10 and a run of
#                 the script stays under a minute here; 0: no bound, every
#                 variant: 27 a test, K = 28)
#   CC            compiler (gcc)
# Output: the variants run's own variants line, K, then time_pair.py's
# rounds, medians and paired ratio (variants / repeat; target at most 1.2x).
# Exit status: 0 when every run did its work (whatever the ratio); 1 otherwise.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=SCRIPTDIR/../common.sh
. "$HERE/../common.sh"
WORK=${BENCH_WORK:-/tmp/honest-bench-variants}
TESTS=${TESTS:-100}
REPS=${REPS:-5}
JOBS=${JOBS:-1}
VMAX=${VMAX:-9}
CC=${CC:-gcc}

build() {
    local libs
    libs=$(honest_link_libs)
    rm -rf "$WORK/suite"
    python3 "$HERE/gen.py" "$WORK/suite" "$TESTS"
    # shellcheck disable=SC2086
    "$CC" -O1 -g0 -I"$ROOT/include" -I"$HERE" -o "$WORK/suite/items" "$WORK/suite/tests.c" \
        "$HERE/client.c" "$HN_BUILD_DIR/libhonest.a" $libs || die "building the suite failed"
}

main() {
    mkdir -p "$WORK"
    build_honest /tmp/honest-bench-variants-build honest
    build
    local bin=$WORK/suite/items out total k
    # Both runs take the same seed: the same sample of variants, the same order.
    local -a vflags=(--variants) common=(--seed=1 --jobs="$JOBS" --color=never)
    [[ -n ${KINDS:-} ]] && vflags[0]=--variants=$KINDS
    ((VMAX > 0)) && vflags+=(--variants-max="$VMAX")
    # How many variants a test gets: every test has the same shape.
    out=$("$bin" "${vflags[@]}" "${common[@]}") || die "the suite failed with ${vflags[*]}: $out"
    total=$(sed -n 's/^variants: \([0-9]*\) tolerated, \([0-9]*\) noticed, \([0-9]*\) crashed, \([0-9]*\) hung.*/\1 \2 \3 \4/p' <<<"$out" |
        awk '{print $1 + $2 + $3 + $4}')
    [[ -n $total ]] || die "no variants line in: $out"
    ((total % TESTS == 0)) || die "$total variants do not divide among $TESTS tests"
    k=$((1 + total / TESTS))
    grep '^variants:' <<<"$out"
    grep -qx "$TESTS passed, 0 failed, 0 skipped" <<<"$out" || die "not every test passed: $out"
    note "$TESTS tests, $((total / TESTS)) variants each: the repeat run is --repeat=$k ($((TESTS * k)) test runs each side)"
    note "machine: $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
    # The wait before a test's variants start, and whether the launcher idles.
    rm -f "$WORK/trace.variants" "$WORK/trace.repeat"
    BENCH_TRACE=$WORK/trace.variants "$bin" "${vflags[@]}" "${common[@]}" >/dev/null ||
        die "the traced run with ${vflags[*]} failed"
    BENCH_TRACE=$WORK/trace.repeat "$bin" --repeat="$k" "${common[@]}" >/dev/null ||
        die "the traced run with --repeat=$k failed"
    python3 "$HERE/trace.py" "$WORK/trace.variants" "$WORK/trace.repeat" "$((TESTS * k))"
    python3 "$ROOT/bench/lib/time_pair.py" "$REPS" \
        repeat "$((TESTS * k)) passed, 0 failed, 0 skipped" \
        variants "$(sed -n 's/^\(variants: .* failed the run\) (seed .*/\1/p' <<<"$out")" -- \
        "$bin" --repeat="$k" "${common[@]}" -- \
        "$bin" "${vflags[@]}" "${common[@]}"
}

main "$@"
