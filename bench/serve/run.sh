#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: the serve benchmark of issue 15: `honest serve` answering one
# fixture beside a minimal libmicrohttpd server returning the same body (the
# floor, floor.c), under the same load (load.c: N keep-alive GETs over 1, 8
# and 64 connections); then `honest proxy` in front of the floor beside
# direct requests, at 1 connection: answering from its recording
# (--record=missing, the steady state) and forwarding every request and
# re-recording it (--record=all). Medians of REPS alternating runs.
#
# Usage: bench/serve/run.sh
# Environment (all optional):
#   HN_BUILD_DIR  a build of honest holding the `honest` tool; default: a
#                 Release build made in /tmp/honest-bench-serve-build
#   BENCH_WORK    where programs, fixtures and logs go (/tmp/honest-bench-serve)
#   BENCH_N       requests per run (5000; the proxy's forwarding runs use N/10)
#   REPS          runs of each configuration, alternating (3)
# Exit status: 0 when every request of every run was answered 200.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=${BENCH_WORK:-/tmp/honest-bench-serve}
N=${BENCH_N:-5000}
REPS=${REPS:-3}
# shellcheck source=../common.sh
source "$HERE/../common.sh"
mkdir -p "$WORK"
build_honest /tmp/honest-bench-serve-build honest_tool
HONEST=$HN_BUILD_DIR/honest
CC=${CC:-gcc}
"$CC" -O2 -std=gnu11 "$HERE/floor.c" -o "$WORK/floor" -lmicrohttpd
"$CC" -O2 -std=gnu11 "$HERE/load.c" -o "$WORK/load" -lcurl

rm -rf "$WORK/fixtures" "$WORK/rec" "$WORK/rec_all"
mkdir -p "$WORK/fixtures"
cat >"$WORK/fixtures/item.json" <<'JSON'
{"honest": 1, "name": "items.get", "recorded_at": "2026-11-20T10:00:00Z", "max_age_days": 3650,
 "request": {"method": "GET", "url": "${API_BASE}/v1/items/42"},
 "response": {"status": 200, "headers": {"Content-Type": "application/json"},
              "body": {"id": 42, "name": "widget", "tags": ["a", "b"]}}}
JSON

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# start NAME CMD...: runs CMD in the background, sets BASE from its first line.
start() {
    local name=$1
    shift
    rm -f "$WORK/$name.out"
    "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
    PIDS+=($!)
    for _ in $(seq 100); do [[ -s $WORK/$name.out ]] && break; sleep 0.05; done
    BASE=$(awk '{print $NF; exit}' "$WORK/$name.out")
    [[ $BASE == http* ]] || die "$name did not start; see $WORK/$name.err"
}

# The floor reads stdin until it closes: keep a pipe open for it.
exec 3> >(exec "$WORK/floor" >"$WORK/floor.out")
PIDS+=($!)
for _ in $(seq 100); do [[ -s $WORK/floor.out ]] && break; sleep 0.05; done
FLOOR=$(awk '{print $NF; exit}' "$WORK/floor.out")
start serve "$HONEST" serve "$WORK/fixtures" --quiet
SERVE=$BASE
start proxy "$HONEST" proxy --upstream "$FLOOR" --fixtures "$WORK/rec" --quiet
PROXY=$BASE
start proxy_all "$HONEST" proxy --upstream "$FLOOR" --fixtures "$WORK/rec_all" \
    --record=all --quiet
PROXY_ALL=$BASE

# median FILE COLUMN
median() { cut -d' ' -f"$2" "$1" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# measure LABEL URL N CONNS: REPS runs appended to $WORK/LABEL.txt
measure() {
    "$WORK/load" "$2" "$3" "$4" >>"$WORK/$1.txt" || die "errors in $1; see $WORK/$1.txt"
}

echo "machine: $(nproc) cores, $(uname -sr), $N requests per run, medians of $REPS runs"
printf '%-34s %8s %8s %8s %8s %7s\n' configuration req/s p50_us p90_us p99_us ratio
rm -f "$WORK"/*.txt
for c in 1 8 64; do
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
"$WORK/load" "$PROXY/v1/items/42" 1 1 >/dev/null # the recording
for _ in $(seq "$REPS"); do
    measure direct "$FLOOR/v1/items/42" "$N" 1
    measure proxy "$PROXY/v1/items/42" "$N" 1
    measure proxy_all "$PROXY_ALL/v1/items/42" $((N / 10)) 1
done
d=$(median "$WORK/direct.txt" 2)
for k in direct proxy proxy_all; do
    p=$(median "$WORK/$k.txt" 2)
    printf '%-34s %8s %8s %8s %8s %7s\n' "$k, 1 connection" "$(median "$WORK/$k.txt" 1)" "$p" \
        "$(median "$WORK/$k.txt" 3)" "$(median "$WORK/$k.txt" 4)" \
        "$(awk -v a="$p" -v b="$d" 'BEGIN {printf "%.2f", a / b}')"
done
echo "(ratio: req/s of serve over the floor; p50 latency over a direct request for the proxy)"
