#!/usr/bin/env bash
# Issue 11's benchmark: many instances, one truth. One command, one markdown table.
#
#   bench/cluster.sh
#
# Rows:
#   event delivery      scripts/cluster.sh (PostgreSQL, Redis, 3 instances, haproxy): 300 users
#                       with a WebSocket each through haproxy, members of 30 projects; 32 writers
#                       create tasks through haproxy, each paced at BENCH_WRITE_RATE (5) writes/s;
#                       time from each HTTP response to each member's frame (bench/cluster_events.py)
#   catch-up            one member who missed 1,000 events reconnects with last_event_id: time to
#                       hold all 1,000 frames (median of 5 reconnects)
#   POST /api/v1/tasks  one instance on PostgreSQL, wrk 32 connections, the task's project with
#                       10 members: this build (events stored with every task) against a build of
#                       d657025, the last commit before stored events, run alternately twice each
# Targets: delivery p50 <= 10 ms and p99 <= 50 ms with no frame missing; catch-up < 100 ms;
# POST /api/v1/tasks with stored events >= 0.8 of the build without.
#
# Knobs: BENCH_SECONDS=10, BENCH_WRITE_RATE=5, BENCH_BINARY=build/tandem,
#        BENCH_PARTS=delivery,tasks (either alone: only its rows),
#        BENCH_BASELINE_BINARY (default: d657025 built in a scratch worktree, a few minutes
#        with a warm ccache), BENCH_KEEP_WORK=1.
# A benchmark, not a test: non-zero only when something could not run. Writes the table to
# stdout and bench/results/cluster-latest.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/bench/lib.sh"
BASELINE_COMMIT=d657025

log() { echo "bench-cluster: $*" >&2; }
die() {
  log "$*"
  exit 1
}
bench_settings 32 postgresql
require_whole_numbers DURATION
RATE=${BENCH_WRITE_RATE:-5}
[[ -x $BIN ]] || die "no server binary at $BIN (scripts/build.sh release)"
pin_cpus
bench_init cluster
use_private_binary
# Cheap password hashing: the run registers hundreds of users and measures events, not login.
export TANDEM_ARGON2_OPSLIMIT=1 TANDEM_ARGON2_MEMLIMIT_KIB=8192 TANDEM_ACCESS_LOG=0

baseline_binary() {
  if [[ -n ${BENCH_BASELINE_BINARY:-} ]]; then
    echo "$BENCH_BASELINE_BINARY"
    return
  fi
  local tree=$WORK/baseline
  log "building $BASELINE_COMMIT (no stored events) in $tree"
  git -C "$ROOT" worktree add --detach "$tree" "$BASELINE_COMMIT" >&2
  (
    cd "$tree"
    export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/tandem-ccache} CCACHE_BASEDIR=$tree
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTANDEM_SANITIZE=OFF \
      -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
    ninja -C build tandem >&2
  ) || return 1
  cp "$tree/build/tandem" "$WORK/tandem-baseline"
  git -C "$ROOT" worktree remove --force "$tree" >&2
  echo "$WORK/tandem-baseline"
}

# --- event delivery and catch-up across the cluster ---------------------------------------
CLUSTER=$WORK/cluster
EVENTS_JSON=$WORK/events.json
cluster_rows() {
  local url
  url=$(TANDEM_BINARY=$BIN "$ROOT/scripts/cluster.sh" start "$CLUSTER" "$("${HELPER[@]}" free-port)" 3) ||
    return 1
  "$PY" "$BENCH_DIR/cluster_events.py" --url "$url" --seconds "$DURATION" --rate "$RATE" \
    >"$EVENTS_JSON" || { "$ROOT/scripts/cluster.sh" stop "$CLUSTER"; return 1; }
  "$ROOT/scripts/cluster.sh" stop "$CLUSTER"
}
PARTS=${BENCH_PARTS:-delivery,tasks}
if [[ ,$PARTS, == *,delivery,* ]]; then
  log "event delivery: 3 instances behind haproxy, 300 sockets, 32 writers at $RATE writes/s each"
  cluster_rows || die "the cluster run failed"
else
  echo '{}' >"$EVENTS_JSON"
fi

