#include "report/link_report.hpp"

#include "rollcall/json_writer.hpp"

namespace rollcall::report {
namespace {

// What a row says beyond the link itself: the student's attended time (click to end, silences of the
// tracking page removed: SPEC §3.3) and, for a lesson, its billing.
struct figures {
    std::int64_t attended_s = 0;
    std::optional<std::int64_t> billable_s;
    std::optional<std::int64_t> amount_minor;
    std::optional<session_status> lesson_status;
};

figures figures_of(const link_row& r) {
    figures f;
    if (!r.lesson) {
        f.attended_s = whole_seconds(r.view.duration);
        return f;
    }
    if (const auto* p = r.lesson->find(r.view.link.student)) f.attended_s = whole_seconds(p->attended);
    f.billable_s = r.lesson->billing.billable_s;
    f.amount_minor = r.lesson->billing.amount_minor;
    f.lesson_status = r.lesson->status;
    return f;
}

cell when(const std::optional<instant>& t, const zone& tz) { return t ? cell::text(tz.format(*t)) : cell::none(); }
cell opt_number(const std::optional<std::int64_t>& v) { return v ? cell::number(*v) : cell::none(); }

table links_table(std::span<const link_row> rows, const zone& tz) {
    table t;
    t.header = {"link",       "teacher",  "student",       "session_id", "sent",   "clicked",
                "ended",      "attended_s", "status",      "lesson_status", "package", "rate",
                "rate_minor", "billable_s", "amount_minor", "currency"};
    for (const auto& r : rows) {
        const auto& l = r.view.link;
        const figures f = figures_of(r);
        t.rows.push_back({cell::text(r.view.room), cell::text(l.teacher), cell::text(l.student), cell::maybe_text(l.session_id),
                          when(l.sent_at, tz), when(l.clicked_at, tz), when(l.ended_at, tz), cell::number(f.attended_s),
                          cell::text(std::string(to_string(l.status))),
                          f.lesson_status ? cell::text(std::string(to_string(*f.lesson_status))) : cell::none(),
                          cell::text(l.package), cell::text(std::string(to_string(l.rate))), cell::number(l.rate_minor),
                          opt_number(f.billable_s), opt_number(f.amount_minor), cell::text(l.currency)});
    }
    return t;
}

void write_links_json(json_writer& w, std::span<const link_row> rows, const zone& tz) {
    auto opt_time = [&](std::string_view key, const std::optional<instant>& t) {
        w.key(key);
        if (t) w.value(tz.format(*t));
        else w.null();
    };
    auto opt_int = [&](std::string_view key, const std::optional<std::int64_t>& v) {
        w.key(key);
        if (v) w.value(*v);
        else w.null();
    };
    w.begin_object().field("report", "links").field("zone", tz.name()).key("links").begin_array();
    for (const auto& r : rows) {
        const auto& l = r.view.link;
        const figures f = figures_of(r);
        w.begin_object().field("link", r.view.room).field("teacher", l.teacher).field("student", l.student);
        w.key("session_id");
        if (l.session_id) w.value(*l.session_id);
        else w.null();
        w.field("sent", tz.format(l.sent_at));
        opt_time("clicked", l.clicked_at);
        opt_time("ended", l.ended_at);
        w.field("attended_s", f.attended_s).field("status", to_string(l.status));
        w.key("lesson_status");
        if (f.lesson_status) w.value(to_string(*f.lesson_status));
        else w.null();
        w.field("package", l.package).field("rate", to_string(l.rate)).field("rate_minor", l.rate_minor);
        opt_int("billable_s", f.billable_s);
        opt_int("amount_minor", f.amount_minor);
        w.field("currency", l.currency);
        w.end_object();
    }
    w.end_array().end_object();
}

}  // namespace

std::string render_links(std::span<const link_row> rows, const zone& tz, output_format fmt) {
    switch (fmt) {
        case output_format::json: {
            json_writer w;
            write_links_json(w, rows, tz);
            return std::move(w).str();
        }
        case output_format::csv: return write_csv(links_table(rows, tz));
        case output_format::table: break;
    }
    return write_text(links_table(rows, tz));
}

}  // namespace rollcall::report
