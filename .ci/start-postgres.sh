#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1:${PGPORT:-54329} (data under ${PGROOT:-/tmp/badgeforge-pg}) as the
# postgres user and prints the admin connection string for BADGEFORGE_TEST_POSTGRES. Installs PostgreSQL with apt-get
# when it is missing. For tests it trades durability for speed (fsync, synchronous_commit and full_page_writes off);
# PG_DURABLE=1 keeps PostgreSQL's durable defaults, as in production: the benchmarks measure on such a cluster.
set -euo pipefail
port=${PGPORT:-54329}
root=${PGROOT:-/tmp/badgeforge-pg}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "installing PostgreSQL with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
if ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir "$root" --shell /bin/bash postgres
fi
if [ -f "$root/data/postmaster.pid" ] && runuser -u postgres -- "$bindir/pg_ctl" -D "$root/data" status >/dev/null 2>&1; then
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Database=postgres"
  exit 0
fi
rm -rf "$root"
mkdir -p "$root"
chown postgres "$root"
echo postgres > "$root/pwfile"
chown postgres "$root/pwfile"
runuser -u postgres -- "$bindir/initdb" -D "$root/data" -U postgres --pwfile="$root/pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
speed="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[ "${PG_DURABLE:-0}" != 1 ] || speed=""
runuser -u postgres -- "$bindir/pg_ctl" -D "$root/data" -l "$root/log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$root $speed -c max_connections=300" start >/dev/null
echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Database=postgres"
