#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: the audit benchmark of issue 13: `honest audit` over a suite of
# N tests (each with a stubbed double and canned JSON, so every test writes
# records) against running the suite itself, in paired rounds.
#
# Usage: bench/audit/run.sh
# Environment (all optional):
#   HN_BUILD_DIR  an existing build of honest (libhonest.a and the honest tool);
#                 default: a Release build made in /tmp/honest-bench-build
#   BENCH_WORK    where sources and binaries go (/tmp/honest-bench-audit)
#   N             tests in the suite (10000)
#   REPS          paired rounds (5)
#   CC            compiler (gcc)
# Target: the audit costs at most 1.2 times the run of the suite.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=SCRIPTDIR/../common.sh
. "$HERE/../common.sh"
WORK=${BENCH_WORK:-/tmp/honest-bench-audit}
N=${N:-10000}
REPS=${REPS:-5}
CC=${CC:-gcc}
mkdir -p "$WORK"
build_honest /tmp/honest-bench-build honest honest_tool

note "generating $N tests"
rm -rf "$WORK/src" && python3 "$HERE/gen.py" "$N" "$WORK/src"
note "building the suite"
printf 'PROVIDE(fetch = hn__fwd_fetch);\n' >"$WORK/doubles.ld"
# shellcheck disable=SC2046
"$CC" -O1 -g0 -w -std=gnu11 -I "$ROOT/include" -o "$WORK/suite" "$WORK"/src/*.c \
    -Wl,--wrap=fetch -Wl,-u,fetch -Wl,--export-dynamic "$HN_BUILD_DIR/libhonest.a" \
    $(honest_link_libs) "$WORK/doubles.ld"

printf 'machine: %s, %s cores\n' "$(uname -m)" "$(nproc)"
printf 'command: %s (N=%s REPS=%s)\n' "$0" "$N" "$REPS"
cd "$WORK"
python3 "$HERE/../lib/time_pair.py" "$REPS" suite "$N passed, 0 failed" audit "$N tests" \
    -- ./suite -- "$HN_BUILD_DIR/honest" audit ./suite
