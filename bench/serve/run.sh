#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: the serve benchmark of issue 15: `honest serve` answering one
# fixture beside a minimal libmicrohttpd server returning the same body (the
# floor, floor.c), under the same load (load.c: N keep-alive GETs over 1, 8
# and 64 connections); then `honest proxy` in front of the floor beside
# direct requests, at 1 connection: answering from its recording
# (--record=missing, the steady state), forwarding every request and
# re-recording it (--record=all), and forwarding a new request each time
# (a new file each); then the same forwarding in front of a floor that takes
# SLOW_US microseconds to answer (an upstream with a service time), beside
# direct requests to it. Medians of REPS alternating runs; for the proxy,
# its CPU time (user + system, all threads) per request too. proxy_ab.sh
# runs the proxy's forwarding paired: two builds (before and after a
# change) at 1, 8 and 64 connections.
#
# Usage: bench/serve/run.sh
# Environment (all optional):
#   HN_BUILD_DIR  a build of honest holding the `honest` tool; default: a
#                 Release build made in /tmp/honest-bench-serve-build
#   BENCH_WORK    where programs, fixtures and logs go (/tmp/honest-bench-serve)
#   BENCH_N       requests per run (5000; the proxy's forwarding runs use N/5
#                 for one URL, N/20 for new URLs, N/10 against the slow floor)
#   REPS          runs of each configuration, alternating (3)
#   SLOW_US       the slow floor's service time in microseconds (1000)
#   PARTS         what to run: "serve proxy" (both, the default), or one
# Exit status: 0 when every request of every run was answered 200.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=${BENCH_WORK:-/tmp/honest-bench-serve}
N=${BENCH_N:-5000}
REPS=${REPS:-3}
SLOW_US=${SLOW_US:-1000}
PARTS=${PARTS:-serve proxy}
# shellcheck source=../common.sh
source "$HERE/../common.sh"
mkdir -p "$WORK"
build_honest /tmp/honest-bench-serve-build honest_tool
HONEST=$HN_BUILD_DIR/honest
# shellcheck source=serve_lib.sh
source "$HERE/serve_lib.sh"

rm -rf "$WORK/fixtures" "$WORK/rec" "$WORK/rec_all" "$WORK/rec_new" "$WORK/rec_slow"
mkdir -p "$WORK/fixtures"
cat >"$WORK/fixtures/item.json" <<'JSON'
{"honest": 1, "name": "items.get", "recorded_at": "2026-11-20T10:00:00Z", "max_age_days": 3650,
 "request": {"method": "GET", "url": "${API_BASE}/v1/items/42"},
 "response": {"status": 200, "headers": {"Content-Type": "application/json"},
              "body": {"id": 42, "name": "widget", "tags": ["a", "b"]}}}
JSON

start_floors
start serve "$HONEST" serve "$WORK/fixtures" --quiet
SERVE=$BASE
start proxy "$HONEST" proxy --upstream "$FLOOR" --fixtures "$WORK/rec" --quiet
PROXY=$BASE
start proxy_all "$HONEST" proxy --upstream "$FLOOR" --fixtures "$WORK/rec_all" \
    --record=all --quiet
PROXY_ALL=$BASE
PROXY_ALL_PID=${PIDS[-1]}
start proxy_new "$HONEST" proxy --upstream "$FLOOR" --fixtures "$WORK/rec_new" --quiet
PROXY_NEW=$BASE
PROXY_NEW_PID=${PIDS[-1]}
start proxy_slow "$HONEST" proxy --upstream "$SLOW" --fixtures "$WORK/rec_slow" \
    --record=all --quiet
PROXY_SLOW=$BASE
PROXY_SLOW_PID=${PIDS[-1]}

