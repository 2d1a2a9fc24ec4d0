#!/usr/bin/env bash
# LiveKit webhooks: rollcall's verify+parse+normalise against LiveKit's own SDK receiver, on the same
# workload file, in the same run (compare ratios, not absolute numbers: the machines are shared).
#   benchmarks/run_parser_bench.sh [BUILD_DIR] [ROOMS]     (defaults: build-bench, 100 rooms = 5000 webhooks)
# Needs node/npm (installs livekit-server-sdk into benchmarks/peers/node_modules on first use).
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-bench}
rooms=${2:-100}
peers=$src/benchmarks/peers

if [[ ! -f "$build/CMakeCache.txt" ]]; then
    cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DROLLCALL_BUILD_BENCHMARKS=ON \
          -DROLLCALL_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" -j2 --target bench_parsers >/dev/null
if [[ ! -d "$peers/node_modules" ]]; then
    (cd "$peers" && npm install --no-audit --no-fund >/dev/null)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
node "$peers/livekit_workload.mjs" "$work/livekit.jsonl" "$rooms" 8 3 1 2>/dev/null
node "$peers/livekit_sdk_receive.mjs" "$work/livekit.jsonl" | tee "$work/sdk.txt"
ROLLCALL_LK_WORKLOAD="$work/livekit.jsonl" "$(find "$build" -type f -name bench_parsers -perm -u+x | head -n 1)" \
    --benchmark_min_time=1 --benchmark_format=json --benchmark_out="$work/bench.json" >/dev/null

python3 - "$work/bench.json" "$work/sdk.txt" <<'PY'
import json, re, sys
bench = {b["name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"]}
sdk = float(re.search(r"= (\d+) webhooks/s", open(sys.argv[2]).read()).group(1))
def rate(name, wall=False):
    b = bench[name]
    r = b["items_per_second"]                      # per CPU second
    return r * b["cpu_time"] / b["real_time"] if wall else r
print(f"{'benchmark':34} {'webhooks/s (cpu)':>17} {'(wall)':>12} {'MB/s (cpu)':>11}")
for name in sorted(bench):
    b = bench[name]
    print(f"{name:34} {rate(name):17,.0f} {rate(name, True):12,.0f} {b['bytes_per_second'] / 1e6:11,.1f}")
full, full_wall = rate("BM_livekit_verify_parse/1"), rate("BM_livekit_verify_parse/1", True)
print(f"\nLiveKit SDK receiver (wall): {sdk:,.0f} webhooks/s")
print(f"rollcall verify+parse+normalise vs SDK: {full_wall / sdk:,.1f}x (wall), {full / sdk:,.1f}x (rollcall cpu)")
for label, idx in (("workload", 1), ("fixtures", 0)):
    ratio = rate(f"BM_simdjson_traversal/{idx}") / rate(f"BM_livekit_parse/{idx}")
    print(f"parse+normalise time / raw simdjson traversal ({label}): {ratio:.2f}x")
print(f"target >= 300,000 webhooks/s on one core: {'met' if full >= 300000 else 'NOT met'} ({full:,.0f}/s cpu)")
PY
