#!/usr/bin/env bash
# Schemes (Beyo) face benchmark (issue 10): one command, one markdown table, in the manner of
# bench/kpi.sh.
#
#   bench/schemes.sh
#
# Data: 10,000 items (20 categories), 50 dealers, 20 note subjects and 2,000 notes each linked to
# 5 items, all created through the API. Rows, per database:
#   /healthz                      the same build's HTTP ceiling
#   item list                     the client's infinite scroll: per_page 180, 6 columns, the 2-hop
#                                 "notes.subject.id" in-filter (spec/beyo.md §4, pattern 3)
#   item detail                   per_page 1 by id, with {"dealer": ["dealer_name", "id"]}
#   note create                   a list-body Item_Note linked to 2 items, with an Item_History row
#                                 on each (also_do), as the client writes notes
#   ..., page cache off           the two reads with TANDEM_SCHEMES_PAGE_CACHE=0: every request
#                                 runs its SQL (the rows without it run as deployed: repeated
#                                 reads are answered from the page kept until the next commit)
#   pgbench: <each of the three>  PostgreSQL only: the statements the server ran for that request,
#                                 captured from PostgreSQL's statement log (schemes_sql.py)
# Targets (PostgreSQL): each read >= 0.6 of its pgbench row with p99 < 10 ms, the write >= 0.5 of
# its pgbench row; the uncached reads >= 0.6 of pgbench; 0 errors everywhere. SQLite rows are
# informational.
#
# Knobs: BENCH_SECONDS=10, BENCH_CONNECTIONS=32, BENCH_WARMUP_SECONDS=2,
#        BENCH_DATABASES=postgresql,sqlite, BENCH_BINARY=build/tandem, BENCH_KEEP_WORK=1.
# A benchmark, not a test: non-zero only when something could not run. Writes the table to
# stdout and bench/results/schemes-latest.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/bench/lib.sh"
EMAIL=bench-admin@example.com
PASSWORD=bench-password-1

log() { echo "bench-schemes: $*" >&2; }
die() {
  log "$*"
  exit 1
}
bench_settings 32 postgresql,sqlite
[[ -x $BIN ]] || die "no server binary at $BIN (scripts/build.sh release)"
PSQL=$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)
pin_cpus

bench_init schemes
use_private_binary

LIST="item list (per_page 180, notes.subject.id in)"
DETAIL="item detail with dealer"
CREATE="note create (2 items, history)"
UNCACHED=", page cache off"

# Creates the admin with the CLI and the data set through the API; writes the request bodies of
# the three scenarios into $WORK and prints the token.
seed() {
  local url=$1
  (server_env && "$BIN" user add --email "$EMAIL" --password "$PASSWORD" --username bench-admin \
    --phone 0 --role Admin --database "$url") >/dev/null 2>&1 || return 1
  "$PY" "$BENCH_DIR/schemes_seed.py" "$BASE" "$EMAIL" "$PASSWORD" "$WORK"
}

