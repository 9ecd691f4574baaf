#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (tree build-fuzz/, clang, ASan+UBSan) and runs each one,
# two at a time (one per core), starting from its seed corpus fuzz/corpus/<target>/.
#   scripts/fuzz.sh [SECONDS]      # each target for SECONDS (default 45): the test step
#   scripts/fuzz.sh --runs N       # each target until N executions: bench/fuzz.sh
# Knobs: FUZZ_TARGETS="http_request jwt" (a subset), FUZZ_JOBS=2.
# Prints one line per target, "fuzz: http_request 1234567 runs, 0 crashes in 45.1s (27374 exec/s)",
# then "fuzz: N passed, N failed in Ss" (a target passes when it ran and found nothing); exits
# non-zero on any crash. The repository is not modified: the seed corpus is only read (new inputs
# go to a scratch directory), and a crashing input is kept under build-fuzz/artifacts/ with the
# end of its log printed. To reproduce one: build-fuzz/fuzz/<target>_fuzzer <input>.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=45
runs=""
case "${1:-}" in
  "") ;;
  --runs) runs=${2:-}; [[ $runs =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS] | --runs N" >&2; exit 2; } ;;
  *) seconds=$1; [[ $seconds =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS] | --runs N" >&2; exit 2; } ;;
esac
targets=(${FUZZ_TARGETS:-http_request face_json jwt text_validators schemes_request})
jobs=${FUZZ_JOBS:-2}

scripts/build.sh fuzz || { echo "fuzz: the build failed"; exit 1; }

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
symbolizer=/usr/lib/llvm-16/bin/llvm-symbolizer  # package llvm-16, optional: names in traces
[[ -x $symbolizer ]] && export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$symbolizer}

work=$(mktemp -d /tmp/tandem-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
artifacts=$root/build-fuzz/artifacts
mkdir -p "$artifacts"

# The largest input each target may try: the HTTP seeds include a 70 KB trailer (issue 8); the
# text checks read short values (dates, UUIDs, addresses, path segments); the schemes bodies need
# room for a client's nested actions and filters (the tight limits of its fuzzer reach the bounds).
max_len() {
  case $1 in
    http_request) echo 81920 ;;
    face_json | schemes_request) echo 8192 ;;
    text_validators) echo 1024 ;;
    *) echo 4096 ;;
  esac
}

# Runs one target and writes its summary line to $work/<target>.result.
run_target() {
  local target=$1 log=$work/$1.log start end elapsed status executed crashes rate
  local budget=(-max_total_time="$seconds")
  [[ -n $runs ]] && budget=(-runs="$runs")
  local dict=()
  [[ -f fuzz/dictionaries/$target.dict ]] && dict=(-dict="fuzz/dictionaries/$target.dict")
  mkdir -p "$work/new-$target"
  start=$(date +%s.%N)
  build-fuzz/fuzz/"${target}"_fuzzer "${budget[@]}" "${dict[@]}" -max_len="$(max_len "$target")" \
    -timeout=25 -print_final_stats=1 -artifact_prefix="$artifacts/$target-" \
    "$work/new-$target" "fuzz/corpus/$target" >"$log" 2>&1
  status=$?
  end=$(date +%s.%N)
  elapsed=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  executed=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -1)
  [[ -n $executed ]] || executed=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  executed=${executed:-0}
  crashes=$(grep -cE '^artifact_prefix=.*Test unit written to' "$log")
  ((status == 0 || crashes > 0)) || crashes=1  # it died without saying why: count it
  rate=$(awk -v n="$executed" -v s="$elapsed" 'BEGIN { r = s > 0 ? n / s : 0; printf "%d", r }')
  echo "fuzz: $target $executed runs, $crashes crashes in ${elapsed}s ($rate exec/s)" \
    >"$work/$target.result"
}

started=$(date +%s)
running=0
for target in "${targets[@]}"; do
  if [[ ! -x build-fuzz/fuzz/${target}_fuzzer ]]; then
    echo "fuzz: $target 0 runs, 1 crashes in 0.0s (0 exec/s) (no such target)" >"$work/$target.result"
    continue
  fi
  run_target "$target" &
  running=$((running + 1))
  if ((running >= jobs)); then
    wait -n
    running=$((running - 1))
  fi
done
wait

passed=0
failed=0
for target in "${targets[@]}"; do
  line=$(cat "$work/$target.result")
  echo "$line"
  if [[ $line == *" 0 crashes "* ]]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "--- $target: what broke, and the end of its libFuzzer log"
    grep -m 6 -E "fuzz invariant broken|ERROR:|runtime error|SUMMARY:" "$work/$target.log"
    grep -v -E "^ +#[0-9]+ 0x" "$work/$target.log" | tail -n 12
  fi
done
echo "fuzz: $passed passed, $failed failed in $(($(date +%s) - started))s"
((failed == 0))
