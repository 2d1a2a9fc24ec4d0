// `rollcall links`: tracked join links (SPEC §6), for hosts that drive them from scripts or tests.
// Each subcommand is one application-layer method (links.*).
#include "cli/storage_cli.hpp"

namespace rollcall::cli {
namespace {

const char* const usage_text =
    "usage: rollcall links create    --db FILE [--config CONFIG] [--now T] LINK.json|-\n"
    "       rollcall links click     --db FILE [--config CONFIG] [--now T] TOKEN\n"
    "       rollcall links heartbeat --db FILE [--config CONFIG] [--now T] TOKEN\n"
    "       rollcall links end       --db FILE [--config CONFIG] [--now T] TOKEN\n"
    "       rollcall links status    --db FILE [--config CONFIG] [--now T] TOKEN\n"
    "       rollcall links list      --db FILE [--config CONFIG] [--now T] [--teacher ID] [--student ID]\n"
    "                                [--status sent|active|ended|timeout|expired] [--session ID] [--from T] [--to T]\n"
    "       rollcall links export    --db FILE [--config CONFIG] [--now T] [--teacher ID] [--student ID]\n"
    "                                [--status S] [--tz ZONE] [--from YYYY-MM-DD --to YYYY-MM-DD]\n"
    "                                [--format csv|json|table]\n"
    "LINK.json: {\"student\", \"teacher\", \"meeting_url\", \"package\", \"rate\", \"rate_minor\", \"currency\",\n"
    "\"session_id\"}; create prints the link with its new token (192 random bits, base64url).\n"
    "Every subcommand prints the link (list: an array of them) as it stands at T: status, times,\n"
    "room, duration_s, presence_end. click/heartbeat/end on an ended or timed-out link fail with\n"
    "link_closed (exit 2). list selects by sent time in [--from, --to). T is RFC 3339 or Unix seconds.\n"
    "export prints the link report (default CSV; the same as `rollcall report links`): per link its\n"
    "times, attended time and status, and for a link sent without a session the lesson it forms\n"
    "(SPEC §6) with its status, billable time and amount. Its dates are local dates in --tz.";

int list(const arg_reader& a) {
    if (!a.positionals().empty()) throw usage_error{"links list takes no positional argument"};
    json_writer p;
    p.begin_object();
    storage::text_param(p, a, "teacher", "teacher");
    storage::text_param(p, a, "student", "student");
    storage::text_param(p, a, "status", "status");
    storage::text_param(p, a, "session", "session_id");
    for (const char* bound : {"from", "to"}) {
        if (!a.has(bound)) continue;
        auto t = parse_instant(*a.get(bound));
        if (!t) throw usage_error{"--" + std::string(bound) + " takes an RFC 3339 date-time or Unix seconds"};
        p.field(bound, format_rfc3339(*t));
    }
    storage::now_param(p, a);
    p.end_object();
    return storage::call_method(a, "links.list", p.str());
}

// The link report (reports.links), as `rollcall report links` prints it but CSV unless told otherwise.
int export_links(const arg_reader& a) {
    if (!a.positionals().empty()) throw usage_error{"links export takes no positional argument"};
    if (a.has("session")) throw usage_error{"--session applies to links list only"};
    if (a.has("from") != a.has("to")) throw usage_error{"--from and --to go together"};
    const std::string format = a.get("format").value_or("csv");
    json_writer p;
    p.begin_object().field("format", format);
    storage::text_param(p, a, "teacher", "teacher");
    storage::text_param(p, a, "student", "student");
    storage::text_param(p, a, "status", "status");
    storage::text_param(p, a, "tz", "timezone");
    storage::text_param(p, a, "from", "from");
    storage::text_param(p, a, "to", "to");
    storage::now_param(p, a);
    p.end_object();
    return storage::call_method(a, "reports.links", p.str());
}

int run_links(std::span<const std::string_view> args) {
    if (args.empty()) throw usage_error{"expected a subcommand: create, click, heartbeat, end, status, list, export"};
    const std::string_view sub = args[0];
    arg_reader a(args.subspan(1),
                 {"db", "config", "now", "teacher", "student", "status", "session", "from", "to", "tz", "format"}, {});
    if (sub == "export") return export_links(a);
    for (const char* o : {"tz", "format"})
        if (a.has(o)) throw usage_error{"--" + std::string(o) + " applies to links export only"};
    if (sub == "list") return list(a);
    const bool is_change = sub == "click" || sub == "heartbeat" || sub == "end";
    if (sub != "create" && sub != "status" && !is_change) throw usage_error{"unknown subcommand '" + std::string(sub) + "'"};
    for (const char* filter : {"teacher", "student", "status", "session", "from", "to"})
        if (a.has(filter)) throw usage_error{"--" + std::string(filter) + " applies to links list only"};
    if (a.positionals().size() != 1)
        throw usage_error{sub == "create" ? "expected one LINK.json file (or - for stdin)" : "expected one TOKEN"};
    const std::string& arg = a.positionals()[0];
    json_writer p;
    p.begin_object();
    if (sub == "create") {
        const std::string spec = storage::read_input(arg);
        p.key("link").raw(spec.find_first_not_of(" \t\r\n") == std::string::npos ? "null" : spec);
    } else {
        p.field("token", arg);
    }
    storage::now_param(p, a);
    p.end_object();
    const std::string method = sub == "status" ? "links.get" : "links." + std::string(sub);
    return storage::call_method(a, method, p.str());
}

const register_command reg{"links", {"tracked join links: create, click, heartbeat, end, status, list, export", usage_text, run_links}};

}  // namespace
}  // namespace rollcall::cli
