#include <doctest/doctest.h>

#include "report/aggregate.hpp"
#include "report/render.hpp"
#include "test_report_samples.hpp"

using namespace rollcall;
using namespace rollcall::report;
using namespace report_samples;

namespace {

local_date ymd(int y, unsigned m, unsigned d) {
    return std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d};
}

/// A small month: two teachers, sessions on both sides of a Berlin midnight and of the DST change.
std::vector<session_result> month() {
    std::vector<session_result> out;
    // t-amal, Friday 27 March, 60 min: one student present 60, one late 40 (held).
    auto a1 = lesson("a1", "t-amal", {"st-b", "st-c"}, "2026-03-27T09:00:00Z", 60, session_status::completed);
    a1.participants = {person("t-amal", role::teacher, 60, attendance_status::present),
                       person("st-b", role::student, 60, attendance_status::present),
                       person("st-c", role::student, 40, attendance_status::late)};
    a1.billing.billable_s = 3600;
    a1.billing.amount_minor = 3000;
    out.push_back(a1);
    // t-amal, 22:30Z on 28 March = 23:30 Berlin on the 28th (still +01:00); student absent (held).
    auto a2 = lesson("a2", "t-amal", {"st-b"}, "2026-03-28T22:30:00Z", 30, session_status::absent);
    a2.participants = {person("t-amal", role::teacher, 30, attendance_status::present),
                       person("st-b", role::student, 0, attendance_status::absent)};
    a2.billing.billable_s = 0;
    a2.billing.amount_minor = 1500;  // a per-session style charge of an absent student
    out.push_back(a2);
    // t-amal, 23:30Z on 28 March = 00:30 Berlin on the 29th: teacher no-show (cancelled, not held).
    auto a3 = lesson("a3", "t-amal", {"st-c"}, "2026-03-28T23:30:00Z", 30, session_status::cancelled);
    a3.participants = {person("st-c", role::student, 30, attendance_status::present)};
    out.push_back(a3);
    // t-dana, Monday 30 March, 90 min, still ongoing: counted by status only.
    auto d1 = lesson("d1", "t-dana", {"st-e"}, "2026-03-30T15:00:00Z", 90, session_status::ongoing);
    d1.participants = {person("st-e", role::student, 20, attendance_status::present)};
    out.push_back(d1);
    // t-dana, 2 April (next month), 120 min held.
    auto d2 = lesson("d2", "t-dana", {"st-e"}, "2026-04-02T15:00:00Z", 120, session_status::completed);
    d2.participants = {person("t-dana", role::teacher, 120, attendance_status::present),
                       person("st-e", role::student, 125, attendance_status::present)};
    d2.billing.billable_s = 7200;
    d2.billing.amount_minor = 6000;
    out.push_back(d2);
    return out;
}

aggregate_options berlin(period by) {
    aggregate_options o;
    o.tz = zone::find("Europe/Berlin").value();
    o.by = by;
    return o;
}

const teacher_series& series(const aggregate_report& r, const std::string& t) {
    for (const auto& s : r.teachers)
        if (s.teacher == t) return s;
    FAIL("no series for " << t);
    return r.overall;
}

}  // namespace

TEST_CASE("report_aggregate: monthly buckets per teacher, by status, with held-only minutes and money") {
    const auto sessions = month();
    const auto r = build_aggregate(sessions, berlin(period::month)).value();
    REQUIRE(r.teachers.size() == 2);
    const auto& amal = series(r, "t-amal");
    REQUIRE(amal.periods.size() == 2);  // March and April: the default range spans the sessions
    const auto& march = amal.periods[0];
    CHECK(march.label == "2026-03");
    CHECK(march.sessions == 3);
    CHECK(march.count(session_status::completed) == 1);
    CHECK(march.count(session_status::absent) == 1);
    CHECK(march.count(session_status::cancelled) == 1);
    CHECK(march.seats == 3);  // a1 has 2, a2 has 1; the cancelled a3 does not count
    CHECK(march.attended_seats == 2);
    CHECK(*march.attendance_rate() == doctest::Approx(2.0 / 3.0));
    CHECK(march.attended_ms == minutes(100).count());
    CHECK(*march.avg_attended_min() == doctest::Approx(100.0 / 3.0));
    CHECK(march.teacher_ms == minutes(90).count());
    CHECK(march.billable_s == 3600);
    CHECK(march.amount_minor.at("EUR") == 4500);
    CHECK(march.students.size() == 2);
    CHECK(amal.periods[1].sessions == 0);
    CHECK(amal.total.sessions == 3);
    const auto& dana = series(r, "t-dana");
    CHECK(dana.periods[0].count(session_status::ongoing) == 1);
    CHECK(dana.periods[0].seats == 0);  // ongoing: not held yet
    CHECK_FALSE(dana.periods[0].attendance_rate().has_value());
    CHECK(dana.periods[1].attended_ms == minutes(125).count());
    CHECK(r.overall.total.sessions == 5);
    CHECK(r.overall.total.billable_s == 3600 + 7200);
}

