#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# compare.sh: part 2 of run.sh (bench_fork.c's trivial, fixture-answered and
# loopback tests, forked, FORK_N a run) for two builds of libhonest.a side
# by side, in paired rounds: each round runs the six (two builds, three
# tests) in an order that turns from round to round. Prints per build the
# median CPU (user + system, children included) and wall time a test, the
# paired ratios fixture/loopback and fixture/trivial, and after/before of
# each test; the page faults a test (getrusage's minor faults of a run of
# FORK_N + 1 tests less a run of 1, over FORK_N, median of 3); the load
# average at start and end. Every run must pass its tests, each of which
# asserts the body it received.
#
# Usage: bench/http/compare.sh BEFORE/libhonest.a AFTER/libhonest.a
# Environment: ROUNDS (9), FORK_N (300), BENCH_WORK (/tmp/honest-bench-compare)
# Exit status: 0 when every run passed; 1 otherwise.
set -euo pipefail
[ $# = 2 ] || { sed -n '2,/^set/p' "$0" | sed 's/^# \{0,1\}//;/^set/d' >&2; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${BENCH_WORK:-/tmp/honest-bench-compare}
ROUNDS=${ROUNDS:-9}
FORK_N=${FORK_N:-300}
CC=${CC:-gcc}
rm -rf "$WORK"
mkdir -p "$WORK"
cat >"$WORK/item.json" <<'JSON'
{"honest": 1, "name": "items.42", "recorded_at": "2026-11-02T09:00:00Z", "max_age_days": 3650,
 "request": {"method": "GET", "url": "https://api.example.com/v1/items/42?lang=en&units=metric",
             "headers": {"Accept": "*/*"}},
 "response": {"status": 200, "headers": {"Content-Type": "application/json"},
              "body": {"id": 42, "name": "widget", "tags": ["a", "b"]}}}
JSON
builds=(before after)
libs=("$1" "$2")
for i in 0 1; do
  "$CC" -O2 -std=gnu11 -I"$ROOT/include" "$HERE/bench_fork.c" -o "$WORK/${builds[$i]}" \
    "${libs[$i]}" -lcurl -lcjson -lffi -ldl -lpthread -lrt -lm -rdynamic
done
# shellcheck source=SCRIPTDIR/loopback.sh
. "$HERE/loopback.sh"
start_loopback "$WORK/item.json"

echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
faults() { # faults PROG TEST: minor faults a test
  local a b
  a=$( { /usr/bin/time -f %R "$1" --filter="fork.$2" --repeat=$((FORK_N + 1)) --jobs=1 \
         --color=never >/dev/null; } 2>&1 | tail -1)
  b=$( { /usr/bin/time -f %R "$1" --filter="fork.$2" --repeat=1 --jobs=1 \
         --color=never >/dev/null; } 2>&1 | tail -1)
  echo "scale=1; ($a - $b) / $FORK_N" | bc
}
OUT="$WORK/results.txt"
: >"$OUT"
for _ in 1 2 3; do
  for b in "${builds[@]}"; do
    for t in trivial fixture loopback; do
      echo "faults $b $t $(faults "$WORK/$b" $t)" >>"$OUT"
    done
  done
done
runs=(before:trivial before:fixture before:loopback after:trivial after:fixture after:loopback)
for r in $(seq 1 "$ROUNDS"); do
  for j in 0 1 2 3 4 5; do
    run=${runs[$(((r * 5 + j) % 6))]}
    b=${run%%:*} t=${run#*:}
    read -r wall status cpu < <("$WORK/timeit" "$WORK/out.txt" -- "$WORK/$b" \
      --filter="fork.$t" --repeat="$FORK_N" --jobs=1 --color=never)
    if [ "$status" != 0 ] || ! grep -q "^$FORK_N passed, 0 failed" "$WORK/out.txt"; then
      cat "$WORK/out.txt" >&2
      echo "$b fork.$t round $r did not pass its $FORK_N tests" >&2
      exit 1
    fi
    echo "time $r $b $t $wall $cpu" >>"$OUT"
  done
done
exec 7>&-
echo "load average at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$OUT" "$FORK_N" "$ROUNDS" <<'PY'
import statistics as st, sys
n = int(sys.argv[2])
t, f = {}, {}
for line in open(sys.argv[1]):
    w = line.split()
    if w[0] == "faults":
        f.setdefault((w[1], w[2]), []).append(float(w[3]))
    else:
        t[(int(w[1]), w[2], w[3])] = (float(w[4]) / n / 1000, float(w[5]) / n / 1000)
rounds = sorted({k[0] for k in t})
print(f"{sys.argv[3]} paired rounds of {n} forked tests a run; per test, median")
print(f"  {'':18s} {'CPU us':>8s} {'wall us':>8s} {'faults':>7s}")
for b in ["before", "after"]:
    for k in ["trivial", "fixture", "loopback"]:
        c = st.median(t[(r, b, k)][1] for r in rounds)
        w = st.median(t[(r, b, k)][0] for r in rounds)
        print(f"  {b:6s} {k:11s} {c:8.1f} {w:8.1f} {st.median(f[(b, k)]):7.1f}")
def ratio(a, b, what):
    v = [t[a(r)][1] / t[b(r)][1] for r in rounds]
    print(f"  {what:34s} {st.median(v):5.2f} ({min(v):.2f} to {max(v):.2f})")
print("Paired CPU ratios, median (range over rounds):")
for b in ["before", "after"]:
    ratio(lambda r: (r, b, "fixture"), lambda r: (r, b, "loopback"), f"{b}: fixture / loopback")
    ratio(lambda r: (r, b, "fixture"), lambda r: (r, b, "trivial"), f"{b}: fixture / trivial")
for k in ["trivial", "fixture", "loopback"]:
    ratio(lambda r: (r, "after", k), lambda r: (r, "before", k), f"after / before: {k}")
PY
