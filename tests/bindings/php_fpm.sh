#!/usr/bin/env bash
# The PHP package under a real PHP-FPM behind a real nginx: the Laravel test app of
# tests/bindings/php_fpm/app (Laravel 11/12 layout on Debian's Illuminate components, rollcall's service
# provider, its webhook route and a report route) with the package and librollcall installed as a user
# would (cmake --install into a temporary prefix). Signed LiveKit webhooks go in through nginx, the
# lesson's attendance report comes out through nginx and is checked. One run per PHP configuration:
#   1. ffi.enable=preload, opcache.preload=preload.php + ffi.preload=rollcall_ffi_scope.h, root master
#      (opcache.preload_user=www-data, pool user www-data)                       -> FFI::scope
#   2. the same without ffi.preload: PHP refuses FFI::load under preload_user     -> FFI::cdef per request
#   3. ffi.enable=preload, opcache.preload only, non-root master (www-data)      -> FFI::scope (FFI::load)
#   4. as 1 with a non-root master                                                -> FFI::scope
#   5. ffi.enable=1 without any preload                                           -> FFI::cdef
#   6. control: ffi.enable=preload without opcache.preload must fail ("FFI API is restricted")
# Everything runs on loopback (nginx on 127.0.0.1 and a free port, php-fpm on a unix socket) from
# private configurations in a temporary directory; the system's services are never used. A trap stops
# every process this script started, whatever happens. Runs 1-4 need root (apt-get, setpriv); without
# root, runs 3-5 run as the current user and 1-2 are skipped.
# Installs what is missing when run as root: php8.2-fpm, php8.2-opcache, nginx-light, curl,
# php-laravel-framework (apt-get, with services kept from starting).
# usage: tests/bindings/php_fpm.sh BUILD_DIR      prints `php-fpm: N passed, M failed`; exit 1 on failure
#        ROLLCALL_KEEP_TMP=1 keeps the temporary directory (configurations, logs, responses) for a look.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd) || exit 2
here="$repo/tests/bindings/php_fpm"
started=$(date +%s%N)
unset ROLLCALL_LIBRARY ROLLCALL_FFI_HEADER
[ -f "$build/capi/librollcall.so" ] || { echo "php-fpm: $build/capi/librollcall.so not found: build the project first" >&2; exit 2; }
root=0; [ "$(id -u)" = 0 ] && root=1

# ---- what is missing ----
fpm=${PHP_FPM:-$(command -v php-fpm8.2 || ls /usr/sbin/php-fpm8.2 2>/dev/null || true)}
missing=""
[ -n "$fpm" ] || missing="$missing php8.2-fpm"
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx-light"
command -v curl >/dev/null 2>&1 || missing="$missing curl"
command -v php >/dev/null 2>&1 || missing="$missing php-cli"
[ -d /usr/share/php/Illuminate/Foundation ] || missing="$missing php-laravel-framework"
{ [ -n "$fpm" ] && "$fpm" -m 2>/dev/null | grep -qx 'Zend OPcache'; } || missing="$missing php8.2-opcache"
if [ -n "$missing" ]; then
    if [ $root = 1 ]; then
        echo "php-fpm: installing$missing" >&2
        # Debian starts a package's service on install (nginx on port 80): keep it from doing so.
        guard=""
        if [ ! -e /usr/sbin/policy-rc.d ]; then
            printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && guard=1
        fi
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 ||
            { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1; }
        [ -n "$guard" ] && rm -f /usr/sbin/policy-rc.d
        fpm=${PHP_FPM:-$(command -v php-fpm8.2 || ls /usr/sbin/php-fpm8.2 2>/dev/null || true)}
    else
        echo "php-fpm: missing$missing (run as root to install)" >&2
    fi
fi
nginx=$(command -v nginx || echo /usr/sbin/nginx)
if [ -z "$fpm" ] || [ ! -x "$nginx" ] || ! command -v curl >/dev/null 2>&1; then
    echo "php-fpm: php-fpm, nginx or curl missing"; echo "php-fpm: 0 passed, 1 failed"; exit 1
