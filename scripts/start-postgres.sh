#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 for the generated projects' tests.
#
#   scripts/start-postgres.sh [port]
#
# Installs Debian's `postgresql` package when no server binaries are present, initialises a cluster
# in PG_DATA_DIR (default: $TMPDIR/authgen-postgres), starts it on the first free port from `port`
# (default: $PGPORT or 5432), creates a role and a database, and prints on its last line:
#
#   TEST_DATABASE_URL=postgres://authgen:authgen@127.0.0.1:PORT/authgen_test
#
# Running it again reuses the cluster if it is still up. Non-interactive; run it as root (CI) or as a
# user who owns PG_DATA_DIR. Stop the server with: pg_ctl -D "$PG_DATA_DIR" stop
set -euo pipefail

first_port="${1:-${PGPORT:-5432}}"
data_dir="${PG_DATA_DIR:-${TMPDIR:-/tmp}/authgen-postgres}"
role=authgen
password=authgen
database=authgen_test

log() { printf '%s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

server_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then printf '%s\n' "$dir"; fi
}

if [ -z "$(server_bin)" ]; then
    log "Installing PostgreSQL from Debian's packages..."
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq >&2
    as_root apt-get install -y -qq --no-install-recommends postgresql postgresql-client >&2 </dev/null
fi
bin="$(server_bin)"
if [ -z "$bin" ]; then
    log "error: no PostgreSQL server binaries found after installation"
    exit 1
fi

# initdb and the server refuse to run as root: run them as the package's `postgres` user.
if [ "$(id -u)" -eq 0 ]; then
    pg() { runuser -u postgres -- "$@"; }
    owner=postgres
else
    pg() { "$@"; }
    owner="$(id -un)"
fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

mkdir -p "$data_dir"
chown "$owner" "$data_dir"
chmod 700 "$data_dir"

if [ ! -f "$data_dir/PG_VERSION" ]; then
    log "Initialising a cluster in $data_dir"
    pwfile="$(mktemp)"
    printf '%s\n' "postgres-$RANDOM$RANDOM" >"$pwfile"
    chown "$owner" "$pwfile"
    pg "$bin/initdb" -D "$data_dir" -U postgres --pwfile="$pwfile" -E UTF8 --no-locale \
        --auth-local=trust --auth-host=scram-sha-256 >&2
    rm -f "$pwfile"
fi

if pg "$bin/pg_ctl" -D "$data_dir" status >/dev/null 2>&1; then
    port="$(sed -n 4p "$data_dir/postmaster.pid")"
    log "PostgreSQL is already running on port $port"
else
    port="$first_port"
    while port_in_use "$port"; do port=$((port + 1)); done
    # Every generated test opens its server's whole (fixed-size) pool; parallel suites need more than the default 100.
    log "Starting PostgreSQL on 127.0.0.1:$port"
    pg "$bin/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $data_dir -c max_connections=300" start >&2
fi

psql_admin() {
    pg "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$data_dir" -p "$port" -U postgres -d postgres "$@"
}

if [ "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != "1" ]; then
    psql_admin -c "CREATE ROLE $role LOGIN PASSWORD '$password'" >&2
fi
if [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
    psql_admin -c "CREATE DATABASE $database OWNER $role" >&2
fi

echo "TEST_DATABASE_URL=postgres://$role:$password@127.0.0.1:$port/$database"
