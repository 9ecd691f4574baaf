#!/usr/bin/env bash
# KPI face benchmark (issue 3): one command, one markdown table, in the manner of bench/run.sh.
#
#   bench/kpi.sh
#
# Rows, per database (SQLite file; throwaway PostgreSQL cluster):
#   /healthz                                     the same build's HTTP ceiling
#   GET /kpi_values?circle_id=1&period=this_year 20 KPIs x 12 months = 240 values in the window
#   POST /kpi_values/add                         a new (kpi, year, month) on every request
#   pgbench: kpi value add transaction           PostgreSQL only: the statements the add runs
# Targets: the read >= 0.30 of /healthz; the write >= 0.50 of pgbench (PostgreSQL); 0 errors.
#
# Knobs: BENCH_SECONDS=10, BENCH_CONNECTIONS=64, BENCH_WARMUP_SECONDS=2,
#        BENCH_DATABASES=sqlite,postgresql, BENCH_BINARY=build/tandem, BENCH_KEEP_WORK=1.
# A benchmark, not a test: non-zero only when something could not run. Writes the table to
# stdout and bench/results/kpi-latest.md. The server gets no TANDEM_* variable from the caller;
# TANDEM_NOW pins "today" to 2023-12-15 so that this_year spans all twelve seeded months.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/bench/lib.sh"
NOW=2023-12-15T12:00:00Z
KPIS=20

log() { echo "bench-kpi: $*" >&2; }
die() {
  log "$*"
  exit 1
}
bench_settings 64 sqlite,postgresql
[[ -x $BIN ]] || die "no server binary at $BIN (scripts/build.sh release)"
pin_cpus

SERVER_EXTRA_ENV="TANDEM_NOW=$NOW"
bench_init kpi

# The data set: a gatekeeper (made with the CLI), circle 1 with $KPIS monthly KPIs, and a value
# for each of them in every month of 2023. Prints the gatekeeper's access token.
seed() {
  local url=$1
  (server_env && "$BIN" user add --email bench-gk@example.com --first-name Bench \
    --last-name Keeper --display-name "Bench Keeper" --username bench-gk --role gatekeeper \
    --database "$url") >/dev/null 2>&1 || return 1
  "$PY" - "$BASE" "$KPIS" <<'PY'
import json, sys, urllib.request
base, kpis = sys.argv[1], int(sys.argv[2])
def call(method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=30) as resp:
        text = resp.read()
        return json.loads(text) if text else None
token = call("POST", "/login", {"email": "bench-gk@example.com"})["access_token"]
call("POST", "/circles/add", {"name": "bench circle"}, token)
for k in range(1, kpis + 1):
    call("POST", "/kpis/add", {"circle_id": 1, "name": f"bench kpi {k}", "periodicity": "monthly",
                               "unit": "amount", "target_value": 1000}, token)
    for month in range(1, 13):
        call("POST", "/kpi_values/add", {"kpi_id": k, "period_year": 2023,
                                         "period_month": month, "value": k * 100 + month}, token)
found = call("GET", "/kpi_values?circle_id=1&period=this_year", token=token)["KPI_Values"]
assert len(found) == kpis * 12, len(found)
print(token)
PY
}

write_lua() {
  cat >"$WORK/read.lua" <<'LUA'
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
LUA
  # Every request a new (kpi, year, month): KPIs cycle fastest, then months, then years from
  # 3000 on, far from the seeded 2023 (one wrk thread, so one counter).
  cat >"$WORK/write.lua" <<LUA
local n = 0
local kpis = $KPIS
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
request = function()
  local kpi = n % kpis + 1
  local month = math.floor(n / kpis) % 12 + 1
  local year = 3000 + math.floor(n / (kpis * 12))
  n = n + 1
  return wrk.format(nil, nil, nil, string.format(
    '{"kpi_id":%d,"period_year":%d,"period_month":%d,"value":%d.5}', kpi, year, month, n))
end
LUA
}

