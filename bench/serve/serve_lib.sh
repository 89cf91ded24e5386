# SPDX-License-Identifier: MIT
# serve_lib.sh: what run.sh and proxy_ab.sh share, sourced by both after
# bench/common.sh: the floor and load programs built into $WORK, the servers
# they start (killed on exit), and the two floors started (FLOOR, SLOW: their
# base URLs; SLOW answers after SLOW_US microseconds), and cpu_us.

CC=${CC:-gcc}
"$CC" -O2 -std=gnu11 "$HERE/floor.c" -o "$WORK/floor" -lmicrohttpd
"$CC" -O2 -std=gnu11 "$HERE/load.c" -o "$WORK/load" -lcurl

# cpu_us PID: the process's CPU time so far (user + system, all its threads,
# those ended too), in microseconds (clock ticks: 10 ms steps).
cpu_us() {
    awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) * 1000000 / hz}' "/proc/$1/stat"
}

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# start NAME CMD...: runs CMD in the background, sets BASE from its first
# line and PID.
start() {
    local name=$1
    shift
    rm -f "$WORK/$name.out"
    "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
    PID=$!
    PIDS+=("$PID")
    for _ in $(seq 100); do [[ -s $WORK/$name.out ]] && break; sleep 0.05; done
    BASE=$(awk '{print $NF; exit}' "$WORK/$name.out")
    [[ $BASE == http* ]] || die "$name did not start; see $WORK/$name.err"
}

# The floors read stdin until it closes: keep a pipe open for each.
start_floors() {
    exec 3> >(exec "$WORK/floor" >"$WORK/floor.out")
    PIDS+=($!)
    exec 4> >(exec "$WORK/floor" --delay-us "$SLOW_US" >"$WORK/floor_slow.out")
    PIDS+=($!)
    for _ in $(seq 100); do
        [[ -s $WORK/floor.out && -s $WORK/floor_slow.out ]] && break
        sleep 0.05
    done
    FLOOR=$(awk '{print $NF; exit}' "$WORK/floor.out")
    SLOW=$(awk '{print $NF; exit}' "$WORK/floor_slow.out")
}
