// `rollcall report session|teacher|trends|links`: evaluates stored sessions with the policy of their type
// and prints the attendance export, the teacher aggregates, the daily trend or the link report
// (docs/reports.md).
#include "cli/storage_cli.hpp"
#include "report/render.hpp"
#include "rollcall/calendar.hpp"

namespace rollcall::cli {
namespace {

constexpr const char* usage_text =
    "usage: rollcall report session|teacher|trends|links --db FILE [--config CONFIG] [--session ID]\n"
    "                       [--teacher ID] [--student ID] [--status S] [--tz ZONE]\n"
    "                       [--from YYYY-MM-DD --to YYYY-MM-DD] [--by day|week|month]\n"
    "                       [--format table|json|csv] [--now T]\n"
    "  session  one row per participant of each selected session (--session ID, or every session\n"
    "           scheduled in the range / of the teacher)\n"
    "  teacher  per teacher and overall: sessions by status, attended and billable minutes, amount,\n"
    "           unique students, attendance rate, per --by period (default month)\n"
    "  trends   the daily participation series and the attendance-duration histogram\n"
    "  links    one row per tracked link (by --teacher, --student, --status, sent in the range):\n"
    "           sent, clicked, ended, attended time, status and, for a link sent without a\n"
    "           session (a lesson of its own, SPEC §6), the lesson's status, billable time and amount\n"
    "  Link lessons (link:<token>) also count in the session, teacher and trends reports.\n"
    "  Sessions are evaluated at --now (RFC 3339 or Unix time; default: the system clock) with the\n"
    "  policy of their type from --config. Dates are local dates in --tz (default: the configuration's\n"
    "  timezone, else UTC), both inclusive. The database must exist; it is only read.";

int run(std::span<const std::string_view> args) {
    if (args.empty()) throw usage_error{"missing the report kind (session, teacher, trends or links)"};
    const std::string_view kind = args[0];
    if (kind != "session" && kind != "teacher" && kind != "trends" && kind != "links")
        throw usage_error{"unknown report '" + std::string(kind) + "' (session, teacher, trends or links)"};
    const arg_reader a(args.subspan(1), {"db", "config", "session", "teacher", "student", "status", "tz", "from", "to",
                                         "by", "format", "now"}, {});
    if (!a.positionals().empty()) throw usage_error{"unexpected argument '" + a.positionals().front() + "'"};
    (void)a.require("db");
    const std::string format = a.get("format").value_or("table");
    if (!report::parse_output_format(format)) throw usage_error{"--format must be table, json or csv"};
    if (auto b = a.get("by")) {
        if (!parse_period(*b)) throw usage_error{"--by must be day, week or month"};
        if (kind != "teacher") throw usage_error{"--by applies to the teacher report only"};
    }
    if (a.has("from") != a.has("to")) throw usage_error{"--from and --to go together"};
    if (a.has("session") && kind != "session") throw usage_error{"--session applies to the session report only"};
    for (const char* o : {"student", "status"})
        if (a.has(o) && kind != "links") throw usage_error{"--" + std::string(o) + " applies to the links report only"};

    // Arguments are checked before the database is opened, as the method would check them.
    if (auto tz = a.get("tz")) (void)zone::find(*tz).take();
    for (const char* d : {"from", "to"})
        if (auto v = a.get(d)) (void)parse_local_date(*v).take();

    json_writer p;
    p.begin_object().field("format", format);
    storage::text_param(p, a, "session", "session");
    storage::text_param(p, a, "teacher", "teacher");
    storage::text_param(p, a, "student", "student");
    storage::text_param(p, a, "status", "status");
    storage::text_param(p, a, "tz", "timezone");
    storage::text_param(p, a, "from", "from");
    storage::text_param(p, a, "to", "to");
    storage::text_param(p, a, "by", "period");
    if (auto n = a.get("now")) p.field("now", format_rfc3339(parse_instant(*n).take()));
    p.end_object();
    // A report only reads: the database is opened read-only, so a wrong path never leaves a file behind.
    return storage::call_method(a, "reports." + std::string(kind), p.str());
}

const register_command reg{"report", {"attendance, teacher and trend reports from a database", usage_text, run}};

}  // namespace
}  // namespace rollcall::cli
