# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# common.sh: what the benchmark scripts share, sourced by bench/*/run.sh:
# messages, a Release build of honest, and the link line of libhonest.a.
#
# Sourcing it sets ROOT (the repository) and defines die, note, build_honest
# and honest_link_libs. The caller runs under `set -euo pipefail` and sets
# WORK (where build logs go) before calling build_honest.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

die() {
    printf 'run.sh: error: %s\n' "$*" >&2
    exit 1
}
note() { printf '== %s\n' "$*" >&2; }

# What a CMake target of honest leaves in its build directory.
honest_artifact() {
    case $1 in
    honest) echo libhonest.a ;;
    honest_tool) echo honest ;;
    *) die "build_honest: unknown target $1" ;;
    esac
}

# build_honest DEFAULT_DIR TARGET...: sets HN_BUILD_DIR to a build of honest
# holding the TARGETs (honest: libhonest.a; honest_tool: the honest tool).
# An HN_BUILD_DIR set by the user is used as it is: it must hold them, and a
# build that is not Release or has sanitizers is used with a warning.
# Otherwise a Release build without selftests and examples is made (or
# brought up to date) in DEFAULT_DIR, its logs in $WORK.
build_honest() {
    local default=$1 target type
    shift
    if [[ -n ${HN_BUILD_DIR:-} ]]; then
        for target in "$@"; do
            [[ -e $HN_BUILD_DIR/$(honest_artifact "$target") ]] ||
                die "HN_BUILD_DIR=$HN_BUILD_DIR has no $(honest_artifact "$target"); build the target $target there first"
        done
        type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$HN_BUILD_DIR/CMakeCache.txt" 2>/dev/null || true)
        [[ $type == Release ]] || note "warning: $HN_BUILD_DIR is a '${type:-default}' build, not Release"
        if grep -q '^HN_SANITIZE:[A-Z]*=.\+' "$HN_BUILD_DIR/CMakeCache.txt" 2>/dev/null; then
            note "warning: $HN_BUILD_DIR is built with sanitizers; its figures mean little"
        fi
        return
    fi
    HN_BUILD_DIR=$default
    note "building honest (Release) in $HN_BUILD_DIR"
    cmake -S "$ROOT" -B "$HN_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release \
        -DHN_BUILD_EXAMPLES=OFF -DHN_BUILD_SELFTEST=OFF -DBUILD_TESTING=OFF \
        >"$WORK/honest-configure.log" 2>&1 ||
        die "configuring honest failed; see $WORK/honest-configure.log"
    cmake --build "$HN_BUILD_DIR" --target "$@" -j2 >"$WORK/honest-build.log" 2>&1 ||
        die "building honest failed; see $WORK/honest-build.log"
}

# What a program linked with libhonest.a needs, read from honest's own
# pkg-config template so that the list follows the library.
honest_link_libs() {
    local req priv
    req=$(sed -n 's/^Requires.private: *//p' "$ROOT/cmake/honest.pc.in" | tr ',' ' ')
    priv=$(sed -n 's/^Libs.private: *//p' "$ROOT/cmake/honest.pc.in")
    # shellcheck disable=SC2086
    echo "$(pkg-config --libs $req) $priv"
}
