// `rollcall sessions`: the host's appointments: create, update, list, get (evaluated), act, link, usage.
// Each subcommand is one application-layer method (sessions.*, packages.usage).
#include "cli/storage_cli.hpp"

namespace rollcall::cli {
namespace {

const char* const usage_text =
    "usage: rollcall sessions create --db FILE [--now T] SESSIONS.json|-\n"
    "       rollcall sessions update --db FILE [--now T] SESSIONS.json|-\n"
    "       rollcall sessions list   --db FILE [--teacher ID] [--type T] [--status S] [--from T] [--to T] [--open]\n"
    "       rollcall sessions list   --db FILE --report-due [--delay 10m] [--now T]\n"
    "       rollcall sessions get    --db FILE [--config CONFIG] [--now T] ID\n"
    "       rollcall sessions act    --db FILE [--config CONFIG] [--now T] ID cancel|mark_absent|complete\n"
    "                                [--chargeable]\n"
    "       rollcall sessions link   --db FILE [--config CONFIG] ID ROOM...\n"
    "       rollcall sessions usage  --db FILE PACKAGE\n"
    "SESSIONS.json: one session object or an array: {\"id\", \"type\", \"teacher\", \"students\": [...],\n"
    "\"scheduled_start\", \"scheduled_end\" (RFC 3339), \"package\", \"rate\": \"per_hour|per_session\",\n"
    "\"rate_minor\", \"currency\", \"rooms\": [...]}; an array is created all or nothing.\n"
    "Rooms named {type}_{id}_{unixSeconds} belong to their session without a link.\n"
    "A ROOM may name a Zoom meeting by what hosts store: zoom:81187927959 or a join URL\n"
    "(https://us02web.zoom.us/j/81187927959?pwd=...): every instance of it inside the session's\n"
    "window belongs to the session (docs/tracker.md).\n"
    "--report-due lists the Zoom meetings that ended at least the delay ago (default 10m) and have\n"
    "no participant report stored: what a cron fetches and gives to `ingest --platform zoom-report`.\n"
    "cancel --chargeable: a late cancellation the host charges for (SPEC §5): reason cancelled_chargeable,\n"
    "counted against the package and billed (per_session: the rate; per_hour: the scheduled length).\n"
    "get prints {\"session\": the stored record, \"evaluation\": attendance, status and billing at T}.\n"
    "T is RFC 3339 or Unix seconds (default: now). Shapes: docs/json.md.";

void expect_positionals(const arg_reader& a, std::size_t n, const char* what) {
    if (a.positionals().size() != n) throw usage_error{what};
}

int create_or_update(std::span<const std::string_view> args, bool create) {
    arg_reader a(args, {"db", "config", "now"}, {});
    expect_positionals(a, 1, "expected one SESSIONS.json file (or - for stdin)");
    const std::string specs = storage::read_input(a.positionals()[0]);
    json_writer p;
    p.begin_object().key("sessions").raw(specs.find_first_not_of(" \t\r\n") == std::string::npos ? "null" : specs);
    storage::now_param(p, a);
    p.end_object();
    return storage::call_method(a, create ? "sessions.create" : "sessions.update", p.str());
}

// "10m", "90s", "1h", "600": a delay in whole seconds.
std::int64_t delay_seconds(const std::string& text) {
    std::string_view digits = text;
    std::int64_t unit = 1;
    if (!digits.empty() && (digits.back() == 's' || digits.back() == 'm' || digits.back() == 'h')) {
        unit = digits.back() == 'h' ? 3600 : digits.back() == 'm' ? 60 : 1;
        digits.remove_suffix(1);
    }
    const auto n = parse_int64(digits);
    if (!n || *n < 0 || *n > 86400 / unit) throw usage_error{"--delay takes a duration up to a day: 600, 600s, 10m, 1h"};
    return *n * unit;
}

int list(std::span<const std::string_view> args) {
    arg_reader a(args, {"db", "teacher", "type", "status", "from", "to", "delay", "now"}, {"open", "report-due"});
    expect_positionals(a, 0, "sessions list takes no positional argument");
    json_writer p;
    p.begin_object();
    if (a.has("report-due")) {
        for (const char* other : {"teacher", "type", "status", "from", "to", "open"})
            if (a.has(other)) throw usage_error{std::string("--report-due lists meetings: --") + other + " does not apply"};
        p.field("report_due", true);
        if (auto d = a.get("delay")) p.field("delay_s", delay_seconds(*d));
        storage::now_param(p, a);
        p.end_object();
        return storage::call_method(a, "sessions.list", p.str());
    }
    if (a.has("delay")) throw usage_error{"--delay goes with --report-due"};
    if (a.has("now")) throw usage_error{"--now goes with --report-due"};
    storage::text_param(p, a, "teacher", "teacher");
    storage::text_param(p, a, "type", "type");
    storage::text_param(p, a, "status", "status");
    storage::time_param(p, a, "from", "from");
    storage::time_param(p, a, "to", "to");
    if (a.has("open")) p.field("open", true);
    p.end_object();
    return storage::call_method(a, "sessions.list", p.str());
}

int get(std::span<const std::string_view> args) {
    arg_reader a(args, {"db", "config", "now"}, {});
    expect_positionals(a, 1, "expected one session ID");
    json_writer p;
    p.begin_object().field("id", a.positionals()[0]);
    storage::now_param(p, a);
    p.end_object();
    return storage::call_method(a, "sessions.get", p.str());
}

int act(std::span<const std::string_view> args) {
    arg_reader a(args, {"db", "config", "now"}, {"chargeable"});
    expect_positionals(a, 2, "expected a session ID and an action");
    if (!parse_session_action(a.positionals()[1]))
        throw usage_error{"the action is cancel, mark_absent or complete, not '" + a.positionals()[1] + "'"};
    json_writer p;
    p.begin_object().field("id", a.positionals()[0]).field("action", a.positionals()[1]);
    if (a.has("chargeable")) p.field("chargeable", true);
    storage::now_param(p, a);
    p.end_object();
    return storage::call_method(a, "sessions.act", p.str());
}

int link(std::span<const std::string_view> args) {
    arg_reader a(args, {"db", "config"}, {});  // the config's zoom.hosts: more join-link hosts
    if (a.positionals().size() < 2) throw usage_error{"expected a session ID and at least one ROOM"};
    json_writer p;
    p.begin_object().field("id", a.positionals()[0]).key("rooms").begin_array();
    for (std::size_t i = 1; i < a.positionals().size(); ++i) p.value(a.positionals()[i]);
    p.end_array().end_object();
    return storage::call_method(a, "sessions.link", p.str());
}

int usage(std::span<const std::string_view> args) {
    arg_reader a(args, {"db"}, {});
    expect_positionals(a, 1, "expected one PACKAGE");
    json_writer p;
    p.begin_object().field("package", a.positionals()[0]).end_object();
    return storage::call_method(a, "packages.usage", p.str());
}

int run_sessions(std::span<const std::string_view> args) {
    if (args.empty()) throw usage_error{"expected a subcommand: create, update, list, get, act, link, usage"};
    const auto sub = args[0];
    const auto rest = args.subspan(1);
    if (sub == "create") return create_or_update(rest, true);
    if (sub == "update") return create_or_update(rest, false);
    if (sub == "list") return list(rest);
    if (sub == "get") return get(rest);
    if (sub == "act") return act(rest);
    if (sub == "link") return link(rest);
    if (sub == "usage") return usage(rest);
    throw usage_error{"unknown subcommand '" + std::string(sub) + "'"};
}

const register_command reg{
    "sessions", {"create, update, list, evaluate and act on sessions; link rooms; package usage", usage_text, run_sessions}};

}  // namespace
}  // namespace rollcall::cli
