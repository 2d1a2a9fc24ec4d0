#!/usr/bin/env bash
# The npm package as a user gets it: packs bindings/node (npm pack; its prepack step copies the
# rollcall sources in), installs the tarball into an empty project (its install step builds the
# addon with CMake, the C ABI linked in statically; node-addon-api and node-api-headers come from
# the npm registry), then uses it from CommonJS and from ESM (tests/bindings/npm_pack/): every
# export index.d.ts declares (and any more index.js has), a scenario replay, a Tracker session, all
# with LD_LIBRARY_PATH unset and no librollcall.so linked or loaded.
# usage: tests/bindings/npm_pack.sh     (needs node, npm and the build dependencies; the install
# compiles the core once, -j2: measured 1.5 to 6 min on 2 cores, depending on what else runs)
# Prints `npm-pack: N passed, M failed`; exits non-zero when anything failed.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
pkg="$repo/bindings/node"
scenario=$(ls "$repo"/tests/scenarios/01_*.json | head -1)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rollcall-npm-pack.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# Nothing from the caller's environment may point at another addon or library.
unset LD_LIBRARY_PATH ROLLCALL_NODE_ADDON
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2}
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
not_ok() { failed=$((failed + 1)); echo "FAILED: $*"; }
check() { # check NAME COMMAND...
    local name=$1
    shift
    if "$@"; then ok "$name"; else not_ok "$name"; fi
}
finish() {
    echo "npm-pack: $passed passed, $failed failed"
    [ "$failed" = 0 ] && [ "$passed" -gt 0 ]
    exit
}
now() { date +%s; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    not_ok "node and npm are installed"
    finish
fi

# ---- pack ----
t0=$(now)
if (cd "$pkg" && npm pack --pack-destination "$tmp") >"$tmp/pack.log" 2>&1; then
    ok "npm pack ($(($(now) - t0)) s)"
else
    not_ok "npm pack"
    tail -20 "$tmp/pack.log"
    finish
fi
tarball=$(ls "$tmp"/rollcall-*.tgz)
tar tzf "$tarball" >"$tmp/contents"
for f in package/package.json package/index.js package/index.mjs package/index.d.ts package/CMakeLists.txt \
         package/scripts/build.js package/rollcall/CMakeLists.txt package/rollcall/include/rollcall/version.hpp \
         package/rollcall/capi/CMakeLists.txt package/rollcall/capi/include/rollcall.h; do
    check "the tarball has ${f#package/}" grep -qx "$f" "$tmp/contents"
done
check "the tarball has no build output or node_modules" \
    sh -c '! grep -qE "^package/(build|node_modules|rollcall/build)/|\.node$" "$1"' sh "$tmp/contents"
check "postpack removed the sources' copy from the checkout" test ! -e "$pkg/rollcall"

# ---- install into an empty project (the install step builds the addon) ----
proj="$tmp/project"
mkdir "$proj"
# allowScripts (what `npm install-scripts approve` writes): npm versions that block dependencies'
# install scripts by default run this one; the key of a tarball dependency is its file: spec.
(cd "$proj" && npm init -y >/dev/null 2>&1 &&
    node -e 'const fs = require("fs"); const p = JSON.parse(fs.readFileSync("package.json", "utf8"));
             p.allowScripts = { ["file:" + process.argv[1]]: true };
             fs.writeFileSync("package.json", JSON.stringify(p, null, 2) + "\n");' "$tarball")
t0=$(now)
if (cd "$proj" && npm install --foreground-scripts "$tarball") >"$tmp/install.log" 2>&1; then
    ok "npm install of the tarball ($(($(now) - t0)) s)"
    grep -a '^rollcall: built' "$tmp/install.log"
else
    not_ok "npm install of the tarball"
    tail -40 "$tmp/install.log"
    finish
fi
addon="$proj/node_modules/rollcall/build/rollcall_node.node"
check "the install built build/rollcall_node.node" test -f "$addon"
check "the addon does not link librollcall (ldd)" sh -c '! ldd "$1" | grep -q librollcall' sh "$addon"
check "ldd resolves every library of the addon" sh -c '! ldd "$1" | grep -q "not found"' sh "$addon"
check "the addon exports no rollcall_* symbol" sh -c '! nm -D --defined-only "$1" | grep -q " rollcall_"' sh "$addon"
check "the install left build/ with the addon only" test "$(ls -A "$proj/node_modules/rollcall/build")" = rollcall_node.node

# ---- use it from CommonJS and from ESM ----
cp "$repo"/tests/bindings/npm_pack/check.cjs "$repo"/tests/bindings/npm_pack/check.mjs \
   "$repo"/tests/bindings/npm_pack/checks.cjs "$proj/"
for form in check.cjs check.mjs; do
    (cd "$proj" && node "$form" "$scenario") >"$tmp/$form.log" 2>&1
    rc=$?
    cat "$tmp/$form.log"
    passed=$((passed + $(grep -c '^ok: ' "$tmp/$form.log")))
    failed=$((failed + $(grep -c '^FAILED: ' "$tmp/$form.log")))
    [ $rc = 0 ] || not_ok "node $form exited with $rc"
done

# ---- a missing build dependency is named as a Debian package ----
node_bin=$(command -v node)
(cd "$proj/node_modules/rollcall" && PATH=/nonexistent "$node_bin" scripts/build.js) >"$tmp/nodeps.log" 2>&1
rc=$?
check "without cmake and a compiler the install step fails naming cmake and build-essential" \
    sh -c '[ "$1" != 0 ] && grep -q "missing Debian packages: cmake build-essential" "$2"' sh "$rc" "$tmp/nodeps.log"
check "the failed rebuild left the built addon in place" test -f "$addon"

finish
