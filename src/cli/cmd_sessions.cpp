// `rollcall sessions`: the host's appointments: create, update, list, get (evaluated), act, link, usage.
#include "cli/storage_cli.hpp"
#include "rollcall/result_json.hpp"
#include "tracker/tracker_json.hpp"

namespace rollcall::cli {
namespace {

const char* const usage_text =
    "usage: rollcall sessions create --db FILE [--now T] SESSIONS.json|-\n"
    "       rollcall sessions update --db FILE [--now T] SESSIONS.json|-\n"
    "       rollcall sessions list   --db FILE [--teacher ID] [--type T] [--status S] [--from T] [--to T] [--open]\n"
    "       rollcall sessions get    --db FILE [--config CONFIG] [--now T] ID\n"
    "       rollcall sessions act    --db FILE [--config CONFIG] [--now T] ID cancel|mark_absent|complete\n"
    "       rollcall sessions link   --db FILE ID ROOM...\n"
    "       rollcall sessions usage  --db FILE PACKAGE\n"
    "SESSIONS.json: one session object or an array: {\"id\", \"type\", \"teacher\", \"students\": [...],\n"
    "\"scheduled_start\", \"scheduled_end\" (RFC 3339), \"package\", \"rate\": \"per_hour|per_session\",\n"
    "\"rate_minor\", \"currency\", \"rooms\": [...]}; an array is created all or nothing.\n"
    "Rooms named {type}_{id}_{unixSeconds} belong to their session without a link.\n"
    "get prints {\"session\": the stored record, \"evaluation\": attendance, status and billing at T}.\n"
    "T is RFC 3339 or Unix seconds (default: now).";

instant time_option(const arg_reader& a, std::string_view name) {
    auto v = a.get(name);
    if (auto t = parse_rfc3339(*v)) return *t;
    if (auto t = parse_unix_seconds(*v)) return *t;
    throw usage_error{"--" + std::string(name) + " takes an RFC 3339 date-time or Unix seconds"};
}

int print_records(const std::vector<store::session_record>& recs) {
    json_writer w;
    w.begin_array();
    for (const auto& r : recs) tracker::write_session_record(w, r);
    w.end_array();
    return storage::print(w);
}

int create_or_update(std::span<const std::string_view> args, bool create) {
    arg_reader a(args, {"db", "config", "now"}, {});
    if (a.positionals().size() != 1) throw usage_error{"expected one SESSIONS.json file (or - for stdin)"};
    const instant now = storage::now_option(a);
    const auto specs = tracker::parse_session_specs(storage::read_input(a.positionals()[0])).take();
    auto t = storage::open_tracker(a, false);
    std::vector<store::session_record> out;
    t.storage()
        .transaction([&]() -> result<void> {
            for (const auto& s : specs) {
                auto r = create ? t.create_session(s, now) : t.update_session(s, now);
                if (!r) return failure{r.err()};
                out.push_back(std::move(*r));
            }
            return {};
        })
        .take();
    return print_records(out);
}

int list(std::span<const std::string_view> args) {
    arg_reader a(args, {"db", "teacher", "type", "status", "from", "to"}, {"open"});
    if (!a.positionals().empty()) throw usage_error{"unexpected argument '" + a.positionals()[0] + "'"};
    store::session_filter f;
    f.teacher = a.get("teacher");
    f.type = a.get("type");
    if (auto s = a.get("status")) {
        f.status = parse_session_status(*s);
        if (!f.status) throw usage_error{"--status takes a session status (scheduled, ready, ongoing, ...)"};
    }
    if (a.has("from")) f.from = time_option(a, "from");
    if (a.has("to")) f.to = time_option(a, "to");
    f.only_open = a.has("open");
    auto t = storage::open_tracker(a, false, true);
    return print_records(t.list_sessions(f).take());
}

int get(std::span<const std::string_view> args) {
    arg_reader a(args, {"db", "config", "now"}, {});
    if (a.positionals().size() != 1) throw usage_error{"expected one session ID"};
    const instant now = storage::now_option(a);
    auto t = storage::open_tracker(a, false, true);
    const auto& id = a.positionals()[0];
    const auto rec = t.get_session(id).take();
    const auto eval = t.evaluate(id, now).take();
    json_writer w;
    w.begin_object().key("session");
    tracker::write_session_record(w, rec);
    w.key("evaluation");
    write_session_result_json(w, eval);
    w.end_object();
    return storage::print(w);
}

int act(std::span<const std::string_view> args) {
    arg_reader a(args, {"db", "config", "now"}, {});
    if (a.positionals().size() != 2) throw usage_error{"expected a session ID and an action"};
    const auto action = parse_session_action(a.positionals()[1]);
    if (!action) throw usage_error{"the action is cancel, mark_absent or complete, not '" + a.positionals()[1] + "'"};
    const instant now = storage::now_option(a);
    auto t = storage::open_tracker(a, false);
    return print_records({t.act(a.positionals()[0], *action, now).take()});
}

int link(std::span<const std::string_view> args) {
    arg_reader a(args, {"db"}, {});
    if (a.positionals().size() < 2) throw usage_error{"expected a session ID and at least one ROOM"};
    auto t = storage::open_tracker(a, false);
    const auto& id = a.positionals()[0];
    t.storage()
        .transaction([&]() -> result<void> {
            for (std::size_t i = 1; i < a.positionals().size(); ++i)
                if (auto r = t.link_room(a.positionals()[i], id); !r) return r;
            return {};
        })
        .take();
    return print_records({t.get_session(id).take()});
}

int usage(std::span<const std::string_view> args) {
    arg_reader a(args, {"db"}, {});
    if (a.positionals().size() != 1) throw usage_error{"expected one PACKAGE"};
    auto t = storage::open_tracker(a, false, true);
    const auto u = t.usage(a.positionals()[0]).take();
    json_writer w;
    w.begin_object().field("package", u.package).field("count", u.session_ids.size()).key("sessions").begin_array();
    for (const auto& id : u.session_ids) w.value(id);
    w.end_array().end_object();
    return storage::print(w);
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
