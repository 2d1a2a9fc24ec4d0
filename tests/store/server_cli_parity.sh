#!/usr/bin/env bash
# The example week (examples/capture: sessions, signed LiveKit/BBB/Zoom webhooks, sweep) through the
# rollcall command twice, once with --db a SQLite file and once with --db a server database URL: every
# report and listing (and the replay of the stored payloads, which must agree with the stored events)
# must be byte-identical JSON. Then the week is ingested again into the server: nothing new.
#   bash tests/store/with_postgres.sh bash tests/store/server_cli_parity.sh ROLLCALL   (PostgreSQL)
#   bash tests/store/with_mariadb.sh bash tests/store/server_cli_parity.sh ROLLCALL    (MariaDB)
# The server is the one the wrapper started: ROLLCALL_TEST_POSTGRES, else ROLLCALL_TEST_MARIADB.
set -euo pipefail
rollcall=${1:?usage: server_cli_parity.sh ROLLCALL}
if [[ -n "${ROLLCALL_TEST_POSTGRES:-}" ]]; then
    server=PostgreSQL
    server_db="$ROLLCALL_TEST_POSTGRES&schema=rc_cli_$$"  # a fresh schema
elif [[ -n "${ROLLCALL_TEST_MARIADB:-}" ]]; then
    server=MariaDB
    server_db="$ROLLCALL_TEST_MARIADB&table_prefix=rc_cli_$$_"  # fresh tables
else
    echo "server_cli_parity: neither ROLLCALL_TEST_POSTGRES nor ROLLCALL_TEST_MARIADB is set (run under" \
         "tests/store/with_postgres.sh or with_mariadb.sh)" >&2
    exit 2
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
capture=$root/examples/capture
config=$capture/config.json
now=2026-03-30T12:00:00Z
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Everything a host reads back, as JSON, into DIR.
run_week() {
    local db=$1 out=$2
    mkdir -p "$out"
    "$rollcall" sessions create --db "$db" --now 2026-03-20T09:00:00Z "$capture/sessions.json" >"$out/create.json"
    "$rollcall" ingest --db "$db" --config "$config" --jsonl "$capture/capture.jsonl" --quiet >"$out/ingest.json" 2>"$out/ingest.txt"
    "$rollcall" sweep --db "$db" --config "$config" --now "$now" >"$out/sweep.json"
    "$rollcall" report teacher --db "$db" --config "$config" --from 2026-03-23 --to 2026-03-29 --by week \
        --now "$now" --format json >"$out/teacher.json"
    "$rollcall" report session --db "$db" --config "$config" --from 2026-03-23 --to 2026-03-29 \
        --now "$now" --format json >"$out/sessions-report.json"
    "$rollcall" report trends --db "$db" --config "$config" --from 2026-03-23 --to 2026-03-29 \
        --now "$now" --format json >"$out/trends.json"
    "$rollcall" sessions list --db "$db" >"$out/sessions-list.json"
    "$rollcall" changes --db "$db" --limit 10000 >"$out/changes.json"
    # Every session evaluated again from its stored raw payloads, read back from the database.
    "$rollcall" replay --db "$db" --config "$config" --now "$now" --check >"$out/replay.json"
}

run_week "$tmp/week.sqlite" "$tmp/sqlite"
run_week "$server_db" "$tmp/server"
status=0
for f in "$tmp"/sqlite/*; do
    name=$(basename "$f")
    if ! cmp -s "$f" "$tmp/server/$name"; then
        echo "server_cli_parity: $name differs between SQLite and $server:" >&2
        diff "$f" "$tmp/server/$name" | head -20 >&2
        status=1
    fi
done
[[ -s "$tmp/server/teacher.json" && -s "$tmp/server/sessions-report.json" ]] || {
    echo "server_cli_parity: empty reports" >&2
    status=1
}

# Replaying the whole capture stores nothing new.
before=$("$rollcall" stats --db "$server_db")
"$rollcall" ingest --db "$server_db" --config "$config" --jsonl "$capture/capture.jsonl" --quiet >/dev/null 2>&1
after=$("$rollcall" stats --db "$server_db")
events() { sed -n 's/.*"events": *\([0-9]*\).*/\1/p' <<<"$1" | head -n 1; }
if [[ -z "$(events "$before")" || "$(events "$before")" != "$(events "$after")" ]]; then
    echo "server_cli_parity: replaying the week changed the event count: $(events "$before") -> $(events "$after")" >&2
    status=1
fi
((status == 0)) && echo "server_cli_parity: the example week gives byte-identical JSON on SQLite and $server"
exit "$status"
