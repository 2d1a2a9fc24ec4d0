// `rollcall changes`: the change feed (SPEC §8), read with a cursor the host keeps, or claimed by a
// named reader whose cursor rollcall keeps (one delivery across several processes).
#include "cli/storage_cli.hpp"

namespace rollcall::cli {
namespace {

int run_changes(std::span<const std::string_view> args) {
    arg_reader a(args, {"db", "after", "limit", "claim"}, {});
    if (!a.positionals().empty()) throw usage_error{"unexpected argument '" + a.positionals()[0] + "'"};
    if (a.has("claim") && a.has("after")) throw usage_error{"--claim reads after the reader's stored cursor: no --after"};
    json_writer p;
    p.begin_object();
    for (const char* key : {"after", "limit"}) {
        if (!a.has(key)) continue;
        const auto n = parse_int64(*a.get(key));
        if (!n) throw usage_error{"--" + std::string(key) + " takes a whole number"};
        p.field(key, *n);
    }
    storage::text_param(p, a, "claim", "consumer");
    p.end_object();
    return storage::call_method(a, a.has("claim") ? "changes.claim" : "changes", p.str());
}

const register_command reg{
    "changes",
    {"the change feed: session and link status changes, final participant statuses, usage counted",
     "usage: rollcall changes --db FILE [--after N] [--limit K]\n"
     "       rollcall changes --db FILE --claim READER [--limit K]\n"
     "Prints {\"changes\": [{seq, at, type, session_id, subject, from, to, reason}...], \"cursor\": N}:\n"
     "up to K (default 100, at most 10000) changes with seq > N, oldest first; pass the cursor as --after\n"
     "next time. A cursor beyond the newest change is an error (invalid_argument), never an empty page.\n"
     "--claim READER reads after the cursor rollcall keeps for READER and advances it in the same\n"
     "transaction: processes sharing a reader name each get every change once. Types: session_status,\n"
     "participant_status, link_status, usage_counted (docs/json.md).",
     run_changes}};

}  // namespace
}  // namespace rollcall::cli
