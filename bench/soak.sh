#!/usr/bin/env bash
# Soak (issue 8): mixed load and WebSockets for a bounded time on SQLite and PostgreSQL; every
# answer as expected, and memory and file descriptors back to where they were.
#
#   bench/soak.sh                        # 120 s of load per database, about 6 minutes in all
#   SOAK_SECONDS=30 bench/soak.sh
#   SOAK_DATABASES=sqlite bench/soak.sh
#
# Per database, against a fresh database and a private copy of build/tandem (2 event loops,
# unpinned, loopback only):
#   1. seed through the API (soak_seed.py): a v1 project with SOAK_WS_CLIENTS members, KPI
#      values, a TeamFlow board;
#   2. warm-up: the whole load below for SOAK_WARMUP_SECONDS, then every client leaves; after
#      SOAK_SETTLE_SECONDS the server's RSS and open fds are the baseline;
#   3. the load for SOAK_SECONDS, all at once:
#      - wrk -t1 -c$SOAK_CONNECTIONS with soak_mix.lua: v1 logins (right and wrong password),
#        users/me, project and task create/list/move/update/delete, KPI value reads, edits and
#        adds, TeamFlow board reads, updates, creates and deletes, and requests that must get a
#        known 4xx (malformed JSON, no or bad token, bad UUID, unknown route);
#      - soak_hostile.py: malformed and smuggling requests (400), oversize headers and trailers
#        (431), bodies and chunk extensions (413), and connections that stall (header, body and
#        idle timeouts);
#      - soak_ws.py: SOAK_WS_CLIENTS sockets on /ws/notifications receiving every task event,
#        SOAK_WS_RECONNECTING of them reconnecting every SOAK_WS_RECONNECT_SECONDS;
#      RSS and fds are sampled every second;
#   4. every client leaves; SOAK_SETTLE_SECONDS later RSS and fds are sampled again ("after");
#      then SIGTERM, and the server must exit 0.
# Prints a markdown table per database (soak_report.py) and writes it to
# bench/results/soak-latest.md. Exits non-zero when any database has an error (an unexpected
# status, a 5xx, a socket error, an unexpected hostile answer, a missed WebSocket frame or an
# unexpected disconnect, a server that died or did not exit cleanly), fds after > baseline + 5,
# or RSS after > baseline + SOAK_RSS_MARGIN_MIB (see bench/README.md for why the margin).
#
# Knobs: SOAK_SECONDS=120 SOAK_WARMUP_SECONDS=15 SOAK_SETTLE_SECONDS=5 SOAK_CONNECTIONS=32
#        SOAK_WS_CLIENTS=100 SOAK_WS_RECONNECTING=20 SOAK_WS_RECONNECT_SECONDS=10
#        SOAK_EVENTS_PER_SECOND=40 SOAK_LOGINS_PER_SECOND=4 SOAK_KPI_ADDS_PER_SECOND=50
#        SOAK_HOSTILE_RATE=20 SOAK_STALLS=12 SOAK_RSS_MARGIN_MIB=16
#        SOAK_DATABASES=sqlite,postgresql BENCH_BINARY=build/tandem BENCH_KEEP_WORK=1
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=$ROOT/bench
PY=/usr/bin/python3
HELPER=("$PY" "$BENCH_DIR/bench.py")
DURATION=${SOAK_SECONDS:-120}
WARMUP=${SOAK_WARMUP_SECONDS:-15}
SETTLE=${SOAK_SETTLE_SECONDS:-5}
CONNS=${SOAK_CONNECTIONS:-32}
WS_CLIENTS=${SOAK_WS_CLIENTS:-100}
WS_RECONNECTING=${SOAK_WS_RECONNECTING:-20}
WS_RECONNECT_SECONDS=${SOAK_WS_RECONNECT_SECONDS:-10}
EVENTS=${SOAK_EVENTS_PER_SECOND:-40}
LOGINS=${SOAK_LOGINS_PER_SECOND:-4}
KPI_ADDS=${SOAK_KPI_ADDS_PER_SECOND:-50}
HOSTILE_RATE=${SOAK_HOSTILE_RATE:-20}
STALLS=${SOAK_STALLS:-12}
RSS_MARGIN_MIB=${SOAK_RSS_MARGIN_MIB:-16}
FD_MARGIN=5
DATABASES=${SOAK_DATABASES:-sqlite,postgresql}
BIN=${BENCH_BINARY:-$ROOT/build/tandem}
NOW=2023-12-15T12:00:00Z  # the KPI seed's this_year window is 2023
HEADER_TIMEOUT_MS=10000
BODY_TIMEOUT_MS=30000
IDLE_TIMEOUT_MS=60000
ADMIN_EMAIL=soak-admin@example.com
GATEKEEPER_EMAIL=soak-gk@example.com

