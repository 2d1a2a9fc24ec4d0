#include "report/aggregate.hpp"

#include <algorithm>
#include <cmath>

#include "rollcall/lifecycle.hpp"

namespace rollcall::report {

std::optional<double> period_stats::attendance_rate() const {
    if (seats == 0) return std::nullopt;
    return static_cast<double>(attended_seats) / static_cast<double>(seats);
}

std::optional<double> period_stats::avg_attended_min() const {
    if (seats == 0) return std::nullopt;
    return attended_min() / static_cast<double>(seats);
}

std::string histogram_label(std::size_t i) {
    if (i + 1 >= histogram_edges_min.size()) return std::to_string(histogram_edges_min.back()) + "+";
    return std::to_string(histogram_edges_min[i]) + "-" + std::to_string(histogram_edges_min[i + 1]);
}

namespace {

std::optional<instant> placed_at(const session_result& s) {
    if (s.session.scheduled_start) return s.session.scheduled_start;
    return s.started_at;
}

std::size_t histogram_bucket(std::int64_t attended_ms) {
    std::size_t i = 0;
    while (i + 1 < histogram_edges_min.size() && attended_ms >= histogram_edges_min[i + 1] * 60000) ++i;
    return i;
}

void add(period_stats& st, const session_result& s) {
    ++st.sessions;
    ++st.by_status[static_cast<std::size_t>(s.status)];
    if (!s.billing.counts_toward_subscription) return;
    st.billable_s += s.billing.billable_s;
    st.amount_minor[s.session.currency] += s.billing.amount_minor;
    // A chargeable cancellation bills, but nobody attended a lesson that did not take place.
    if (s.status == session_status::cancelled) return;
    if (s.session.teacher)
        if (const auto* t = s.find(*s.session.teacher)) st.teacher_ms += t->attended.count();
    for (const auto& id : s.session.students) {
        ++st.seats;
        const auto* p = s.find(id);
        const std::int64_t ms = p ? p->attended.count() : 0;
        st.attended_ms += ms;
        ++st.histogram[histogram_bucket(ms)];
        if (p && p->status != attendance_status::absent) {
            ++st.attended_seats;
            st.students.insert(id);
        }
    }
}

period_stats empty_stats(const bucket& b) {
    period_stats st;
    st.label = b.label;
    st.first = b.first;
    st.last = b.last;
    return st;
}

teacher_series make_series(std::string teacher, const std::vector<bucket>& buckets, local_date from, local_date to) {
    teacher_series ts;
    ts.teacher = std::move(teacher);
    for (const auto& b : buckets) ts.periods.push_back(empty_stats(b));
    ts.total.label = "total";
    ts.total.first = from;
    ts.total.last = to;
    return ts;
}

void add_to_series(teacher_series& ts, std::size_t bucket_index, const session_result& s) {
    add(ts.periods[bucket_index], s);
    add(ts.total, s);
}

}  // namespace

result<aggregate_report> build_aggregate(std::span<const session_result> sessions, const aggregate_options& opt) {
    aggregate_report rep;
    rep.tz = opt.tz;
    rep.by = opt.by;
    rep.teacher = opt.teacher;
    struct placed {
        const session_result* s;
        local_date day;
    };
    std::vector<placed> selected;
    for (const auto& s : sessions) {
        if (opt.teacher && (!s.session.teacher || *s.session.teacher != *opt.teacher)) continue;
        const auto t = placed_at(s);
        if (!t) continue;
        selected.push_back({&s, opt.tz.date_of(*t)});
    }
    auto days_of = [](local_date d) { return std::chrono::sys_days{d}; };
    std::optional<local_date> from = opt.from, to = opt.to;
    if (from && to && days_of(*from) > days_of(*to))
        return fail(errc::invalid_argument, "date range: --from " + format_local_date(*from) + " is after --to " +
                                                format_local_date(*to));
    for (const auto& p : selected) {
        if (!opt.from && (!from || days_of(p.day) < days_of(*from))) from = p.day;
        if (!opt.to && (!to || days_of(p.day) > days_of(*to))) to = p.day;
    }
    rep.from = from;
    rep.to = to;
    rep.overall.teacher = "*";
    rep.overall.total.label = "total";
    if (!from || !to || days_of(*from) > days_of(*to)) return rep;  // nothing to place

    const auto buckets = buckets_between(opt.tz, *from, *to, opt.by);
    rep.overall = make_series("*", buckets, *from, *to);
    std::map<std::string, teacher_series> by_teacher;
    for (const auto& p : selected) {
        if (days_of(p.day) < days_of(*from) || days_of(p.day) > days_of(*to)) continue;
        // Buckets are contiguous and ordered: find the one holding the day.
        const auto it = std::find_if(buckets.begin(), buckets.end(), [&](const bucket& b) {
            return days_of(p.day) >= days_of(b.first) && days_of(p.day) <= days_of(b.last);
        });
        if (it == buckets.end()) continue;
        const auto idx = static_cast<std::size_t>(it - buckets.begin());
        const std::string teacher = p.s->session.teacher.value_or("");
        auto [slot, inserted] = by_teacher.try_emplace(teacher);
        if (inserted) slot->second = make_series(teacher, buckets, *from, *to);
        add_to_series(slot->second, idx, *p.s);
        add_to_series(rep.overall, idx, *p.s);
    }
    for (auto& [_, ts] : by_teacher) rep.teachers.push_back(std::move(ts));
    return rep;
}

namespace {

cell optional_decimal(const std::optional<double>& v, int decimals) {
    return v ? cell::decimal(*v, decimals) : cell::none();
}

std::int64_t open_sessions(const period_stats& s) {
    return s.sessions - s.count(session_status::completed) - s.count(session_status::absent) -
           s.count(session_status::cancelled);
}

/// One currency: the plain number. Several: "4500 EUR; 300 USD" as text (never summed across currencies).
std::pair<cell, cell> amount_cells(const period_stats& s) {
    std::int64_t total = 0;
    std::size_t nonzero = 0;
    std::string currency, mixed;
    for (const auto& [cur, v] : s.amount_minor) {
        if (v == 0 && s.amount_minor.size() > 1) continue;
        ++nonzero;
        total += v;
        currency = cur;
        if (!mixed.empty()) mixed += "; ";
        mixed += std::to_string(v) + (cur.empty() ? "" : " " + cur);
    }
    if (nonzero <= 1) return {cell::number(total), cell::text(currency)};
    return {cell::text(mixed), cell::text("mixed")};
}

std::vector<cell> stats_cells(const period_stats& s) {
    const auto rate = s.attendance_rate();
    auto [amount, currency] = amount_cells(s);
    return {cell::number(s.sessions),
            cell::number(s.count(session_status::completed)),
            cell::number(s.count(session_status::absent)),
            cell::number(s.count(session_status::cancelled)),
            cell::number(open_sessions(s)),
            cell::number(s.seats),
            cell::number(s.attended_seats),
            rate ? cell::decimal(*rate * 100.0, 1) : cell::none(),
            cell::decimal(s.attended_min(), 1),
            optional_decimal(s.avg_attended_min(), 1),
            cell::decimal(static_cast<double>(s.teacher_ms) / 60000.0, 1),
            cell::decimal(static_cast<double>(s.billable_s) / 60.0, 1),
            std::move(amount),
            std::move(currency),
            cell::number(static_cast<std::int64_t>(s.students.size()))};
}

const std::vector<std::string>& stats_header() {
    static const std::vector<std::string> h = {
        "sessions", "completed", "absent", "cancelled", "open", "seats", "attended", "attendance_pct",
        "attended_min", "avg_attended_min", "teacher_min", "billable_min", "amount_minor", "currency",
        "unique_students"};
    return h;
}

void write_stats_json(json_writer& w, const period_stats& s, const zone& tz, bool with_bounds) {
    w.begin_object();
    w.field("period", s.label);
    w.field("first", format_local_date(s.first));
    w.field("last", format_local_date(s.last));
    if (with_bounds) {
        w.field("start", tz.format(tz.start_of(s.first)));
        w.field("end", tz.format(tz.start_of(local_date{std::chrono::sys_days{s.last} + std::chrono::days{1}})));
    }
    w.field("sessions", s.sessions);
    w.key("by_status").begin_object();
    for (std::size_t i = 0; i < s.by_status.size(); ++i)
        w.field(to_string(static_cast<session_status>(i)), s.by_status[i]);
    w.end_object();
    w.field("seats", s.seats);
    w.field("attended_seats", s.attended_seats);
    w.key("attendance_rate");
    if (auto r = s.attendance_rate()) w.value(std::round(*r * 10000.0) / 10000.0);
    else w.null();
    w.field("attended_s", s.attended_ms / 1000);
    w.field("attended_min", std::round(s.attended_min() * 10.0) / 10.0);
    w.key("avg_attended_min");
    if (auto a = s.avg_attended_min()) w.value(std::round(*a * 10.0) / 10.0);
    else w.null();
    w.field("teacher_s", s.teacher_ms / 1000);
    w.field("billable_s", s.billable_s);
    w.field("billable_min", std::round(static_cast<double>(s.billable_s) / 6.0) / 10.0);
    w.key("amount_minor").begin_object();
    for (const auto& [cur, v] : s.amount_minor) w.field(cur, v);
    w.end_object();
    w.field("unique_students", s.students.size());
    w.key("duration_histogram").begin_array();
    for (auto c : s.histogram) w.value(c);
    w.end_array();
    w.end_object();
}

void write_header_json(json_writer& w, const aggregate_report& r, std::string_view kind) {
    w.field("report", kind);
    w.field("zone", r.tz.name());
    w.key("from");
    if (r.from) w.value(format_local_date(*r.from));
    else w.null();
    w.key("to");
    if (r.to) w.value(format_local_date(*r.to));
    else w.null();
    w.field("by", to_string(r.by));
    w.key("histogram_edges_min").begin_array();
    for (auto e : histogram_edges_min) w.value(e);
    w.end_array();
}

void write_series_json(json_writer& w, const teacher_series& ts, const zone& tz) {
    w.begin_object();
    w.field("teacher", ts.teacher);
    w.key("periods").begin_array();
    for (const auto& p : ts.periods) write_stats_json(w, p, tz, true);
    w.end_array();
    w.key("total");
    write_stats_json(w, ts.total, tz, false);
    w.end_object();
}

}  // namespace

table teacher_table(const aggregate_report& r) {
    table t;
    t.header = {"teacher", "period"};
    t.header.insert(t.header.end(), stats_header().begin(), stats_header().end());
    auto emit = [&](const teacher_series& ts) {
        auto row_of = [&](const period_stats& s) {
            std::vector<cell> row = {cell::text(ts.teacher.empty() ? "(none)" : ts.teacher), cell::text(s.label)};
            auto rest = stats_cells(s);
            row.insert(row.end(), std::make_move_iterator(rest.begin()), std::make_move_iterator(rest.end()));
            t.rows.push_back(std::move(row));
        };
        for (const auto& p : ts.periods) row_of(p);
        if (ts.periods.size() != 1) row_of(ts.total);  // one period is its own total
    };
    for (const auto& ts : r.teachers) emit(ts);
    emit(r.overall);
    return t;
}

void write_teacher_json(json_writer& w, const aggregate_report& r) {
    w.begin_object();
    write_header_json(w, r, "teacher");
    w.key("teachers").begin_array();
    for (const auto& ts : r.teachers) write_series_json(w, ts, r.tz);
    w.end_array();
    w.key("overall");
    write_series_json(w, r.overall, r.tz);
    w.end_object();
}

table trend_table(const aggregate_report& r) {
    table t;
    t.header = {"period"};
    t.header.insert(t.header.end(), stats_header().begin(), stats_header().end());
    for (std::size_t i = 0; i < histogram_edges_min.size(); ++i) t.header.push_back("min_" + histogram_label(i));
    for (const auto& p : r.overall.periods) {
        std::vector<cell> row = {cell::text(p.label)};
        auto rest = stats_cells(p);
        row.insert(row.end(), std::make_move_iterator(rest.begin()), std::make_move_iterator(rest.end()));
        for (auto c : p.histogram) row.push_back(cell::number(c));
        t.rows.push_back(std::move(row));
    }
    return t;
}

table histogram_table(const period_stats& s) {
    table t;
    t.header = {"attended_min", "seats", "share_pct"};
    std::int64_t all = 0;
    for (auto c : s.histogram) all += c;
    for (std::size_t i = 0; i < s.histogram.size(); ++i)
        t.rows.push_back({cell::text(histogram_label(i)), cell::number(s.histogram[i]),
                          all ? cell::decimal(100.0 * static_cast<double>(s.histogram[i]) / static_cast<double>(all), 1)
                              : cell::none()});
    return t;
}

void write_trend_json(json_writer& w, const aggregate_report& r) {
    w.begin_object();
    write_header_json(w, r, "trends");
    w.key("teacher");
    if (r.teacher) w.value(*r.teacher);
    else w.null();
    w.key("periods").begin_array();
    for (const auto& p : r.overall.periods) write_stats_json(w, p, r.tz, true);
    w.end_array();
    w.key("total");
    write_stats_json(w, r.overall.total, r.tz, false);
    w.end_object();
}

}  // namespace rollcall::report