write_lua() {  # one POST script per scenario, the body read from its file
  local name
  for name in list detail create; do
    cat >"$WORK/$name.lua" <<LUA
local f = assert(io.open("$WORK/$name.json", "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
LUA
  done
}

# One request of a scenario between two marker queries, with PostgreSQL logging every statement.
# The request goes once before the markers too, so that what is captured is the steady state
# under load (the caller's user row is then cached, as it is between requests under wrk).
post_between_markers() {  # URL NAME
  local url=$1 name=$2 route
  route=/api/schemes/$([[ $name == create ]] && echo create_items || echo get_items)
  local args=(-s -H "Authorization: Bearer $BENCH_TOKEN" -H "Content-Type: application/json"
    --data-binary "@$WORK/$name.json" "$BASE$route")
  curl "${args[@]}" -o /dev/null
  "$PSQL" "$url" -X -q -c "SELECT 'tandem-bench-begin-$name'" >/dev/null
  curl "${args[@]}" -o "$WORK/$name.response"
  "$PSQL" "$url" -X -q -c "SELECT 'tandem-bench-end-$name'" >/dev/null
}

# Writes $WORK/<scenario>.sql: what the server ran for one request of each scenario.
capture_sql() {
  local url=$1 name note_id
  # Logging settings need the cluster's superuser (trust authentication on the test cluster).
  local admin_url=${url/tandem:tandem@/postgres@}
  "$PSQL" "$admin_url" -X -q -c "ALTER SYSTEM SET log_statement = 'all'" \
    -c "ALTER SYSTEM SET log_line_prefix = '%p|'" -c "SELECT pg_reload_conf()" >/dev/null
  sleep 0.5
  for name in list detail create; do post_between_markers "$url" "$name"; done
  "$PSQL" "$admin_url" -X -q -c "ALTER SYSTEM RESET log_statement" \
    -c "ALTER SYSTEM RESET log_line_prefix" -c "SELECT pg_reload_conf()" >/dev/null
  local server_log=$PG_DIR/server.log
  "$PY" "$BENCH_DIR/schemes_sql.py" "$server_log" list "$WORK/list.sql" || return 1
  "$PY" "$BENCH_DIR/schemes_sql.py" "$server_log" detail "$WORK/detail.sql" || return 1
  note_id=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["body"][0][0]["id"])' \
    "$WORK/create.response") || return 1
  "$PY" "$BENCH_DIR/schemes_sql.py" "$server_log" create "$WORK/create.sql" \
    --returning-table item_notes --returning-var note_id --returning-value "$note_id" || return 1
}

ALL_ROWS=(/healthz "$LIST$UNCACHED" "$DETAIL$UNCACHED" "$LIST" "$DETAIL" "$CREATE")

bench_database() {
  local database=$1 url=$2 s
  # First every request runs its SQL (TANDEM_SCHEMES_PAGE_CACHE=0): the SQL is captured for
  # pgbench, and the reads are measured uncached.
  if ! SERVER_EXTRA_ENV="TANDEM_SCHEMES_PAGE_CACHE=0" start_server "$database" "$url"; then
    for s in "${ALL_ROWS[@]}"; do fail_row "$s" "$database" "the server did not start"; done
    return
  fi
  if ! BENCH_TOKEN=$(seed "$url"); then
    for s in "${ALL_ROWS[@]}"; do fail_row "$s" "$database" "seeding failed"; done
    stop_server
    return
  fi
  export BENCH_TOKEN
  write_lua
  if [[ $database == PostgreSQL ]]; then
    if capture_sql "$url"; then
      cp "$WORK/list.sql" "$WORK/detail.sql" "$WORK/create.sql" "$RESULTS_DIR/" 2>/dev/null || true
      run_pgbench "$url" "pgbench: $LIST" "$WORK/list.sql"
      run_pgbench "$url" "pgbench: $DETAIL" "$WORK/detail.sql"
      run_pgbench "$url" "pgbench: $CREATE" "$WORK/create.sql"
    else
      for s in "$LIST" "$DETAIL" "$CREATE"; do fail_row "pgbench: $s" PostgreSQL "capturing the SQL failed"; done
    fi
  fi
  run_wrk /healthz "$database" /healthz "" 1
  run_wrk "$LIST$UNCACHED" "$database" /api/schemes/get_items "$WORK/list.lua" 1
  run_wrk "$DETAIL$UNCACHED" "$database" /api/schemes/get_items "$WORK/detail.lua" 1
  stop_server
  # Then as deployed: repeated reads are answered from the page cache until the next commit.
  if ! start_server "$database" "$url"; then
    for s in "$LIST" "$DETAIL" "$CREATE"; do fail_row "$s" "$database" "the server did not restart"; done
    return
  fi
  run_wrk "$LIST" "$database" /api/schemes/get_items "$WORK/list.lua" 1
  run_wrk "$DETAIL" "$database" /api/schemes/get_items "$WORK/detail.lua" 1
  # Last: the write grows the data the reads see.
  run_wrk "$CREATE" "$database" /api/schemes/create_items "$WORK/create.lua" 0
  stop_server
}

RESULTS_DIR=$BENCH_DIR/results
mkdir -p "$RESULTS_DIR"
run_databases "$LIST"

REPORT=$WORK/report.md
{
  echo "# Tandem schemes benchmark"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "- machine: nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "- load: wrk -t1 -c$CONNS -d${DURATION}s; pgbench -M prepared -c $CONNS -j 1; $PINNING"
  echo "- data: 10,000 items, 50 dealers, 20 subjects, 2,000 notes x 5 items; pgbench runs the"
  echo "  statements the server ran (bench/results/{list,detail,create}.sql)"
  echo
  "$PY" - "$BENCH_DIR" "$RESULTS" "$LIST" "$DETAIL" "$CREATE" "$UNCACHED" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import bench
uncached = sys.argv[6]
# scenario: (pgbench row it is measured against, the floor, whether p99 < 10 ms is a target)
goals = {sys.argv[3]: (sys.argv[3], 0.6, True), sys.argv[4]: (sys.argv[4], 0.6, True),
         sys.argv[5]: (sys.argv[5], 0.5, False),
         sys.argv[3] + uncached: (sys.argv[3], 0.6, False),
         sys.argv[4] + uncached: (sys.argv[4], 0.6, False)}
def judge(r, rps):
    s, d = r["scenario"], r["database"]
    errors, p99 = bench.error_count(r), r.get("p99_ms")
    ratio, target, met = "1.00 (ref)", "", "—"
    if s in goals and d == "PostgreSQL":
        reference, goal, latency = goals[s]
        ref = rps("pgbench: " + reference, d)
        value = r["rps"] / ref if ref else None
        ratio = f"{bench._fmt_ratio(value)} of pgbench"
        target = f"≥ {goal:.1f} of pgbench" + (", p99 < 10 ms" if latency else "") + ", 0 errors"
        ok = value is not None and value >= goal and errors == 0
        if latency:
            ok = ok and p99 is not None and p99 < 10
        met = "n/a" if value is None else ("yes" if ok else "no")
    elif s in goals:
        ref = rps("/healthz", d)
        ratio = f"{bench._fmt_ratio(r['rps'] / ref if ref else None)} of /healthz"
        target, met = "informational, 0 errors", "yes" if errors == 0 else "no"
    return ratio, target, met
print(bench.judged_table(bench.read_rows(sys.argv[2]), judge))
PY
} >"$REPORT"
cp "$REPORT" "$RESULTS_DIR/schemes-latest.md"
cat "$REPORT"
exit "$FAILED"
