#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test:
#   1. unit tests (GoogleTest via ctest), PostgreSQL driver tests against a real throwaway cluster
#   2. API tests (pytest against the real binary) on SQLite and on PostgreSQL, in parallel
#   3. the ASan+UBSan build: unit tests and the SQLite API suite
#   4. the libFuzzer targets (scripts/fuzz.sh), 45 s each (TANDEM_FUZZ_SECONDS), one test each
# Ends with one line "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

scripts/install-deps.sh || exit 1
scripts/install-web-assets.sh || exit 1
scripts/build.sh release || exit 1
scripts/build.sh asan || exit 1

work=$(mktemp -d /tmp/tandem-test.XXXXXX)
chmod 755 "$work"
pg_dir="$work/pg"
cleanup() {
  scripts/pg-test-cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

pg_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
pg_url=$(scripts/pg-test-cluster.sh start "$pg_dir" "$pg_port") || { echo "cannot start PostgreSQL" >&2; exit 1; }
export TANDEM_TEST_POSTGRES_URL=$pg_url

passed=0
failed=0
# Adds a pytest or ctest log's counts to the totals.
count() {
  local log=$1 p f
  if grep -q "tests passed" "$log"; then  # ctest: "100% tests passed, 0 tests failed out of 42"
    local line total
    line=$(grep "tests passed" "$log" | tail -1)
    f=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$line")
    total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")
    p=$((total - f))
  else  # pytest: "=== 12 passed, 1 failed, 2 skipped in 3.4s ==="
    local line
    line=$(grep -E "[0-9]+ (passed|failed|error).* in [0-9.]+s" "$log" | tail -1)
    p=$(grep -oE "[0-9]+ passed" <<<"$line" | grep -oE "[0-9]+" || echo 0)
    f=$(( $(grep -oE "[0-9]+ failed" <<<"$line" | grep -oE "[0-9]+" || echo 0) +
          $(grep -oE "[0-9]+ error" <<<"$line" | grep -oE "[0-9]+" || echo 0) ))
    [[ -n $line ]] || f=1  # no summary: the run itself broke
  fi
  passed=$((passed + p))
  failed=$((failed + f))
}

run_step() {  # name, log, command...
  local name=$1 log=$2
  shift 2
  echo "=== $name"
  "$@" >"$log" 2>&1
  local rc=$?
  tail -n 40 "$log"
  [[ $rc -eq 0 ]] || echo "=== $name exited with $rc"
  count "$log"
  [[ $rc -eq 0 ]] || [[ $failed -gt 0 ]] || failed=$((failed + 1))
}

pytest_suite() {  # db kind, binary
  TANDEM_TEST_DB=$1 TANDEM_BINARY=$2 /usr/bin/python3 -m pytest tests/api -q -p no:cacheprovider
}

run_step "unit tests (release)" "$work/unit.log" ctest --test-dir build --output-on-failure -j2

# The two API suites are independent: run them side by side.
pytest_suite sqlite "$root/build/tandem" >"$work/api-sqlite.log" 2>&1 &
sqlite_pid=$!
pytest_suite postgres "$root/build/tandem" >"$work/api-pg.log" 2>&1 &
pg_pid=$!
wait $sqlite_pid; sqlite_rc=$?
wait $pg_pid; pg_rc=$?
for kind in sqlite pg; do
  log="$work/api-$kind.log"
  echo "=== API tests ($kind)"
  tail -n 60 "$log"
  count "$log"
done
[[ $sqlite_rc -eq 0 && $pg_rc -eq 0 ]] || [[ $failed -gt 0 ]] || failed=$((failed + 1))

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_step "unit tests (ASan+UBSan)" "$work/unit-asan.log" ctest --test-dir build-asan --output-on-failure -j2
run_step "API tests (SQLite, ASan+UBSan)" "$work/api-asan.log" pytest_suite sqlite "$root/build-asan/tandem"
# Its log ends with "fuzz: N passed, N failed in Ss", which count() reads like pytest's line.
run_step "fuzz targets (ASan+UBSan)" "$work/fuzz.log" scripts/fuzz.sh "${TANDEM_FUZZ_SECONDS:-45}"

echo "tests: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
