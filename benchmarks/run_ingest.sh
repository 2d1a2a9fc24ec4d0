#!/usr/bin/env bash
# Ingest benchmark beside the PHP peer on the same generated LiveKit workload; prints a Markdown table.
# Usage: bash benchmarks/run_ingest.sh [ROOMS PARTICIPANTS RECONNECTS]   (defaults: 100 8 3, ~5,000 webhooks)
# Needs: node + npm (livekit-server-sdk is installed into a scratch dir), php-cli + php-sqlite3.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rooms=${1:-100} people=${2:-8} reconnects=${3:-3}
work=${ROLLCALL_BENCH_WORK:-$(mktemp -d /tmp/rollcall-bench-ingest.XXXXXX)}
mkdir -p "$work"

if [ ! -d "$work/node_modules/livekit-server-sdk" ]; then
    (cd "$work" && npm install --silent --no-audit --no-fund livekit-server-sdk >/dev/null)
fi
cp "$repo/benchmarks/peers/livekit_workload.mjs" "$work/"
(cd "$work" && node livekit_workload.mjs workload.jsonl "$rooms" "$people" "$reconnects" 1 2>/dev/null)
n=$(wc -l < "$work/workload.jsonl")

cmake -S "$repo" -B "$repo/build-bench" -DCMAKE_BUILD_TYPE=Release -DROLLCALL_BUILD_BENCHMARKS=ON \
      -DROLLCALL_BUILD_TESTS=OFF >/dev/null
cmake --build "$repo/build-bench" -j2 --target bench_ingest >/dev/null

# Same run: the PHP peer first, then rollcall, on the same file and the same disk.
php_line=$(php "$repo/benchmarks/peers/php_laravel_style.php" "$work/workload.jsonl" "$work/php.sqlite")
php_rate=$(sed -E 's/.* = ([0-9.]+) webhooks\/s.*/\1/' <<<"$php_line")
ROLLCALL_INGEST_WORKLOAD="$work/workload.jsonl" TMPDIR="$work" \
    "$repo/build-bench/benchmarks/bench_ingest" --benchmark_format=json >"$work/rollcall.json" 2>/dev/null

echo "workload: $n LiveKit webhooks ($rooms rooms x $people participants x $reconnects connections), $(date -u +%F)"
echo "$php_line"
echo
echo "| mode | webhooks/s | vs PHP peer |"
echo "|---|---:|---:|"
printf '| PHP peer (PDO SQLite WAL, synchronous=NORMAL, autocommit per statement) | %.0f | 1.0x |\n' "$php_rate"
python3 - "$work/rollcall.json" "$php_rate" <<'PY'
import json, sys
data = json.load(open(sys.argv[1])); php = float(sys.argv[2])
names = {"per_webhook_normal": "rollcall, one webhook per transaction, synchronous=NORMAL",
         "per_webhook_full": "rollcall, one webhook per transaction, synchronous=FULL",
         "batch1000_normal": "rollcall, batches of 1,000, synchronous=NORMAL",
         "batch1000_full": "rollcall, batches of 1,000, synchronous=FULL"}
for b in data["benchmarks"]:
    key = b["name"].split("/")[1]
    rate = b["items_per_second"]
    print(f"| {names.get(key, key)} | {rate:.0f} | {rate / php:.1f}x |")
PY
[ -n "${ROLLCALL_BENCH_WORK:-}" ] || rm -rf "$work"
