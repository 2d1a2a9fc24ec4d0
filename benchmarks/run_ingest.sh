#!/usr/bin/env bash
# Ingest benchmark beside the PHP peer on the same generated LiveKit workload; prints a Markdown table.
# Usage: bash benchmarks/run_ingest.sh [ROOMS PARTICIPANTS RECONNECTS]   (defaults: 1000 8 3, 50,000 webhooks:
# long enough that WAL checkpoints happen at their steady-state rate in every mode)
# Needs: node + npm (livekit-server-sdk is installed into a scratch dir), php-cli + php-sqlite3, and
# Debian's postgresql for the PostgreSQL rows (a private server, tests/store/with_postgres.sh; rows are
# left out when it cannot start).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rooms=${1:-1000} people=${2:-8} reconnects=${3:-3}
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

# Same run, same file, same disk: the PHP peer before and after rollcall (the ratio uses their mean,
# so a change of load during the run shows as a spread between the two peer figures).
php_peer() { php "$repo/benchmarks/peers/php_laravel_style.php" "$work/workload.jsonl" "$work/php.sqlite"; }
php_before=$(php_peer)
ROLLCALL_INGEST_WORKLOAD="$work/workload.jsonl" TMPDIR="$work" \
    "$repo/build-bench/benchmarks/bench_ingest" --benchmark_filter=-pg_ --benchmark_format=json \
    >"$work/rollcall.json" 2>/dev/null
php_after=$(php_peer)
# The same ingest into PostgreSQL: a private server (durable commits: fsync on) on the same disk.
ROLLCALL_INGEST_WORKLOAD="$work/workload.jsonl" ROLLCALL_PG_FSYNC=on bash "$repo/tests/store/with_postgres.sh" bash -c \
    'ROLLCALL_BENCH_POSTGRES=$ROLLCALL_TEST_POSTGRES "$0" --benchmark_filter=pg_ --benchmark_format=json' \
    "$repo/build-bench/benchmarks/bench_ingest" >"$work/rollcall_pg.json" 2>/dev/null \
    || echo '{"benchmarks": []}' >"$work/rollcall_pg.json"

rate_of() { sed -E 's/.* = ([0-9.]+) webhooks\/s.*/\1/' <<<"$1"; }
php_rate=$(python3 -c "print(($(rate_of "$php_before") + $(rate_of "$php_after")) / 2)")

echo "workload: $n LiveKit webhooks ($rooms rooms x $people participants x $reconnects connections), $(date -u +%F)"
echo "before: $php_before"
echo "after:  $php_after"
echo
echo "| mode | webhooks/s | vs PHP peer |"
echo "|---|---:|---:|"
printf '| PHP peer (PDO SQLite WAL, synchronous=NORMAL, autocommit per statement) | %.0f | 1.0x |\n' "$php_rate"
python3 - "$work/rollcall.json" "$php_rate" "$work/rollcall_pg.json" <<'PY'
import json, sys
data = json.load(open(sys.argv[1])); php = float(sys.argv[2])
data["benchmarks"] += json.load(open(sys.argv[3]))["benchmarks"]
names = {"per_webhook_normal": "rollcall, one webhook per transaction, synchronous=NORMAL",
         "per_webhook_full": "rollcall, one webhook per transaction, synchronous=FULL (first 2,000 webhooks)",
         "batch1000_normal": "rollcall, batches of 1,000, synchronous=NORMAL",
         "batch1000_full": "rollcall, batches of 1,000, synchronous=FULL",
         "store_only_per_webhook_normal": "floor: rollcall's storage alone (pre-parsed), one per transaction, NORMAL",
         "store_only_batch1000_normal": "floor: rollcall's storage alone (pre-parsed), batches of 1,000, NORMAL",
         "sqlite_one_row_per_transaction": "floor: bare SQLite, one unindexed row per transaction, NORMAL",
         "pg_per_webhook": "rollcall into PostgreSQL (local socket, fsync on), one webhook per transaction",
         "pg_batch1000": "rollcall into PostgreSQL (local socket, fsync on), batches of 1,000"}
for b in data["benchmarks"]:
    parts = b["name"].split("/")
    key = parts[1] if len(parts) > 1 and ":" not in parts[1] else parts[0]
    rate = b["items_per_second"]
    print(f"| {names.get(key, key)} | {rate:.0f} | {rate / php:.1f}x |")
PY
[ -n "${ROLLCALL_BENCH_WORK:-}" ] || rm -rf "$work"
