#!/bin/sh
# Starts a throwaway PostgreSQL (Debian's postgresql 15) for the sync tests and prints its URL.
# Usage: export AKRAB_TEST_PG_URL=$(tests/sync/startPostgres.sh [port] [dir])
# Stop it with: su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D <dir> stop"
set -eu
PORT="${1:-54329}"
DIR="${2:-/tmp/akrab-pg-$PORT}"
BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
run() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sh -c "$1"; fi; }
if [ ! -f "$DIR/PG_VERSION" ]; then
  mkdir -p "$DIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
  run "$BIN/initdb -D '$DIR' -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8" >/dev/null
fi
if ! run "$BIN/pg_ctl -D '$DIR' status" >/dev/null 2>&1; then
  run "$BIN/pg_ctl -D '$DIR' -l '$DIR/server.log' -w -o \"-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off\" start" >/dev/null
fi
echo "postgres://postgres@127.0.0.1:$PORT/postgres"
