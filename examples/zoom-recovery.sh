#!/usr/bin/env bash
# Recovering lost Zoom webhooks from Zoom's own participant report (docs/tracker.md), with the CLI:
#   1. a lesson linked by the join URL the host stored;
#   2. its webhooks arrive, but the endpoint was down for 25 minutes: the student's rejoin and both
#      leaves are lost, so she looks like she left for good at 15:20;
#   3. the host's cron asks what is due (`sessions list --report-due`) ten minutes after the end;
#   4. it fetches the report pages over OAuth (here: the files in zoom-recovery/) and ingests them;
#   5. the meeting is no longer due, and the lesson's attendance is what really happened;
#   6. a replay of the stored payloads (webhooks and pages, parsed again) agrees with it.
#
#   examples/zoom-recovery.sh [DB]   (default: a fresh database in a temporary folder)
# Environment: ROLLCALL (a built `rollcall` to use), BUILD_DIR (default: build).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
data="$here/zoom-recovery"
build="${BUILD_DIR:-$root/build}"
rollcall="${ROLLCALL:-$build/rollcall}"

if [[ ! -x "$rollcall" ]]; then
    echo "== building rollcall in $build" >&2
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$build" -j2 --target rollcall_cli >/dev/null
fi
if [[ $# -ge 1 ]]; then
    db="$1"
    rm -f "$db" "$db-wal" "$db-shm"
else
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    db="$tmp/zoom.db"
fi
config="$data/config.json"
# The lesson: 2026-03-30 15:00-15:45 UTC; the meeting ended at 15:46. The cron runs at 15:58.
cron="2026-03-30T15:58:00Z"

# The student's attended seconds in `sessions get` output (participants are keyed by identity).
attended() { sed -n 's/.*"acct-dina":{[^{}]*"attended_s":\([0-9]*\).*/\1/p'; }
meetings_due() { grep -o '"meeting":"[^"]*"' | sed 's/"meeting":"\(.*\)"/\1/'; }

echo "== 1. the lesson, linked by its join URL" >&2
"$rollcall" sessions create --db "$db" --config "$config" --now 2026-03-29T09:00:00Z "$data/session.json" >/dev/null
"$rollcall" sessions get --db "$db" --config "$config" --now "$cron" amal-0330 | grep -o '"meetings":\[[^]]*\]'

echo "== 2. the webhooks that arrived (signed; the rest were lost)" >&2
"$rollcall" ingest --db "$db" --config "$config" --jsonl "$data/webhooks-received.jsonl" --quiet >/dev/null
before=$("$rollcall" sessions get --db "$db" --config "$config" --now "$cron" amal-0330 | attended)
echo "webhooks alone: acct-dina attended_s $before"

echo "== 3. what the cron must fetch" >&2
due=$("$rollcall" sessions list --db "$db" --report-due --delay 10m --now "$cron")
echo "$due"
uuid=$(meetings_due <<<"$due" | head -n1)
[[ -n "$uuid" ]] || { echo "zoom-recovery: nothing due" >&2; exit 1; }

echo "== 4. the report pages, fetched over OAuth (here: files), ingested" >&2
"$rollcall" ingest --db "$db" --platform zoom-report --meeting "$uuid" --received-at "$cron" \
    "$data/report-page1.json" "$data/report-page2.json" | grep -o '"stored":[0-9]*,"duplicates":[0-9]*'

echo "== 5. nothing due any more; attendance recovered" >&2
echo "due after: $("$rollcall" sessions list --db "$db" --report-due --delay 10m --now "$cron" | meetings_due | wc -l)"
after=$("$rollcall" sessions get --db "$db" --config "$config" --now "$cron" amal-0330 | attended)
echo "recovered: acct-dina attended_s $after (webhooks alone: $before)"
"$rollcall" sessions get --db "$db" --config "$config" --now "$cron" amal-0330 | grep -o '"session_status":"[a-z]*"'

echo "== 6. the stored payloads, parsed again, give the same lesson" >&2
"$rollcall" replay --db "$db" --config "$config" --now "$cron" --session amal-0330 --check |
    grep -o '"agree":[0-9]*,"differ":[0-9]*'
