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
source "$ROOT/bench/lib.sh"

log() { echo "bench: $*" >&2; }
die() {
  log "$*"
  exit 1
}

bench_settings 64 sqlite,postgresql
((DURATION >= 1)) || die "BENCH_SECONDS must be at least 1"
((CONNS >= 1)) || die "BENCH_CONNECTIONS must be at least 1"

[[ -x $PY ]] || die "$PY is missing"
if [[ ! -x $BIN ]]; then
  [[ -z ${BENCH_BINARY:-} ]] || die "BENCH_BINARY=$BIN is not an executable"
  log "no $BIN: building it (scripts/build.sh release)"
  "$ROOT/scripts/build.sh" release >&2 || die "the build failed"
  [[ -x $BIN ]] || die "scripts/build.sh did not produce $BIN"
fi
SOURCE_BIN=$BIN

CPUS=$(nproc)
pin_cpus
if ((${#LOAD_PIN[@]} == 0)); then
  PINNING+=": server and load share the machine"
  log "warning: $PINNING"
fi

LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
SERVER_EXTRA_ENV="TANDEM_LOGIN_ACCOUNT_LIMIT=1000000000 TANDEM_LOGIN_ADDRESS_LIMIT=1000000000"
bench_init run
use_private_binary
NOTES=$WORK/notes.md
: >"$NOTES"
SERVER_NAME=""

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

note() { printf '%s\n' "$@" >>"$NOTES"; }

server_alive() { [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; }

# start_server, remembering the server's name for the notes.
start_named_server() {
  SERVER_NAME=$1
  start_server "$1" "$2" || return 1
  log "server ($1) listening on $BASE, pid $SERVER_PID"
}

# stop_server, with a note when the server did not exit cleanly: not a measurement, but not to be
# hidden either.
stop_named_server() {
  stop_server
  [[ -n $SERVER_EXIT && $SERVER_EXIT != 0 ]] || return 0
  local how="exited with status $SERVER_EXIT after SIGTERM"
  case $SERVER_EXIT in
    killed*) how="did not exit within 10 s of SIGTERM and was killed" ;;
    signal*) how="died of $SERVER_EXIT after SIGTERM" ;;
  esac
  log "the server ($SERVER_NAME) $how"
  note "" "### The server ($SERVER_NAME) $how, once its rows were measured" "" \
    "Last lines of its log:" "" '```'
  tail -n 5 "$SERVER_LOG" >>"$NOTES"
  note '```'
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

# run_http_row SCENARIO DATABASE PATH [LUA_SCRIPT]: a run_wrk row; errors get a note.
run_http_row() {
  local scenario=$1 database=$2 path=$3 script=${4:-} warm=1 log_mark
  if ! server_alive; then
    fail_row "$scenario" "$database" "the server is not running (see its log above)"
    return
  fi
  # Login is not warmed up: the connections wrk drops would leave hashes queued on the server,
  # still running when the measured run starts.
  [[ $script != *login.lua ]] || warm=0
  log_mark=$(wc -l <"$SERVER_LOG")
  run_wrk "$scenario" "$database" "$path" "$script" "$warm"
  [[ -n $WRK_OUT ]] || return 0
  if grep -qE 'Non-2xx or 3xx responses|Socket errors' "$WRK_OUT"; then
    explain_errors "$scenario" "$database" "$path" "$script" "$log_mark"
  fi
  if ! server_alive; then
    note "" "### The server ($database) exited during $scenario" "" '```'
    tail -n 20 "$SERVER_LOG" >>"$NOTES"
    note '```'
    FAILED=1
  fi
}

# The three HTTP rows against whatever database the running server uses.
run_http_rows() {
  local database=$1
  run_http_row "/healthz" "$database" /healthz
  run_http_row "GET /api/v1/users/me" "$database" /api/v1/users/me "$BENCH_DIR/users_me.lua"
  run_http_row "POST /api/v1/auth/login" "$database" /api/v1/auth/login "$BENCH_DIR/login.lua"
}

skip_database() {
  local database=$1 reason=$2 scenario
  for scenario in "/healthz" "GET /api/v1/users/me" "POST /api/v1/auth/login"; do
    fail_row "$scenario" "$database" "$reason"
  done
  [[ $database != PostgreSQL ]] || fail_row "pgbench: users/me SELECT" "$database" "$reason"
}

bench_sqlite() {
  if ! start_named_server sqlite "sqlite:///$WORK/bench.db"; then
    skip_database SQLite "the server did not start"
    return
  fi
  if ! register_user; then
    skip_database SQLite "registering the benchmark user failed"
    stop_named_server
    return
  fi
  run_http_rows SQLite
  stop_named_server
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
  if ! start_named_server postgresql "$url"; then
    skip_database PostgreSQL "the server did not start"
    return
  fi
  if ! register_user; then
    skip_database PostgreSQL "registering the benchmark user failed"
    stop_named_server
    return
  fi
  # pgbench first, while the server is idle; the login row comes last because the hashes it
  # leaves queued when wrk stops would still be running during a following scenario.
  run_pgbench "$url" "pgbench: users/me SELECT" "$BENCH_DIR/users_me.sql" -D "uuid=$BENCH_UUID"
  run_http_rows PostgreSQL
  stop_named_server
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
