#!/bin/sh
# SPDX-License-Identifier: MIT
# house_breach.sh: house_check.py must fail on a copy of framework/ with each
# kind of breach planted (an include from a floor above, a private header of
# another folder, a folder LAYERS does not name, a file over 600 lines).
# Usage: house_breach.sh CHECKER FRAMEWORK_DIR
set -u
checker=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
plant() { # plant NAME EXPECTED-TEXT COMMAND...
    name=$1 want=$2; shift 2
    rm -rf "$tmp/fw" && cp -R "$src" "$tmp/fw" || exit 1
    (cd "$tmp/fw" && "$@") || { echo "FAIL $name: could not plant"; fails=1; return; }
    out=$(python3 "$checker" "$tmp/fw"); rc=$?
    if [ $rc -ne 1 ] || ! printf '%s' "$out" | grep -qF "$want"; then
        echo "FAIL $name: exit $rc, output:"; printf '%s\n' "$out"; fails=1
    else
        echo "ok $name"
    fi
}
plant upward 'base may not use runner' sh -c 'echo "#include \"runner/options.h\"" >> base/buf.c'
plant private 'a private header of diff' sh -c 'echo "#include \"diff/diff_impl.h\"" >> tool/cmd_diff.c'
plant parent 'framework headers are named FOLDER/FILE.h' sh -c 'echo "#include \"../core/context.h\"" >> http/http.c'
plant unlisted 'folder not listed in framework/LAYERS' sh -c 'mkdir extra && touch extra/x.c'
plant long 'past the limit of 600' sh -c 'seq 1 700 | sed "s|.*|/* & */|" >> json/json_path.c'
out=$(python3 "$checker" "$src"); rc=$?
[ $rc -eq 0 ] && echo "ok tree: $out" || { echo "FAIL tree: $out"; fails=1; }
exit $fails
