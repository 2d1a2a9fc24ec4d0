#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time with the fixtures as seed corpus.
#   tests/fuzz/run_fuzzers.sh BUILD_DIR [SECONDS]      (SECONDS per target, default 20)
# BUILD_DIR is configured (clang, -DROLLCALL_FUZZ=ON) and built here if needed. Seeds are copied to a
# temporary corpus so nothing is ever written into tests/fixtures; a crash input is kept in
# BUILD_DIR/fuzz-artifacts/. Exits non-zero if any target finds a crash, leak or timeout.
set -euo pipefail

build_dir=${1:?usage: run_fuzzers.sh BUILD_DIR [SECONDS]}
seconds=${2:-20}
src_dir=$(cd "$(dirname "$0")/../.." && pwd)

if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
    cmake -S "$src_dir" -B "$build_dir" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
          -DROLLCALL_FUZZ=ON -DROLLCALL_BUILD_TESTS=OFF -DROLLCALL_BUILD_CLI=OFF >/dev/null
fi

targets=()
for src in "$src_dir"/tests/fuzz/fuzz_*.cpp; do
    targets+=("$(basename "$src" .cpp)")
done
cmake --build "$build_dir" -j2 --target "${targets[@]}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$build_dir/fuzz-artifacts"
status=0
for t in "${targets[@]}"; do
    exe=$(find "$build_dir" -type f -name "$t" -perm -u+x | head -n 1)
    if [[ -z "$exe" ]]; then
        echo "run_fuzzers: $t was not built" >&2
        status=1
        continue
    fi
    corpus="$work/$t"
    mkdir -p "$corpus"
    # Seeds: the fixtures of the platform the target is named after, or those its source lists on a
    # "// seeds: DIR..." line (a target covering several platforms).
    seeds=$(sed -n 's|^// seeds: ||p' "$src_dir/tests/fuzz/$t.cpp")
    for dir in ${seeds:-${t#fuzz_}}; do
        if [[ -d "$src_dir/tests/fixtures/$dir" ]]; then
            find "$src_dir/tests/fixtures/$dir" -type f -exec cp {} "$corpus"/ \;
        fi
    done
    echo "run_fuzzers: $t for ${seconds}s with $(ls "$corpus" | wc -l) seeds"
    if ! "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$build_dir/fuzz-artifacts/$t-" "$corpus" >"$work/$t.log" 2>&1; then
        tail -n 60 "$work/$t.log" >&2
        echo "run_fuzzers: $t FAILED (artifacts in $build_dir/fuzz-artifacts)" >&2
        status=1
    else
        grep -E "^stat::number_of_executed_units|^Done" "$work/$t.log" || true
    fi
done
exit $status