fi

# ---- the private world ----
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rollcall-php-fpm.XXXXXX")
chmod 755 "$tmp"
fpm_pid=""
nginx_pid=""
stop_pid() {  # stop_pid PID: TERM, then KILL after 5 s
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || return 0
    for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}
cleanup() {
    [ -n "$fpm_pid" ] && stop_pid "$fpm_pid"
    [ -n "$nginx_pid" ] && stop_pid "$nginx_pid"
    if [ -n "${ROLLCALL_KEEP_TMP:-}" ]; then echo "php-fpm: kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

passed=0
failed=0
skipped=0
ok() { passed=$((passed + 1)); echo "  ok   $*"; }
bad() { failed=$((failed + 1)); echo "  FAIL $*"; }

# librollcall, its headers and rollcall_ffi_scope.h (naming the installed library) as installed.
# (Only these files count: cmake also writes install_manifest.txt into the build tree, which a user
# other than the build's owner may not be allowed to.)
prefix="$tmp/prefix"
lib="$prefix/lib/librollcall.so.0"
header="$prefix/share/rollcall/rollcall_ffi.h"
scope_header="$prefix/share/rollcall/rollcall_ffi_scope.h"
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1
if [ ! -f "$lib" ] || [ ! -f "$header" ] || ! grep -q "FFI_LIB \"$lib\"" "$scope_header" 2>/dev/null; then
    cat "$tmp/install.log"; echo "php-fpm: cmake --install did not install librollcall and its FFI headers"
    echo "php-fpm: 0 passed, 1 failed"; exit 1
fi

# The application, with the package where Composer would put it and its configuration published.
app="$tmp/app"
cp -R "$here/app" "$app"
mkdir -p "$app/vendor/rollcall" "$app/storage/app" "$app/storage/logs" "$app/storage/framework/cache/data" "$app/bootstrap/cache"
cp -R "$repo/bindings/php" "$app/vendor/rollcall/rollcall"
cp "$app/vendor/rollcall/rollcall/config/rollcall.php" "$app/config/rollcall.php"   # vendor:publish --tag=rollcall-config
cat >"$app/vendor/autoload.php" <<'EOF'
<?php
// What Composer's autoloader provides here: Illuminate (Debian's php-laravel-framework) and rollcall.
require '/usr/share/php/Illuminate/autoload.php';
require __DIR__ . '/rollcall/rollcall/autoload.php';
EOF
preload="$app/vendor/rollcall/rollcall/preload.php"
user=$(id -un)
if [ $root = 1 ]; then
    user=www-data
    chown -R www-data:www-data "$app/storage" "$app/bootstrap/cache"
fi
mkdir -p "$tmp/run"
[ $root = 1 ] && chown www-data:www-data "$tmp/run"
sock="$tmp/run/fpm.sock"

# nginx: one instance for every run, on loopback, passing PHP to the socket of the current php-fpm.
port=$(php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo substr(strrchr(stream_socket_get_name($s, false), ":"), 1);')
mkdir -p "$tmp/nginx"
cat >"$tmp/nginx/nginx.conf" <<EOF
$([ $root = 1 ] && echo "user www-data www-data;")
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
daemon off;
events { worker_connections 64; }
http {
    access_log $tmp/nginx/access.log;
    client_body_temp_path $tmp/nginx/body;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    proxy_temp_path $tmp/nginx/proxy;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    server {
        listen 127.0.0.1:$port;
        server_name localhost;
        root $app/public;
        index index.php;
        location / {
            try_files \$uri \$uri/ /index.php?\$query_string;
        }
        location ~ \.php\$ {
            fastcgi_pass unix:$sock;
            fastcgi_param SCRIPT_FILENAME \$realpath_root\$fastcgi_script_name;
            include /etc/nginx/fastcgi_params;
        }
    }
}
EOF
"$nginx" -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" >"$tmp/nginx/stdout.log" 2>&1 &
nginx_pid=$!

# req METHOD PATH OUT [curl arguments]: the HTTP status ("000" when there was no answer) of a bounded request.
req() {
    local method=$1 path=$2 out=$3 code
    shift 3
    code=$(curl -sS --connect-timeout 3 --max-time 10 -o "$out" -w '%{http_code}' -X "$method" \
        -H 'Accept: application/json' "$@" "http://127.0.0.1:$port$path" 2>>"$tmp/curl.err")
    echo "${code:-000}"
}
get() { php "$here/client.php" get "$@" 2>/dev/null; }
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

# run NAME MASTER(root|user) EXPECT(scope|cdef|restricted) MASTER_ENV(0|1) PHP_INI_LINES...
run() {
    local name=$1 master=$2 expect=$3 with_env=$4 dir code body="" i t0 failed_before=$failed
    shift 4
    t0=$(date +%s%N)
    echo "== $name"
    if [ $master = root ] && [ $root = 0 ]; then
        echo "  skip (needs root)"
        skipped=$((skipped + 1))
        return
    fi
    dir="$tmp/run${name%%.*}"
    mkdir -p "$dir/req"
    [ $root = 1 ] && chown www-data:www-data "$dir"
    printf '%s\n' 'error_reporting = E_ALL' 'display_errors = Off' 'log_errors = On' 'opcache.enable = 1' "$@" >"$dir/php.ini"
    {
        echo "[global]"
        echo "pid = $dir/fpm.pid"
        echo "error_log = $dir/fpm.log"
        echo "daemonize = no"
        echo "[app]"
        if [ $master = root ]; then
            echo "user = www-data"; echo "group = www-data"
            echo "listen.owner = www-data"; echo "listen.group = www-data"
        fi
        echo "listen = $sock"
        echo "listen.mode = 0660"
        echo "pm = static"
        echo "pm.max_children = 2"
        echo "catch_workers_output = yes"
        echo "decorate_workers_output = no"
    } >"$dir/fpm.conf"
    # The application's .env: a fresh database per run; the library paths are its fallback (FFI::cdef).
    { echo "APP_ENV=production"; echo "APP_KEY=base64:$(head -c 32 /dev/urandom | base64)"
      echo "ROLLCALL_DATABASE=$app/storage/app/rollcall-$(basename "$dir").sqlite"; echo "ROLLCALL_SYNCHRONOUS=normal"
      echo "ROLLCALL_LIBRARY=$lib"; echo "ROLLCALL_FFI_HEADER=$header"
      php "$here/client.php" env; } >"$app/.env"
    local envs=()
    [ "$with_env" = 1 ] && envs=(ROLLCALL_LIBRARY="$lib" ROLLCALL_FFI_HEADER="$header")
    rm -f "$sock"
    if [ $master = root ]; then
        env "${envs[@]}" "$fpm" -F -y "$dir/fpm.conf" -c "$dir/php.ini" >"$dir/fpm.out" 2>&1 &
    elif [ $root = 1 ]; then
        setpriv --reuid=www-data --regid=www-data --clear-groups env HOME="$tmp" "${envs[@]}" \
            "$fpm" -F -y "$dir/fpm.conf" -c "$dir/php.ini" >"$dir/fpm.out" 2>&1 &
    else
        env "${envs[@]}" "$fpm" -F -y "$dir/fpm.conf" -c "$dir/php.ini" >"$dir/fpm.out" 2>&1 &
    fi
    fpm_pid=$!
    for i in $(seq 100); do [ -S "$sock" ] && break; kill -0 "$fpm_pid" 2>/dev/null || break; sleep 0.05; done
    if [ ! -S "$sock" ]; then
        stop_pid "$fpm_pid"; fpm_pid=""
        bad "php-fpm did not start:"; cat "$dir/fpm.out" "$dir/fpm.log" 2>/dev/null | tail -8 | sed 's/^/       /'
        return
    fi

    code=$(req GET /rollcall/loaded "$dir/loaded.json")
    if [ "$expect" = restricted ]; then
        if [ "$code" = 500 ] && grep -q 'FFI API is restricted' "$app/storage/logs/laravel.log" 2>/dev/null; then
            ok "without opcache.preload the FFI API is refused (HTTP 500, 'FFI API is restricted')"
        else
            bad "expected a refusal, got HTTP $code: $(head -c 300 "$dir/loaded.json")"
        fi
        rm -f "$app/storage/logs/laravel.log"
    else
        if [ "$code" = 200 ] && [ "$(get "$dir/loaded.json" source)" = "$expect" ]; then
            ok "HTTP 200, librollcall $(get "$dir/loaded.json" version) loaded through $expect, ffi.enable=$(get "$dir/loaded.json" ffi_enable), worker uid $(get "$dir/loaded.json" uid)"
        else
            bad "/rollcall/loaded: HTTP $code, want source $expect: $(head -c 400 "$dir/loaded.json")"
        fi
        if grep -q '^ffi.enable = preload' "$dir/php.ini"; then
            local preloaded
            preloaded=$(get "$dir/loaded.json" preloaded)
            if echo "$preloaded" | grep -q 'Rollcall\\\\Tracker' && echo "$preloaded" | grep -q 'Rollcall\\\\Verifier' &&
               echo "$preloaded" | grep -q 'Rollcall\\\\Library'; then
                ok "Library, Tracker and Verifier are preloaded"
            else
                bad "preloaded classes: $preloaded"
            fi
        fi

        php "$here/client.php" lesson "$dir/req" "room-$(basename "$dir")" lesson-1
        code=$(req POST /lessons "$dir/session.out" -H 'Content-Type: application/json' --data-binary @"$dir/req/session.json")
        [ "$code" = 201 ] && ok "POST /lessons: 201" || bad "POST /lessons: HTTP $code: $(head -c 400 "$dir/session.out")"
        local stored=""
        for i in 1 2 3 4; do
            code=$(req POST /rollcall/webhooks/livekit "$dir/hook$i.out" -H 'Content-Type: application/webhook+json' \
                -H "Authorization: $(cat "$dir/req/auth$i.txt")" --data-binary @"$dir/req/body$i.json")
            stored="$stored $code:$(get "$dir/hook$i.out" status):$(get "$dir/hook$i.out" events_stored)"
        done
        [ "$stored" = " 200:stored:1 200:stored:1 200:stored:1 200:stored:1" ] && ok "4 signed LiveKit webhooks: 200, 1 event stored each" ||
            bad "LiveKit webhooks (HTTP:status:events_stored):$stored $(head -c 300 "$dir/hook4.out")"
        code=$(req POST /rollcall/webhooks/livekit "$dir/replay.out" -H 'Content-Type: application/webhook+json' \
            -H "Authorization: $(cat "$dir/req/auth1.txt")" --data-binary @"$dir/req/body1.json")
        [ "$code:$(get "$dir/replay.out" status):$(get "$dir/replay.out" events_stored)" = "200:duplicate:0" ] &&
            ok "a replayed webhook: 200, duplicate, nothing stored" ||
            bad "replay: HTTP $code: $(head -c 300 "$dir/replay.out")"
        code=$(req POST /rollcall/webhooks/livekit "$dir/forged.out" -H 'Content-Type: application/webhook+json' \
            -H "Authorization: $(cat "$dir/req/forged.txt")" --data-binary @"$dir/req/body1.json")
        [ "$code:$(get "$dir/forged.out" error)" = "401:bad_signature" ] && ok "a forged webhook: 401 bad_signature" ||
            bad "forged: HTTP $code: $(head -c 300 "$dir/forged.out")"
        code=$(req GET /lessons/lesson-1/attendance "$dir/report.json")
        if [ "$code" = 200 ] && body=$(php "$here/client.php" attendance "$dir/report.json" lesson-1 student-1 2700); then
            ok "GET /lessons/lesson-1/attendance: student-1 attended 2700 s, 2700 s billable"
        else
            bad "attendance report: HTTP $code: $body $(head -c 300 "$dir/report.json")"
        fi
    fi

    stop_pid "$fpm_pid"; fpm_pid=""
    if [ "$expect" = cdef ] && grep -q '^opcache.preload = ' "$dir/php.ini"; then
        # A root master preloads as preload_user, where PHP refuses FFI::load: preload.php says so.
        grep -q 'rollcall preload: FFI::load() doesn.t work in conjunction with "opcache.preload_user"' "$dir/fpm.log" "$dir/fpm.out" 2>/dev/null &&
            ok "preload.php logged that FFI::load is refused under opcache.preload_user" ||
            bad "preload.php did not log the refused FFI::load"
    fi
    if [ "$expect" != restricted ] && [ $failed != $failed_before ] && [ -s "$app/storage/logs/laravel.log" ]; then
        echo "       Laravel's log:"; grep -aE '^\[[0-9]{4}-' "$app/storage/logs/laravel.log" | cut -c1-300 | tail -3 | sed 's/^/       /'
    fi
    # Nothing PHP complained about: no deprecation, notice, warning or error in php-fpm's or Laravel's log.
    if grep -hE 'PHP (Deprecated|Notice|Warning|Fatal error|Parse error)|(Deprecated|Notice|Warning|Fatal error): ' \
            "$dir/fpm.log" "$dir/fpm.out" "$app/storage/logs/laravel.log" >"$dir/complaints.log" 2>/dev/null; then
        bad "PHP reported:"; head -5 "$dir/complaints.log" | sed 's/^/       /'
    elif [ "$expect" != restricted ] && [ -s "$app/storage/logs/laravel.log" ]; then
        bad "Laravel logged:"; head -5 "$app/storage/logs/laravel.log" | sed 's/^/       /'
    else
        ok "no deprecation, notice, warning or error logged"
    fi
    rm -f "$app/storage/logs/laravel.log"
    echo "  ($(ms_since "$t0") ms)"
}

# nginx must be up before the first run.
for i in $(seq 50); do
    curl -s --max-time 1 -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.1
done
if ! kill -0 "$nginx_pid" 2>/dev/null; then
    echo "php-fpm: nginx did not start:"; cat "$tmp/nginx/error.log" "$tmp/nginx/stdout.log" 2>/dev/null
    nginx_pid=""; echo "php-fpm: 0 passed, 1 failed"; exit 1
fi
echo "php-fpm: $("$fpm" -v | head -1 | cut -d'(' -f1)behind $("$nginx" -v 2>&1 | cut -d: -f2 | tr -d ' ') on 127.0.0.1:$port"

preload_ini=("ffi.enable = preload" "opcache.preload = $preload" "opcache.preload_user = www-data")
run "1. ffi.enable=preload, opcache.preload + ffi.preload, root master (preload_user=www-data)" root scope 0 \
    "${preload_ini[@]}" "ffi.preload = $scope_header"
run "2. ffi.enable=preload, opcache.preload only, root master (preload_user=www-data)" root cdef 1 \
    "${preload_ini[@]}"
run "3. ffi.enable=preload, opcache.preload only, non-root master ($user)" user scope 1 \
    "${preload_ini[@]}"
run "4. ffi.enable=preload, opcache.preload + ffi.preload, non-root master ($user)" user scope 0 \
    "${preload_ini[@]}" "ffi.preload = $scope_header"
run "5. ffi.enable=1, no preload" "$([ $root = 1 ] && echo root || echo user)" cdef 0 \
    "ffi.enable = 1"
run "6. control: ffi.enable=preload without opcache.preload" "$([ $root = 1 ] && echo root || echo user)" restricted 0 \
    "ffi.enable = preload"

echo "php-fpm: $(ms_since "$started") ms in all"
[ $skipped = 0 ] || echo "php-fpm: $skipped runs skipped (they need root)"
echo "php-fpm: $passed passed, $failed failed"
[ $failed = 0 ]
