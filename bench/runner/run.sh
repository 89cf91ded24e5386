#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: the runner benchmark of issue 2: per-test cost of honest (forked and
# --no-fork) against Criterion, Check, cmocka and a raw fork floor, in one run.
#
# Usage: bench/runner/run.sh
# Environment (all optional):
#   HN_BUILD_DIR  an existing build of honest (libhonest.a); default: a Release
#                 build of this repository made in /tmp/honest-bench-build
#   BENCH_WORK    where sources, binaries and results go (/tmp/honest-bench-runner)
#   SIZES         test counts to measure ("1000 10000")
#   REPS          rounds of runs; the median of a configuration's runs is
#                 reported (5)
#   BUDGET_S      a configuration whose first run takes longer than this many
#                 seconds is run only in as many rounds as fit in it, at least
#                 one (40: Criterion at 10,000 tests runs once)
#   FAST_MS, FAST_RUNS  a configuration whose first run took under FAST_MS
#                 milliseconds runs FAST_RUNS times per round (200, 5)
#   CC            compiler for the generated tests and helpers (gcc)
#   ONLY          configuration keys to run, separated by spaces (default: all;
#                 e.g. "floor floor_libs honest" while working on the runner);
#                 the peers' suites are built only when they are run
# Exit status: 0 when every run of every configuration ran and passed all its
# tests (whether honest meets its targets is printed, not an exit status);
# 1 when a build failed or a run did not run or pass all its tests.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=SCRIPTDIR/../common.sh
. "$HERE/../common.sh"
WORK=${BENCH_WORK:-/tmp/honest-bench-runner}
SIZES=${SIZES:-"1000 10000"}
REPS=${REPS:-5}
BUDGET_S=${BUDGET_S:-40}
FAST_MS=${FAST_MS:-200}
FAST_RUNS=${FAST_RUNS:-5}
CC=${CC:-gcc}
ONLY=${ONLY:-}
# Test sources of every framework are built alike; the frameworks' libraries
# are as Debian ships them, honest's is a Release build.
TEST_CFLAGS="-O1 -g0 -w"
# Check forks per test by default; say so rather than rely on it.
export CK_FORK=yes

# Run output goes to memory (tmpfs) when possible: cheap as /dev/null, and
# still readable afterwards to check each framework's summary.
if [[ -d /dev/shm && -w /dev/shm ]]; then
    RUNOUT=$(mktemp -d /dev/shm/honest-bench.XXXXXX)
else
    RUNOUT=$(mktemp -d "${TMPDIR:-/tmp}/honest-bench.XXXXXX")
fi
trap 'rm -rf "$RUNOUT"' EXIT