TEST_CASE("report_aggregate: days are Berlin days, so a 23:30 and a 00:30 lesson fall on different dates") {
    auto opt = berlin(period::day);
    opt.from = ymd(2026, 3, 27);
    opt.to = ymd(2026, 3, 31);
    const auto sessions = month();
    const auto r = build_aggregate(sessions, opt).value();
    REQUIRE(r.overall.periods.size() == 5);
    CHECK(r.overall.periods[1].label == "2026-03-28");
    CHECK(r.overall.periods[1].sessions == 1);  // a2
    CHECK(r.overall.periods[2].label == "2026-03-29");
    CHECK(r.overall.periods[2].sessions == 1);  // a3
    CHECK(r.overall.periods[4].sessions == 0);
    CHECK(r.overall.total.sessions == 4);  // d2 (April) is outside the range
    // In UTC both lessons are on the 28th.
    opt.tz = zone::utc();
    const auto u = build_aggregate(sessions, opt).value();
    CHECK(u.overall.periods[1].sessions == 2);
}

TEST_CASE("report_aggregate: ISO weeks group Friday with Saturday, and Monday starts the next week") {
    const auto sessions = month();
    const auto r = build_aggregate(sessions, berlin(period::iso_week)).value();
    const auto& overall = r.overall.periods;
    REQUIRE(overall.size() == 2);
    CHECK(overall[0].label == "2026-W13");
    CHECK(overall[0].sessions == 3);
    CHECK(overall[1].label == "2026-W14");
    CHECK(overall[1].sessions == 2);
}

TEST_CASE("report_aggregate: the duration histogram counts every held seat once by its attended minutes") {
    const auto sessions = month();
    const auto r = build_aggregate(sessions, berlin(period::month)).value();
    const auto& h = r.overall.total.histogram;
    // Held seats: a1 60 min and 40 min, a2 0 min, d2 125 min.
    CHECK(h[0] == 1);  // [0, 5)
    CHECK(h[3] == 1);  // [30, 45): the 40-minute seat
    CHECK(h[4] == 0);  // [45, 60)
    CHECK(h[5] == 1);  // [60, 90)
    CHECK(h[7] == 1);  // 120+
    std::int64_t all = 0;
    for (auto c : h) all += c;
    CHECK(all == r.overall.total.seats);
    CHECK(histogram_label(0) == "0-5");
    CHECK(histogram_label(7) == "120+");
}

TEST_CASE("report_aggregate: a teacher filter and an explicit range select sessions") {
    auto opt = berlin(period::month);
    opt.teacher = "t-dana";
    const auto sessions = month();
    const auto r = build_aggregate(sessions, opt).value();
    REQUIRE(r.teachers.size() == 1);
    CHECK(r.overall.total.sessions == 2);
    opt.from = ymd(2026, 4, 1);
    opt.to = ymd(2026, 3, 1);
    auto bad = build_aggregate(sessions, opt);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.err().code == errc::invalid_argument);
    opt.teacher = "nobody";
    opt.from = std::nullopt;
    opt.to = std::nullopt;
    const auto none = build_aggregate(sessions, opt).value();
    CHECK(none.teachers.empty());
    CHECK(none.overall.periods.empty());
}

TEST_CASE("report_aggregate: renderings agree with the model") {
    const auto sessions = month();
    const auto r = build_aggregate(sessions, berlin(period::month)).value();
    const auto json = render_teacher(r, output_format::json);
    CHECK(json.rfind("{\"report\":\"teacher\",\"zone\":\"Europe/Berlin\",\"from\":\"2026-03-27\",\"to\":\"2026-04-02\"", 0) == 0);
    CHECK(json.find("\"period\":\"2026-03\",\"first\":\"2026-03-01\",\"last\":\"2026-03-31\",\"start\":\"2026-03-01T00:00:00+01:00\",\"end\":\"2026-04-01T00:00:00+02:00\"") != std::string::npos);
    CHECK(json.find("\"attendance_rate\":0.6667") != std::string::npos);
    const auto csv = render_teacher(r, output_format::csv);
    CHECK(csv.rfind("teacher,period,sessions,completed,absent,cancelled,open,seats,attended,attendance_pct,", 0) == 0);
    CHECK(csv.find("t-amal,2026-03,3,1,1,1,0,3,2,66.7,100,33.3,90,60,4500,EUR,2\r\n") != std::string::npos);
    CHECK(csv.find("*,total,5,") != std::string::npos);
    const auto text = render_teacher(r, output_format::table);
    CHECK(text.find("t-dana   2026-04") != std::string::npos);
}

TEST_CASE("report_aggregate: the trend report is a per-day series plus the histogram") {
    auto opt = berlin(period::day);
    opt.from = ymd(2026, 3, 27);
    opt.to = ymd(2026, 3, 29);
    const auto sessions = month();
    const auto r = build_aggregate(sessions, opt).value();
    const auto csv = render_trends(r, output_format::csv);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 4);
    CHECK(csv.find(",min_0-5,min_5-15,") != std::string::npos);
    const auto text = render_trends(r, output_format::table);
    CHECK(text.find("attendance duration per seat (Europe/Berlin, 2026-03-27 .. 2026-03-29)") != std::string::npos);
    const auto json = render_trends(r, output_format::json);
    CHECK(json.find("\"report\":\"trends\"") != std::string::npos);
    CHECK(json.find("\"histogram_edges_min\":[0,5,15,30,45,60,90,120]") != std::string::npos);
}
