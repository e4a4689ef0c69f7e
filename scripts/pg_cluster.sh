#!/usr/bin/env bash
# A private PostgreSQL 15 + PostGIS cluster for the tests: `pg_cluster.sh start DIR PORT` makes
# it in DIR (initdb as the postgres user when run as root, trust auth on the loopback only) and
# creates the database `allseason` with PostGIS; `pg_cluster.sh stop DIR` stops and removes it.
# Exits 77 (CTest's "skipped") with a message where the PostgreSQL or PostGIS binaries are
# missing.
set -euo pipefail

action="${1:?usage: pg_cluster.sh start|stop DIR [PORT]}"
dir="${2:?usage: pg_cluster.sh start|stop DIR [PORT]}"
port="${3:-55432}"
bin="${ALLSEASON_PG_BIN:-/usr/lib/postgresql/15/bin}"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$action" in
start)
  if [ ! -x "$bin/initdb" ] || [ ! -x "$bin/pg_ctl" ]; then
    echo "skipped: PostgreSQL 15 is not installed ($bin/initdb missing; apt install postgresql-15 postgresql-15-postgis-3)"
    exit 77
  fi
  if ! ls /usr/share/postgresql/15/extension/postgis.control >/dev/null 2>&1; then
    echo "skipped: PostGIS for PostgreSQL 15 is not installed (apt install postgresql-15-postgis-3)"
    exit 77
  fi
  # A cluster left by a killed run: stop it first.
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale C.UTF-8 >"$dir/initdb.log"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=60 -c fsync=off" \
    start >/dev/null
  psql=("$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1)
  "${psql[@]}" -d postgres -c "CREATE DATABASE allseason"
  "${psql[@]}" -d allseason -c "CREATE EXTENSION postgis"
  echo "started: postgresql://postgres@127.0.0.1:$port/allseason"
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: pg_cluster.sh start|stop DIR [PORT]" >&2
  exit 2
  ;;
esac
