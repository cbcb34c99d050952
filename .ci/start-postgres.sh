#!/usr/bin/env bash
# Start a throw-away PostgreSQL 15 server on 127.0.0.1:${PGPORT:-54329} and print its URL.
# PostgreSQL refuses to run as root, so the server runs as the 'postgres' user (created if missing).
set -euo pipefail
PGPORT=${PGPORT:-54329}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "installing postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
id postgres >/dev/null 2>&1 || useradd --system --create-home postgres
DATA=${PGDATA_DIR:-/tmp/vk-pgdata}
RUN_AS=(runuser -u postgres --)
[ "$(id -u)" != 0 ] && RUN_AS=()
if [ ! -f "$DATA/PG_VERSION" ]; then
  mkdir -p "$DATA" && chown postgres "$DATA" 2>/dev/null || true
  "${RUN_AS[@]}" "$PGBIN/initdb" -D "$DATA" -U postgres -A trust --no-sync >/dev/null
fi
if ! "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
    -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" start >/dev/null
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"