# The add's statements (src/store/kpi/{kpi,kpi_value,change_log}_repository.cpp) in one
# transaction, keys from a sequence so every transaction inserts a new month, as the wrk rows do.
pgbench_kpi_value_add() {
  local url=$1
  psql "$url" -X -q -c "CREATE SEQUENCE IF NOT EXISTS bench_kpi_value_keys" >/dev/null
  cat >"$WORK/add.sql" <<SQL
BEGIN;
SELECT s.n, k.id AS kpi, k.circle_id, k.name, k.periodicity, k.unit, k.initial_value, k.target_value, k.active FROM (SELECT nextval('bench_kpi_value_keys') AS n) s JOIN kpis k ON k.id = s.n % $KPIS + 1 \gset
INSERT INTO kpi_values (kpi_id, period_year, period_month, value, created_by_user_id, created_at, updated_by_user_id, updated_at) VALUES (:kpi, 6000 + :n / ($KPIS * 12), (:n / $KPIS) % 12 + 1, 1.5, 1, 1700000000000000, NULL, 1700000000000000) RETURNING id \gset
INSERT INTO change_logs (kpi_value_id, user_id, registered_at, activity, value) VALUES (:id, 1, 1700000000000000, 'Created', 1.5);
END;
SQL
  run_pgbench "$url" "pgbench: kpi value add transaction" "$WORK/add.sql"
}

READ="GET /kpi_values?circle_id=1&period=this_year"
WRITE="POST /kpi_values/add"

bench_database() {
  local database=$1 url=$2
  if ! start_server "$database" "$url"; then
    for s in /healthz "$READ" "$WRITE"; do fail_row "$s" "$database" "the server did not start"; done
    return
  fi
  if ! BENCH_TOKEN=$(seed "$url"); then
    for s in /healthz "$READ" "$WRITE"; do fail_row "$s" "$database" "seeding failed"; done
    stop_server
    return
  fi
  export BENCH_TOKEN
  [[ $database != PostgreSQL ]] || pgbench_kpi_value_add "$url"
  run_wrk /healthz "$database" /healthz "" 1
  run_wrk "$READ" "$database" "/kpi_values?circle_id=1&period=this_year" "$WORK/read.lua" 1
  run_wrk "$WRITE" "$database" /kpi_values/add "$WORK/write.lua" 0
  stop_server
}

write_lua
run_databases "$READ"

REPORT=$WORK/report.md
{
  echo "# Tandem KPI benchmark"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "- machine: nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "- load: wrk -t1 -c$CONNS -d${DURATION}s; pgbench -M prepared -c $CONNS -j 1; $PINNING"
  echo "- data: circle 1 with $KPIS monthly KPIs x 12 months of 2023 (the read returns 240 values)"
  echo
  "$PY" - "$BENCH_DIR" "$RESULTS" "$READ" "$WRITE" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import bench
read, write, pgb = sys.argv[3], sys.argv[4], "pgbench: kpi value add transaction"
def judge(r, rps):
    s, d = r["scenario"], r["database"]
    errors = bench.error_count(r)
    ratio, target, met = "1.00 (ref)", "", "—"
    if s == read:
        ref, name, goal = rps("/healthz", d), "/healthz", 0.30
    elif s == write and d == "PostgreSQL":
        ref, name, goal = rps(pgb, d), "pgbench", 0.50
    elif s == write:
        ref, name, goal = rps("/healthz", d), "/healthz", None
    if s in (read, write):
        value = r["rps"] / ref if ref else None
        ratio = f"{bench._fmt_ratio(value)} of {name}"
        if goal is None:
            target, met = "informational, 0 errors", "yes" if errors == 0 else "no"
        else:
            target = f"≥ {goal:.2f} of {name}, 0 errors"
            met = "n/a" if value is None else ("yes" if value >= goal and errors == 0 else "no")
    return ratio, target, met
print(bench.judged_table(bench.read_rows(sys.argv[2]), judge))
PY
} >"$REPORT"
mkdir -p "$BENCH_DIR/results"
cp "$REPORT" "$BENCH_DIR/results/kpi-latest.md"
cat "$REPORT"
exit "$FAILED"
