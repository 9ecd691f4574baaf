#!/usr/bin/env bash
# Runs every libFuzzer target of fuzz/ long: until BENCH_FUZZ_RUNS executions each (default
# 10 million, issue 8's target), two at a time, under ASan+UBSan, from the seed corpus.
#   bench/fuzz.sh
#   BENCH_FUZZ_RUNS=1000000 FUZZ_TARGETS="jwt" bench/fuzz.sh
# Prints a markdown table (target, executions, seconds, exec/s, crashes) and keeps it, with the
# commit it measured, in bench/results/fuzz-latest.md. Exits non-zero when a target crashed: its
# input is under build-fuzz/artifacts/ (scripts/fuzz.sh says how to reproduce it).
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${BENCH_FUZZ_RUNS:-10000000}
[[ $RUNS =~ ^[0-9]+$ ]] || { echo "bench-fuzz: BENCH_FUZZ_RUNS must be a whole number" >&2; exit 2; }
mkdir -p "$ROOT/bench/results"
out=$ROOT/bench/results/fuzz-latest.md
log=$(mktemp /tmp/tandem-bench-fuzz.XXXXXX)
trap 'rm -f "$log"' EXIT
grouped() { sed -E ':a; s/([0-9])([0-9]{3})($|,)/\1,\2\3/; ta' <<<"$1"; }  # 1234567 -> 1,234,567

"$ROOT/scripts/fuzz.sh" --runs "$RUNS" | tee "$log" >&2
status=${PIPESTATUS[0]}

{
  echo "fuzz targets until $RUNS executions each, ASan+UBSan, 2 at a time ($(nproc) cores);" \
    "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(
      git -C "$ROOT" diff --quiet 2>/dev/null || echo ' with local changes'), $(date -u +%F)"
  echo
  echo "| target | executions | seconds | exec/s | crashes |"
  echo "|---|--:|--:|--:|--:|"
  # "fuzz: http_request 1234567 runs, 0 crashes in 45.1s (27374 exec/s)"
  sed -nE 's/^fuzz: ([a-z_]+) ([0-9]+) runs, ([0-9]+) crashes in ([0-9.]+)s \(([0-9]+) exec\/s\).*/\1 \2 \4 \5 \3/p' "$log" |
    while read -r target executions seconds rate crashes; do
      printf '| %s | %s | %s | %s | %s |\n' "$target" "$(grouped "$executions")" "$seconds" \
        "$(grouped "$rate")" "$crashes"
    done
} | tee "$out"
exit "$status"
