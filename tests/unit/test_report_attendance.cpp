#include <doctest/doctest.h>

#include "report/attendance.hpp"
#include "report/policy_json.hpp"
#include "report/render.hpp"
#include "test_report_samples.hpp"

using namespace rollcall;
using namespace rollcall::report;
using namespace report_samples;

namespace {

session_result sample() {
    auto r = lesson("s-1", "t-amal", {"st-bilal", "st-chen"}, "2026-03-29T08:00:00Z", 60, session_status::completed);
    auto teacher = person("t-amal", role::teacher, 60, attendance_status::present, at("2026-03-29T07:58:00Z"));
    teacher.display_name = "Amal Haddad";
    teacher.email = "amal@example.test";
    auto bilal = person("st-bilal", role::student, 45, attendance_status::late, at("2026-03-29T08:15:00Z"));
    bilal.display_name = "=cmd|' /C calc'!A0";  // a hostile display name
    bilal.late = minutes(15);
    bilal.ratio = 0.75;
    bilal.bridged = milliseconds{90000};
    bilal.connections = 2;
    auto guest = person("guest-1", role::other, 10, attendance_status::present, at("2026-03-29T08:20:00Z"));
    auto recorder = person("EG_rec", role::other, 60, attendance_status::present, at("2026-03-29T08:00:00Z"));
    recorder.non_person = true;
    r.participants = {recorder, guest, bilal, teacher};  // chen left no trace at all
    r.billing.billable_s = 2700;
    r.billing.amount_minor = 2250;
    r.billing.counts_toward_subscription = true;
    r.used.late_grace_s = 600;
    return r;
}

std::vector<event> sample_events() {
    event a;
    a.kind = event_kind::join;
    a.source = platform::livekit;
    a.identity = "st-bilal";
    event b = a;
    b.source = platform::zoom;
    event c = a;
    c.identity = "t-amal";
    return {a, b, c};
}

}  // namespace

TEST_CASE("report_attendance: teacher first, then enrolled students, then guests; no row for non-persons") {
    const auto r = sample();
    const auto rows = attendance_rows(r, sample_events());
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].participant_id == "t-amal");
    CHECK(rows[0].who == role::teacher);
    CHECK(rows[1].participant_id == "st-bilal");
    CHECK(rows[2].participant_id == "st-chen");
    CHECK(rows[3].participant_id == "guest-1");
    CHECK(rows[3].guest);
    CHECK_FALSE(rows[0].guest);
    CHECK_FALSE(rows[1].guest);
}

TEST_CASE("report_attendance: an enrolled student without any event is an absent row with zeros") {
    const auto rows = attendance_rows(sample(), {});
    const auto& chen = rows[2];
    CHECK(chen.participant_id == "st-chen");
    CHECK(chen.status == attendance_status::absent);
    CHECK(chen.attended_s == 0);
    CHECK_FALSE(chen.first_join.has_value());
    CHECK(chen.percent_of_scheduled == doctest::Approx(0.0));
}

TEST_CASE("report_attendance: rows carry the measured figures, session billing and the policy") {
    const auto r = sample();
    const auto rows = attendance_rows(r, sample_events());
    const auto& bilal = rows[1];
    CHECK(bilal.attended_s == 2700);
    CHECK(bilal.bridged_s == 90);
    CHECK(bilal.late_s == 900);
    CHECK(bilal.connections == 2);
    CHECK(*bilal.percent_of_scheduled == doctest::Approx(75.0));
    CHECK(bilal.status == attendance_status::late);
    CHECK(bilal.platform == "livekit+zoom");
    CHECK(rows[0].platform == "livekit");
    CHECK(rows[3].platform.empty());
    for (const auto& row : rows) {
        CHECK(row.billable_s == 2700);
        CHECK(row.amount_minor == 2250);
        CHECK(row.policy_id == policy_id(r.used));
        CHECK(row.policy.find("\"late_grace_s\":600") != std::string::npos);
    }
}

TEST_CASE("report_attendance: the platform only counts events of the session's rooms") {
    auto r = sample();
    r.session.rooms = {"room-a"};
    auto events = sample_events();
    events[0].room = "room-a";   // livekit, in the session
    events[1].room = "elsewhere";  // zoom, another meeting
    CHECK(attendance_rows(r, events)[1].platform == "livekit");
}

TEST_CASE("report_attendance: CSV instants carry the zone's offset, hostile names are neutralised") {
    const auto berlin = zone::find("Europe/Berlin").value();
    const auto rows = attendance_rows(sample(), sample_events());
    const auto csv = write_csv(attendance_table(rows, berlin));
    // 2026-03-29 is the DST day: 08:00Z is 10:00+02:00, 07:58Z is 09:58+02:00.
    CHECK(csv.find("2026-03-29T10:00:00+02:00,2026-03-29T11:00:00+02:00") != std::string::npos);
    CHECK(csv.find("2026-03-29T09:58:00+02:00") != std::string::npos);
    CHECK(csv.find(",'=cmd|' /C calc'!A0,") != std::string::npos);
    CHECK(csv.find(",=cmd") == std::string::npos);
    // The policy JSON is one quoted cell with doubled quotes.
    CHECK(csv.find("\"{\"\"reconnect_grace_s\"\":120,") != std::string::npos);
    const auto lines = std::count(csv.begin(), csv.end(), '\n');
    CHECK(lines == 5);
}

