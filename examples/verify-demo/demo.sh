#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# demo.sh: `honest verify` against a provider on loopback. The fixtures were
# recorded from version 1 of the provider's API; verified against version 1
# they are aligned (exit 0), against version 2 the report names each drift
# (exit 1). Fails if either run says anything else.
#
# usage: demo.sh PATH/TO/honest PATH/TO/verify_demo_provider
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 PATH/TO/honest PATH/TO/verify_demo_provider" >&2
    exit 2
fi
honest=$(realpath "$1")
provider=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)

# Verify on a copy of the fixtures: honest verify keeps its last-verified
# state (.honest-verified.json) beside them, and the committed files stay
# as they are.
work=$(mktemp -d "${TMPDIR:-/tmp}/honest-verify-demo.XXXXXX")
cp -R "$here/fixtures" "$work/fixtures"

provider_pid=
stop_provider() {
    if [ -n "$provider_pid" ]; then
        kill -TERM "$provider_pid" 2>/dev/null || true
        wait "$provider_pid" 2>/dev/null || true
        provider_pid=
    fi
}
trap 'stop_provider; rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_provider VERSION: starts the provider as a coprocess (its stdin is a
# pipe from this script, so it stops even if this script is killed) and
# points the fixtures' ${DEMO_API} placeholder at its base URL.
start_provider() {
    coproc PROVIDER { exec "$provider" --version "$1"; }
    provider_pid=$PROVIDER_PID
    if ! read -r -t 10 DEMO_API <&"${PROVIDER[0]}"; then
        echo "demo: FAILED: the provider printed no URL" >&2
        exit 1
    fi
    export DEMO_API
    echo "provider: API version $1 at DEMO_API=$DEMO_API"
}

fail() {
    echo "demo: FAILED: $*" >&2
    exit 1
}

# verify NAME STATUS: runs honest verify on the copy, shows what it printed
# (kept in $work/NAME.txt), and fails unless it exited with STATUS.
verify() {
    local status=0
    echo "\$ honest verify fixtures"
    (cd "$work" && "$honest" verify fixtures) >"$work/$1.txt" 2>&1 || status=$?
    cat "$work/$1.txt"
    [ "$status" -eq "$2" ] || fail "honest verify exited $status, expected $2"
}

# says NAME REGEX WHAT: fails unless the report of run NAME has a line
# matching REGEX (extended).
says() {
    grep -Eq -- "$2" "$work/$1.txt" || fail "the report does not show $3"
}

echo "== 1. the provider serves version 1, as recorded: every fixture aligned"
start_provider 1
verify v1 0
says v1 '^honest verify: 3 fixtures in .*: 3 aligned, 0 drifted$' "3 aligned fixtures"
says v1 '^exit 0: no drift$' "why it exits 0"
stop_provider

echo
echo "== 2. the provider serves version 2: drift is reported, exit 1"
start_provider 2
verify v2 1
says v2 '^drifted +[0-9]+d +1\+1w +shop\.user ' \
    "shop.user drifted with 1 difference and 1 warning (the added field)"
says v2 '^drifted +[0-9]+d +1 +shop\.order ' "shop.order drifted with 1 difference"
says v2 '^aligned .* shop\.health ' "shop.health aligned (its uptime differs, its shape does not)"
says v2 '^  added +\$\.response\.body\.avatar_url: string "https://cdn\.example\.org/u/42\.png" \[warning\]$' \
    "the added field \$.response.body.avatar_url, a warning"
says v2 '^  removed +\$\.response\.body\.plan: string "pro"$' \
    "the removed field \$.response.body.plan"
says v2 '^  type_changed +\$\.response\.body\.total: number 19\.99 -> string "19\.99"$' \
    "the number sent as a string at \$.response.body.total"
diffs=$(grep -Ec '^  (added|removed|type_changed|value_changed|status_changed|header_changed) ' \
    "$work/v2.txt" || true)
[ "$diffs" -eq 3 ] || fail "3 differences expected, the report lists $diffs"
says v2 '^exit 1: 2 drifted fixtures, more than --max-drift 0$' "why it exits 1"
stop_provider

# Without --update, verify writes only its state, never a fixture.
diff -r -x .honest-verified.json "$here/fixtures" "$work/fixtures" >/dev/null ||
    fail "honest verify changed a fixture"
[ -f "$work/fixtures/.honest-verified.json" ] || fail "no last-verified state was written"

echo
echo "demo: ok: version 1 aligned (exit 0); version 2 reported as drift (exit 1): avatar_url added, plan removed, total retyped; no fixture changed"
