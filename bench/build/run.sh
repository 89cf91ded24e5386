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
#   FRAMEWORKS    which of them to build ("honest cmocka check criterion");
#                 cmocka, the base of the ratios, is always built
#   FFF_H         path of the whole upstream fff.h (fff is not packaged by
#                 Debian and not shipped here). With it, files of DBL_SIZES
#                 tests that each double a two-parameter function are also
#                 measured: HN_DOUBLE against fff's FAKE_VALUE_FUNC with cmocka
#                 as its runner (bench/build/gen_doubles.py); without it that
#                 part is skipped with a note
#   DBL_SIZES     test counts of the doubles' files ("100")
#   HN_BEFORE_SRC, HN_BEFORE_BUILD   a source tree of another version of honest
#                 (git archive of a commit) and a build of it holding
#                 libhonest.a: measured too, as the row honest-before, in the
#                 same paired rounds (before and after a change in one run)
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
FRAMEWORKS_WANTED=${FRAMEWORKS:-"honest cmocka check criterion"}
DBL_SIZES=${DBL_SIZES:-100}

for h in /usr/include/cmocka.h /usr/include/check.h /usr/include/criterion/criterion.h; do
    [[ -f $h ]] || die "$h is missing (apt-get install -y libcmocka-dev check libcriterion-dev)"
done
mkdir -p "$WORK"
build_honest /tmp/honest-bench-build honest

# One line per framework: name, extra compile flags, link flags.
FRAMEWORKS=$WORK/frameworks.tsv
wanted() { [[ $1 == cmocka || " $FRAMEWORKS_WANTED " == *" $1 "* ]]; }
BEFORE=
if [[ -n ${HN_BEFORE_SRC:-} || -n ${HN_BEFORE_BUILD:-} ]]; then
    [[ -f ${HN_BEFORE_SRC:-}/include/honest.h ]] || die "HN_BEFORE_SRC has no include/honest.h"
    [[ -f ${HN_BEFORE_BUILD:-}/libhonest.a ]] || die "HN_BEFORE_BUILD has no libhonest.a"
    BEFORE=1
fi
FWS=()
for fw in honest cmocka check criterion; do
    wanted "$fw" && FWS+=("$fw")
done
{
    if wanted honest; then
        printf 'honest\t-I%s\t%s %s\n' "$ROOT/include" "$HN_BUILD_DIR/libhonest.a" "$(honest_link_libs)"
    fi
    if [[ -n $BEFORE ]]; then
        printf 'honest-before\t-I%s\t%s %s\n' "$HN_BEFORE_SRC/include" \
            "$HN_BEFORE_BUILD/libhonest.a" "$(honest_link_libs)"
    fi
    printf 'cmocka\t\t-lcmocka\n'
    if wanted check; then
        printf 'check\t%s\t%s\n' "$(pkg-config --cflags check)" "$(pkg-config --libs check)"
    fi
    if wanted criterion; then
        printf 'criterion\t\t-lcriterion\n'
    fi
} >"$FRAMEWORKS"

for n in $SIZES; do
    for fw in "${FWS[@]}"; do
        rm -rf "${WORK:?}/$n/$fw"
        python3 "$ROOT/bench/runner/gen.py" "$fw" "$n" "$WORK/$n/$fw" || die "generating $fw $n failed"
    done
    if [[ -n $BEFORE ]]; then
        rm -rf "${WORK:?}/$n/honest-before"
        python3 "$ROOT/bench/runner/gen.py" honest "$n" "$WORK/$n/honest-before" ||
            die "generating honest-before $n failed"
    fi
done

# The doubles' files: honest links each doubled function through the link
# seam (link.rsp: -Wl,--wrap=FN), fff's fakes are the definitions.
DBL_ARGS=()
if [[ -n ${FFF_H:-} ]]; then
    [[ -f $FFF_H ]] || die "FFF_H=$FFF_H does not exist"
    grep -q 'define FAKE_VALUE_FUNC' "$FFF_H" || die "FFF_H=$FFF_H does not look like fff.h"
    DBL_FRAMEWORKS=$WORK/dbl-frameworks.tsv
    : >"$DBL_FRAMEWORKS"
    for n in $DBL_SIZES; do
        for fw in honest fff ${BEFORE:+honest-before}; do
            rm -rf "${WORK:?}/dbl-$n/$fw"
            python3 "$HERE/gen_doubles.py" "${fw%-before}" "$n" "$WORK/dbl-$n/$fw" ||
                die "generating doubles $fw $n failed"
        done
    done
    # {dir}: the directory of the size being built (bench.py puts it in).
    printf 'honest\t-I%s\t@{dir}/link.rsp %s %s\n' "$ROOT/include" "$HN_BUILD_DIR/libhonest.a" \
        "$(honest_link_libs)" >>"$DBL_FRAMEWORKS"
    if [[ -n $BEFORE ]]; then
        printf 'honest-before\t-I%s\t@{dir}/link.rsp %s %s\n' "$HN_BEFORE_SRC/include" \
            "$HN_BEFORE_BUILD/libhonest.a" "$(honest_link_libs)" >>"$DBL_FRAMEWORKS"
    fi
    printf 'fff\t-I%s\t-lcmocka\n' "$(dirname "$FFF_H")" >>"$DBL_FRAMEWORKS"
    DBL_ARGS=(--dbl-frameworks "$DBL_FRAMEWORKS" --dbl-sizes "${DBL_SIZES// /,}")
    printf 'fff.h: %s (%s bytes, %s lines)\n' "$FFF_H" "$(wc -c <"$FFF_H")" "$(wc -l <"$FFF_H")"
else
    note "FFF_H is not set: the doubles' files (HN_DOUBLE against fff) are not measured"
fi

printf 'compiler: %s; CFLAGS: %s\n' "$($CC --version | head -1)" "$CFLAGS"
printf 'versions: cmocka %s, Check %s, Criterion %s, honest %s\n' \
    "$(dpkg-query -W -f='${Version}' libcmocka-dev 2>/dev/null || echo '?')" \
    "$(dpkg-query -W -f='${Version}' check 2>/dev/null || echo '?')" \
    "$(dpkg-query -W -f='${Version}' libcriterion-dev 2>/dev/null || echo '?')" \
    "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- include framework 2>/dev/null || echo +dirty)"
[[ -z $BEFORE ]] || printf 'honest-before: %s (built in %s)\n' "$HN_BEFORE_SRC" "$HN_BEFORE_BUILD"
# shellcheck disable=SC2086
exec python3 "$HERE/bench.py" --work "$WORK" --frameworks "$FRAMEWORKS" --sizes "${SIZES// /,}" \
    --reps "$REPS" --cc "$CC" --cflags "$CFLAGS" --json "$WORK/figures.json" "${DBL_ARGS[@]}"