TEST_CASE("report_attendance: JSON holds the session facts once and one object per row") {
    const auto utc = zone::utc();
    std::vector<session_result> sessions = {sample()};
    const auto json = render_attendance(sessions, {}, utc, output_format::json);
    CHECK(json.rfind("{\"report\":\"session\",\"zone\":\"UTC\",\"sessions\":[{\"session_id\":\"s-1\"", 0) == 0);
    CHECK(json.find("\"billable_s\":2700,\"amount_minor\":2250,\"currency\":\"EUR\"") != std::string::npos);
    CHECK(json.find("\"policy\":{\"reconnect_grace_s\":120") != std::string::npos);
    CHECK(json.find("\"participant_id\":\"st-bilal\"") != std::string::npos);
    CHECK(json.find("\"percent_of_scheduled\":75,") != std::string::npos);
    CHECK(json.find("\"non_persons\":[\"EG_rec\"]") != std::string::npos);
    CHECK(json.find("\"first_join\":null") != std::string::npos);  // st-chen
}

TEST_CASE("report_attendance: the readable table has one line per row and no policy JSON") {
    std::vector<session_result> sessions = {sample()};
    const auto text = render_attendance(sessions, {}, zone::utc(), output_format::table);
    CHECK(std::count(text.begin(), text.end(), '\n') == 6);  // header, rule, 4 rows
    CHECK(text.find("reconnect_grace_s") == std::string::npos);
    CHECK(text.find(policy_id(sample().used)) != std::string::npos);
    CHECK(text.find("amal@example.test") == std::string::npos);
}

TEST_CASE("report_attendance: a policy is written with every SPEC key and a stable id") {
    policy p;
    CHECK(policy_json(p) ==
          "{\"reconnect_grace_s\":120,\"stale_after_s\":1800,\"heartbeat_timeout_s\":90,\"session_timeout_s\":7200,"
          "\"link_expiry_s\":86400,"
          "\"clip_to_schedule\":true,\"late_grace_s\":300,\"min_presence_s\":60,\"partial_below_ratio\":0.5,"
          "\"creation_window_s\":900,\"cleanup_delay_s\":1800,\"billable_basis\":\"co_presence\","
          "\"rounding\":{\"mode\":\"exact\",\"unit_s\":60,\"min_s\":0}}");
    CHECK(policy_id(p).size() == 12);
    policy q = p;
    q.rounding.unit_s = 900;
    CHECK(policy_id(q) != policy_id(p));
    CHECK(policy_id(policy{}) == policy_id(p));
}

#include <fstream>
#include <sstream>

#include "rollcall/evaluate.hpp"
#include "rollcall/scenario.hpp"
#include "support/files.hpp"

using rollcall::test::read_test_file;

namespace {

}  // namespace

TEST_CASE("report_attendance: rows from the engine carry its figures (late-arrival scenario)") {
    auto sc = load_scenario(read_test_file(std::string(ROLLCALL_TEST_DIR) + "/scenarios/05_late_arrival_beyond_the_grace.json"));
    REQUIRE(sc.ok());
    const auto r = evaluate_session(sc->session, sc->events, sc->pol, sc->now);
    const auto rows = attendance_rows(r, sc->events);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].participant_id == "U430");
    CHECK(rows[0].who == role::teacher);
    CHECK(rows[1].participant_id == "244480");
    CHECK(rows[1].status == attendance_status::late);
    CHECK(rows[1].attended_s == 3000);
    CHECK(rows[1].late_s == 600);
    CHECK(*rows[1].percent_of_scheduled == doctest::Approx(3000.0 / 3600.0 * 100.0));
    CHECK(rows[1].session_state == session_status::completed);
    CHECK(rows[1].platform == to_string(sc->events.front().source));  // scenarios pick a platform for joins
    const auto csv = write_csv(attendance_table(rows, zone::find("Asia/Kolkata").value()));
    CHECK(csv.find("2025-10-12T14:40:00+05:30") != std::string::npos);  // the student's first join
}

TEST_CASE("report_attendance: the platform's role hint and unresolved identities reach every form") {
    auto r = sample();
    for (auto& p : r.participants) {
        if (p.identity == "t-amal") p.platform_role = role::teacher;   // Zoom's host
        if (p.identity == "guest-1") p.unresolved = true;              // only an email fallback
    }
    const auto rows = attendance_rows(r, sample_events());
    CHECK(rows[0].platform_role == role::teacher);
    CHECK_FALSE(rows[0].unresolved);
    CHECK(rows[3].unresolved);
    CHECK(rows[3].platform_role == role::other);

    std::vector<session_result> sessions = {r};
    const auto json = render_attendance(sessions, {}, zone::utc(), output_format::json);
    CHECK(json.find(R"("participant_id":"t-amal","name":"Amal Haddad","email":"amal@example.test","role":"teacher","guest":false,"platform_role":"teacher","unresolved":false)") != std::string::npos);
    CHECK(json.find(R"("participant_id":"guest-1","name":"","email":"","role":"other","guest":true,"platform_role":null,"unresolved":true)") != std::string::npos);

    const auto csv = write_csv(attendance_table(rows, zone::utc()));
    CHECK(csv.substr(0, csv.find("\r\n")).ends_with(",policy,platform_role,unresolved"));
    const auto teacher_line = csv.substr(csv.find("\ns-1,") + 1);
    CHECK(teacher_line.substr(0, teacher_line.find("\r\n")).ends_with(",teacher,false"));
    CHECK(csv.find(",,true\r\n") != std::string::npos);  // the guest: no hint, unresolved

    const auto text = render_attendance(sessions, {}, zone::utc(), output_format::table);
    CHECK(text.substr(0, text.find('\n')).find("unresolved") != std::string::npos);
}
