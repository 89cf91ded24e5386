#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz/run.sh: runs each libFuzzer target of a build made with -DHN_FUZZ=ON
# for SECONDS (default 15), from its seed corpus and with its dictionary.
# New inputs go to BUILD/fuzz-corpus/<target> (the seeds are only read); a
# crash or a broken invariant stops with the input saved as
# BUILD/fuzz-findings/<target>-crash-*. Usage: fuzz/run.sh BUILD [SECONDS] [TARGET...]
set -euo pipefail
build=${1:?usage: fuzz/run.sh BUILD [SECONDS] [TARGET...]}
seconds=${2:-15}
shift $(( $# < 2 ? $# : 2 ))
here=$(cd "$(dirname "$0")" && pwd)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fixture diff match placeholder redact)
declare -A dict=([fixture]=json [diff]=json [redact]=json [match]=url [placeholder]=placeholder)
mkdir -p "$build/fuzz-findings"
for t in "${targets[@]}"; do
  work="$build/fuzz-corpus/$t"
  log="$build/fuzz-findings/$t.log"
  mkdir -p "$work"
  echo "fuzz $t: ${seconds}s"
  if ! "$build/fuzz/hn_fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -dict="$here/dict/${dict[$t]}.dict" -artifact_prefix="$build/fuzz-findings/$t-" \
      -print_final_stats=1 "$work" "$here/corpus/$t" >"$log" 2>&1; then
    grep -a -v '^#' "$log" | tail -n 40
    echo "fuzz $t: a finding; the input is in $build/fuzz-findings (docs/reliability.md)"
    exit 1
  fi
  grep -a -E '^Done|stat::number_of_executed_units' "$log"
done
