#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: the verify benchmark of issue 5: `honest verify` over 1,000 and
# 5,000 fixtures against a loopback provider, beside `curl --parallel`
# fetching the same URLs, in one run (bench.py prints the figures).
#
# Usage: bench/verify/run.sh
# Environment (all optional):
#   HN_BUILD_DIR  a build of this repository holding the `honest` tool and the
#                 selftest provider; default: a Release build made in
#                 /tmp/honest-bench-verify-build
#   BENCH_WORK    where fixtures and reports go (/tmp/honest-bench-verify)
#   SIZES         fixture counts ("1000,5000")
#   REPS          runs of each, alternating; medians are reported (5)
#   CONCURRENCY   requests in flight, the same for both (8)
# Needs curl (Debian's) and GNU time (/usr/bin/time, Debian package `time`).
# Exit status: 0 when every honest run reported every fixture aligned and every
# curl run fetched every URL; 1 otherwise.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${BENCH_WORK:-/tmp/honest-bench-verify}

command -v curl >/dev/null || { echo "run.sh: curl is needed" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "run.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 1; }

BUILD=${HN_BUILD_DIR:-}
if [[ -z $BUILD ]]; then
    BUILD=/tmp/honest-bench-verify-build
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DHN_BUILD_EXAMPLES=OFF >/dev/null
    cmake --build "$BUILD" -j2 --target honest_tool hn_st_verify_provider >/dev/null
fi
PROVIDER=$(find "$BUILD/selftest/verify" -maxdepth 1 -name hn_st_verify_provider -type f | head -1)
[[ -x $BUILD/honest && -x $PROVIDER ]] || { echo "run.sh: no honest tool or provider in $BUILD" >&2; exit 1; }

echo "system: $(uname -sr), $(curl --version | head -1 | cut -d' ' -f1-2)"
exec python3 "$HERE/bench.py" --honest "$BUILD/honest" --provider "$PROVIDER" \
    --work "$WORK" --sizes "${SIZES:-1000,5000}" --reps "${REPS:-5}" \
    --concurrency "${CONCURRENCY:-8}" --json "$WORK/figures.json"
