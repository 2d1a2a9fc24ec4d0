// `rollcall ingest --platform livekit-snapshot|bbb-snapshot`: a room snapshot the host fetched, through
// the application method ingest.snapshot. Declared apart so cmd_ingest.cpp only dispatches to it.
#pragma once

#include <string_view>

#include "cli/command.hpp"

namespace rollcall::cli {

/// True for the --platform names that mean a snapshot rather than a webhook.
constexpr bool is_snapshot_platform(std::string_view name) noexcept {
    return name == "livekit-snapshot" || name == "bbb-snapshot";
}

/// Reads `--platform P-snapshot [--room R] --at T FILE` from `a` and stores the snapshot; prints the
/// ingest result. Throws usage_error for wrong arguments, rollcall::exception for a rejected snapshot.
int run_ingest_snapshot(const arg_reader& a);

}  // namespace rollcall::cli
