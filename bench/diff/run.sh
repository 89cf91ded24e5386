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
# Exit status: 0 when every run ran and found the pair different (both tools);
# 1 otherwise. Whether honest meets its target is printed, not an exit status.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=SCRIPTDIR/../common.sh
. "$HERE/../common.sh"
WORK=${BENCH_WORK:-/tmp/honest-bench-diff}
CC=${CC:-gcc}
PY=/usr/bin/python3 # Debian's python3, where python3-deepdiff is installed

mkdir -p "$WORK"
"$PY" -c 'import deepdiff' 2>/dev/null ||
    die "Python's deepdiff is missing (apt-get install -y python3-deepdiff)"

build_honest /tmp/honest-bench-diff-build honest honest_tool
# shellcheck disable=SC2046
"$CC" -O2 -I"$ROOT/include" "$HERE/engine.c" "$HN_BUILD_DIR/libhonest.a" \
    $(honest_link_libs) -o "$WORK/engine" || die "building the engine driver failed"

exec "$PY" "$HERE/bench.py" --honest "$HN_BUILD_DIR/honest" --engine "$WORK/engine" \
    --work "$WORK" "$@"
