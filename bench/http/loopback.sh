# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# loopback.sh: sourced by run.sh and compare.sh: builds the loopback server
# (server.c) and bench/runner/timeit.c into $WORK, starts the server on an
# ephemeral port for as long as the sourcing script runs (it lives until its
# standard input, descriptor 7 of the script, closes) and exports its base
# URL as BENCH_LOOPBACK_URL and BENCH_FIXTURE as the fixture given.
#
# Usage: start_loopback FIXTURE   (with HERE, ROOT, WORK and CC set)
start_loopback() {
    "$CC" -O2 -std=gnu11 "$HERE/server.c" -o "$WORK/server" -lmicrohttpd
    "$CC" -O2 -std=gnu11 "$ROOT/bench/runner/timeit.c" -o "$WORK/timeit"
    exec 7> >(exec "$WORK/server" >"$WORK/server_url.txt")
    for _ in $(seq 1 50); do [ -s "$WORK/server_url.txt" ] && break; sleep 0.1; done
    export BENCH_LOOPBACK_URL BENCH_FIXTURE="$1"
    BENCH_LOOPBACK_URL=$(cat "$WORK/server_url.txt")
    [ -n "$BENCH_LOOPBACK_URL" ] || { echo "the loopback server did not start" >&2; exit 1; }
}
