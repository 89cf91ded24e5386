#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# proxy_ab.sh: the proxy part of the serve benchmark (run.sh), paired: two
# builds of `honest proxy` (before and after a change) side by side in one
# sitting, each in front of the floor (floor.c) and of a floor that takes
# SLOW_US microseconds to answer, beside direct requests to each, at 1, 8 and
# 64 connections (load.c). Per round and connection count: direct, then the
# two builds in alternating order, for --record=all (every request forwarded
# and re-recorded) against both floors, for answering from a recording
# (--record=missing after the first request) and, at 1 connection, for a
# new URL each request (--record=missing: every request forwarded and
# recorded as a new file; the next run waits until they are written).
# Prints per configuration the
# medians over the rounds (req/s, p50, p90, p99), the median of the per-round
# ratios of the proxy's p50 over the direct p50 of the same round, the
# proxy's CPU time per request (all threads, from /proc/PID/stat), and the
# median of the per-round after/before p50 ratios.
#
# Usage: HN_BEFORE_DIR=DIR bench/serve/proxy_ab.sh
# Environment:
#   HN_BEFORE_DIR  a build holding the `honest` tool to compare against (required)
#   HN_BUILD_DIR   the build after; default: a Release build of this tree made
#                  in /tmp/honest-bench-serve-build
#   BENCH_WORK     where programs, fixtures and results go (/tmp/honest-bench-proxy-ab)
#   REPS           rounds (7)
#   CONNS          connection counts ("1 8 64")
#   N_FAST         requests a run against the floor (2000)
#   N_SLOW         requests a run against the slow floor at 1 connection (300;
#                  twice that at more connections)
#   N_NEW          requests a run with a new URL each (100; 0: not run)
#   SLOW_US        the slow floor's service time in microseconds (1000)
# Exit status: 0 when every request of every run was answered 200.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=${BENCH_WORK:-/tmp/honest-bench-proxy-ab}
REPS=${REPS:-7}
CONNS=${CONNS:-1 8 64}
N_FAST=${N_FAST:-2000}
N_SLOW=${N_SLOW:-300}
N_NEW=${N_NEW:-100}
SLOW_US=${SLOW_US:-1000}
# shellcheck source=../common.sh
source "$HERE/../common.sh"
[[ -n ${HN_BEFORE_DIR:-} && -x $HN_BEFORE_DIR/honest ]] ||
    die "set HN_BEFORE_DIR to a build holding the honest tool"
mkdir -p "$WORK"
build_honest /tmp/honest-bench-serve-build honest_tool
declare -A TOOL=([before]=$HN_BEFORE_DIR/honest [after]=$HN_BUILD_DIR/honest)
# shellcheck source=serve_lib.sh
source "$HERE/serve_lib.sh"
rm -rf "$WORK"/rec_* "$WORK"/*.txt

start_floors

declare -A URL PIDOF
for b in before after; do
    start "rec_$b" "${TOOL[$b]}" proxy --upstream "$FLOOR" --fixtures "$WORK/rec_$b" --quiet
    URL[rec_$b]=$BASE
    start "all_$b" "${TOOL[$b]}" proxy --upstream "$FLOOR" --fixtures "$WORK/rec_all_$b" \
        --record=all --quiet
    URL[all_$b]=$BASE
    PIDOF[all_$b]=$PID
    start "slow_$b" "${TOOL[$b]}" proxy --upstream "$SLOW" --fixtures "$WORK/rec_slow_$b" \
        --record=all --quiet
    URL[slow_$b]=$BASE
    PIDOF[slow_$b]=$PID
    start "new_$b" "${TOOL[$b]}" proxy --upstream "$FLOOR" --fixtures "$WORK/rec_new_$b" --quiet
    URL[new_$b]=$BASE
    PIDOF[new_$b]=$PID
    "$WORK/load" "${URL[rec_$b]}/v1/items/42" 1 1 >/dev/null # the recording
done
URL[direct]=$FLOOR
URL[direct_slow]=$SLOW

# written BASE COUNT: waits (up to 60 s) until the proxy at BASE has written
# COUNT recordings (its summary's "recorded").
written() {
    local n=0
    for _ in $(seq 600); do
        n=$(curl -s "$1/__honest/summary" |
            sed -n 's/^[[:space:]]*"recorded":[[:space:]]*\([0-9]*\).*/\1/p' | head -1)
        [[ ${n:-0} -ge $2 ]] && return
        sleep 0.1
    done
    die "the proxy at $1 wrote $n of $2 recordings in 60 s"
}

