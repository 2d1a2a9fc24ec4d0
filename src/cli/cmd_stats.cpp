// `rollcall stats`: what a database holds, as JSON counts. Opens the file read-only.
#include "cli/storage_cli.hpp"

namespace rollcall::cli {
namespace {

int run_stats(std::span<const std::string_view> args) {
    arg_reader a(args, {"db"}, {});
    if (!a.positionals().empty()) throw usage_error{"unexpected argument '" + a.positionals()[0] + "'"};
    return storage::call_method(a, "stats", "");
}

const register_command reg{
    "stats",
    {"counts of what a database holds (payloads, events, duplicates, rejected, rooms, sessions, links)",
     "usage: rollcall stats --db FILE\n"
     "Prints one JSON object: payloads, events, duplicates_skipped, duplicate_payloads, rejected,\n"
     "rejected_payloads, rooms, sessions, links, counted_sessions, changes (the change feed's last\n"
     "sequence number), schema_version. Never writes.",
     run_stats}};

}  // namespace
}  // namespace rollcall::cli
