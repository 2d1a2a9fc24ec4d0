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
# Rounds interleave the paths so that a burst of load on a shared machine hits them alike; the table
# takes each path's best round (the least disturbed measurement of the same work).
for round in $(seq "${ROLLCALL_BENCH_ROUNDS:-3}"); do
    ROLLCALL_BOUNDARY_WORKLOAD="$work/workload.jsonl" "$build/benchmarks/bench_boundary" --benchmark_format=json \
        >"$work/cxx.json"
    node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const best = {};
      for (const b of r.benchmarks.filter((b) => b.run_type === "iteration")) {
        const path = b.run_name.includes("/cxx_api") ? "cxx_api" : "c_abi";
        const unit = { ns: 1, us: 1e3, ms: 1e6 }[b.time_unit] || 1;
        const wall = (b.real_time * unit) / b.webhooks, cpu = (b.cpu_time * unit) / b.webhooks;
        best[path] = { wall: Math.min(best[path]?.wall ?? Infinity, wall), cpu: Math.min(best[path]?.cpu ?? Infinity, cpu) };
      }
      for (const [path, t] of Object.entries(best))
        console.log(JSON.stringify({ path, ns_per_webhook: t.wall, cpu_ns_per_webhook: t.cpu, round: +process.argv[2] }));
    ' "$work/cxx.json" "$round" >>"$work/results.jsonl"
    node "$repo/benchmarks/bench_boundary.mjs" measure "$work/workload.jsonl" >>"$work/results.jsonl"
    php -d ffi.enable=1 "$repo/benchmarks/bench_boundary.php" "$work/workload.jsonl" >>"$work/results.jsonl"
done
echo "machine: $(nproc) cores, $(uname -m), load average $(cut -d" " -f1-3 /proc/loadavg); node $(node --version); $(php -r 'echo "php ", PHP_VERSION;')"
node "$repo/benchmarks/bench_boundary.mjs" table "$work/results.jsonl"