# median FILE COLUMN
median() { cut -d' ' -f"$2" "$1" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# measure LABEL URL N CONNS: REPS runs appended to $WORK/LABEL.txt
measure() {
    "$WORK/load" "$2" "$3" "$4" >>"$WORK/$1.txt" || die "errors in $1; see $WORK/$1.txt"
}

echo "machine: $(nproc) cores, $(uname -sr), $N requests per run, medians of $REPS runs"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$WORK"/*.txt
[[ " $PARTS " == *" serve "* ]] &&
    printf '%-34s %8s %8s %8s %8s %7s\n' configuration req/s p50_us p90_us p99_us ratio
for c in 1 8 64; do
    [[ " $PARTS " == *" serve "* ]] || break
    for _ in $(seq "$REPS"); do
        measure "floor_$c" "$FLOOR/v1/items/42" "$N" "$c"
        measure "serve_$c" "$SERVE/v1/items/42" "$N" "$c"
    done
    f=$(median "$WORK/floor_$c.txt" 1)
    s=$(median "$WORK/serve_$c.txt" 1)
    printf '%-34s %8s %8s %8s %8s\n' "floor, $c connections" "$f" \
        "$(median "$WORK/floor_$c.txt" 2)" "$(median "$WORK/floor_$c.txt" 3)" \
        "$(median "$WORK/floor_$c.txt" 4)"
    printf '%-34s %8s %8s %8s %8s %7s\n' "honest serve, $c connections" "$s" \
        "$(median "$WORK/serve_$c.txt" 2)" "$(median "$WORK/serve_$c.txt" 3)" \
        "$(median "$WORK/serve_$c.txt" 4)" "$(awk -v a="$s" -v b="$f" 'BEGIN {printf "%.2f", a / b}')"
done
[[ " $PARTS " == *" proxy "* ]] || exit 0
"$WORK/load" "$PROXY/v1/items/42" 1 1 >/dev/null # the recording
declare -A CPU=([proxy_all]=0 [proxy_slow]=0)
declare -A PID_OF=([proxy_all]=$PROXY_ALL_PID
                   [proxy_slow]=$PROXY_SLOW_PID)
# written BASE COUNT: waits (up to 60 s) until the proxy at BASE has written
# COUNT recordings (its summary's "recorded").
written() {
    local n=0
    for _ in $(seq 600); do
        n=$(curl -s "$1/__honest/summary" | sed -n 's/^[[:space:]]*"recorded":[[:space:]]*\([0-9]*\).*/\1/p' | head -1)
        [[ ${n:-0} -ge $2 ]] && return
        sleep 0.1
    done
    die "the proxy at $1 wrote $n of $2 recordings in 60 s"
}
# timed LABEL URL N: measure, adding the proxy's CPU time to CPU[LABEL]
timed() {
    local before
    before=$(cpu_us "${PID_OF[$1]}")
    measure "$1" "$2" "$3" 1
    CPU[$1]=$(awk -v a="${CPU[$1]}" -v b="$before" -v c="$(cpu_us "${PID_OF[$1]}")" \
        'BEGIN {print a + c - b}')
}
for r in $(seq "$REPS"); do
    measure direct "$FLOOR/v1/items/42" "$N" 1
    measure proxy "$PROXY/v1/items/42" "$N" 1
    measure direct_b "$FLOOR/v1/items/42" "$N" 1
    timed proxy_all "$PROXY_ALL/v1/items/42" $((N / 5))
    measure direct_c "$FLOOR/v1/items/42" "$N" 1
    measure proxy_new "$PROXY_NEW/v1/run$r/items/{i}" $((N / 20)) 1
    # Its recordings still being written would load the runs that follow.
    written "$PROXY_NEW" $((r * N / 20))
    measure direct_slow "$SLOW/v1/items/42" $((N / 10)) 1
    timed proxy_slow "$PROXY_SLOW/v1/items/42" $((N / 10))
done
# row LABEL TEXT BASE_LABEL [CPU_REQUESTS]
row() {
    local p b cpu=""
    p=$(median "$WORK/$1.txt" 2)
    b=$(median "$WORK/$3.txt" 2)
    [[ -n ${4:-} ]] && cpu=$(awk -v c="${CPU[$1]}" -v n="$4" 'BEGIN {printf "%.0f", c / n}')
    printf '%-34s %8s %8s %8s %8s %7s %8s\n' "$2" "$(median "$WORK/$1.txt" 1)" "$p" \
        "$(median "$WORK/$1.txt" 3)" "$(median "$WORK/$1.txt" 4)" \
        "$(awk -v a="$p" -v b="$b" 'BEGIN {printf "%.2f", a / b}')" "$cpu"
}
printf '%-34s %8s %8s %8s %8s %7s %8s\n' configuration req/s p50_us p90_us p99_us ratio cpu_us/req
row direct "direct to the floor" direct
row proxy "proxy, from its recording" direct
row direct_b "direct to the floor (again)" direct_b
row proxy_all "proxy --record=all, one URL" direct_b $((REPS * N / 5))
row direct_c "direct to the floor (again)" direct_c
row proxy_new "proxy, a new URL each time" direct_c
row direct_slow "direct to the floor +${SLOW_US}us" direct_slow
row proxy_slow "proxy --record=all, floor +${SLOW_US}us" direct_slow $((REPS * N / 10))
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(ratio: req/s of serve over the floor; for the proxy, p50 latency over the p50 of"
echo " the direct runs just before it, alternating with it; cpu_us/req: the proxy"
echo " process's CPU time per request, its writer thread included)"
# Every new URL's recording is on disk once its proxy has stopped.
on_disk=$(find "$WORK/rec_new" -name '*.json' | wc -l)
t0=$(date +%s.%N)
kill -TERM "$PROXY_NEW_PID"
wait "$PROXY_NEW_PID" 2>/dev/null || true
t1=$(date +%s.%N)
files=$(find "$WORK/rec_new" -name '*.json' | wc -l)
echo "new-URL proxy: $on_disk files on disk at the end of the runs; stopped (SIGTERM), it" \
    "wrote the rest in $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}') s:" \
    "$files of $((REPS * N / 20)) on disk"
[[ $files == $((REPS * N / 20)) ]] || die "recordings missing in $WORK/rec_new"
