// reports.session, reports.teacher, reports.trends (docs/reports.md): the selected sessions evaluated
// at `now` with the policy of their type, rendered as JSON, CSV or a table; reports.links: the tracked
// links with the lessons they form.
#include "app/methods.hpp"
#include "report/aggregate.hpp"
#include "report/link_report.hpp"
#include "report/render.hpp"
#include "report/report_loader.hpp"
#include "rollcall/calendar.hpp"

namespace rollcall::app::methods {
namespace {

enum class kind { session, teacher, trends };

result<std::optional<local_date>> date(params& p, std::string_view key) {
    RC_TRY(text, p.text(key));
    if (!*text) return std::optional<local_date>{};
    auto d = parse_local_date(**text);
    if (!d) return p.bad(key, d.err().message);
    return std::optional<local_date>{*d};
}

result<std::string> report(tracker::tracker& t, params& p, kind k) {
    report::selection sel;
    if (k == kind::session) {
        RC_TRY(session, p.text("session"));
        sel.session = *session;
    }
    RC_TRY(teacher, p.text("teacher"));
    RC_TRY(from, date(p, "from"));
    RC_TRY(to, date(p, "to"));
    RC_TRY(zone_name, p.text("timezone"));
    std::optional<period> by;
    if (k == kind::teacher) {
        RC_TRY(b, p.name("period", parse_period, "day, week, month"));
        by = *b;
    }
    RC_TRY(format, p.name("format", report::parse_output_format, "json, csv, table"));
    RC_TRY(now, p.now());
    if (auto f = p.finish(); !f) return failure{f.err()};
    sel.teacher = *teacher;
    if (!sel.session) {  // one session by id: the date range does not apply
        sel.from = *from;
        sel.to = *to;
    }
    RC_TRY(tz, zone::find(zone_name->value_or(t.config().timezone)));
    RC_TRY(loaded, report::load_sessions(t, sel, *tz, *now, k == kind::session));
    const auto fmt = format->value_or(report::output_format::json);
    if (k == kind::session) return report::render_attendance(loaded->results, loaded->events, *tz, fmt);
    report::aggregate_options opt;
    opt.tz = *tz;
    opt.from = sel.from;
    opt.to = sel.to;
    opt.teacher = sel.teacher;
    opt.by = k == kind::trends ? period::day : by.value_or(period::month);
    RC_TRY(agg, report::build_aggregate(loaded->results, opt));
    return k == kind::trends ? report::render_trends(*agg, fmt) : report::render_teacher(*agg, fmt);
}

}  // namespace

result<std::string> reports_links(tracker::tracker& t, params& p) {
    store::link_filter f;
    RC_TRY(teacher, p.text("teacher"));
    RC_TRY(student, p.text("student"));
    RC_TRY(status, p.name("status", store::parse_link_status, "sent, active, ended, timeout, expired"));
    RC_TRY(from, date(p, "from"));
    RC_TRY(to, date(p, "to"));
    RC_TRY(zone_name, p.text("timezone"));
    RC_TRY(format, p.name("format", report::parse_output_format, "json, csv, table"));
    RC_TRY(now, p.now());
    if (auto fin = p.finish(); !fin) return failure{fin.err()};
    RC_TRY(tz, zone::find(zone_name->value_or(t.config().timezone)));
    if (from->has_value() != to->has_value())
        return fail(errc::invalid_argument, p.where() + ": give both from and to (local dates of sending), or neither");
    if (*from) {
        RC_TRY(range, local_range(*tz, **from, **to));
        f.from = range->start;
        f.to = range->end;
    }
    f.teacher = *teacher;
    f.student = *student;
    f.status = *status;
    RC_TRY(views, t.list_links(f, *now));
    std::vector<report::link_row> rows;
    rows.reserve(views->size());
    for (auto& v : *views) {
        report::link_row row{std::move(v), std::nullopt};
        if (!row.view.link.session_id) {
            RC_TRY(lesson, t.link_lesson(row.view.link, *now));
            row.lesson = std::move(*lesson);
        }
        rows.push_back(std::move(row));
    }
    return report::render_links(rows, *tz, format->value_or(report::output_format::json));
}

result<std::string> reports_session(tracker::tracker& t, params& p) { return report(t, p, kind::session); }
result<std::string> reports_teacher(tracker::tracker& t, params& p) { return report(t, p, kind::teacher); }
result<std::string> reports_trends(tracker::tracker& t, params& p) { return report(t, p, kind::trends); }

}  // namespace rollcall::app::methods
