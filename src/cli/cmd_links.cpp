// `rollcall links`: tracked join links (SPEC §6), for hosts that drive them from scripts or tests.
#include "cli/storage_cli.hpp"
#include "tracker/tracker_json.hpp"

namespace rollcall::cli {
namespace {

const char* const usage_text =
    "usage: rollcall links create    --db FILE [--config CONFIG] [--now T] LINK.json|-\n"
    "       rollcall links click     --db FILE [--config CONFIG] [--now T] TOKEN\n"
    "       rollcall links heartbeat --db FILE [--config CONFIG] [--now T] TOKEN\n"
    "       rollcall links end       --db FILE [--config CONFIG] [--now T] TOKEN\n"
    "       rollcall links status    --db FILE [--config CONFIG] [--now T] TOKEN\n"
    "LINK.json: {\"student\", \"teacher\", \"meeting_url\", \"package\", \"rate\", \"rate_minor\", \"currency\",\n"
    "\"session_id\"}; create prints the link with its new token (192 random bits, base64url).\n"
    "click/heartbeat/end print the link; on an ended or timed-out link they fail with link_closed\n"
    "(exit 2). status prints {link, room, duration_s, presence_end}. T is RFC 3339 or Unix seconds.";

int run_links(std::span<const std::string_view> args) {
    if (args.empty()) throw usage_error{"expected a subcommand: create, click, heartbeat, end, status"};
    const auto sub = args[0];
    arg_reader a(args.subspan(1), {"db", "config", "now"}, {});
    if (a.positionals().size() != 1)
        throw usage_error{sub == "create" ? "expected one LINK.json file (or - for stdin)" : "expected one TOKEN"};
    const instant now = storage::now_option(a);
    const std::string& arg = a.positionals()[0];
    json_writer w;
    if (sub == "create") {
        const auto spec = tracker::parse_link_spec(storage::read_input(arg)).take();
        auto t = storage::open_tracker(a, false);
        tracker::write_link(w, t.create_link(spec, now).take());
    } else if (sub == "click" || sub == "heartbeat" || sub == "end") {
        auto t = storage::open_tracker(a, false);
        auto r = sub == "click" ? t.click(arg, now) : sub == "heartbeat" ? t.heartbeat(arg, now) : t.end(arg, now);
        tracker::write_link(w, std::move(r).take());
    } else if (sub == "status") {
        auto t = storage::open_tracker(a, false, true);
        tracker::write_link_view(w, t.link_status(arg, now).take());
    } else {
        throw usage_error{"unknown subcommand '" + std::string(sub) + "'"};
    }
    return storage::print(w);
}

const register_command reg{"links", {"tracked join links: create, click, heartbeat, end, status", usage_text, run_links}};

}  // namespace
}  // namespace rollcall::cli
