# Shared by the benchmark scripts (bench/run.sh, bench/kpi.sh, bench/teamflow.sh,
# bench/schemes.sh, bench/soak.sh): their knobs, CPU pinning, a scratch directory, one server at a
# time, the throwaway PostgreSQL cluster, wrk and pgbench rows, background load processes, and
# cleanup on any exit.
# The including script sets ROOT and log() and die() functions, then either calls bench_settings
# and pin_cpus or sets BIN, HELPER (the bench.py command) and SERVER_PIN itself; optionally
# SERVER_THREADS (default 1) and SERVER_EXTRA_ENV (NAME=VALUE words).
# shellcheck shell=bash

# require_whole_numbers NAME...: dies unless each named variable holds a whole number.
require_whole_numbers() {
  local knob
  for knob in "$@"; do
    [[ ${!knob} =~ ^[0-9]+$ ]] || die "$knob must be a whole number, got '${!knob}'"
  done
}

# bench_settings CONNECTIONS DATABASES: the knobs of a load script (BENCH_SECONDS=10,
# BENCH_CONNECTIONS, BENCH_WARMUP_SECONDS=2, BENCH_DATABASES, BENCH_BINARY=build/tandem), with
# the script's own defaults for the connections and the databases; dies on a knob that is not a
# whole number, or without wrk. Sets BENCH_DIR, PY, HELPER, DURATION, CONNS, WARMUP, DATABASES
# and BIN.
bench_settings() {
  BENCH_DIR=$ROOT/bench
  PY=/usr/bin/python3
  HELPER=("$PY" "$BENCH_DIR/bench.py")
  DURATION=${BENCH_SECONDS:-10}
  CONNS=${BENCH_CONNECTIONS:-$1}
  WARMUP=${BENCH_WARMUP_SECONDS:-2}
  DATABASES=${BENCH_DATABASES:-$2}
  BIN=${BENCH_BINARY:-$ROOT/build/tandem}
  require_whole_numbers DURATION CONNS WARMUP
  command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
}

# Pinning: the server (one event loop, plus its hash threads) on CPU 0 and the load generator on
# CPU 1, so that they do not steal each other's core; PostgreSQL runs wherever the kernel puts
# it. Sets SERVER_PIN and LOAD_PIN (command prefixes, empty when not pinned) and PINNING (what
# the report says).
pin_cpus() {
  if (($(nproc) >= 2)) && command -v taskset >/dev/null; then
    SERVER_PIN=(taskset -c 0)
    LOAD_PIN=(taskset -c 1)
    PINNING="server on CPU 0, wrk/pgbench on CPU 1, PostgreSQL unpinned"
  else
    SERVER_PIN=()
    LOAD_PIN=()
    PINNING="no pinning (fewer than 2 CPUs or no taskset)"
  fi
}

bench_init() {  # bench_init NAME
  WORK=$(mktemp -d "/tmp/tandem-bench-$1.XXXXXX")
  RESULTS=$WORK/results.jsonl
  : >"$RESULTS"
  SERVER_PID=""
  SERVER_LOG=""
  BASE=""
  PG_DIR=""
  FAILED=0
  SERVER_EXIT=""
  BACKGROUND_PIDS=()
  JWT_SECRET=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# Runs the script's binary from a private copy in the scratch directory: other people
# rebuilding build/tandem during the run must not change (or break) what is measured.
# Call after bench_init.
use_private_binary() {
  cp -p -- "$BIN" "$WORK/tandem" || die "cannot copy $BIN"
  BIN=$WORK/tandem
}

# Stops the server with SIGTERM (SIGKILL after 10 s) and sets SERVER_EXIT to how it ended:
# "0" for a clean exit, else the status, the signal, or "killed after 10 s".
stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  local pid=$SERVER_PID i status=0
  SERVER_PID=""
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    SERVER_EXIT="killed after 10 s"
    return 0
  fi
  wait "$pid" 2>/dev/null || status=$?
  SERVER_EXIT=$status
  ((status <= 128)) || SERVER_EXIT="signal $(kill -l $((status - 128)) 2>/dev/null || echo $((status - 128)))"
}

