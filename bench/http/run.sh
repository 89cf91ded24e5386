#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: the HTTP transport double's benchmark, in two parts.
# 1. Transfers: the cost of one libcurl transfer answered by HN_HTTP_FIXTURES
#    (1 and 100 fixtures loaded, and on the multi interface) beside the same
#    transfer against a loopback libmicrohttpd server, in one process. Prints
#    the median per-transfer time (wall and CPU) of each configuration and the
#    ratios, of medians and paired run by run (a run of the program measures
#    every configuration once). Each transfer is checked to answer 200 with
#    the whole body, each run to pass its tests.
# 2. Tests (bench_fork.c): a whole test that makes one transfer answered by a
#    fixture, the same test against a loopback server (server.c, its own
#    process), and a trivial test, each run FORK_N times (--repeat) forked
#    (--jobs=1) and in-process (--no-fork); and the loopback test again in a
#    program built without the fixture test and without honest's HTTP double
#    (loopback_plain: its launcher does not set libcurl up; a program that
#    links libhonest.a before libcurl gets the double, and the set-up, even
#    without HN_HTTP_FIXTURES). In paired
#    rounds: the four one after the other, their order turning each round. Prints wall and
#    CPU time (user + system, children included) per test, and the ratios
#    of each round's pair; the load average at start and end. Every run must
#    pass its FORK_N tests, each of which asserts it received the body.
#
# Usage: bench/http/run.sh
# Environment (all optional):
#   HN_BUILD_DIR  a build of honest to use (libhonest.a is brought up to date);
#                 default: a Release build made in /tmp/honest-bench-http-build
#   BENCH_WORK    where the program, fixtures and results go (/tmp/honest-bench-http)
#   BENCH_N       transfers per measurement (2000)
#   REPS          measurements per configuration; the median is reported (7)
#   ROUNDS        paired rounds of part 2 (7)
#   FORK_N        tests per run in part 2 (300)
# Exit status: 0 when every measurement ran; 1 otherwise.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${BENCH_WORK:-/tmp/honest-bench-http}
REPS=${REPS:-7}
ROUNDS=${ROUNDS:-7}
FORK_N=${FORK_N:-300}
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

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
export BENCH_OUT="$WORK/results.txt" BENCH_FIXTURES="$WORK/fixtures"
: >"$BENCH_OUT"
printf 'machine: %s cores (nproc), %s\n' "$(nproc)" "$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
printf 'load average at start: %s\n' "$LOAD_START"
for r in $(seq 1 "$REPS"); do
  echo "round $r" >>"$BENCH_OUT"
  if ! "$WORK/bench_http" --no-fork --jobs=1 --color=never >"$WORK/run_$r.txt" 2>&1 ||
    ! grep -qx '5 passed, 0 failed, 0 skipped' "$WORK/run_$r.txt"; then
    cat "$WORK/run_$r.txt"
    echo "run $r failed or did not pass its 5 tests" >&2
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
for k in ["fixtures_1", "fixtures_1_multi", "fixtures_100", "loopback_new", "loopback_reuse"]:
    print(f"  {k:16s} {med(k, 0) / 1000:8.1f} {med(k, 1) / 1000:8.1f}")
for b, a in [("loopback_new", "fixtures_1"), ("loopback_reuse", "fixtures_1"),
             ("fixtures_100", "fixtures_1"), ("fixtures_1_multi", "fixtures_1")]:
    print(f"  {b} / {a}: wall {med(b, 0) / med(a, 0):.1f}x, {paired(a, b, 0)}; "
          f"CPU {med(b, 1) / med(a, 1):.1f}x, {paired(a, b, 1)}")
PY

# ---- part 2: whole tests, forked and in-process ------------------------------
LIBS="$BUILD/libhonest.a -lcurl -lcjson -lffi -ldl -lpthread -lrt -lm -rdynamic"
# shellcheck disable=SC2086
"$CC" -O2 -std=gnu11 -I"$ROOT/include" "$HERE/bench_fork.c" -o "$WORK/bench_fork" $LIBS
# Without the fixture test, and with libcurl linked before libhonest.a, so
# that libcurl's own curl_easy_* are the program's: honest's HTTP double
# (and its set-up of libcurl in the launcher) is not linked in at all.
# shellcheck disable=SC2086
"$CC" -O2 -std=gnu11 -DBENCH_NO_FIXTURES -I"$ROOT/include" "$HERE/bench_fork.c" \
  -o "$WORK/bench_nofixtures" -lcurl $LIBS
