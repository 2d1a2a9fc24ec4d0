#!/usr/bin/env bash
# Issue 3's parse-speed target, all six pairs: each parser's parse-only time against a raw simdjson
# On-Demand traversal of the same bytes (target: within 2x).
#   benchmarks/run_parse_ratios.sh [BUILD_DIR] [ROUNDS]      (defaults: build-bench, 7)
# The two sides of a pair run alternately, ROUNDS times each, and each side keeps its fastest run: on a
# shared machine, noise only ever adds time, so the minimum is the steadiest estimate, and alternating
# keeps a burst of noise from landing on one side only. Pinned to one core when `taskset` exists.
# The LiveKit workload pair needs node (benchmarks/peers/livekit_workload.mjs writes the bodies).
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-bench}
rounds=${2:-7}

if [[ ! -f "$build/CMakeCache.txt" ]]; then
    cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DROLLCALL_BUILD_BENCHMARKS=ON \
          -DROLLCALL_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" -j2 --target bench_parsers bench_parsers_bbb_zoom >/dev/null
find_bench() { find "$build" -type f -name "$1" -perm -u+x | head -n 1; }
livekit=$(find_bench bench_parsers)
bbb_zoom=$(find_bench bench_parsers_bbb_zoom)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if command -v node >/dev/null; then
    node "$src/benchmarks/peers/livekit_workload.mjs" "$work/livekit.jsonl" 100 8 3 1 >/dev/null 2>&1 || true
fi
[[ -s "$work/livekit.jsonl" ]] && export ROLLCALL_LK_WORKLOAD="$work/livekit.jsonl"

pin=()
command -v taskset >/dev/null && pin=(taskset -c "$(($(nproc) - 1))")

# One run of one benchmark: its real time per iteration in ns.
time_of() {
    "${pin[@]}" "$1" --benchmark_filter="^$2\$" --benchmark_min_time=0.2 --benchmark_format=json 2>/dev/null |
        python3 -c 'import json,sys; b=json.load(sys.stdin)["benchmarks"]; print(b[0]["real_time"] if b and "error_occurred" not in b[0] else "nan")'
}

pairs=(
    "LiveKit, fixture bodies|$livekit|BM_livekit_parse/0|BM_simdjson_traversal/0"
    "LiveKit, 5,000-webhook workload|$livekit|BM_livekit_parse/1|BM_simdjson_traversal/1"
    "BBB event JSON|$bbb_zoom|BM_bbb_event_json_parse_only|BM_bbb_event_json_raw_simdjson"
    "BBB analytics callback|$bbb_zoom|BM_bbb_analytics_parse_only|BM_bbb_analytics_raw_simdjson"
    "Zoom webhook|$bbb_zoom|BM_zoom_participant_parse_only|BM_zoom_participant_raw_simdjson"
    "Zoom report page|$bbb_zoom|BM_zoom_report_page_parse|BM_zoom_report_page_raw_simdjson"
)
for pair in "${pairs[@]}"; do
    IFS='|' read -r label bin parse raw <<<"$pair"
    for _ in $(seq "$rounds"); do
        echo "$label|parse|$(time_of "$bin" "$parse")"
        echo "$label|raw|$(time_of "$bin" "$raw")"
    done
done >"$work/times.txt"

python3 - "$work/times.txt" "$rounds" <<'PY'
import math, sys
best = {}
order = []
for line in open(sys.argv[1]):
    label, side, t = line.rstrip("\n").split("|")
    if label not in order:
        order.append(label)
    t = float(t)
    key = (label, side)
    if not math.isnan(t):
        best[key] = min(best.get(key, t), t)
print(f"fastest of {sys.argv[2]} alternating runs, real time per iteration")
print(f"{'pair':34} {'parse':>12} {'raw':>12} {'ratio':>7}  target <= 2x")
worst = 0.0
for label in order:
    p, r = best.get((label, "parse")), best.get((label, "raw"))
    if p is None or r is None:
        print(f"{label:34} {'(no input)':>12}")
        continue
    ratio = p / r
    worst = max(worst, ratio)
    print(f"{label:34} {p:10,.0f}ns {r:10,.0f}ns {ratio:6.2f}x  {'met' if ratio <= 2 else 'NOT met'}")
print(f"worst pair: {worst:.2f}x")
PY
