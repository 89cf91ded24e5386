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
        printf 'round %d\n' "$rep" >>"$results"
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

# Prints the medians (wall and CPU time) and the ratios of the two targets,
# as ratios of medians and paired round by round.
report() {
    python3 - "$WORK/results.txt" "$CALLS" "${VARIANTS[@]}" <<'EOF'
import statistics, sys
path, calls, variants = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
rounds = []   # one dict per round: key -> (wall ns, CPU ns or None)
for line in open(path):
    f = line.split()
    if f[0] == "round":
        rounds.append({})
        continue
    key = {"direct_fp": "direct"}.get(f[0], f[0])
    rounds[-1][key] = (float(f[1]), None if f[2] == "-" else float(f[2]))
def series(key, i):
    return [r[key][i] for r in rounds if key in r]
def med(key, i=0):
    s = series(key, i)
    return statistics.median(s) if s else None
def pair(a, b, i=0):
    """b / a per round where both ran: (median, low, high, rounds)."""
    r = [x[b][i] / x[a][i] for x in rounds if a in x and b in x]
    return (statistics.median(r), min(r), max(r), len(r)) if r else None
print(f"doubles benchmark: {calls:,} calls of int f(int) per run, {len(rounds)} rounds, medians")
print(f"{'variant':<8} {'ns/call':>9} {'CPU ns':>8} {'runs':>5} {'x direct':>9} {'x fff':>7}  what")
for v in variants:
    key, what = v.split("|", 1)
    if med(key) is None:
        print(f"{key:<8} {'-':>9} {'-':>8} {'0':>5} {'':>9} {'':>7}  {what} (skipped)")
        continue
    xd = med(key) / med("direct") if med("direct") else float("nan")
    xf = f"{med(key) / med('fff'):.2f}" if med("fff") else "-"
    print(f"{key:<8} {med(key):>9.2f} {med(key, 1):>8.2f} {len(series(key, 0)):>5} {xd:>9.2f} {xf:>7}  {what}")
print()
def target(name, a, b, limit):
    """a against b: ratio of medians and paired, wall and CPU."""
    if med(a) is None or med(b) is None:
        print(f"target {name}: not measured ({b if med(b) is None else a} skipped)")
        return
    pw, pc = pair(b, a, 0), pair(b, a, 1)
    verdict = "met" if pw[0] <= limit else "MISSED"
    print(f"target {name} (at most {limit}x): wall {med(a) / med(b):.2f}x, paired {pw[0]:.2f} "
          f"(rounds {pw[1]:.2f} to {pw[2]:.2f}, {pw[3]} rounds); CPU {med(a, 1) / med(b, 1):.2f}x, "
          f"paired {pc[0]:.2f} (rounds {pc[1]:.2f} to {pc[2]:.2f}): {verdict}")
target("honest recording stub vs fff", "honest", "fff", 1.5)
target("hn_fn vs direct function pointer", "hn_fn", "direct", 10)
# b_hn_fn also times a plain function pointer around its own loop: the
# ratio against that is paired within one process, at one moment's load.
same = [r["hn_fn"][0] / r["hn_fn_paired_direct"][0] for r in rounds
        if "hn_fn" in r and "hn_fn_paired_direct" in r]
if same:
    r = statistics.median(same)
    print(f"target hn_fn vs direct function pointer, paired in one process: {r:.2f}x "
          f"(range {min(same):.2f} to {max(same):.2f}, {len(same)} runs) (at most 10x): "
          f"{'met' if r <= 10 else 'MISSED'}")
EOF
}

main() {
    check_prerequisites
    mkdir -p "$WORK"
    printf 'machine: %s cores (nproc), %s\n' "$(nproc)" "$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
    printf 'load average at start: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
    build_honest /tmp/honest-bench-doubles-build honest
    build_variants
    run_all
    report
    printf 'load average at end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
}

main "$@"
