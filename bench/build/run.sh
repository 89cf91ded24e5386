#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: the build benchmark of issue 16: what it costs to compile and link
# N trivial tests (the same bodies as bench/runner: read a volatile int,
# assert it equals a constant) with honest, cmocka, Check and Criterion, in
# one run: compile time, link time (wall and CPU, paired rounds), object
# size (text) and preprocessed size. bench.py does the timing and prints.
#
# Usage: bench/build/run.sh
# Environment (all optional):
#   HN_BUILD_DIR  an existing build of honest (libhonest.a); default: a Release
#                 build of this repository made in /tmp/honest-bench-build
#   BENCH_WORK    where sources, objects and binaries go (/tmp/honest-bench-build-cost)
#   SIZES         test counts ("1000 10000"); sources hold at most 1,000 tests
#                 a file (bench/runner/gen.py), compiled one after the other
#   REPS          paired rounds (3)
#   CC            compiler (gcc); CFLAGS the flags of every framework (-O2 -g0)
# Needs Debian's libcmocka-dev, check and libcriterion-dev.
# Exit status: 0 when every build succeeded and every binary holds (or runs)
# its N tests; 1 otherwise. Ratios are printed, not an exit status.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=SCRIPTDIR/../common.sh
. "$HERE/../common.sh"
WORK=${BENCH_WORK:-/tmp/honest-bench-build-cost}
SIZES=${SIZES:-"1000 10000"}
REPS=${REPS:-3}
CC=${CC:-gcc}
CFLAGS=${CFLAGS:-"-O2 -g0"}

for h in /usr/include/cmocka.h /usr/include/check.h /usr/include/criterion/criterion.h; do
    [[ -f $h ]] || die "$h is missing (apt-get install -y libcmocka-dev check libcriterion-dev)"
done
mkdir -p "$WORK"
build_honest /tmp/honest-bench-build honest

# One line per framework: name, extra compile flags, link flags.
FRAMEWORKS=$WORK/frameworks.tsv
{
    printf 'honest\t-I%s\t%s %s\n' "$ROOT/include" "$HN_BUILD_DIR/libhonest.a" "$(honest_link_libs)"
    printf 'cmocka\t\t-lcmocka\n'
    printf 'check\t%s\t%s\n' "$(pkg-config --cflags check)" "$(pkg-config --libs check)"
    printf 'criterion\t\t-lcriterion\n'
} >"$FRAMEWORKS"

for n in $SIZES; do
    for fw in honest cmocka check criterion; do
        rm -rf "$WORK/$n/$fw"
        python3 "$ROOT/bench/runner/gen.py" "$fw" "$n" "$WORK/$n/$fw" || die "generating $fw $n failed"
    done
done

printf 'compiler: %s; CFLAGS: %s\n' "$($CC --version | head -1)" "$CFLAGS"
printf 'versions: cmocka %s, Check %s, Criterion %s, honest %s\n' \
    "$(dpkg-query -W -f='${Version}' libcmocka-dev 2>/dev/null || echo '?')" \
    "$(dpkg-query -W -f='${Version}' check 2>/dev/null || echo '?')" \
    "$(dpkg-query -W -f='${Version}' libcriterion-dev 2>/dev/null || echo '?')" \
    "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- include framework 2>/dev/null || echo +dirty)"
# shellcheck disable=SC2086
exec python3 "$HERE/bench.py" --work "$WORK" --frameworks "$FRAMEWORKS" --sizes "${SIZES// /,}" \
    --reps "$REPS" --cc "$CC" --cflags "$CFLAGS" --json "$WORK/figures.json"
