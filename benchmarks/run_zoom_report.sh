#!/usr/bin/env bash
# Issue 11's report-page target: Zoom report pages parse at >= 200,000 rows/s on one core. Runs
# bench_zoom_report once (both sides in the same process, so the same machine state) and prints rows/s
# of the parser, of a raw simdjson traversal of the same page, their ratio, and the in-memory ingest.
#   benchmarks/run_zoom_report.sh [BUILD_DIR]      (default: build-bench, a Release build)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-bench}
if [[ ! -f "$build/CMakeCache.txt" ]]; then
    cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DROLLCALL_BUILD_BENCHMARKS=ON \
          -DROLLCALL_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" -j2 --target bench_zoom_report >/dev/null
bench=$(find "$build" -type f -name bench_zoom_report -perm -u+x | head -n 1)
pin=()
command -v taskset >/dev/null && pin=(taskset -c "$(($(nproc) - 1))")
"${pin[@]}" "$bench" --benchmark_min_time=0.5 --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_format=json 2>/dev/null | python3 -c '
import json, sys
runs = {b["run_name"]: b for b in json.load(sys.stdin)["benchmarks"] if b.get("aggregate_name") == "median"}
rate = lambda n: runs[n]["rows/s"]
parse, raw = rate("BM_zoom_report_rows_parse"), rate("BM_zoom_report_rows_raw_simdjson")
ingest = rate("BM_zoom_report_ingest_memory")
verdict = "met" if parse >= 200000 else "MISSED"
print(f"parse:           {parse:12,.0f} rows/s  (target >= 200,000: {verdict})")
print(f"raw simdjson:    {raw:12,.0f} rows/s")
print(f"ratio:           {raw / parse:12.2f}x  (raw / parse, medians of 5, same run)")
print(f"ingest (memory): {ingest:12,.0f} rows/s  (parse + checks + in-memory store)")
'
