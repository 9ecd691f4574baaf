#!/usr/bin/env bash
# WebSocket fan-out latency: PATCH /api/v1/tasks/{id}/move with N project members connected,
# time from the HTTP response to each member's task_moved frame (target p99 < 50 ms, 0 errors).
#   bench/ws.sh                  # SQLite and PostgreSQL, 100 clients, 300 moves
#   BENCH_WS_CLIENTS=100 BENCH_WS_MOVES=300 BENCH_DATABASES=postgresql bench/ws.sh
# A benchmark, not a test: exits non-zero only when something could not run.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BENCH_BINARY:-$ROOT/build/tandem}
CLIENTS=${BENCH_WS_CLIENTS:-100}
MOVES=${BENCH_WS_MOVES:-300}
DATABASES=${BENCH_DATABASES:-sqlite,postgresql}
PY=/usr/bin/python3
work=$(mktemp -d /tmp/tandem-bench-ws.XXXXXX)
chmod 755 "$work"
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  "$ROOT/scripts/pg-test-cluster.sh" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "| database | clients | moves | p50 ms | p99 ms | max ms | moves/s | errors | target |"
echo "|---|--:|--:|--:|--:|--:|--:|--:|---|"
for db in ${DATABASES//,/ }; do
  case $db in
    sqlite) url="sqlite:///$work/ws.db" ;;
    postgresql) url=$("$ROOT/scripts/pg-test-cluster.sh" start "$work/pg" "$(free_port)") ;;
    *) echo "unknown database $db" >&2; exit 1 ;;
  esac
  port=$(free_port)
  # Cheap password hashing: this run registers many users and measures fan-out, not login.
  TANDEM_ACCESS_LOG=0 TANDEM_JWT_SECRET=bench-$RANDOM-$RANDOM-secret TANDEM_ARGON2_OPSLIMIT=1 \
    TANDEM_ARGON2_MEMLIMIT_KIB=8192 "$BIN" serve --listen "127.0.0.1:$port" --database "$url" \
    --threads 2 >"$work/server-$db.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$work/server-$db.log" && break; sleep 0.1; done
  setup=$("$PY" - "$port" "$CLIENTS" "$work/users.json" <<'PYEOF'
import json, sys, urllib.request
port, clients, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def call(method, path, body=None, token=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json",
                                          **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"null")
admin = call("POST", "/api/v1/auth/register", {"name": "admin", "email": "admin@example.com", "password": "pw"})
tok = admin["access_token"]
project = call("POST", "/api/v1/projects/", {"name": "bench"}, tok)
users = []
for i in range(clients):
    u = call("POST", "/api/v1/auth/register", {"name": f"m{i}", "email": f"m{i}@example.com", "password": "pw"})
    call("POST", f"/api/v1/projects/{project['id']}/members/{u['user']['id']}", None, tok)
    users.append({"id": u["user"]["id"], "token": u["access_token"]})
task = call("POST", "/api/v1/tasks/", {"title": "bench task", "project_id": project["id"]}, tok)
json.dump(users, open(out, "w"))
print(tok, task["id"])
PYEOF
)
  read -r token task <<<"$setup"
  result=$("$PY" "$ROOT/bench/ws_move_latency.py" --port "$port" --token "$token" --task "$task" \
    --users "$work/users.json" --clients "$CLIENTS" --moves "$MOVES")
  "$PY" - "$db" "$result" <<'PYEOF'
import json, sys
db, r = sys.argv[1], json.loads(sys.argv[2])
f = lambda v: f"{v:.2f}" if isinstance(v, float) else str(v)
print(f"| {db} | {r['clients']} | {r['moves']} | {f(r['p50_ms'])} | {f(r['p99_ms'])} | "
      f"{f(r['max_ms'])} | {r['moves_per_s']:.0f} | {r['errors']} | p99 < 50 ms, 0 errors |")
PYEOF
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
done
