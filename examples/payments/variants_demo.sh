#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# variants_demo.sh BINARY: runs the payments suite with --variants and checks
# that the run fails with exactly one finding: the amount sent as a string
# ("12.50") is noticed although the test says the client must tolerate it.
set -u
bin=$1
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$bin" --variants --seed=1 --jobs=2 >"$out" 2>&1
status=$?
cat "$out"
fail() { echo "variants_demo: $*" >&2; exit 1; }
[ "$status" -eq 1 ] || fail "expected the run to fail (status 1), got $status"
id='payments.amount_is_read~fixtures/payment_ok.json~number_as_string~$.amount'
grep -qF "variant noticed (expected: tolerate): $id" "$out" ||
  fail "the finding on \$.amount (number_as_string) is not reported"
flagged=$(grep -c ': variant [a-z]*.*: payments\.' "$out")
[ "$flagged" -eq 1 ] || fail "expected 1 finding, got $flagged"
grep -q '; 1 failed the run (seed 1)$' "$out" || fail "the variants line does not count 1 finding"
grep -q '^0 passed, 1 failed, 0 skipped$' "$out" || fail "the closing line is not '0 passed, 1 failed, 0 skipped'"
echo "variants_demo: the finding is reported: --variant='$id'"
