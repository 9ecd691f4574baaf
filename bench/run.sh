#!/usr/bin/env bash
# Tandem benchmark driver: one command, one markdown table (see bench/README.md).
#
#   bench/run.sh
#
# Measures, in one run, /healthz, GET /api/v1/users/me and POST /api/v1/auth/login under wrk on
# SQLite and on a throwaway PostgreSQL cluster, plus pgbench running the users/me SELECT as the
# PostgreSQL ceiling. Prints the table to stdout and writes it to bench/results/latest.md.
#
# Knobs (environment):
#   BENCH_SECONDS=10          measured seconds per scenario
#   BENCH_CONNECTIONS=64      wrk connections and pgbench clients
#   BENCH_WARMUP_SECONDS=2    unmeasured warm-up before each scenario (0: none; never for login)
#   BENCH_DATABASES=sqlite,postgresql
#   BENCH_BINARY=build/tandem
#   BENCH_KEEP_WORK=1         keep the scratch directory (server logs, raw wrk/pgbench output)
#
# A benchmark, not a test: the exit status is 0 whatever the numbers are, and non-zero only when
# something could not run (server did not start, wrk/pgbench failed, cluster did not start...).
# The server inherits no TANDEM_* variable from the caller: it runs with the defaults plus the
# settings below, so that two runs measure the same thing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=$ROOT/bench
PY=/usr/bin/python3
HELPER=("$PY" "$BENCH_DIR/bench.py")

DURATION=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
WARMUP=${BENCH_WARMUP_SECONDS:-2}
DATABASES=${BENCH_DATABASES:-sqlite,postgresql}
BIN=${BENCH_BINARY:-$ROOT/build/tandem}
WRK_TIMEOUT=30  # seconds; login waits seconds in the hash queue and must not count as timeouts

log() { echo "bench: $*" >&2; }
die() {
  log "$*"
  exit 1
}

for knob in DURATION CONNS WARMUP; do
  [[ ${!knob} =~ ^[0-9]+$ ]] || die "$knob must be a whole number, got '${!knob}'"
done
((DURATION >= 1)) || die "BENCH_SECONDS must be at least 1"
((CONNS >= 1)) || die "BENCH_CONNECTIONS must be at least 1"

command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
[[ -x $PY ]] || die "$PY is missing"
if [[ ! -x $BIN ]]; then
  [[ -z ${BENCH_BINARY:-} ]] || die "BENCH_BINARY=$BIN is not an executable"
  log "no $BIN: building it (scripts/build.sh release)"
  "$ROOT/scripts/build.sh" release >&2 || die "the build failed"
  [[ -x $BIN ]] || die "scripts/build.sh did not produce $BIN"
fi

# Run a private copy: other people rebuilding build/tandem during the run must not change (or
# break) what the later rows measure.
SOURCE_BIN=$BIN
PGBENCH=$(command -v pgbench || true)
[[ -n $PGBENCH ]] || PGBENCH=/usr/lib/postgresql/15/bin/pgbench

# Pinning: the server (one event loop, plus its hash threads) on CPU 0, the load generator on
# CPU 1, so they do not steal each other's core. PostgreSQL runs wherever the kernel puts it.
CPUS=$(nproc)
if ((CPUS >= 2)) && command -v taskset >/dev/null; then
  SERVER_PIN=(taskset -c 0)
  LOAD_PIN=(taskset -c 1)
  PINNING="server on CPU 0, wrk/pgbench on CPU 1, PostgreSQL unpinned"
else
  SERVER_PIN=()
  LOAD_PIN=()
  PINNING="no pinning (fewer than 2 CPUs or no taskset): server and load share the machine"
  log "warning: $PINNING"
fi

LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
WORK=$(mktemp -d /tmp/tandem-bench.XXXXXX)
RESULTS=$WORK/results.jsonl
NOTES=$WORK/notes.md
: >"$RESULTS"
: >"$NOTES"
SERVER_PID=""
SERVER_LOG=""
SERVER_NAME=""
BASE=""
PG_DIR=""
FAILED=0

stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  local pid=$SERVER_PID i
  SERVER_PID=""
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  local killed=""
  if kill -0 "$pid" 2>/dev/null; then
    log "server $pid did not stop within 10 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    killed=1
  fi
  local status=0
  wait "$pid" 2>/dev/null || status=$?
  # Not a measurement, but not to be hidden either: a clean shutdown exits 0.
  if ((status != 0)) || [[ -n $killed ]]; then
    local how="exited with status $status after SIGTERM"
    ((status <= 128)) ||
      how="died of signal $(kill -l $((status - 128)) 2>/dev/null || echo $((status - 128))) after SIGTERM"
    [[ -z $killed ]] || how="did not exit within 10 s of SIGTERM and was killed"
    log "the server ($SERVER_NAME) $how"
    note "" "### The server ($SERVER_NAME) $how, once its rows were measured" "" \
      "Last lines of its log:" "" '```'
    tail -n 5 "$SERVER_LOG" >>"$NOTES"
    note '```'
  fi
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_server
  if [[ -n $PG_DIR ]]; then
    "$ROOT/scripts/pg-test-cluster.sh" stop "$PG_DIR" >&2 || log "could not stop the cluster in $PG_DIR"
  fi
  if [[ -n ${BENCH_KEEP_WORK:-} ]]; then
    log "kept the scratch directory $WORK"
  else
    rm -rf -- "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

BIN=$WORK/tandem
cp -p -- "$SOURCE_BIN" "$BIN" || die "cannot copy $SOURCE_BIN"

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

JWT_SECRET=$(random_hex 32)

# Records a row that could not run and remembers to exit non-zero.
fail_row() {
  local scenario=$1 database=$2 reason=$3
  log "$scenario on $database could not run: $reason"
  "${HELPER[@]}" fail "$RESULTS" "$scenario" "$database" "$reason"
  FAILED=1
}

note() { printf '%s\n' "$@" >>"$NOTES"; }

server_alive() { [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; }

# start_server NAME DATABASE_URL: starts build/tandem and waits for "listening on".
start_server() {
  local name=$1 url=$2 port i
  port=$("${HELPER[@]}" free-port)
  SERVER_NAME=$name
  SERVER_LOG=$WORK/server-$name.log
  (
    # The caller's TANDEM_* settings (Argon2 cost, pool sizes, ...) would change what is measured.
    while read -r var; do unset "$var"; done < <(compgen -e | grep '^TANDEM_' || true)
    exec env \
      TANDEM_JWT_SECRET="$JWT_SECRET" \
      TANDEM_ACCESS_LOG=0 \
      TANDEM_LOGIN_ACCOUNT_LIMIT=1000000000 \
      TANDEM_LOGIN_ADDRESS_LIMIT=1000000000 \
      TANDEM_SHUTDOWN_DEADLINE_MS=2000 \
      "${SERVER_PIN[@]}" "$BIN" serve --listen "127.0.0.1:$port" --database "$url" --threads 1
  ) >"$SERVER_LOG" 2>&1 </dev/null &
  SERVER_PID=$!
  for ((i = 0; i < 300; i++)); do
    if grep -q "listening on http://127.0.0.1:$port" "$SERVER_LOG"; then
      BASE=http://127.0.0.1:$port
      log "server ($name) listening on $BASE, pid $SERVER_PID"
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      wait "$SERVER_PID" 2>/dev/null || true
      SERVER_PID=""
      log "the server exited before listening: $(tail -n 20 "$SERVER_LOG")"
      return 1
    fi
    sleep 0.1
  done
  log "the server did not log 'listening on' within 30 s: $(tail -n 20 "$SERVER_LOG")"
  stop_server
  return 1
}

# Registers the benchmark user through the real API; exports what the wrk scripts read.
register_user() {
  local out lines
  BENCH_EMAIL="bench-$(random_hex 6)@example.com"
  BENCH_PASSWORD="bench-$(random_hex 12)"
  out=$("${HELPER[@]}" register "$BASE" "$BENCH_EMAIL" "$BENCH_PASSWORD" "Bench User") || return 1
  mapfile -t lines <<<"$out"
  BENCH_TOKEN=${lines[0]}
  BENCH_UUID=${lines[1]}
  export BENCH_EMAIL BENCH_PASSWORD BENCH_TOKEN
}

# On errors: what one request answers now, and what the server logged during the scenario.
explain_errors() {
  local scenario=$1 database=$2 path=$3 script=$4 log_mark=$5
  local curl_args=(-sS -m 30 -o "$WORK/probe-body" -w '%{http_code}')
  case $script in
    *users_me.lua) curl_args+=(-H "Authorization: Bearer $BENCH_TOKEN") ;;
    *login.lua)
      curl_args+=(-H 'Content-Type: application/json'
        --data "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\"}")
      ;;
  esac
  local code
  code=$(curl "${curl_args[@]}" "$BASE$path" 2>&1) || true
  note "" "### $scenario on $database: errors" "" \
    "One request after the run answered HTTP $code: \`$(head -c 300 "$WORK/probe-body" 2>/dev/null | tr '\n' ' ')\`" "" \
    "Server log during the scenario (last 20 lines of $(($(wc -l <"$SERVER_LOG") - log_mark)) new):" "" '```'
  if (($(wc -l <"$SERVER_LOG") > log_mark)); then
    tail -n +"$((log_mark + 1))" "$SERVER_LOG" | tail -n 20 >>"$NOTES"
  else
    note "(nothing: the server logged no line during the scenario)"
  fi
  note '```'
}

