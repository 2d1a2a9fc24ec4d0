// `rollcall ingest --platform livekit-snapshot|bbb-snapshot --room R --at T FILE`: one snapshot per
// call, since a snapshot is one instant. The JSON parameters are those of the app method ingest.snapshot,
// so the command line, the C ABI and the bindings store the same thing.
#include "cli/cmd_ingest_snapshot.hpp"

#include "cli/storage_cli.hpp"

namespace rollcall::cli {

int run_ingest_snapshot(const arg_reader& a) {
    const std::string name = a.require("platform");
    if (a.positionals().size() != 1) throw usage_error{"--platform " + name + " takes exactly one FILE: one snapshot, one instant"};
    if (a.has("header") || a.has("request-url") || a.has("received-at"))
        throw usage_error{"a snapshot has no headers, request URL or receive time: give --at, when it was polled"};
    const auto at_text = a.get("at");
    if (!at_text) throw usage_error{"--platform " + name + " needs --at T: when the host polled (RFC 3339)"};
    const auto at = parse_rfc3339(*at_text);
    if (!at) throw usage_error{"--at takes an RFC 3339 date-time, got '" + *at_text + "'"};
    const std::string body = storage::read_input(a.positionals().front());
    json_writer params;
    params.begin_object()
        .field("platform", name.substr(0, name.find('-')))
        .field("body", body)
        .field("at", format_rfc3339(*at));
    storage::text_param(params, a, "room", "room");
    params.end_object();
    return storage::call_method(a, "ingest.snapshot", params.str());
}

}  // namespace rollcall::cli
