#!/usr/bin/env bash
# Run a command against a throwaway cluster of the machine's own PostgreSQL (15 on Debian 12),
# connected through DATABASE_URL over TCP on loopback, then stop and remove the cluster.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
if [ -z "$PGBIN" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
fi
PORT=${PG_SYSTEM_PORT:-54315}
DATA=$(mktemp -d /tmp/jobordninger-pg.XXXXXX)
RUNAS=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$DATA"
  RUNAS=(runuser -u postgres --)
fi
cleanup() { "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$DATA/db" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$DATA"; }
trap cleanup EXIT
"${RUNAS[@]}" "$PGBIN/initdb" -D "$DATA/db" -U postgres --auth=trust -E UTF8 >/dev/null
"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$DATA/db" -l "$DATA/log" -w \
  -o "-h 127.0.0.1 -p $PORT -k $DATA" start >/dev/null
"$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE jobordninger" >/dev/null
echo "System PostgreSQL: $("$PGBIN/postgres" --version)"
DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/jobordninger" "$@"