# run_wrk SCENARIO DATABASE PATH [LUA_SCRIPT]
run_wrk() {
  local scenario=$1 database=$2 path=$3 script=${4:-}
  local args=(-t1 "-c$CONNS" --latency --timeout "${WRK_TIMEOUT}s")
  [[ -z $script ]] || args+=(-s "$script")
  local out
  out=$WORK/wrk-$(wc -l <"$RESULTS").txt
  if ! server_alive; then
    fail_row "$scenario" "$database" "the server is not running (see its log above)"
    return
  fi
  # Login is not warmed up: the connections wrk drops would leave hashes queued on the server,
  # still running when the measured run starts.
  if ((WARMUP > 0)) && [[ $script != *login.lua ]]; then
    log "$scenario on $database: ${WARMUP}s warm-up"
    "${LOAD_PIN[@]}" wrk "${args[@]}" "-d${WARMUP}s" "$BASE$path" >/dev/null 2>&1 || true
  fi
  local log_mark
  log_mark=$(wc -l <"$SERVER_LOG")
  log "$scenario on $database: ${DURATION}s, $CONNS connections"
  if ! "${LOAD_PIN[@]}" wrk "${args[@]}" "-d${DURATION}s" "$BASE$path" >"$out" 2>&1; then
    fail_row "$scenario" "$database" "wrk failed: $(tail -n 3 "$out" | tr '\n' ' ')"
    return
  fi
  if ! "${HELPER[@]}" wrk "$RESULTS" "$scenario" "$database" "$out"; then
    FAILED=1
    return
  fi
  if grep -qE 'Non-2xx or 3xx responses|Socket errors' "$out"; then
    explain_errors "$scenario" "$database" "$path" "$script" "$log_mark"
  fi
  if ! server_alive; then
    note "" "### The server ($database) exited during $scenario" "" '```'
    tail -n 20 "$SERVER_LOG" >>"$NOTES"
    note '```'
    FAILED=1
  fi
}

run_pgbench() {
  local database=$1 url=$2 scenario="pgbench: users/me SELECT"
  local out=$WORK/pgbench.txt logs=$WORK/pgbench-log
  if [[ ! -x $PGBENCH ]]; then
    fail_row "$scenario" "$database" "pgbench is not installed"
    return
  fi
  mkdir -p "$logs"
  local args=(-n -M prepared -c "$CONNS" -j 1 -D "uuid=$BENCH_UUID" -f "$BENCH_DIR/users_me.sql")
  if ((WARMUP > 0)); then
    log "$scenario: ${WARMUP}s warm-up"
    "${LOAD_PIN[@]}" "$PGBENCH" "${args[@]}" -T "$WARMUP" "$url" >/dev/null 2>&1 || true
  fi
  log "$scenario: ${DURATION}s, $CONNS clients"
  if ! "${LOAD_PIN[@]}" "$PGBENCH" "${args[@]}" -T "$DURATION" --log --log-prefix="$logs/tx" \
    "$url" >"$out" 2>&1; then
    fail_row "$scenario" "$database" "pgbench failed: $(tail -n 3 "$out" | tr '\n' ' ')"
    return
  fi
  "${HELPER[@]}" pgbench "$RESULTS" "$scenario" "$database" "$out" "$logs/tx" || FAILED=1
  rm -rf -- "$logs"
}