log() { echo "soak: $*" >&2; }
die() {
  log "$*"
  exit 2
}
for knob in DURATION WARMUP SETTLE CONNS WS_CLIENTS WS_RECONNECTING WS_RECONNECT_SECONDS EVENTS \
  LOGINS KPI_ADDS HOSTILE_RATE STALLS RSS_MARGIN_MIB; do
  [[ ${!knob} =~ ^[0-9]+$ ]] || die "$knob must be a whole number, got '${!knob}'"
done
((DURATION >= 5)) || die "SOAK_SECONDS must be at least 5"
((WS_CLIENTS >= 1 && WS_RECONNECTING <= WS_CLIENTS)) ||
  die "SOAK_WS_CLIENTS must be at least 1 and at least SOAK_WS_RECONNECTING"
((CONNS >= 1 && HOSTILE_RATE >= 1 && WS_RECONNECT_SECONDS >= 1)) ||
  die "SOAK_CONNECTIONS, SOAK_HOSTILE_RATE and SOAK_WS_RECONNECT_SECONDS must be at least 1"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
[[ -x $BIN ]] || die "no server binary at $BIN (scripts/build.sh release)"

# The server runs unpinned with two event loops, as in production: a soak looks for what
# breaks under concurrency (cross-loop fan-out, the shared caches), not for peak numbers.
SERVER_PIN=()
SERVER_THREADS=2
source "$ROOT/bench/lib.sh"
SERVER_EXTRA_ENV="TANDEM_NOW=$NOW TANDEM_LOGIN_ACCOUNT_LIMIT=1000000000
  TANDEM_LOGIN_ADDRESS_LIMIT=1000000000 TANDEM_HEADER_TIMEOUT_MS=$HEADER_TIMEOUT_MS
  TANDEM_BODY_TIMEOUT_MS=$BODY_TIMEOUT_MS TANDEM_IDLE_TIMEOUT_MS=$IDLE_TIMEOUT_MS"
bench_init soak
use_private_binary
ADMIN_PASSWORD="soak-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"

# The two users the seed needs first: a v1 admin (an admin whatever registered before) and a
# KPI gatekeeper (the KPI face's passwordless login).
make_users() {
  local url=$1
  (
    server_env
    "$BIN" user add --email "$ADMIN_EMAIL" --password "$ADMIN_PASSWORD" --name "Soak Admin" \
      --role admin --database "$url"
    "$BIN" user add --email "$GATEKEEPER_EMAIL" --first-name Soak --last-name Keeper \
      --display-name "Soak Keeper" --username soak-gk --role gatekeeper --database "$url"
  ) >"$WORK/users.log" 2>&1
}

