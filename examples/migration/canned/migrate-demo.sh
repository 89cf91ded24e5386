#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# migrate-demo.sh: a legacy suite whose double answers with JSON typed by
# hand (legacy_test.c, and an older cmocka suite's will_return in
# legacy_cmocka_test.c), moved to fixtures and checked against the live API:
#   1. honest audit shows the suite's green rests on hand-written data;
#   2. honest migrate writes that data as fixtures marked hand-written, with
#      the request each stands for, and prints the patch to the test;
#   3. honest verify, against the API on loopback as it is today (version 2
#      of examples/verify-demo's provider), shows how far the typed data had
#      drifted: "plan" is gone, and user 7 never existed.
# Fails unless each step says so. A step of run-examples and the ctest
# example.migrate_demo.
#
# usage: migrate-demo.sh PATH/TO/honest PATH/TO/verify_demo_provider PATH/TO/legacy-binary
#                        PATH/TO/legacy-cmocka-binary
set -euo pipefail

if [ $# -ne 4 ]; then
    echo "usage: $0 PATH/TO/honest PATH/TO/verify_demo_provider PATH/TO/legacy-binary PATH/TO/legacy-cmocka-binary" >&2
    exit 2
fi
honest=$(realpath "$1")
provider=$(realpath "$2")
legacy=$(realpath "$3")
legacy_cmocka=$(realpath "$4")
work=$(mktemp -d "${TMPDIR:-/tmp}/honest-migrate-demo.XXXXXX")
provider_pid=
cleanup() {
    [ -n "$provider_pid" ] && { kill -TERM "$provider_pid" 2>/dev/null || true; wait "$provider_pid" 2>/dev/null || true; }
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "migrate-demo: FAILED: $*" >&2
    exit 1
}
# run NAME STATUS CMD...: runs CMD in $work, shows its output, kept in NAME.txt.
run() {
    local name=$1 want=$2 status=0
    shift 2
    echo "\$ honest ${*:2}"
    (cd "$work" && "$@") >"$work/$name.txt" 2>&1 || status=$?
    cat "$work/$name.txt"
    [ "$status" -eq "$want" ] || fail "exit status $status, expected $want"
}
says() {
    grep -Eq -- "$2" "$work/$1.txt" || fail "$1 does not show $3"
}

echo "== 1. what the green rests on"
run audit 0 "$honest" audit "$legacy" "$legacy_cmocka"
says audit '^  users_fetch \[stub\] HN_DOUBLE, 2 tests, .*: boundary \(answers with a JSON payload\), hand-written canned data at .*legacy_test.c:[0-9]+$' \
    "users_fetch as a boundary answered with hand-written canned data"
says audit '^  users_fetch \[mock\] cmocka, 1 test, .*: boundary \(answers with a JSON payload\), hand-written canned data at .*legacy_cmocka_test.c:[0-9]+$' \
    "the cmocka mock answered with JSON typed into will_return"
says audit '^fixture-backed boundary doubles: 0 of 2 \(0%\)$' "the ratio"

echo
echo "== 2. the typed JSON becomes fixtures marked hand-written"
run migrate 0 "$honest" migrate "$legacy" "$legacy_cmocka" --endpoint 'users_fetch=GET ${USERS_API}/v1/users/{1}' \
    --fixtures fixtures
says migrate '^users_fetch \(HN_RETURNS at .*\): GET \$\{USERS_API\}/v1/users/42$' "the request of user 42"
says migrate '^\+    HN_RETURNS_FIXTURE\(users_fetch, ".*fixtures/users_fetch_1\.json"\);$' "the patch"
says migrate '^\+    will_return\(users_fetch, HN_FIXTURE_BODY\(".*fixtures/users_fetch_3\.json"\)\);$' \
    "the patch to will_return"
grep -q '"url": "${USERS_API}/v1/users/42"' "$work/fixtures/users_fetch_3.json" ||
    fail "the cmocka data's fixture does not ask for user 42 (the id check_expected saw)"
grep -q '"origin": "hand-written"' "$work/fixtures/users_fetch_1.json" ||
    fail "the fixture does not say it is hand-written"

echo
echo "== 3. the live API today: how far the typed data had drifted"
coproc PROVIDER { exec "$provider" --version 2; }
provider_pid=$PROVIDER_PID
read -r -t 10 USERS_API <&"${PROVIDER[0]}" || fail "the provider printed no URL"
export USERS_API
run verify 1 "$honest" verify fixtures
says verify '^  removed +\$\.response\.body\.plan: string "pro"$' "the removed field plan"
says verify '^  status_changed +\$\.response\.status: number 200 -> number 404$' "user 7, who does not exist"
says verify '^exit 1: 3 drifted fixtures' "why it exits 1"

echo
echo "migrate-demo: ok: audit found the typed data, migrate wrote it as hand-written fixtures, verify showed the drift"
