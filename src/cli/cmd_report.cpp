// `rollcall report session|teacher|trends`: evaluates stored sessions with the policy of their type and
// prints the attendance export, the teacher aggregates or the daily trend (docs/reports.md).
#include <filesystem>
#include <iostream>

#include "cli/command.hpp"
#include "report/render.hpp"
#include "report/report_loader.hpp"
#include "tracker/config.hpp"
#include "tracker/tracker.hpp"

namespace rollcall::cli {
namespace {

constexpr const char* usage_text =
    "usage: rollcall report session|teacher|trends --db FILE [--config CONFIG] [--session ID] [--teacher ID]\n"
    "                       [--tz ZONE] [--from YYYY-MM-DD --to YYYY-MM-DD] [--by day|week|month]\n"
    "                       [--format table|json|csv] [--now T]\n"
    "  session  one row per participant of each selected session (--session ID, or every session\n"
    "           scheduled in the range / of the teacher)\n"
    "  teacher  per teacher and overall: sessions by status, attended and billable minutes, amount,\n"
    "           unique students, attendance rate, per --by period (default month)\n"
    "  trends   the daily participation series and the attendance-duration histogram\n"
    "  Sessions are evaluated at --now (RFC 3339 or Unix time; default: the system clock) with the\n"
    "  policy of their type from --config. Dates are local dates in --tz (default: the configuration's\n"
    "  timezone, else UTC), both inclusive. The database must exist; it is only read.";

template <class T>
T take(result<T> r) {
    return std::move(r).take();
}

int run(std::span<const std::string_view> args) {
    if (args.empty()) throw usage_error{"missing the report kind (session, teacher or trends)"};
    const std::string_view kind = args[0];
    if (kind != "session" && kind != "teacher" && kind != "trends")
        throw usage_error{"unknown report '" + std::string(kind) + "' (session, teacher or trends)"};
    const arg_reader a(args.subspan(1),
                       {"db", "config", "session", "teacher", "tz", "from", "to", "by", "format", "now"}, {});
    if (!a.positionals().empty()) throw usage_error{"unexpected argument '" + a.positionals().front() + "'"};

    const std::string db = a.require("db");
    const auto fmt = report::parse_output_format(a.get("format").value_or("table"));
    if (!fmt) throw usage_error{"--format must be table, json or csv"};
    std::optional<period> by;
    if (auto b = a.get("by")) {
        by = parse_period(*b);
        if (!by) throw usage_error{"--by must be day, week or month"};
        if (kind != "teacher") throw usage_error{"--by applies to the teacher report only"};
    }
    if (a.has("from") != a.has("to")) throw usage_error{"--from and --to go together"};
    if (a.has("session") && kind != "session") throw usage_error{"--session applies to the session report only"};

    tracker::tracker_config config;
    if (auto path = a.get("config")) config = take(tracker::load_config(*path));
    const zone tz = take(zone::find(a.get("tz").value_or(config.timezone)));
    const instant now = a.has("now") ? take(parse_instant(*a.get("now"))) : std::chrono::time_point_cast<milliseconds>(
                                                                                std::chrono::system_clock::now());

    report::selection sel;
    sel.session = a.get("session");
    sel.teacher = a.get("teacher");
    if (auto from = a.get("from")) {
        sel.from = take(parse_local_date(*from));
        sel.to = take(parse_local_date(*a.get("to")));
    }

    // A report never creates a database: a wrong path must not leave an empty file behind.
    if (!std::filesystem::exists(db)) throw exception(errc::io_error, "no database at '" + db + "'");
    store::sqlite_options options = config.storage;
    options.create = false;
    auto t = take(tracker::tracker::open_sqlite(db, std::move(config), options));
    const auto loaded = take(report::load_sessions(t, sel, tz, now, kind == "session"));

    if (kind == "session") {
        std::cout << report::render_attendance(loaded.results, loaded.events, tz, *fmt);
        return exit_ok;
    }
    report::aggregate_options opt;
    opt.tz = tz;
    opt.from = sel.from;
    opt.to = sel.to;
    opt.teacher = sel.teacher;
    opt.by = kind == "trends" ? period::day : by.value_or(period::month);
    const auto rep = take(report::build_aggregate(loaded.results, opt));
    std::cout << (kind == "trends" ? report::render_trends(rep, *fmt) : report::render_teacher(rep, *fmt));
    return exit_ok;
}

const register_command reg{"report", {"attendance, teacher and trend reports from a database", usage_text, run}};

}  // namespace
}  // namespace rollcall::cli