check_prerequisites() {
    local missing=()
    command -v "$CC" >/dev/null || missing+=("$CC")
    command -v python3 >/dev/null || missing+=(python3)
    command -v cmake >/dev/null || missing+=(cmake)
    command -v pkg-config >/dev/null || missing+=(pkg-config)
    [[ -f /usr/include/criterion/criterion.h ]] || missing+=("libcriterion-dev (apt-get install -y libcriterion-dev)")
    [[ -f /usr/include/cmocka.h ]] || missing+=("libcmocka-dev (apt-get install -y libcmocka-dev)")
    pkg-config --exists check || missing+=("check (apt-get install -y check)")
    if ((${#missing[@]})); then
        die "missing: ${missing[*]}"
    fi
}

# compile_dir DIR STAMP CC CFLAGS...: compiles DIR/*.c to DIR/*.c.o on two cores,
# skipping sources whose object is newer; STAMP (flags, header digest)
# changing invalidates every object.
compile_dir() {
    local dir=$1 stamp=$2 c
    shift 2
    if [[ ! -f $dir/.stamp || $(cat "$dir/.stamp") != "$stamp" ]]; then
        rm -f "$dir"/*.c.o
        printf '%s' "$stamp" >"$dir/.stamp"
    fi
    local todo=()
    for c in "$dir"/*.c; do
        [[ -f $c.o && $c.o -nt $c ]] || todo+=("$c")
    done
    ((${#todo[@]})) || return 0
    printf '%s\0' "${todo[@]}" | xargs -0 -P2 -I{} "$@" -c {} -o {}.o ||
        die "compiling $dir failed"
}

# build_suite FRAMEWORK N: generates and builds $WORK/N/FRAMEWORK/bench.
build_suite() {
    local fw=$1 n=$2 dir=$WORK/$2/$1 flags stamp libs
    python3 "$HERE/gen.py" "$fw" "$n" "$dir" || die "generating $fw $n failed"
    flags=$TEST_CFLAGS
    stamp="$($CC --version | head -1) $TEST_CFLAGS"
    case $fw in
    honest)
        flags="$flags -I$ROOT/include"
        stamp="$stamp $(cat "$ROOT"/include/honest.h "$ROOT"/include/honest/*.h | md5sum)"
        libs="$HN_BUILD_DIR/libhonest.a $(honest_link_libs)"
        ;;
    criterion) libs="-lcriterion" ;;
    cmocka) libs="-lcmocka" ;;
    check)
        flags="$flags $(pkg-config --cflags check)"
        libs=$(pkg-config --libs check)
        ;;
    esac
    # shellcheck disable=SC2086
    compile_dir "$dir" "$stamp" "$CC" $flags
    # shellcheck disable=SC2086
    "$CC" -o "$dir/bench" "$dir"/*.o $libs || die "linking $fw $n failed"
}

# wanted KEY: succeeds when ONLY is unset or names KEY (or, for a framework's
# suite, one of its configurations: honest for honest_nofork).
wanted() {
    [[ -z $ONLY ]] && return 0
    local k
    for k in $ONLY; do
        [[ $k == "$1" || $k == "$1"_* ]] && return 0
    done
    return 1
}

build_helpers() {
    local bin=$WORK/bin
    mkdir -p "$bin"
    "$CC" -O2 -Wall -Wextra -o "$bin/timeit" "$HERE/timeit.c" || die "building timeit failed"
    "$CC" -O2 -Wall -Wextra -o "$bin/floor" "$HERE/floor.c" || die "building floor failed"
    # The same loop, linked (and loaded) like an honest test binary, to show
    # how much of honest's cost the shared libraries alone bring to fork.
    # shellcheck disable=SC2046
    "$CC" -O2 -Wall -Wextra -o "$bin/floor_libs" "$HERE/floor.c" \
        -Wl,--no-as-needed $(honest_link_libs) -Wl,--as-needed ||
        die "building floor_libs failed"
    "$CC" -O2 -static -o "$bin/trivial" "$HERE/trivial.c" ||
        die "building the static trivial program failed (is libc6-dev's libc.a there?)"
}

# Configurations: key, label, isolation. The ratios in report.py use the keys.
CONFIGS=(
    "floor|fork floor (C loop)|fork + _exit + waitpid per test, nothing else"
    "floor_libs|fork floor + honest's deps|the same loop with libcurl, libffi, cJSON loaded (reference)"
    "exec|fork+exec floor (C loop)|fork + exec of a small static program per test (reference)"
    "honest|honest forked (--jobs=1)|fork per test (default mode)"
    "honest_nofork|honest --no-fork|in-process"
    "honest_jobs|honest forked, default jobs|fork per test, --jobs = number of CPUs (reference: what users get)"
    "criterion|Criterion -j1|fork + re-exec of the test binary per test (BoxFort), results over sockets"
    "check|Check CK_FORK=yes|fork per test, a timer per test, results through a temporary file"
    "cmocka|cmocka|in-process (setjmp), no isolation"
)

# command_for KEY N: prints the command line of one run, one word per line.
command_for() {
    local b=$WORK/bin s=$WORK/$2
    case $1 in
    floor) printf '%s\n' "$b/floor" fork "$2" ;;
    floor_libs) printf '%s\n' "$b/floor_libs" fork "$2" ;;
    exec) printf '%s\n' "$b/floor" exec "$2" "$b/trivial" ;;
    honest) printf '%s\n' "$s/honest/bench" --jobs=1 ;;
    honest_nofork) printf '%s\n' "$s/honest/bench" --no-fork ;;
    honest_jobs) printf '%s\n' "$s/honest/bench" ;;
    criterion) printf '%s\n' "$s/criterion/bench" -j1 ;;
    check) printf '%s\n' "$s/check/bench" ;;
    cmocka) printf '%s\n' "$s/cmocka/bench" ;;
    esac
}

# verify KEY N OUTFILE STATUS: succeeds when the run ran and passed exactly N
# tests according to the framework's own summary; otherwise says why.
verify() {
    local key=$1 n=$2 out=$3 status=$4 want
    [[ $status == 0 ]] || { echo "exit status $status, want 0"; return 1; }
    case $key in
    floor | floor_libs | exec | honest | honest_nofork | honest_jobs)
        want="$n passed, 0 failed, 0 skipped"
        [[ $(tail -n 1 "$out") == "$want" ]] || { echo "last line is not '$want'"; return 1; } ;;
    criterion)
        want="Synthesis: Tested: $n | Passing: $n | Failing: 0 | Crashing: 0"
        grep -qF "$want" "$out" || { echo "no '$want'"; return 1; } ;;
    check)
        want="100%: Checks: $n, Failures: 0, Errors: 0"
        grep -qxF "$want" "$out" || { echo "no line '$want'"; return 1; } ;;
    cmocka)
        want="[  PASSED  ] $n test(s)."
        if ! grep -qxF "$want" "$out" || ! grep -qxF "[==========] $n test(s) run." "$out" ||
            grep -q FAILED "$out"; then
            echo "no '$want' (or a FAILED line)"
            return 1
        fi ;;
    esac
}

# run_once KEY N RUN: times one run, checks it, appends it to times.tsv and
# leaves its wall time in nanoseconds in LAST_NS.
LAST_NS=0
run_once() {
    local key=$1 n=$2 rep=$3 out=$RUNOUT/$1-$2.out ns status cpu why
    local -a cmd
    mapfile -t cmd < <(command_for "$key" "$n")
    read -r ns status cpu < <("$WORK/bin/timeit" "$out" -- "${cmd[@]}") ||
        die "timeit failed on ${cmd[*]}"
    if ! why=$(verify "$key" "$n" "$out" "$status"); then
        printf 'run.sh: FAILED: %s with %s tests (run %s): %s\n' "$key" "$n" "$rep" "$why" >&2
        printf '  command: %s\n  last lines of its output:\n' "${cmd[*]}" >&2
        tail -n 5 "$out" | sed 's/^/    /' >&2
        exit 1
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$key" "$n" "$rep" "$ns" "$status" "$cpu" >>"$WORK/times.tsv"
    LAST_NS=$ns
}

# The shared libraries an honest test binary loads (they make fork dearer).
honest_shared_libs() {
    local first=${SIZES%% *}
    ldd "$WORK/$first/honest/bench" | awk '$1 !~ /^(linux-vdso|\/)/ {print $1}' | tr '\n' ' '
}

pkg_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo unknown; }

write_meta() {
    local rev
    rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
    git -C "$ROOT" diff --quiet HEAD -- framework include 2>/dev/null || rev="$rev+dirty"
    {
        printf 'date\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        printf 'nproc\t%s\n' "$(nproc)"
        printf 'cpu\t%s\n' "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
        printf 'kernel\t%s\n' "$(uname -r)"
        printf 'compiler\t%s\n' "$($CC --version | head -1)"
        printf 'test_cflags\t%s\n' "$TEST_CFLAGS"
        printf 'honest\t%s (%s)\n' "$rev" "$HN_BUILD_DIR"
        printf 'criterion\t%s\n' "$(pkg_version libcriterion-dev)"
        printf 'check\t%s\n' "$(pkg_version check)"
        printf 'cmocka\t%s\n' "$(pkg_version libcmocka-dev)"
        printf 'honest_loads\t%s\n' "$(honest_shared_libs)"
        printf 'output\t%s\n' "stdout+stderr of each run to a file in $(dirname "$RUNOUT")"
        printf 'load_before\t%s\n' "$LOAD_BEFORE"
        printf 'load_after\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
    } >"$WORK/meta.tsv"
}

main() {
    check_prerequisites
    mkdir -p "$WORK"
    build_honest /tmp/honest-bench-build honest
    note "building the helpers and the generated suites (${SIZES// /, } tests)"
    build_helpers
    local n fw c key rep ns
    for n in $SIZES; do
        for fw in honest criterion cmocka check; do
            wanted "$fw" && build_suite "$fw" "$n"
        done
    done

    : >"$WORK/times.tsv"
    : >"$WORK/configs.tsv"
    local all=("${CONFIGS[@]}")
    CONFIGS=()
    for c in "${all[@]}"; do
        wanted "${c%%|*}" && CONFIGS+=("$c")
    done
    ((${#CONFIGS[@]})) || die "ONLY=$ONLY names no configuration"
    for c in "${CONFIGS[@]}"; do
        IFS='|' read -r key label iso <<<"$c"
        printf '%s\t%s\t%s\n' "$key" "$label" "$iso" >>"$WORK/configs.tsv"
    done
    LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
    if awk -v l="${LOAD_BEFORE%% *}" -v n="$(nproc)" 'BEGIN { exit !(l >= n) }'; then
        note "warning: load average ${LOAD_BEFORE%% *} on $(nproc) cores: other work competes, figures will be noisy"
    fi

    # Runs are interleaved (run 1 of everything, then run 2, ...) so that a
    # burst of load from other users of the machine hits all alike. After the
    # first run, slow configurations (Criterion) get as many runs as fit in
    # BUDGET_S, at least one; fast ones (under FAST_MS) get FAST_RUNS runs per
    # round, since short runs are the noisiest and cost nothing to repeat.
    declare -A rounds per_round
    local i
    for rep in $(seq 1 "$REPS"); do
        note "round $rep of $REPS"
        for n in $SIZES; do
            for c in "${CONFIGS[@]}"; do
                key=${c%%|*}
                if ((rep == 1)); then
                    run_once "$key" "$n" 1
                    ns=$LAST_NS
                    rounds[$key-$n]=$((BUDGET_S * 1000000000 / ns))
                    ((rounds[$key-$n] >= 1)) || rounds[$key-$n]=1
                    ((rounds[$key-$n] <= REPS)) || rounds[$key-$n]=$REPS
                    per_round[$key-$n]=1
                    ((ns >= FAST_MS * 1000000)) || per_round[$key-$n]=$FAST_RUNS
                    if ((rounds[$key-$n] < REPS)); then
                        note "$key with $n tests took $((ns / 1000000)) ms: ${rounds[$key-$n]} run(s) only"
                    fi
                    for ((i = 2; i <= per_round[$key-$n]; i++)); do
                        run_once "$key" "$n" "1.$i"
                    done
                elif ((rep <= rounds[$key-$n])); then
                    for ((i = 1; i <= per_round[$key-$n]; i++)); do
                        run_once "$key" "$n" "$rep.$i"
                    done
                fi
            done
        done
    done
    write_meta
    echo
    echo "honest runner benchmark: $(sed -n 's/^cpu\t//p' "$WORK/meta.tsv"), $(nproc) cores, kernel $(uname -r)"
    echo "honest $(sed -n 's/^honest\t//p' "$WORK/meta.tsv"); Criterion $(pkg_version libcriterion-dev), Check $(pkg_version check), cmocka $(pkg_version libcmocka-dev)"
    echo "load average before/after: $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    python3 "$HERE/report.py" "$WORK/configs.tsv" "$WORK/times.tsv" "$WORK/meta.tsv" \
        "$WORK/results.json"
}

main "$@"
