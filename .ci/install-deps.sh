#!/usr/bin/env bash
# Installs what rollcall needs and is missing, from Debian's packages (run as root; a no-op when all
# is there, so it never calls apt-get needlessly).
#   .ci/install-deps.sh            build + C++ tests + main job
#   .ci/install-deps.sh all        also clang/libFuzzer, Node and PHP (the whole test command)
set -euo pipefail
want=(build-essential cmake pkg-config libsqlite3-dev libsimdjson-dev libhowardhinnant-date-dev tzdata
      doctest-dev libssl-dev libbenchmark-dev libpugixml-dev liburiparser-dev libutf8proc-dev libpq-dev
      libmariadb-dev)
if [[ "${1:-}" == all ]]; then
    # postgresql, mariadb-server: the servers the server stores' tests start privately
    # (tests/store/with_postgres.sh, tests/store/with_mariadb.sh).
    want+=(postgresql mariadb-server clang libclang-rt-14-dev php-cli php-sqlite3 phpunit php-laravel-framework
           php8.2-fpm php8.2-opcache nginx-light curl python3 python3-jsonschema)
    # Node may come from another repository (e.g. NodeSource); only add Debian's when there is none.
    command -v node >/dev/null 2>&1 || want+=(nodejs)
    command -v npm >/dev/null 2>&1 || want+=(npm)
fi
missing=()
for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "install-deps: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    # Debian starts a package's service when it is installed (nginx-light: nginx on port 80); the tests
    # run private instances only, so keep the system's from starting unless a policy is already set.
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