# --- POST /api/v1/tasks with and without stored events --------------------------------------
# One project with 10 members; prints the admin's token and the project id.
seed_tasks() {
  "$PY" - "$BASE" <<'PY'
import json, sys, urllib.request, uuid
base = sys.argv[1]
def call(method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json",
                                          **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(req) as resp:
        return json.load(resp)
def register():
    return call("POST", "/api/v1/auth/register", {"name": "b", "password": "bench-password-1",
                "email": f"b{uuid.uuid4().hex[:12]}@example.com"})
admin = register()
token = admin["access_token"]
project = call("POST", "/api/v1/projects/", {"name": "bench"}, token)["id"]
for _ in range(10):
    member = register()["user"]["id"]
    call("POST", f"/api/v1/projects/{project}/members/{member}", None, token)
print(token, project)
PY
}

TASKS="POST /api/v1/tasks"
task_row() {  # LABEL BINARY ROUND
  local label=$1 binary=$2 round=$3 port url
  port=$("${HELPER[@]}" free-port)
  PG_DIR=$WORK/pg-tasks-$round-$(basename "$binary")
  url=$("$ROOT/scripts/pg-test-cluster.sh" start "$PG_DIR" "$port") || {
    fail_row "$TASKS ($label)" PostgreSQL "the PostgreSQL cluster did not start"
    return 0
  }
  local saved_bin=$BIN
  BIN=$binary
  if start_server "tasks-$round-$(basename "$binary")" "$url"; then
    local seeded token project
    seeded=$(seed_tasks) && read -r token project <<<"$seeded"
    cat >"$WORK/tasks.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"title": "bench task", "project_id": "$project"}'
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
LUA
    run_wrk "$TASKS ($label, run $round)" PostgreSQL /api/v1/tasks/ "$WORK/tasks.lua" 1
    stop_server
  else
    fail_row "$TASKS ($label, run $round)" PostgreSQL "the server did not start"
  fi
  BIN=$saved_bin
  "$ROOT/scripts/pg-test-cluster.sh" stop "$PG_DIR" >&2 || true
  PG_DIR=""
}
if [[ ,$PARTS, == *,tasks,* ]]; then
  BASELINE=$(baseline_binary) || die "cannot build the baseline $BASELINE_COMMIT"
  for round in 1 2; do
    task_row "without stored events, $BASELINE_COMMIT" "$BASELINE" "$round"
    task_row "stored events, this build" "$BIN" "$round"
  done
fi

RESULTS_DIR=$BENCH_DIR/results
mkdir -p "$RESULTS_DIR"
REPORT=$WORK/report.md
{
  echo "# Tandem cluster benchmark (issue 11)"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "- machine: nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "- delivery: scripts/cluster.sh, ${DURATION}s of 32 writers at $RATE writes/s each; POST rows: wrk -t1 -c$CONNS -d${DURATION}s, $PINNING"
  echo
  "$PY" - "$EVENTS_JSON" "$RESULTS" "$TASKS" <<'PY'
import json, sys
events = json.load(open(sys.argv[1]))
rows = [json.loads(line) for line in open(sys.argv[2]) if line.strip()]
tasks = sys.argv[3]
def ms(v):
    return f"{v:.2f}" if v is not None else "n/a"
print("| scenario | result | target | met |")
print("|---|---|---|---|")
if events:
    ok = (events["p50_ms"] is not None and events["p50_ms"] <= 10 and events["p99_ms"] <= 50
          and events["missing_frames"] == 0 and events["write_errors"] == 0)
    print(f"| event delivery, 3 instances behind haproxy, {events['sockets']} sockets, "
          f"{events['writers']} writers ({events['writes_per_s']:.0f} writes/s, "
          f"{events['samples']:,} frames) | p50 {ms(events['p50_ms'])} ms, "
          f"p99 {ms(events['p99_ms'])} ms, max {ms(events['max_ms'])} ms, "
          f"{events['missing_frames']} missing, {events['write_errors']} write errors | "
          f"p50 ≤ 10 ms, p99 ≤ 50 ms, none missing | {'yes' if ok else 'no'} |")
    catch = events["catch_up_median_ms"]
    print(f"| catch-up of {events['catch_up_events']:,} events (reconnect with last_event_id) | "
          f"median {ms(catch)} ms, best {ms(events['catch_up_best_ms'])} ms | < 100 ms | "
          f"{'yes' if catch < 100 else 'no'} |")
def mean(label):
    values = [r["rps"] for r in rows if r.get("scenario", "").startswith(f"{tasks} ({label}")
              and r.get("rps")]
    return sum(values) / len(values) if values else None, values
stored, stored_runs = mean("stored events")
plain, plain_runs = mean("without stored events")
for label, value, runs in (("without stored events (d657025)", plain, plain_runs),
                           ("with stored events (this build)", stored, stored_runs)):
    if not runs:
        continue
    print(f"| {tasks}, {label} | {'n/a' if value is None else f'{value:,.0f} req/s'} "
          f"(runs: {', '.join(f'{v:,.0f}' for v in runs)}) | | |")
ratio = stored / plain if stored and plain else None
if stored_runs or plain_runs:
    print(f"| {tasks}: stored events / without | {'n/a' if ratio is None else f'{ratio:.2f}'} "
          f"| ≥ 0.8 | {'yes' if ratio is not None and ratio >= 0.8 else 'no'} |")
PY
} >"$REPORT"
cp "$REPORT" "$RESULTS_DIR/cluster-latest.md"
cat "$REPORT"
exit "$FAILED"
