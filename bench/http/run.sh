#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: the HTTP transport double's benchmark: the cost of one libcurl
# transfer answered by HN_HTTP_FIXTURES (1 and 100 fixtures loaded) beside the
# same transfer against a loopback libmicrohttpd server, in one run. Prints
# the median per-transfer time (wall and CPU) of each configuration and the
# ratios, of medians and paired run by run (a run of the program measures
# every configuration once), with the load average at start and end. Each
# transfer is checked to answer 200 with the whole body, each run to pass
# its 4 tests.
#
# Usage: bench/http/run.sh
# Environment (all optional):
#   HN_BUILD_DIR  a build of honest to use (libhonest.a is brought up to date);
#                 default: a Release build made in /tmp/honest-bench-http-build
#   BENCH_WORK    where the program, fixtures and results go (/tmp/honest-bench-http)
#   BENCH_N       transfers per measurement (2000)
#   REPS          measurements per configuration; the median is reported (7)
# Exit status: 0 when every measurement ran; 1 otherwise.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${BENCH_WORK:-/tmp/honest-bench-http}
REPS=${REPS:-7}
export BENCH_N=${BENCH_N:-2000}
CC=${CC:-gcc}

BUILD=${HN_BUILD_DIR:-/tmp/honest-bench-http-build}
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DHN_BUILD_SELFTEST=OFF \
    -DHN_BUILD_EXAMPLES=OFF >/dev/null
fi
cmake --build "$BUILD" -j2 --target honest >/dev/null

rm -rf "$WORK"
mkdir -p "$WORK/fixtures/one" "$WORK/fixtures/many"
fixture() { # fixture FILE ID
  cat >"$1" <<JSON
{"honest": 1, "name": "items.$2", "recorded_at": "2026-11-02T09:00:00Z", "max_age_days": 3650,
 "request": {"method": "GET", "url": "https://api.example.com/v1/items/$2?lang=en&units=metric",
             "headers": {"Accept": "*/*"}},
 "response": {"status": 200, "headers": {"Content-Type": "application/json"},
              "body": {"id": $2, "name": "widget", "tags": ["a", "b"]}}}
JSON
}
fixture "$WORK/fixtures/one/item.json" 42
for i in $(seq 0 99); do fixture "$(printf '%s/fixtures/many/item_%03d.json' "$WORK" "$i")" "$i"; done
# The bench asks for id 99 (a body as long as item 42's), the last of many/.

"$CC" -O2 -std=gnu11 -I"$ROOT/include" "$HERE/bench_http.c" -o "$WORK/bench_http" \
  "$BUILD/libhonest.a" -lcurl -lcjson -lffi -lmicrohttpd -ldl -lpthread -lrt -lm -rdynamic

export BENCH_OUT="$WORK/results.txt" BENCH_FIXTURES="$WORK/fixtures"
: >"$BENCH_OUT"
printf 'machine: %s cores (nproc), %s\n' "$(nproc)" "$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
printf 'load average at start: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$REPS"); do
  echo "round $r" >>"$BENCH_OUT"
  if ! "$WORK/bench_http" --no-fork --jobs=1 --color=never >"$WORK/run_$r.txt" 2>&1 ||
    ! grep -qx '4 passed, 0 failed, 0 skipped' "$WORK/run_$r.txt"; then
    cat "$WORK/run_$r.txt"
    echo "run $r failed or did not pass its 4 tests" >&2
    exit 1
  fi
done

python3 - "$BENCH_OUT" "$REPS" "$BENCH_N" <<'PY'
import statistics, sys
rounds = []
for line in open(sys.argv[1]):
    f = line.split()
    if f[0] == "round":
        rounds.append({})
    else:
        rounds[-1][f[0]] = (float(f[1]), float(f[2]))
def med(k, i):
    return statistics.median(r[k][i] for r in rounds)
def paired(a, b, i):
    r = [x[b][i] / x[a][i] for x in rounds]
    return f"paired {statistics.median(r):.1f} (rounds {min(r):.1f} to {max(r):.1f})"
print(f"HTTP transport double: medians of {sys.argv[2]} runs of {sys.argv[3]} transfers "
      f"(new easy handle each, except loopback_reuse)")
print(f"  {'':16s} {'wall us':>8s} {'CPU us':>8s}")
for k in ["fixtures_1", "fixtures_100", "loopback_new", "loopback_reuse"]:
    print(f"  {k:16s} {med(k, 0) / 1000:8.1f} {med(k, 1) / 1000:8.1f}")
for b, a in [("loopback_new", "fixtures_1"), ("loopback_reuse", "fixtures_1"),
             ("fixtures_100", "fixtures_1")]:
    print(f"  {b} / {a}: wall {med(b, 0) / med(a, 0):.1f}x, {paired(a, b, 0)}; "
          f"CPU {med(b, 1) / med(a, 1):.1f}x, {paired(a, b, 1)}")
PY
printf 'load average at end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
