#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: the doubles benchmark of issue 3: ns per call of a recording stub of
# int f(int) under honest, fff, cmocka and GoogleMock, plus hn_fn against a
# plain call through a function pointer (and a bare libffi closure, the floor
# of any libffi double), in one run, with medians and ratios.
#
# Usage: bench/doubles/run.sh
# Environment (all optional):
#   FFF_H         path of an fff.h (fff is not packaged by Debian and is not
#                 shipped here); without it the fff row is skipped with a note
#   HN_BUILD_DIR  an existing build of honest (libhonest.a); default: a Release
#                 build of this repository made in /tmp/honest-bench-doubles-build
#   BENCH_WORK    where binaries and results go (/tmp/honest-bench-doubles)
#   CALLS         calls per run (10000000)
#   REPS          runs per variant, the median is reported (5)
#   GMOCK_REPS    runs of GoogleMock, which takes seconds per run (1)
#   CC, CXX       compilers (gcc, g++)
# Exit status: 0 when every variant that could be built ran and checked its
# results (whether honest meets its targets is printed, not an exit status);
# 1 when a build or a run failed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=SCRIPTDIR/../common.sh
. "$HERE/../common.sh"
WORK=${BENCH_WORK:-/tmp/honest-bench-doubles}
CALLS=${CALLS:-10000000}
REPS=${REPS:-5}
GMOCK_REPS=${GMOCK_REPS:-1}
CC=${CC:-gcc}
CXX=${CXX:-g++}
# Every variant's own code is built alike; libraries are as Debian ships them
# and honest's is a Release build.
CFLAGS="-O2 -g0"

