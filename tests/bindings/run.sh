#!/bin/sh
# Runs the Node and PHP binding tests against a built librollcall (use a build without sanitizers:
# node and php are not ASan-instrumented).  usage: tests/bindings/run.sh BUILD_DIR
# Installs what is missing: npm packages (npm install), and with apt-get when run as root: php-cli,
# phpunit, php-laravel-framework, php-sqlite3. Prints one summary line per runner; exits non-zero
# when any test fails or a runner cannot run.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
lib="$build/capi/librollcall.so"
[ -f "$lib" ] || { echo "bindings: $lib not found: build the project first" >&2; exit 2; }
[ -f "$build/capi/rollcall_ffi.h" ] || { echo "bindings: $build/capi/rollcall_ffi.h not generated" >&2; exit 2; }
status=0
summary=""

# ---- Node ----
node_dir="$repo/bindings/node"
node_build="$build/bindings-node"
node_ok=1
if ! command -v node >/dev/null 2>&1; then
    echo "bindings: node not found" >&2; node_ok=0
elif [ ! -d "$node_dir/node_modules/node-addon-api" ] || [ ! -d "$node_dir/node_modules/node-api-headers" ] ||
     [ ! -d "$node_dir/node_modules/livekit-server-sdk" ]; then
    (cd "$node_dir" && npm install --no-audit --no-fund) || node_ok=0
fi
if [ $node_ok = 1 ]; then
    cmake -S "$node_dir" -B "$node_build" -Drollcall_DIR="$build/capi" >"$build/bindings-node-configure.log" 2>&1 &&
        cmake --build "$node_build" -j2 >"$build/bindings-node-build.log" 2>&1 ||
        { echo "bindings: building the Node addon failed, see $build/bindings-node-*.log" >&2; tail -20 "$build/bindings-node-build.log" >&2; node_ok=0; }
fi
if [ $node_ok = 1 ]; then
    out="$build/bindings-node-test.log"
    ROLLCALL_NODE_ADDON="$node_build/rollcall_node.node" node --test --test-reporter=spec "$node_dir/test/" >"$out" 2>&1
    rc=$?
    cat "$out"
    line="node: $(grep -aoE '(tests|pass|fail) [0-9]+$' "$out" | tr '\n' ' ')"
    [ $rc = 0 ] || { status=1; line="$line(FAILED)"; }
else
    status=1; line="node: could not run (FAILED)"
fi
summary="$summary$line\n"

# ---- PHP ----
php_dir="$repo/bindings/php"
missing=""
command -v php >/dev/null 2>&1 || missing="$missing php-cli"
command -v phpunit >/dev/null 2>&1 || missing="$missing phpunit"
[ -d /usr/share/php/Illuminate/Foundation ] || missing="$missing php-laravel-framework"
php -m 2>/dev/null | grep -qx pdo_sqlite || missing="$missing php-sqlite3"
if [ -n "$missing" ] && [ "$(id -u)" = 0 ]; then
    apt-get install -y $missing >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y $missing >/dev/null 2>&1)
fi
if command -v php >/dev/null 2>&1 && command -v phpunit >/dev/null 2>&1; then
    out="$build/bindings-php-test.log"
    ROLLCALL_LIBRARY="$lib" ROLLCALL_FFI_HEADER="$build/capi/rollcall_ffi.h" \
        php -d ffi.enable=1 /usr/bin/phpunit -c "$php_dir/phpunit.xml" >"$out" 2>&1
    rc=$?
    cat "$out"
    line="php: $(grep -E '^(OK|Tests:|FAILURES|ERRORS)' "$out" | tr '\n' ' ')"
    [ $rc = 0 ] || { status=1; line="$line(FAILED)"; }
else
    status=1; line="php: php or phpunit missing:$missing (FAILED)"
fi
summary="$summary$line\n"

printf "\n==== bindings summary ====\n$summary"
exit $status