if nm "$WORK/bench_nofixtures" | grep -q hn__http_double_warm; then
  echo "bench_nofixtures links honest's HTTP double; it must not" >&2
  exit 1
fi
# shellcheck source=SCRIPTDIR/loopback.sh
. "$HERE/loopback.sh"
start_loopback "$WORK/fixtures/one/item.json"

FORK_OUT="$WORK/fork_results.txt"
: >"$FORK_OUT"
# loopback_plain: the loopback test in a program without HN_HTTP_FIXTURES.
kinds=(trivial fixture loopback loopback_plain)
for r in $(seq 1 "$ROUNDS"); do
  for j in 0 1 2 3; do
    kind=${kinds[$(((r + j) % 4))]}
    prog=$WORK/bench_fork test=$kind
    [ "$kind" = loopback_plain ] && prog=$WORK/bench_nofixtures test=loopback
    for mode in forked no-fork; do
      flag=--jobs=1
      [ "$mode" = no-fork ] && flag=--no-fork
      out="$WORK/fork_${kind}_${mode}_$r.txt"
      read -r wall status cpu < <("$WORK/timeit" "$out" -- "$prog" \
        --filter="fork.$test" --repeat="$FORK_N" "$flag" --color=never)
      # The work claimed: every test passed, and each asserts its transfer.
      if [ "$status" != 0 ] || ! grep -q "^$FORK_N passed, 0 failed" "$out"; then
        cat "$out" >&2
        echo "fork.$kind ($mode) round $r did not pass its $FORK_N tests" >&2
        exit 1
      fi
      echo "$r $kind $mode $wall $cpu" >>"$FORK_OUT"
    done
  done
done
# How many forked fixture tests got the launcher's copy of their fixture (the
# first loads it itself): read from the audit of one more run, not timed.
"$WORK/bench_fork" --filter=fork.fixture --repeat="$FORK_N" --jobs=1 --color=never \
  --audit="$WORK/fork_audit.jsonl" >/dev/null 2>&1 || true
echo "forked fixture tests given the launcher's copy of their fixture:" \
  "$(grep -c '"preloaded":true' "$WORK/fork_audit.jsonl" || true) of $FORK_N"
exec 7>&-
echo "load average at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$FORK_OUT" "$ROUNDS" "$FORK_N" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    r, kind, mode, wall, cpu = line.split()
    runs[(int(r), kind, mode)] = (float(wall) / int(sys.argv[3]), float(cpu) / int(sys.argv[3]))
rounds = sorted({k[0] for k in runs})
print(f"Whole tests: {sys.argv[2]} paired rounds of {sys.argv[3]} tests per run; "
      "per test, median (wall and CPU: user + system, children included)")
for mode in ["forked", "no-fork"]:
    for kind in ["trivial", "fixture", "loopback", "loopback_plain"]:
        w = statistics.median(runs[(r, kind, mode)][0] for r in rounds)
        c = statistics.median(runs[(r, kind, mode)][1] for r in rounds)
        print(f"  {mode:8s} {kind:14s} wall {w / 1000:8.1f} us   CPU {c / 1000:8.1f} us")
print("Paired ratios (median, range over rounds):")
for mode in ["forked", "no-fork"]:
    for a, b in [("fixture", "loopback"), ("fixture", "loopback_plain"),
                 ("fixture", "trivial")]:
        for i, what in [(0, "wall"), (1, "CPU")]:
            v = [runs[(r, a, mode)][i] / runs[(r, b, mode)][i] for r in rounds]
            print(f"  {mode:8s} {a}/{b:14s} {what:4s} {statistics.median(v):6.2f} "
                  f"({min(v):.2f} to {max(v):.2f})")
PY
