#!/bin/sh
# The boundary benchmark of issue 5, every path in one run on one workload:
#   ingest of a signed LiveKit webhook through the C++ API, the C ABI, the Node addon and PHP FFI,
#   and the Node addon's verify + parse against livekit-server-sdk's WebhookReceiver.receive.
# usage: benchmarks/bench_boundary.sh BUILD_DIR   (a Release build with -DROLLCALL_BUILD_BENCHMARKS=ON,
#        without sanitizers). Prints the markdown table for docs/benchmarks.md ("Boundary").
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
work="$build/bench-boundary"
mkdir -p "$work"
[ -x "$build/benchmarks/bench_boundary" ] || { echo "build $build with -DROLLCALL_BUILD_BENCHMARKS=ON first" >&2; exit 2; }
[ -d "$repo/bindings/node/node_modules/livekit-server-sdk" ] || (cd "$repo/bindings/node" && npm install --no-audit --no-fund >&2)
cmake -S "$repo/bindings/node" -B "$build/bindings-node" -Drollcall_DIR="$build/capi" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build/bindings-node" -j2 >/dev/null
export ROLLCALL_NODE_ADDON="$build/bindings-node/rollcall_node.node"
export ROLLCALL_LIBRARY="$build/capi/librollcall.so" ROLLCALL_FFI_HEADER="$build/capi/rollcall_ffi.h"

node "$repo/benchmarks/bench_boundary.mjs" workload "$work/workload.jsonl" "${ROLLCALL_BENCH_ROOMS:-20}"
: > "$work/results.jsonl"
ROLLCALL_BOUNDARY_WORKLOAD="$work/workload.jsonl" "$build/benchmarks/bench_boundary" --benchmark_format=json \
    --benchmark_repetitions=5 --benchmark_report_aggregates_only=true >"$work/cxx.json"
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const b of r.benchmarks.filter((b) => b.aggregate_name === "median")) {
    const path = b.run_name.endsWith("cxx_api") ? "cxx_api" : "c_abi";
    const ns = b.real_time * ({ ns: 1, us: 1e3, ms: 1e6 }[b.time_unit] || 1);
    console.log(JSON.stringify({ path, ns_per_webhook: ns, note: b.run_name }));
  }' "$work/cxx.json" >>"$work/results.jsonl"
node "$repo/benchmarks/bench_boundary.mjs" measure "$work/workload.jsonl" >>"$work/results.jsonl"
php -d ffi.enable=1 "$repo/benchmarks/bench_boundary.php" "$work/workload.jsonl" >>"$work/results.jsonl"
echo "machine: $(nproc) cores, $(uname -m); node $(node --version); $(php -r 'echo "php ", PHP_VERSION;')"
node "$repo/benchmarks/bench_boundary.mjs" table "$work/results.jsonl"
