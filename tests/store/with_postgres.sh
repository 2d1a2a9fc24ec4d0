#!/usr/bin/env bash
# Runs COMMAND... against a private PostgreSQL server, then stops it and removes every file it made.
#   bash tests/store/with_postgres.sh COMMAND [ARG]...
# The server lives in a fresh `mktemp -d` directory and listens on a Unix socket there only (no TCP).
# COMMAND sees:
#   ROLLCALL_TEST_POSTGRES           postgresql:///rollcall?host=DIR&user=rollcall (trust authentication)
#   ROLLCALL_TEST_POSTGRES_SOCKET    DIR, the socket directory
#   ROLLCALL_TEST_POSTGRES_PW_USER   a role that must log in with a password (scram-sha-256) ...
#   ROLLCALL_TEST_POSTGRES_PASSWORD  ... and its password
#   ROLLCALL_TEST_POSTGRES_RESTART   a shell command that restarts the server (fast shutdown: open
#                                    connections are cut), for the reconnect tests
# PostgreSQL refuses to run as root: as root the server runs as user postgres (runuser).
# The binaries: ROLLCALL_PG_BIN, else the newest /usr/lib/postgresql/*/bin (Debian's postgresql).
# The server runs with fsync=off (tests need no power-loss safety); ROLLCALL_PG_FSYNC=on for a
# benchmark that must pay for durable commits.
set -euo pipefail
(($# > 0)) || { echo "usage: $0 COMMAND [ARG]..." >&2; exit 2; }

bin=${ROLLCALL_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[[ -x "$bin/initdb" && -x "$bin/pg_ctl" && -x "$bin/psql" ]] || {
    echo "with_postgres: no PostgreSQL server binaries (install Debian's postgresql, or set ROLLCALL_PG_BIN)" >&2
    exit 2
}

dir=$(mktemp -d "${TMPDIR:-/tmp}/rollcall-pg.XXXXXX")
data=$dir/data
log=$dir/server.log
as_pg=()
if [[ $(id -u) == 0 ]]; then
    as_pg=(runuser -u postgres --)
    chmod 755 "$dir"
    chown postgres: "$dir"
fi
pg() { "${as_pg[@]}" "$@"; }

cleanup() {
    local rc=$?
    if [[ -f "$data/postmaster.pid" ]]; then pg "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
}
# Password authentication for one role, trust for the rest; local sockets only.
pg tee "$data/pg_hba.conf" >/dev/null <<'EOF'
local all rollcall_pw scram-sha-256
local all all trust
EOF
pg "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
    -o "-c listen_addresses='' -k $dir -c fsync=${ROLLCALL_PG_FSYNC:-off} -c max_connections=60" start >/dev/null || {
    cat "$log" >&2
    exit 1
}

password="rc-$RANDOM$RANDOM-secret"
pg "$bin/psql" -q -v ON_ERROR_STOP=1 -h "$dir" -U postgres -d postgres >/dev/null <<EOF
CREATE ROLE rollcall LOGIN;
CREATE DATABASE rollcall OWNER rollcall;
CREATE ROLE rollcall_pw LOGIN PASSWORD '$password';
GRANT ALL ON DATABASE rollcall TO rollcall_pw;
EOF

export ROLLCALL_TEST_POSTGRES="postgresql:///rollcall?host=$dir&user=rollcall"
export ROLLCALL_TEST_POSTGRES_SOCKET=$dir
export ROLLCALL_TEST_POSTGRES_PW_USER=rollcall_pw
export ROLLCALL_TEST_POSTGRES_PASSWORD=$password
restart=("${as_pg[@]}" "$bin/pg_ctl" -D "$data" -l "$log" -m fast -w -t 60 restart)
export ROLLCALL_TEST_POSTGRES_RESTART="${restart[*]} >/dev/null"

set +e
"$@"
rc=$?
set -e
exit "$rc"