wait_for_file() {  # wait_for_file FILE PID SECONDS: 0 once FILE exists, 1 if PID died or time ran out
  local file=$1 pid=$2 i
  for ((i = 0; i < $3 * 10; i++)); do
    [[ -e $file ]] && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# run_load DIR SECONDS KPI_FIRST_YEAR: the whole load at once for SECONDS; returns once every
# client has left. Reports land in DIR (ws.json, mix.json, wrk.txt, hostile.json).
run_load() {
  local dir=$1 seconds=$2 first_year=$3 port=${BASE##*:} ws_pid wrk_pid hostile_pid
  mkdir -p "$dir"
  "$PY" "$BENCH_DIR/soak_ws.py" --port "$port" --members "$WORK/seed/members.json" \
    --clients "$WS_CLIENTS" --reconnecting "$WS_RECONNECTING" \
    --reconnect-seconds "$WS_RECONNECT_SECONDS" --ready "$dir/ws.ready" \
    --report "$dir/ws.json" 2>"$dir/ws.err" &
  ws_pid=$!
  track_background "$ws_pid"
  if ! wait_for_file "$dir/ws.ready" "$ws_pid" 60; then
    log "the WebSocket clients did not connect: $(tail -n 5 "$dir/ws.err")"
    return 1
  fi
  SOAK_SEED=$WORK/seed/seed.env SOAK_MIX_REPORT=$dir/mix.json SOAK_EVENTS_PER_SECOND=$EVENTS \
    SOAK_LOGINS_PER_SECOND=$LOGINS SOAK_KPI_ADDS_PER_SECOND=$KPI_ADDS \
    SOAK_KPI_FIRST_YEAR=$first_year \
    wrk -t1 "-c$CONNS" "-d${seconds}s" --timeout 10s -s "$BENCH_DIR/soak_mix.lua" "$BASE/" \
    >"$dir/wrk.txt" 2>&1 &
  wrk_pid=$!
  track_background "$wrk_pid"
  "$PY" "$BENCH_DIR/soak_hostile.py" --port "$port" --seed "$WORK/seed/seed.env" \
    --seconds "$seconds" --rate "$HOSTILE_RATE" --stalls "$STALLS" \
    --header-timeout-ms "$HEADER_TIMEOUT_MS" --body-timeout-ms "$BODY_TIMEOUT_MS" \
    --idle-timeout-ms "$IDLE_TIMEOUT_MS" --report "$dir/hostile.json" 2>"$dir/hostile.err" &
  hostile_pid=$!
  track_background "$hostile_pid"
  local status=0
  wait "$wrk_pid" || status=1
  wait "$hostile_pid" || status=1
  kill -TERM "$ws_pid" 2>/dev/null || true
  wait "$ws_pid" || status=1
  return "$status"
}

# The first KPI year a run after DIR's may add values for (every add is a new kpi/year/month).
next_kpi_year() {
  "$PY" -c 'import json, sys
adds = json.load(open(sys.argv[1]))["kinds"].get("kpi_add", {})
print(int(sys.argv[2]) + sum(adds.values()) // int(sys.argv[3]) + 2)' "$1/mix.json" "$2" "$3"
}

bench_database() {
  local database=$1 url=$2 tag
  tag=$(tr '[:upper:]' '[:lower:]' <<<"$database")
  local dir=$WORK/$tag record=$WORK/$tag/record.json
  mkdir -p "$dir" "$WORK/seed"
  SERVER_EXIT=""
  if ! start_server "$database" "$url"; then
    fail_row soak "$database" "the server did not start"
    return
  fi
  log "$database: seeding ($WS_CLIENTS members register, Argon2id at its default cost)"
  if ! make_users "$url" || ! "$PY" "$BENCH_DIR/soak_seed.py" "$BASE" "$ADMIN_EMAIL" \
    "$ADMIN_PASSWORD" "$GATEKEEPER_EMAIL" "$WS_CLIENTS" "$WORK/seed" 2>"$dir/seed.err"; then
    fail_row soak "$database" "seeding failed: $(tail -n 3 "$WORK/users.log" "$dir/seed.err" | tr '\n' ' ')"
    stop_server
    return
  fi
  local pid=$SERVER_PID
  log "$database: warm-up, ${WARMUP}s"
  if ((WARMUP > 0)) && ! run_load "$dir/warmup" "$WARMUP" 2100; then
    fail_row soak "$database" "the warm-up load failed (see $dir/warmup)"
    stop_server
    return
  fi
  local first_year=2100
  ((WARMUP == 0)) || first_year=$(next_kpi_year "$dir/warmup" 2100 5)
  sleep "$SETTLE"
  local baseline_rss baseline_fds
  baseline_rss=$(process_rss_kib "$pid")
  baseline_fds=$(process_fd_count "$pid")
  log "$database: baseline RSS ${baseline_rss} KiB, ${baseline_fds} fds; soak, ${DURATION}s"
  local log_mark
  log_mark=$(wc -l <"$SERVER_LOG")
  sample_process "$pid" "$dir/samples.txt" 1 &
  local sampler=$!
  track_background "$sampler"
  local load_ok=1
  run_load "$dir/soak" "$DURATION" "$first_year" || load_ok=0
  local load_end_ms
  load_end_ms=$(date +%s%3N)
  sleep "$SETTLE"
  local after_rss after_fds alive=1
  after_rss=$(process_rss_kib "$pid")
  after_fds=$(process_fd_count "$pid")
  kill -0 "$pid" 2>/dev/null || alive=0
  kill -TERM "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  log "$database: after RSS ${after_rss:-gone} KiB, ${after_fds:-gone} fds; stopping the server"
  tail -n +"$((log_mark + 1))" "$SERVER_LOG" >"$dir/server-during.log"
  stop_server
  "$PY" - "$record" "$database" "$DURATION" "$dir" "$load_ok" "$alive" "$SERVER_EXIT" \
    "${baseline_rss:-0}" "${baseline_fds:-0}" "${after_rss:-0}" "${after_fds:-0}" \
    "$load_end_ms" <<'PY'
import json, os, sys
record, database, seconds, d, load_ok, alive, server_exit = sys.argv[1:8]
base_rss, base_fds, after_rss, after_fds, load_end_ms = map(int, sys.argv[8:13])
def load(name):
    try:
        with open(os.path.join(d, "soak", name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None
samples = []
try:
    with open(os.path.join(d, "samples.txt")) as f:
        samples = [tuple(map(int, line.split())) for line in f if len(line.split()) == 3]
except OSError:
    pass
try:
    wrk_text = open(os.path.join(d, "soak", "wrk.txt"), errors="replace").read()
except OSError:
    wrk_text = ""
log_lines = open(os.path.join(d, "server-during.log"), errors="replace").read().splitlines()
json.dump({
    "database": database, "seconds": int(seconds), "load_ok": load_ok == "1",
    "alive": alive == "1", "server_exit": server_exit,
    "wrk_text": wrk_text, "mix": load("mix.json"), "ws": load("ws.json"),
    "hostile": load("hostile.json"),
    "rss_kib": {"baseline": base_rss, "peak": max([s[1] for s in samples] or [0]),
                "after": after_rss},
    "rss_load_kib": [s[1] for s in samples if s[0] <= load_end_ms],
    "fds": {"baseline": base_fds, "peak": max([s[2] for s in samples] or [0]),
            "after": after_fds},
    "server_log": [l for l in log_lines if " info " not in l][:20],
}, open(record, "w"))
PY
  cat "$record" >>"$RESULTS"
  echo >>"$RESULTS"
}

LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
run_databases soak

REPORT=$WORK/report.md
verdict=0
{
  echo "# Tandem soak"
  echo
  commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [[ $commit != unknown ]] &&
    [[ -n $(git -C "$ROOT" --no-optional-locks status --porcelain --untracked-files=no 2>/dev/null) ]]; then
    commit="$commit (with uncommitted changes)"
  fi
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); commit $commit; binary built $(date -u -r "$BIN" '+%Y-%m-%d %H:%M:%S UTC')"
  echo "- machine: nproc $(nproc), load average $LOAD_AT_START before the run"
  echo "- server: --threads 2, unpinned; Argon2id at its default cost; login limits raised out of the way"
  echo "- load: ${DURATION}s per database after a ${WARMUP}s warm-up; wrk -t1 -c$CONNS soak_mix.lua" \
    "(≤ $EVENTS task events/s, ≤ $LOGINS logins/s); soak_hostile.py ($HOSTILE_RATE attacks/s," \
    "$STALLS stalled connections); $WS_CLIENTS WebSocket clients ($WS_RECONNECTING reconnecting every ${WS_RECONNECT_SECONDS}s)"
  echo "- RSS and fds: baseline ${SETTLE}s after the warm-up's clients left; after: ${SETTLE}s after the soak's"
  echo
  "$PY" "$BENCH_DIR/soak_report.py" "$RESULTS" "$RSS_MARGIN_MIB" "$FD_MARGIN" || verdict=$?
} >"$REPORT"
mkdir -p "$BENCH_DIR/results"
cp "$REPORT" "$BENCH_DIR/results/soak-latest.md"
cat "$REPORT"
((verdict == 0 && FAILED == 0)) || exit 1