# The three HTTP rows against whatever database the running server uses.
run_http_rows() {
  local database=$1
  run_wrk "/healthz" "$database" /healthz
  run_wrk "GET /api/v1/users/me" "$database" /api/v1/users/me "$BENCH_DIR/users_me.lua"
  run_wrk "POST /api/v1/auth/login" "$database" /api/v1/auth/login "$BENCH_DIR/login.lua"
}

skip_database() {
  local database=$1 reason=$2 scenario
  for scenario in "/healthz" "GET /api/v1/users/me" "POST /api/v1/auth/login"; do
    fail_row "$scenario" "$database" "$reason"
  done
  [[ $database != PostgreSQL ]] || fail_row "pgbench: users/me SELECT" "$database" "$reason"
}

bench_sqlite() {
  if ! start_server sqlite "sqlite:///$WORK/bench.db"; then
    skip_database SQLite "the server did not start"
    return
  fi
  if ! register_user; then
    skip_database SQLite "registering the benchmark user failed"
    stop_server
    return
  fi
  run_http_rows SQLite
  stop_server
}

bench_postgresql() {
  local url port
  port=$("${HELPER[@]}" free-port)
  PG_DIR=$WORK/pg
  log "starting a throwaway PostgreSQL cluster on 127.0.0.1:$port"
  if ! url=$("$ROOT/scripts/pg-test-cluster.sh" start "$PG_DIR" "$port"); then
    PG_DIR=""  # a failed start removes its directory itself
    skip_database PostgreSQL "the PostgreSQL cluster did not start"
    return
  fi
  if ! start_server postgresql "$url"; then
    skip_database PostgreSQL "the server did not start"
    return
  fi
  if ! register_user; then
    skip_database PostgreSQL "registering the benchmark user failed"
    stop_server
    return
  fi
  # pgbench first, while the server is idle; the login row comes last because the hashes it
  # leaves queued when wrk stops would still be running during a following scenario.
  run_pgbench PostgreSQL "$url"
  run_http_rows PostgreSQL
  stop_server
  "$ROOT/scripts/pg-test-cluster.sh" stop "$PG_DIR" >&2 || log "could not stop the cluster in $PG_DIR"
  PG_DIR=""
}

IFS=, read -ra wanted <<<"$DATABASES"
for database in "${wanted[@]}"; do
  case $database in
    sqlite) bench_sqlite ;;
    postgresql | postgres | pg) bench_postgresql ;;
    *) die "unknown database '$database' in BENCH_DATABASES (sqlite, postgresql)" ;;
  esac
done

# ---- report ---------------------------------------------------------------------------------
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ $commit != unknown ]] &&
  [[ -n $(git -C "$ROOT" --no-optional-locks status --porcelain --untracked-files=no 2>/dev/null) ]]; then
  commit="$commit (with uncommitted changes)"
fi
cpu_model=$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
version=$("$BIN" version 2>/dev/null | head -n 1 || true)

REPORT=$WORK/report.md
{
  echo "# Tandem benchmark"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "- commit: $commit; binary ${SOURCE_BIN#"$ROOT"/} built $(date -u -r "$BIN" '+%Y-%m-%d %H:%M:%S UTC')${version:+, reports \"$version\"}"
  echo "- machine: nproc $CPUS, ${cpu_model:-unknown CPU}, $(uname -sr);" \
    "load average $LOAD_AT_START before the run (other work on the machine lowers every number;" \
    "ratios suffer less)"
  echo "- load: wrk -t1 -c$CONNS -d${DURATION}s --latency (${WARMUP}s unmeasured warm-up except login);" \
    "pgbench -M prepared -c $CONNS -j 1 -T $DURATION"
  echo "- server: 1 event loop, access log off, Argon2id at its default cost; $PINNING"
  echo
  "${HELPER[@]}" table "$RESULTS"
  if [[ -s $NOTES ]]; then
    echo
    echo "## Notes"
    cat "$NOTES"
  fi
} >"$REPORT"

mkdir -p "$BENCH_DIR/results"
cp "$REPORT" "$BENCH_DIR/results/latest.md"
cat "$REPORT"
log "written to bench/results/latest.md"
exit "$FAILED"