# run LABEL C N [CPU]: one run of N requests over C connections, its line
# ("rps p50 p90 p99 errors cpu_us_per_request round") appended to LABEL_C.txt.
# The new_* proxies get a new URL for each request (new in each round).
run() {
    local label=$1 c=$2 n=$3 url before=0 line cpu=-
    url=${URL[$label]}/v1/items/42
    [[ $label == new_* ]] && url="${URL[$label]}/v1/r$ROUND/items/{i}"
    [[ -n ${PIDOF[$label]:-} ]] && before=$(cpu_us "${PIDOF[$label]}")
    line=$("$WORK/load" "$url" "$n" "$c") || die "errors in $label at $c connections: $line"
    [[ -n ${PIDOF[$label]:-} ]] &&
        cpu=$(awk -v a="$before" -v b="$(cpu_us "${PIDOF[$label]}")" -v n="$n" \
            'BEGIN {printf "%.0f", (b - a) / n}')
    echo "$line $cpu $ROUND" >>"$WORK/${label}_$c.txt"
}

echo "machine: $(nproc) cores, $(uname -sr); $REPS rounds; before: ${TOOL[before]}, after: ${TOOL[after]}"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
for ROUND in $(seq "$REPS"); do
    order="before after"
    ((ROUND % 2)) || order="after before"
    for c in $CONNS; do
        ns=$N_SLOW
        ((c > 1)) && ns=$((2 * N_SLOW))
        run direct "$c" "$N_FAST"
        for b in $order; do run "rec_$b" "$c" "$N_FAST"; done
        for b in $order; do run "all_$b" "$c" "$N_FAST"; done
        run direct_slow "$c" "$ns"
        for b in $order; do run "slow_$b" "$c" "$ns"; done
        if ((c == 1 && N_NEW > 0)); then
            for b in $order; do run "new_$b" 1 "$N_NEW"; done
            # Their writes would load the runs that follow.
            for b in before after; do written "${URL[new_$b]}" $((ROUND * N_NEW)); done
        fi
    done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
col() { cut -d' ' -f"$2" "$WORK/$1.txt" | median; }
# ratio A B COL: the median over rounds of A's column over B's (same round).
ratio() {
    join -1 7 -2 7 <(sort -k7,7 "$WORK/$1.txt") <(sort -k7,7 "$WORK/$2.txt") |
        awk -v k="$3" '{printf "%.3f\n", $(1 + k) / $(7 + k)}' | median
}
printf '%-4s %-36s %8s %7s %7s %7s %8s %8s\n' conns configuration req/s p50_us p90_us \
    p99_us "/direct" cpu_us
for c in $CONNS; do
    for pair in "direct:direct:floor, direct" "rec_before:direct:proxy from its recording, before" \
        "rec_after:direct:proxy from its recording, after" \
        "all_before:direct:proxy --record=all, before" "all_after:direct:proxy --record=all, after" \
        "direct_slow:direct_slow:floor +${SLOW_US}us, direct" \
        "slow_before:direct_slow:proxy --record=all +${SLOW_US}us, before" \
        "slow_after:direct_slow:proxy --record=all +${SLOW_US}us, after" \
        "new_before:direct:proxy, a new URL each, before" \
        "new_after:direct:proxy, a new URL each, after"; do
        IFS=: read -r l base text <<<"$pair"
        [[ -s $WORK/${l}_$c.txt ]] || continue
        printf '%-4s %-36s %8s %7s %7s %7s %8s %8s\n' "$c" "$text" "$(col "${l}_$c" 1)" \
            "$(col "${l}_$c" 2)" "$(col "${l}_$c" 3)" "$(col "${l}_$c" 4)" \
            "$(ratio "${l}_$c" "${base}_$c" 2)" "$(col "${l}_$c" 6)"
    done
    for k in rec all slow new; do
        [[ -s $WORK/${k}_after_$c.txt ]] || continue
        printf '%-4s after/before, %-5s p50 %s, p90 %s, p99 %s (medians of paired rounds)\n' "$c" \
            "$k:" "$(ratio "${k}_after_$c" "${k}_before_$c" 2)" \
            "$(ratio "${k}_after_$c" "${k}_before_$c" 3)" "$(ratio "${k}_after_$c" "${k}_before_$c" 4)"
    done
done
echo "(/direct: the median over rounds of the proxy's p50 over the direct p50 of the same"
echo " round; cpu_us: the proxy process's CPU time per request, all threads, 10 ms ticks)"
