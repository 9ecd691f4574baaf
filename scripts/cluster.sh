#!/usr/bin/env bash
# Tandem as it runs in production, on loopback: one PostgreSQL, one Redis, N stateless instances
# and haproxy in front of them (the README's "Behind a load balancer").
#
#   scripts/cluster.sh start DIR [PORT] [INSTANCES]   # haproxy on 127.0.0.1:PORT (default 8080),
#                                                     # 3 instances; prints the URL
#   scripts/cluster.sh stop DIR                       # stops everything and removes DIR
#   scripts/cluster.sh haproxy-config PORT BACKEND_PORT...
#                                                     # the haproxy configuration, on stdout
#
# Instances listen on 127.0.0.1 at free ports, share the database (hence the signing key and
# everything else) and Redis (login counters, the event mirror), trust haproxy's
# X-Forwarded-For and drain for a second on SIGTERM, which haproxy's health checks notice well
# within that. Logs: DIR/instance-N.log, DIR/haproxy.log, DIR/redis.log.
# Uses build/tandem (scripts/build.sh release) or TANDEM_BINARY.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${TANDEM_BINARY:-$ROOT/build/tandem}

die() {
  echo "cluster: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start DIR [PORT] [INSTANCES] | stop DIR | haproxy-config PORT BACKEND_PORT..." >&2
  exit 2
}

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Health checks every 250 ms, out after 2 failures: an instance that starts draining (/readyz
# 503 for TANDEM_DRAIN_MS, 1000 by default) leaves the pool in about 500 ms, while it still
# answers. A request whose connection is refused goes to another instance (retries, redispatch).
# WebSockets: `timeout tunnel` keeps an upgraded connection for an hour of silence (the server
# pings every 20 s anyway).
haproxy_config() {
  local port=$1
  shift
  cat <<CFG
global
  maxconn 4096

defaults
  mode http
  option forwardfor
  option redispatch
  retries 3
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout tunnel 1h
  timeout http-keep-alive 10s

frontend tandem
  bind 127.0.0.1:$port
  default_backend instances

backend instances
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 250ms fall 2 rise 2
CFG
  local i=1 backend
  for backend in "$@"; do
    echo "  server tandem$i 127.0.0.1:$backend check"
    i=$((i + 1))
  done
}

wait_for() {  # URL SECONDS
  local url=$1 seconds=$2 i
  for ((i = 0; i < seconds * 10; i++)); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

start() {
  local dir=$1 port=${2:-8080} count=${3:-3}
  [[ -x $BIN ]] || die "no server binary at $BIN (scripts/build.sh release)"
  command -v haproxy >/dev/null || die "haproxy is not installed (scripts/install-deps.sh)"
  command -v redis-server >/dev/null || die "redis-server is not installed (scripts/install-deps.sh)"
  [[ -e $dir ]] && die "$dir exists"
  mkdir -p "$dir"
  chmod 755 "$dir"
  local url
  url=$("$ROOT/scripts/pg-test-cluster.sh" start "$dir/pg" "$(free_port)") || die "PostgreSQL did not start"
  echo "$url" >"$dir/database-url"
  "$BIN" migrate --database "$url" >/dev/null
  local redis_port
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null ||
    die "redis-server did not start"
  local ports=() i instance_port
  for ((i = 1; i <= count; i++)); do
    instance_port=$(free_port)
    TANDEM_TRUSTED_PROXIES=127.0.0.1 REDIS_URL="redis://127.0.0.1:$redis_port/0" \
      "$BIN" serve --listen "127.0.0.1:$instance_port" \
      --database "$url" >"$dir/instance-$i.log" 2>&1 &
    echo $! >"$dir/instance-$i.pid"
    ports+=("$instance_port")
  done
  for instance_port in "${ports[@]}"; do
    wait_for "http://127.0.0.1:$instance_port/readyz" 20 || die "an instance did not start (see $dir/instance-*.log)"
  done
  haproxy_config "$port" "${ports[@]}" >"$dir/haproxy.cfg"
  haproxy -f "$dir/haproxy.cfg" -D -p "$dir/haproxy.pid" >"$dir/haproxy.log" 2>&1 ||
    die "haproxy did not start (see $dir/haproxy.log)"
  wait_for "http://127.0.0.1:$port/readyz" 10 || die "haproxy does not answer on $port"
  echo "http://127.0.0.1:$port"
}

stop() {
  local dir=$1 pidfile
  [[ -d $dir ]] || return 0
  for pidfile in "$dir"/haproxy.pid "$dir"/instance-*.pid "$dir"/redis.pid; do
    [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 1.5  # the instances' drain
  "$ROOT/scripts/pg-test-cluster.sh" stop "$dir/pg" >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case ${1:-} in
  start) [[ $# -ge 2 ]] || usage; start "$2" "${3:-8080}" "${4:-3}" ;;
  stop) [[ $# -eq 2 ]] || usage; stop "$2" ;;
  haproxy-config) [[ $# -ge 3 ]] || usage; shift; haproxy_config "$@" ;;
  *) usage ;;
esac
