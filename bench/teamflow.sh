#!/usr/bin/env bash
# TeamFlow face benchmark (issue 4): one command, one markdown table, in the manner of
# bench/kpi.sh.
#
#   bench/teamflow.sh
#
# Rows, on a throwaway PostgreSQL cluster (durable commits: synchronous_commit stays on):
#   /healthz           the same build's HTTP ceiling
#   GET /api/tasks     the whole board, 100 tasks created through the API first
#   POST /api/tasks    a new task per request (the table grows during this row, so it runs last)
# Baseline: the original Flask app (gunicorn, 2 workers, PostgreSQL, wrk -c32) on this machine
# type served the GET at 719 req/s and the POST at 734 req/s (spec/teamflow.md). Targets:
# GET >= 20x, POST >= 7x, 0 errors.
#
# Server placement (BENCH_THREADS): 1 (default) pins one event loop to CPU 0 and wrk to CPU 1;
# 2 runs two event loops unpinned, as gunicorn's two workers were, with wrk still on CPU 1.
# PostgreSQL is never pinned. Knobs: BENCH_SECONDS=10, BENCH_CONNECTIONS=32,
# BENCH_WARMUP_SECONDS=2, BENCH_THREADS=1, BENCH_DATABASES=postgresql[,sqlite],
# BENCH_BINARY=build/tandem, BENCH_KEEP_WORK=1.
# A benchmark, not a test: non-zero only when something could not run. Writes the table to
# stdout and bench/results/teamflow-latest.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/bench/lib.sh"
THREADS=${BENCH_THREADS:-1}
TASKS=100
BASE_GET=719
BASE_POST=734

log() { echo "bench-teamflow: $*" >&2; }
die() {
  log "$*"
  exit 1
}
bench_settings 32 postgresql
LUA=$BENCH_DIR/teamflow_tasks.lua
require_whole_numbers THREADS
[[ $THREADS == 1 || $THREADS == 2 ]] || die "BENCH_THREADS must be 1 or 2"
[[ -x $BIN ]] || die "no server binary at $BIN (scripts/build.sh release)"

pin_cpus
if ((${#LOAD_PIN[@]} > 0)); then
  if ((THREADS == 1)); then
    PINNING="server --threads 1 on CPU 0, wrk on CPU 1, PostgreSQL unpinned"
  else
    SERVER_PIN=()
    PINNING="server --threads 2 unpinned (as gunicorn -w 2), wrk on CPU 1, PostgreSQL unpinned"
  fi
fi

SERVER_THREADS=$THREADS
bench_init teamflow

# Signs up a bench user and creates $TASKS tasks through the API; prints the token.
seed() {
  "$PY" - "$BASE" "$TASKS" <<'PY'
import json, sys, urllib.request
base, tasks = sys.argv[1], int(sys.argv[2])
def call(method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())
token = call("POST", "/api/auth/signup", {"username": "bench", "password": "bench-pass"})["token"]
for i in range(tasks):
    call("POST", "/api/tasks", {"title": f"seeded task {i}", "description": "seeded",
                                "priority": ["low", "medium", "high"][i % 3],
                                "status": ["todo", "in_progress", "done"][i % 3]}, token)
found = call("GET", "/api/tasks", token=token)
assert len(found) == tasks, len(found)
print(token)
PY
}

# run_task_wrk SCENARIO DATABASE PATH METHOD WARM: a run_wrk row of teamflow_tasks.lua, which
# sends METHOD.
run_task_wrk() { BENCH_METHOD=$4 run_wrk "$1" "$2" "$3" "$LUA" "$5"; }

bench_database() {
  local database=$1 url=$2
  if ! start_server "$database" "$url"; then
    for s in /healthz "GET /api/tasks" "POST /api/tasks"; do
      fail_row "$s" "$database" "the server did not start"
    done
    return
  fi
  if ! BENCH_TOKEN=$(seed); then
    for s in /healthz "GET /api/tasks" "POST /api/tasks"; do fail_row "$s" "$database" "seeding failed"; done
    stop_server
    return
  fi
  export BENCH_TOKEN
  run_task_wrk /healthz "$database" /healthz GET 1
  run_task_wrk "GET /api/tasks" "$database" /api/tasks GET 1
  run_task_wrk "POST /api/tasks" "$database" /api/tasks POST 0
  stop_server
}

run_databases "GET /api/tasks"

REPORT=$WORK/report.md
{
  echo "# Tandem TeamFlow benchmark"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "- machine: nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "- load: wrk -t1 -c$CONNS -d${DURATION}s; $PINNING"
  echo "- data: $TASKS tasks created through the API (GET returns all of them)"
  echo "- baseline: the original Flask app, gunicorn -w 2 on PostgreSQL: GET $BASE_GET req/s, POST $BASE_POST req/s"
  echo
  "$PY" - "$BENCH_DIR" "$RESULTS" "$BASE_GET" "$BASE_POST" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import bench
goals = {"GET /api/tasks": (float(sys.argv[3]), 20.0), "POST /api/tasks": (float(sys.argv[4]), 7.0)}
def judge(r, rps):
    s, d = r["scenario"], r["database"]
    ratio, target, met = "—", "ceiling", "—"
    if s in goals:
        base, goal = goals[s]
        value = r["rps"] / base
        ratio = f"{value:.1f}× of {base:.0f}"
        target = f"≥ {goal:.0f}×, 0 errors"
        met = "yes" if value >= goal and bench.error_count(r) == 0 else "no"
        if d != "PostgreSQL":
            target, met = "informational (baseline is PostgreSQL)", "—"
    return ratio, target, met
print(bench.judged_table(bench.read_rows(sys.argv[2]), judge, "ratio to original"))
PY
} >"$REPORT"
mkdir -p "$BENCH_DIR/results"
cp "$REPORT" "$BENCH_DIR/results/teamflow-latest.md"
cat "$REPORT"
exit "$FAILED"