check_prerequisites() {
    local missing=()
    command -v "$CC" >/dev/null || missing+=("$CC")
    command -v "$CXX" >/dev/null || missing+=("$CXX")
    command -v cmake >/dev/null || missing+=(cmake)
    command -v pkg-config >/dev/null || missing+=(pkg-config)
    [[ -f /usr/include/cmocka.h ]] || missing+=("libcmocka-dev (apt-get install -y libcmocka-dev)")
    [[ -f /usr/include/gmock/gmock.h ]] || missing+=("libgmock-dev (apt-get install -y libgmock-dev googletest)")
    if ((${#missing[@]})); then
        die "missing: ${missing[*]}"
    fi
}

# Variants: key, what is measured. Keys name the binaries b_KEY.
VARIANTS=(
    "direct|direct call through a function pointer (the floor)"
    "ffi_bare|a bare libffi closure returning 42 (the floor of any libffi double)"
    "hn_fn|honest hn_fn (a trampoline for int (*)(int)), stub returning 42, recording"
    "honest|honest HN_DOUBLE + HN_RETURNS (link seam, recording)"
    "fff|fff FAKE_VALUE_FUNC, return_val set (recording)"
    "cmocka|cmocka --wrap=f, will_return_always + mock()"
    "gmock|GoogleMock EXPECT_CALL(...).Times(n).WillRepeatedly(Return(42))"
)

# cc_or_die COMMAND...: one compiler run; a failure stops the benchmark.
cc_or_die() {
    "$@" || die "building failed: $*"
}

build_variants() {
    local b=$WORK/bin s=$HERE libs
    mkdir -p "$b"
    libs=$(honest_link_libs)
    # shellcheck disable=SC2086
    {
        cc_or_die "$CC" $CFLAGS -c "$s/loop.c" -o "$b/loop.o"
        cc_or_die "$CC" $CFLAGS -c "$s/target.c" -o "$b/target.o"
        cc_or_die "$CC" $CFLAGS -o "$b/b_direct" "$s/b_direct.c" "$b/loop.o" "$b/target.o"
        cc_or_die "$CC" $CFLAGS -o "$b/b_ffi_bare" "$s/b_ffi_bare.c" "$b/loop.o" \
            "$b/target.o" -lffi
        cc_or_die "$CC" $CFLAGS -I"$ROOT/include" -o "$b/b_honest" "$s/b_honest.c" \
            "$b/loop.o" "$b/target.o" -Wl,--wrap=f -Wl,--export-dynamic \
            "$HN_BUILD_DIR/libhonest.a" $libs
        cc_or_die "$CC" $CFLAGS -I"$ROOT/include" -o "$b/b_hn_fn" "$s/b_hn_fn.c" \
            "$b/loop.o" "$b/target.o" -Wl,--export-dynamic "$HN_BUILD_DIR/libhonest.a" $libs
        cc_or_die "$CC" $CFLAGS -o "$b/b_cmocka" "$s/b_cmocka.c" "$b/loop.o" "$b/target.o" \
            -Wl,--wrap=f -lcmocka
        cc_or_die "$CXX" $CFLAGS -std=c++17 -o "$b/b_gmock" "$s/b_gmock.cpp" "$b/loop.o" \
            -lgmock -lgtest -pthread
    }
    rm -f "$b/b_fff"
    if [[ -n ${FFF_H:-} ]]; then
        [[ -f $FFF_H ]] || die "FFF_H=$FFF_H does not exist"
        # shellcheck disable=SC2086
        cc_or_die "$CC" $CFLAGS -DFFF_H_PATH="\"$FFF_H\"" -o "$b/b_fff" "$s/b_fff.c" "$b/loop.o"
    else
        note "FFF_H is not set: skipping fff (not packaged by Debian; set FFF_H=/path/to/fff.h)"
    fi
}

# Runs every built variant, interleaved so that a noisy moment hits all alike.
run_all() {
    local results=$WORK/results.txt rep key
    : >"$results"
    for ((rep = 1; rep <= REPS; rep++)); do
        for v in "${VARIANTS[@]}"; do
            key=${v%%|*}
            [[ -x $WORK/bin/b_$key ]] || continue
            if [[ $key == gmock ]] && ((rep > GMOCK_REPS)); then
                continue
            fi
            note "run $rep/$REPS: $key"
            case $key in
            honest | hn_fn)
                BENCH_CALLS=$CALLS BENCH_RESULT=$results "$WORK/bin/b_$key" --no-fork --color=never \
                    >"$WORK/$key.out" 2>&1 ||
                    die "$key failed; see $WORK/$key.out"
                grep -qx '1 passed, 0 failed, 0 skipped' "$WORK/$key.out" ||
                    die "$key did not pass its checks; see $WORK/$key.out"
                ;;
            *)
                BENCH_CALLS=$CALLS BENCH_RESULT=$results "$WORK/bin/b_$key" "$CALLS" \
                    >"$WORK/$key.out" 2>&1 || die "$key failed; see $WORK/$key.out"
                ;;
            esac
        done
    done
}

# Prints the medians and the ratios of the two targets.
report() {
    python3 - "$WORK/results.txt" "$CALLS" "$(nproc)" "${VARIANTS[@]}" <<'EOF'
import statistics, sys
path, calls, cores, variants = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
runs = {}
for line in open(path):
    key, ns = line.split()
    runs.setdefault(key, []).append(float(ns))
# b_hn_fn times a plain function pointer around its own loop: the ratio of
# each run against that is paired (same process, same moment's load).
paired_direct = runs.pop("hn_fn_paired_direct", [])
paired = [f / d for f, d in zip(runs.get("hn_fn", []), paired_direct)]
key_of = {"direct_fp": "direct"}
med = {key_of.get(k, k): statistics.median(v) for k, v in runs.items()}
count = {key_of.get(k, k): len(v) for k, v in runs.items()}
print(f"doubles benchmark: {calls:,} calls of int f(int) per run, {cores} cores, medians")
print(f"{'variant':<8} {'ns/call':>9} {'runs':>5} {'x direct':>9} {'x fff':>7}  what")
for v in variants:
    key, what = v.split("|", 1)
    if key not in med:
        print(f"{key:<8} {'-':>9} {'0':>5} {'':>9} {'':>7}  {what} (skipped)")
        continue
    xd = med[key] / med["direct"] if "direct" in med else float("nan")
    xf = f"{med[key] / med['fff']:.2f}" if "fff" in med else "-"
    print(f"{key:<8} {med[key]:>9.2f} {count[key]:>5} {xd:>9.2f} {xf:>7}  {what}")
print()
def target(name, a, b, limit):
    if a in med and b in med:
        r = med[a] / med[b]
        verdict = "met" if r <= limit else "MISSED"
        print(f"target {name}: {r:.2f}x (at most {limit}x): {verdict}")
    else:
        print(f"target {name}: not measured ({b if b not in med else a} skipped)")
target("honest recording stub vs fff", "honest", "fff", 1.5)
target("hn_fn vs direct function pointer", "hn_fn", "direct", 10)
if paired:
    r = statistics.median(paired)
    verdict = "met" if r <= 10 else "MISSED"
    print(f"target hn_fn vs direct function pointer, paired in one process: "
          f"{r:.2f}x median of {len(paired)} runs "
          f"(range {min(paired):.2f} to {max(paired):.2f}) (at most 10x): {verdict}")
EOF
}

main() {
    check_prerequisites
    mkdir -p "$WORK"
    build_honest /tmp/honest-bench-doubles-build honest
    build_variants
    run_all
    report
}

main "$@"
