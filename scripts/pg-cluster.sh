#!/usr/bin/env bash
# Starts, restarts or stops a throw-away PostgreSQL cluster for the tests; `start` prints its connection URL.
# Exits 1 when PostgreSQL's server binaries are not installed. PG_TEST_OPTS adds server settings (e.g. the 10M bench's
# "-c shared_buffers=1GB -c max_wal_size=8GB", docs/performance.md).
set -euo pipefail
dir="${PG_TEST_DIR:-/tmp/linecast-pg-test}"
port="${PG_TEST_PORT:-55432}"
bindir="${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)}"
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] || exit 1
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
  start)
    as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"; mkdir -p "$dir"; chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off ${PG_TEST_OPTS:-}" start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  # restart the running server (PG_RESTART_MODE: fast, the default, or immediate: a crash and recovery)
  restart) as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -m "${PG_RESTART_MODE:-fast}" -w restart >/dev/null ;;
  stop) as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null; rm -rf "$dir" ;;
  *) echo "usage: pg-cluster.sh start|restart|stop" >&2; exit 2 ;;
esac
