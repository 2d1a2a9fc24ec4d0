#!/usr/bin/env bash
# Runs the LiveKit server SDK interoperability test: tests/node-sdk/run.sh [ROLLCALL_CLI]
# (the CLI path may also come from the environment). Installs livekit-server-sdk on first use.
set -euo pipefail
if [[ $# -ge 1 ]]; then ROLLCALL_CLI=$1; fi
: "${ROLLCALL_CLI:?set ROLLCALL_CLI (or pass it) to the built rollcall executable}"
ROLLCALL_CLI=$(realpath "$ROLLCALL_CLI")  # resolved before the cd below
export ROLLCALL_CLI
cd "$(dirname "$0")"
if [[ ! -d node_modules ]]; then
    npm install --no-audit --no-fund
fi
node --test