# A load generator or sampler started with `cmd &`: ended by cleanup if still running.
track_background() { BACKGROUND_PIDS+=("$1"); }

# Ends the tracked background processes that are still running: only pids that are still this
# shell's children, so that a pid reused after its process ended is never signalled.
stop_background() {
  local pid
  for pid in "${BACKGROUND_PIDS[@]}"; do
    [[ $(ps -o ppid= -p "$pid" 2>/dev/null | tr -d ' ') == "$$" ]] || continue
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  BACKGROUND_PIDS=()
}

# Resident memory (KiB) and open file descriptors of a process, from /proc; empty when it is gone.
process_rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true; }
process_fd_count() {
  local fds
  fds=$(ls -U "/proc/$1/fd" 2>/dev/null) || return 0
  wc -l <<<"$fds"
}

# sample_process PID FILE INTERVAL: appends "unix_ms rss_kib fds" to FILE every INTERVAL seconds
# while PID lives (run it in the background).
sample_process() {
  local pid=$1 file=$2 interval=$3 rss fds
  while rss=$(process_rss_kib "$pid") && [[ -n $rss ]]; do
    fds=$(process_fd_count "$pid")
    echo "$(date +%s%3N) $rss ${fds:-0}" >>"$file"
    sleep "$interval"
  done
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_background
  stop_server
  [[ -z $PG_DIR ]] || "$ROOT/scripts/pg-test-cluster.sh" stop "$PG_DIR" >&2 || true
  if [[ -n ${BENCH_KEEP_WORK:-} ]]; then log "kept $WORK"; else rm -rf -- "$WORK"; fi
  exit "$status"
}

fail_row() {
  log "$1 on $2 could not run: $3"
  "${HELPER[@]}" fail "$RESULTS" "$1" "$2" "$3"
  FAILED=1
}

# The server sees no TANDEM_* variable of the caller's, so two runs measure the same thing.
server_env() {
  while read -r var; do unset "$var"; done < <(compgen -e | grep '^TANDEM_' || true)
  export TANDEM_JWT_SECRET=$JWT_SECRET TANDEM_ACCESS_LOG=0 TANDEM_SHUTDOWN_DEADLINE_MS=2000
  local assignment
  for assignment in ${SERVER_EXTRA_ENV:-}; do export "${assignment?}"; done
}

# start_server NAME URL: starts the server and waits for "listening on".
start_server() {
  local name=$1 url=$2 port i
  port=$("${HELPER[@]}" free-port)
  SERVER_LOG=$WORK/server-$name.log
  : >"$SERVER_LOG"  # exists before the first grep below, whenever the subshell gets to it
  (
    server_env
    exec "${SERVER_PIN[@]}" "$BIN" serve --listen "127.0.0.1:$port" --database "$url" \
      --threads "${SERVER_THREADS:-1}"
  ) >"$SERVER_LOG" 2>&1 </dev/null &
  SERVER_PID=$!
  for ((i = 0; i < 300; i++)); do
    if grep -q "listening on http://127.0.0.1:$port" "$SERVER_LOG"; then
      BASE=http://127.0.0.1:$port
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  log "the server did not start: $(tail -n 20 "$SERVER_LOG")"
  stop_server
  return 1
}

