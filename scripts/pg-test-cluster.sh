#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests, independent of any system cluster.
#
#   scripts/pg-test-cluster.sh start DIR PORT   # prints postgresql://tandem:tandem@127.0.0.1:PORT/tandem
#   scripts/pg-test-cluster.sh stop DIR         # stops it and removes DIR
#   scripts/pg-test-cluster.sh restart DIR [S]  # stops the server (fast: connections are cut),
#                                               # waits S seconds (default 0), starts it again
#
# PostgreSQL refuses to run as root, so under root the cluster belongs to the `postgres` OS user.
# Only the URL goes to stdout; progress and errors go to stderr.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
MARKER=.tandem-pg-test-cluster  # stop removes only directories that start created

die() {
  echo "pg-test-cluster: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start DIR PORT | stop DIR | restart DIR [SECONDS]" >&2
  exit 2
}

# Keep libpq's environment from redirecting our client calls to some other server.
unset PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGPASSWORD PGSERVICE PGSERVICEFILE PGOPTIONS \
  PGSSLMODE PGDATA

if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' OS user (apt-get install postgresql)"
  owner=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi

[[ -x $PG_BIN/pg_ctl ]] || die "no PostgreSQL 15 binaries in $PG_BIN (run scripts/install-deps.sh)"

# The postgres user may not be able to enter the caller's working directory.
cd /

start() {
  local dir=$1 port=$2
  if ! [[ $port =~ ^[0-9]{1,5}$ ]] || ((10#$port < 1 || 10#$port > 65535)); then
    die "invalid port: $port"
  fi
  port=$((10#$port))
  dir=$(realpath -m -- "$dir")
  [[ $dir != / ]] || die "refusing to use /"
  # The socket path DIR/.s.PGSQL.PORT must fit in sun_path (107 bytes and a NUL).
  ((${#dir} + 11 + ${#port} <= 107)) || die "directory path too long for a unix socket: $dir"

  mkdir -p -- "$dir"
  if [[ -n $(ls -A -- "$dir") ]]; then
    die "$dir is not empty (stop the cluster in it first, or choose another directory)"
  fi
  # From here on a failed start leaves nothing behind: no server, no directory.
  trap 'abandon_start "$dir"' EXIT
  chmod 700 -- "$dir"
  touch -- "$dir/$MARKER"
  if [[ $owner == postgres ]]; then
    chown -R postgres:postgres -- "$dir"
    # A parent made by root's `mktemp -d` is closed to others: let postgres pass through it
    # (search only, not list). Only under /tmp, never in someone's home.
    local parent
    parent=$(dirname -- "$dir")
    while [[ $parent == /tmp/* ]]; do
      [[ $(stat -c %U -- "$parent") == root ]] && chmod o+x -- "$parent"
      parent=$(dirname -- "$parent")
    done
    as_owner test -w "$dir" -a -x "$dir" ||
      die "user postgres cannot enter $dir: a parent directory is closed to it"
  fi

  local data=$dir/data log=$dir/server.log
  echo "pg-test-cluster: initdb in $data" >&2
  as_owner "$PG_BIN/initdb" -D "$data" -U postgres --encoding=UTF8 --locale=C \
    --auth-local=trust --auth-host=trust >"$dir/initdb.log" 2>&1 ||
    die "initdb failed: $(tail -n 20 "$dir/initdb.log")"

  as_owner tee -a "$data/postgresql.conf" >/dev/null <<EOF

# pg-test-cluster: a private test server
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 128MB
# Durable commits, as in production: tests must not pass only because fsync was off.
fsync = on
synchronous_commit = on
full_page_writes = on
# Parallel workers buy nothing on a two-core test machine and need a large /dev/shm.
max_parallel_workers_per_gather = 0
timezone = 'UTC'
log_timezone = 'UTC'
logging_collector = off
EOF
  as_owner tee "$data/pg_hba.conf" >/dev/null <<EOF
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  trust
EOF

  echo "pg-test-cluster: starting on 127.0.0.1:$port" >&2
  if ! as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null; then
    die "the server did not start (port $port in use?): $(tail -n 20 "$log" 2>/dev/null)"
  fi
  local i
  for ((i = 0; i < 100; i++)); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres && break
    sleep 0.1
  done
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres || die "the server is not ready"

  local psql=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres)
  as_owner "${psql[@]}" -c "CREATE ROLE tandem LOGIN CREATEDB PASSWORD 'tandem'" >&2
  as_owner "${psql[@]}" -c "CREATE DATABASE tandem OWNER tandem" >&2

  trap - EXIT
  echo "postgresql://tandem:tandem@127.0.0.1:$port/tandem"
}

abandon_start() {
  local dir=$1
  if [[ -f $dir/data/postmaster.pid ]]; then
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf -- "$dir"
}

stop() {
  local dir
  dir=$(realpath -m -- "$1")
  [[ -d $dir ]] || return 0
  [[ -e $dir/$MARKER ]] || die "$dir was not created by pg-test-cluster.sh; not touching it"
  if [[ -f $dir/data/postmaster.pid ]]; then
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null ||
      echo "pg-test-cluster: pg_ctl stop failed; removing $dir anyway" >&2
  fi
  rm -rf -- "$dir"
}

# An outage: the server goes down (fast shutdown: clients are disconnected), stays down for the
# given seconds, and comes back on the same port with the same data.
restart() {
  local dir down=${2:-0}
  dir=$(realpath -m -- "$1")
  [[ -e $dir/$MARKER ]] || die "$dir was not created by pg-test-cluster.sh; not touching it"
  [[ $down =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "invalid seconds: $down"
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null || die "pg_ctl stop failed"
  sleep "$down"
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
    die "the server did not start again: $(tail -n 20 "$dir/server.log" 2>/dev/null)"
}

case ${1:-} in
  restart)
    (($# == 2 || $# == 3)) || usage
    restart "$2" "${3:-0}"
    ;;
  start)
    (($# == 3)) || usage
    start "$2" "$3"
    ;;
  stop)
    (($# == 2)) || usage
    stop "$2"
    ;;
  *) usage ;;
esac
