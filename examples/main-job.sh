#!/usr/bin/env bash
# The main job on the example week: build rollcall if needed, create a fresh SQLite database, create the
# week's sessions, ingest the signed capture of LiveKit, BigBlueButton and Zoom webhooks, run the sweep,
# then print the teacher report and one session's attendance.
#
#   examples/main-job.sh [DB]        (default: a fresh database in a temporary folder)
# Environment: ROLLCALL (a built `rollcall` to use), BUILD_DIR (default: build), SESSION (default:
# chiara-0324), FORMAT (table|json|csv, default: table).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
capture="$here/capture"
build="${BUILD_DIR:-$root/build}"
rollcall="${ROLLCALL:-$build/rollcall}"
session="${SESSION:-chiara-0324}"
format="${FORMAT:-table}"
# The week is Mon 23 – Sun 29 March 2026 (Europe/Berlin). Everything is evaluated as of the Monday
# after, so the output is the same whenever and wherever this runs.
now="2026-03-30T12:00:00Z"

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
    db="$tmp/week.db"
fi
config="$capture/config.json"

echo "== sessions: $(grep -c '"id"' "$capture/sessions.json") lessons of the week" >&2
"$rollcall" sessions create --db "$db" --now 2026-03-20T09:00:00Z "$capture/sessions.json" >/dev/null

echo "== ingest: $(wc -l <"$capture/capture.jsonl") signed webhooks (LiveKit, BBB, Zoom)" >&2
"$rollcall" ingest --db "$db" --config "$config" --jsonl "$capture/capture.jsonl" --quiet >&2

echo "== sweep at $now" >&2
"$rollcall" sweep --db "$db" --config "$config" --now "$now" >&2

echo
echo "Teacher report, week of 23 March 2026 (Europe/Berlin)"
echo
"$rollcall" report teacher --db "$db" --config "$config" --from 2026-03-23 --to 2026-03-29 --by week \
    --now "$now" --format "$format"

echo
echo "Attendance of session $session"
echo
"$rollcall" report session --db "$db" --config "$config" --session "$session" --now "$now" --format "$format"
