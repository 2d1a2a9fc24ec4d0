#!/usr/bin/env bash
# Runs COMMAND... against a private, throw-away MariaDB server: a fresh data directory under mktemp -d,
# listening on a unix socket only (no TCP port, nothing shared with a system server), removed with the
# server when the command ends, whatever happens. The command sees
#   ROLLCALL_TEST_MARIADB          mysql://rollcall@localhost/rollcall_test?socket=DIR/sock (no password)
#   ROLLCALL_TEST_MARIADB_PASSWORD_URL   the same database through a user with a password
#   ROLLCALL_TEST_MARIADB_READONLY_URL   the same database through a user who may only SELECT
#   ROLLCALL_TEST_MARIADB_RESTART  a command that restarts the server (same data, same socket)
# Usage: bash tests/store/with_mariadb.sh COMMAND [ARGS...]     (exit status: the command's)
set -euo pipefail
(($#)) || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }
for tool in mariadb-install-db mariadbd mariadb mariadb-admin; do
    command -v "$tool" >/dev/null || { echo "with_mariadb: $tool not found (apt-get install mariadb-server)" >&2; exit 2; }
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/rollcall-mariadb.XXXXXX")
chmod 755 "$dir"
server_user=$(id -un)
# mariadbd refuses to run as root unless told to; as root, run it as mysql over a directory it owns.
if [[ $(id -u) == 0 ]]; then
    server_user=mysql
    chown mysql: "$dir"
fi
sock=$dir/sock
log=$dir/server.log

stop_server() {
    if [[ -s $dir/pid ]]; then
        local pid
        pid=$(cat "$dir/pid")
        mariadb-admin --no-defaults --socket="$sock" --user=root shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/pid"
}
cleanup() {
    stop_server
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_server() {
    # setsid: the server is not in the test command's process group (a Ctrl-C reaches the trap above).
    setsid mariadbd --no-defaults --datadir="$dir/data" --socket="$sock" --pid-file="$dir/pid" --skip-networking \
        --user="$server_user" --log-error="$log" --innodb-buffer-pool-size=32M --innodb-log-file-size=16M \
        --skip-log-bin --innodb-flush-log-at-trx-commit=2 --max-connections=200 </dev/null >/dev/null 2>&1 &
    for _ in $(seq 1 300); do
        if mariadb-admin --no-defaults --socket="$sock" --user=root ping >/dev/null 2>&1 && [[ -s $dir/pid ]]; then return 0; fi
        sleep 0.1
    done
    echo "with_mariadb: the server did not start; its log:" >&2
    cat "$log" >&2 || true
    return 1
}

mkdir -p "$dir/data"
[[ $server_user == mysql ]] && chown mysql: "$dir/data"
mariadb-install-db --no-defaults --datadir="$dir/data" --user="$server_user" --auth-root-authentication-method=normal \
    --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; exit 1; }
start_server

# The test password is made up here, once per run, and never printed.
password="pw-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
mariadb --no-defaults --socket="$sock" --user=root <<SQL
CREATE DATABASE rollcall_test CHARACTER SET utf8mb4;
CREATE USER 'rollcall'@'localhost';
GRANT ALL ON rollcall_test.* TO 'rollcall'@'localhost';
CREATE USER 'rollcall_pw'@'localhost' IDENTIFIED BY '$password';
GRANT ALL ON rollcall_test.* TO 'rollcall_pw'@'localhost';
CREATE USER 'rollcall_ro'@'localhost';
GRANT SELECT ON rollcall_test.* TO 'rollcall_ro'@'localhost';
SQL

cat >"$dir/restart.sh" <<SCRIPT
#!/usr/bin/env bash
# Restarts the test server: a clean shutdown, then the same data directory and socket again.
set -euo pipefail
pid=\$(cat "$dir/pid")
mariadb-admin --no-defaults --socket="$sock" --user=root shutdown
for _ in \$(seq 1 100); do kill -0 "\$pid" 2>/dev/null || break; sleep 0.1; done
setsid mariadbd --no-defaults --datadir="$dir/data" --socket="$sock" --pid-file="$dir/pid" --skip-networking \
    --user="$server_user" --log-error="$log" --innodb-buffer-pool-size=32M --innodb-log-file-size=16M \
    --skip-log-bin --innodb-flush-log-at-trx-commit=2 --max-connections=200 </dev/null >/dev/null 2>&1 &
for _ in \$(seq 1 300); do
    if mariadb-admin --no-defaults --socket="$sock" --user=root ping >/dev/null 2>&1 && [[ -s "$dir/pid" ]]; then exit 0; fi
    sleep 0.1
done
echo "restart: the server did not come back" >&2
exit 1
SCRIPT

export ROLLCALL_TEST_MARIADB="mysql://rollcall@localhost/rollcall_test?socket=$sock"
export ROLLCALL_TEST_MARIADB_PASSWORD_URL="mysql://rollcall_pw:$password@localhost/rollcall_test?socket=$sock"
export ROLLCALL_TEST_MARIADB_READONLY_URL="mysql://rollcall_ro@localhost/rollcall_test?socket=$sock"
export ROLLCALL_TEST_MARIADB_RESTART="bash $dir/restart.sh"
set +e
"$@"
status=$?
set -e
exit "$status"