# run_databases FIRST_ROW: runs the including script's bench_database NAME URL for each entry of
# $DATABASES, starting and stopping a throwaway PostgreSQL cluster for the PostgreSQL one.
run_databases() {
  local first_row=$1 database port url
  IFS=, read -ra wanted <<<"$DATABASES"
  for database in "${wanted[@]}"; do
    case $database in
      sqlite) bench_database SQLite "sqlite:///$WORK/bench.db" ;;
      postgresql | postgres | pg)
        port=$("${HELPER[@]}" free-port)
        PG_DIR=$WORK/pg
        if url=$("$ROOT/scripts/pg-test-cluster.sh" start "$PG_DIR" "$port"); then
          bench_database PostgreSQL "$url"
          "$ROOT/scripts/pg-test-cluster.sh" stop "$PG_DIR" >&2 || true
        else
          fail_row "$first_row" PostgreSQL "the PostgreSQL cluster did not start"
        fi
        PG_DIR=""
        ;;
      *) die "unknown database '$database' (sqlite, postgresql)" ;;
    esac
  done
}

# run_wrk SCENARIO DATABASE PATH SCRIPT WARM: one row, wrk -t1 -c$CONNS for $DURATION seconds
# on $BASE$PATH (SCRIPT: its Lua script, or empty), after $WARMUP unmeasured seconds when WARM is
# 1. The 30 s timeout keeps slow answers (a login queued for its hash) out of the timeouts. Sets
# WRK_OUT to wrk's output when the row was measured, and to "" when it could not be.
run_wrk() {
  local scenario=$1 database=$2 path=$3 script=$4 warm=$5
  local args=(-t1 "-c$CONNS" --latency --timeout 30s)
  [[ -z $script ]] || args+=(-s "$script")
  local out
  out=$WORK/wrk-$(wc -l <"$RESULTS").txt
  WRK_OUT=""
  if ((warm && WARMUP > 0)); then
    log "$scenario on $database: ${WARMUP}s warm-up"
    "${LOAD_PIN[@]}" wrk "${args[@]}" "-d${WARMUP}s" "$BASE$path" >/dev/null 2>&1 || true
  fi
  log "$scenario on $database: ${DURATION}s, $CONNS connections"
  if ! "${LOAD_PIN[@]}" wrk "${args[@]}" "-d${DURATION}s" "$BASE$path" >"$out" 2>&1; then
    fail_row "$scenario" "$database" "wrk failed: $(tail -n 3 "$out" | tr '\n' ' ')"
    return 0
  fi
  if ! "${HELPER[@]}" wrk "$RESULTS" "$scenario" "$database" "$out"; then
    FAILED=1
    return 0
  fi
  WRK_OUT=$out
}

# run_pgbench URL SCENARIO SCRIPT [OPTION...]: one PostgreSQL row, pgbench -M prepared with
# $CONNS clients running SCRIPT for $DURATION seconds (OPTION: more pgbench options, such as
# -D NAME=VALUE), after $WARMUP unmeasured seconds; latencies from its per-transaction log.
run_pgbench() {
  local url=$1 scenario=$2 script=$3 pgbench row
  pgbench=$(command -v pgbench || echo /usr/lib/postgresql/15/bin/pgbench)
  if [[ ! -x $pgbench ]]; then
    fail_row "$scenario" PostgreSQL "pgbench is not installed"
    return 0
  fi
  row=$(wc -l <"$RESULTS")
  local out=$WORK/pgbench-$row.txt logs=$WORK/pgbench-log-$row
  mkdir -p "$logs"
  local args=(-n -M prepared -c "$CONNS" -j 1 "${@:4}" -f "$script")
  if ((WARMUP > 0)); then
    log "$scenario: ${WARMUP}s warm-up"
    "${LOAD_PIN[@]}" "$pgbench" "${args[@]}" -T "$WARMUP" "$url" >/dev/null 2>&1 || true
  fi
  log "$scenario: ${DURATION}s, $CONNS clients"
  if ! "${LOAD_PIN[@]}" "$pgbench" "${args[@]}" -T "$DURATION" --log --log-prefix="$logs/tx" \
    "$url" >"$out" 2>&1; then
    fail_row "$scenario" PostgreSQL "pgbench failed: $(tail -n 3 "$out" | tr '\n' ' ')"
    return 0
  fi
  "${HELPER[@]}" pgbench "$RESULTS" "$scenario" PostgreSQL "$out" "$logs/tx" || FAILED=1
}
