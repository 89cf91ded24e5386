#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: the JSON differ benchmark of issue 4: `honest diff` against Python's
# DeepDiff on the same generated documents (about 10 KB, 1 MB and 10 MB;
# ordered and unordered arrays), in one run. Prints MB/s and ratios.
#
# Usage: bench/diff/run.sh [bench.py options, e.g. --sizes 10k,1m --json FILE]
# Environment (all optional):
#   HN_BUILD_DIR  an existing Release build holding libhonest.a and the honest
#                 tool; default: a Release build made in /tmp/honest-bench-diff-build
#   BENCH_WORK    where documents and the engine driver go (/tmp/honest-bench-diff)
#   CC            compiler for the engine driver (gcc)
# Exit status: 0 when every run ran and both tools agreed on equal/different;
# 1 otherwise. Whether honest meets its target is printed, not an exit status.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${BENCH_WORK:-/tmp/honest-bench-diff}
CC=${CC:-gcc}
PY=/usr/bin/python3 # Debian's python3, where python3-deepdiff is installed

die() {
    printf 'run.sh: error: %s\n' "$*" >&2
    exit 1
}
note() { printf '== %s\n' "$*" >&2; }

mkdir -p "$WORK"
"$PY" -c 'import deepdiff' 2>/dev/null ||
    die "Python's deepdiff is missing (apt-get install -y python3-deepdiff)"

if [[ -n ${HN_BUILD_DIR:-} ]]; then
    [[ -f $HN_BUILD_DIR/libhonest.a && -x $HN_BUILD_DIR/honest ]] ||
        die "HN_BUILD_DIR=$HN_BUILD_DIR lacks libhonest.a or the honest tool"
    type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$HN_BUILD_DIR/CMakeCache.txt" 2>/dev/null || true)
    [[ $type == Release ]] || note "warning: $HN_BUILD_DIR is a '${type:-default}' build, not Release"
else
    HN_BUILD_DIR=/tmp/honest-bench-diff-build
    note "building honest (Release) in $HN_BUILD_DIR"
    cmake -S "$ROOT" -B "$HN_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release \
        -DHN_BUILD_EXAMPLES=OFF -DHN_BUILD_SELFTEST=OFF -DBUILD_TESTING=OFF \
        >"$WORK/configure.log" 2>&1 || die "configuring failed; see $WORK/configure.log"
    cmake --build "$HN_BUILD_DIR" --target honest honest_tool -j2 >"$WORK/build.log" 2>&1 ||
        die "building failed; see $WORK/build.log"
fi

req=$(sed -n 's/^Requires.private: *//p' "$ROOT/cmake/honest.pc.in" | tr ',' ' ')
priv=$(sed -n 's/^Libs.private: *//p' "$ROOT/cmake/honest.pc.in")
# shellcheck disable=SC2086
"$CC" -O2 -I"$ROOT/include" "$HERE/engine.c" "$HN_BUILD_DIR/libhonest.a" \
    $(pkg-config --libs $req) $priv -o "$WORK/engine" || die "building the engine driver failed"

exec "$PY" "$HERE/bench.py" --honest "$HN_BUILD_DIR/honest" --engine "$WORK/engine" \
    --work "$WORK" "$@"
