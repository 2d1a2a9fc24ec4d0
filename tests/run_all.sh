#!/usr/bin/env bash
# The whole test command: installs what is missing, builds, and runs every test —
#   1. C++ core, parsers, storage, reports, CLI and C ABI tests under ASan + UBSan (ctest); the store
#      tests again against private PostgreSQL and MariaDB servers, and the example week through each;
#   2. the Node and PHP bindings against a plain (uninstrumented) build; the parity flow (the same
#      lesson week through the CLI, the C ABI, Node and PHP: byte-identical JSON, each answer
#      validated against docs/schemas/); and LiveKit's own SDK signing webhooks that the rollcall
#      command must accept;
#   3. each libFuzzer target for a bounded time (ROLLCALL_FUZZ_SECONDS, default 20).
# Usage: bash tests/run_all.sh     (from anywhere; build trees go to build/ in the repository)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
bash .ci/install-deps.sh all

jobs=2
passed=()
failed=()
step() { printf '\n==== %s ====\n' "$*"; }
# suite NAME COMMAND...: runs one suite and records its outcome; the run goes on either way.
suite() {
    local name=$1
    shift
    if "$@"; then passed+=("$name"); else failed+=("$name"); fi
}

step "C++ and C API tests (ASan + UBSan)"
cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DROLLCALL_SANITIZE=ON -DROLLCALL_WERROR=ON >/dev/null
cmake --build build/asan -j"$jobs"
suite "C++ and C API (ctest, ASan+UBSan)" bash -c 'cd build/asan && ctest -j'"$jobs"' --output-on-failure'

step "MariaDB store (a private server, tests/store/with_mariadb.sh)"
# The storage contract and the MySQL/MariaDB store's own tests against a real, throw-away server.
suite "MariaDB store (ASan+UBSan)" bash tests/store/with_mariadb.sh bash -c \
    "build/asan/tests/rollcall_tests --test-case='store:*,mariadb store:*' && bash tests/store/server_cli_parity.sh build/asan/rollcall"

step "PostgreSQL store (a private server, tests/store/with_postgres.sh)"
# The store tests again with ROLLCALL_TEST_POSTGRES set (the contract against PostgreSQL too, and the
# PostgreSQL-specific tests), then the example week through `rollcall --db postgresql://...`.
suite "PostgreSQL store" bash tests/store/with_postgres.sh bash -c \
    'build/asan/tests/rollcall_tests -tc="store*" && bash tests/store/server_cli_parity.sh build/asan/rollcall'

step "Node and PHP bindings"
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo -DROLLCALL_BUILD_TESTS=OFF >/dev/null
cmake --build build/release -j"$jobs"
suite "Node and PHP bindings" bash tests/bindings/run.sh build/release
suite "npm package" bash tests/bindings/npm_pack.sh
suite "PHP-FPM behind nginx" bash tests/bindings/php_fpm.sh build/release

step "Parity: one flow through the CLI, the C ABI, Node and PHP"
suite "Parity (CLI, C ABI, Node, PHP)" /usr/bin/python3 tests/parity/run.py build/release build/release/bindings-node/rollcall_node.node

step "LiveKit server SDK interoperability"
suite "LiveKit SDK interoperability" bash tests/node-sdk/run.sh "$repo/build/release/rollcall"

step "Fuzzing (${ROLLCALL_FUZZ_SECONDS:-20} s per target)"
suite "fuzzers" bash tests/fuzz/run_fuzzers.sh build/fuzz "${ROLLCALL_FUZZ_SECONDS:-20}"

step "Result"
for s in "${passed[@]}"; do echo "passed: $s"; done
for s in "${failed[@]+"${failed[@]}"}"; do echo "FAILED: $s"; done
echo "suites: ${#passed[@]} passed, ${#failed[@]} failed"
[[ ${#failed[@]} == 0 ]]
