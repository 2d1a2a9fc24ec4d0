// Tracked links as lessons (SPEC §6): a link sent without a session is a lesson of its sender and its
// recipient, billed on the student's time at the link's rate, and it appears in the reports beside the
// platform sessions.
#include <doctest/doctest.h>

#include <algorithm>

#include "app/app.hpp"
#include "rollcall/room_naming.hpp"
#include "tracker/tracker.hpp"

using namespace rollcall;
using namespace rollcall::tracker;

namespace {

constexpr std::int64_t S = 1760259600;  // 2025-10-12T09:00:00Z

link_spec link(std::optional<std::string> session = std::nullopt) {
    link_spec l;
    l.teacher = "T1";
    l.student = "244480";
    l.meeting_url = "https://meet.example.com/abc";
    l.package = "pkg-links";
    l.rate = rate_kind::per_hour;
    l.rate_minor = 3600;
    l.currency = "EUR";
    l.session_id = std::move(session);
    return l;
}

// Clicked at S + start_s, a heartbeat every 30 s up to S + end_s (none in [gap_from, gap_to)).
store::link_record attend(tracker::tracker& t, int start_s, int end_s, int gap_from = 0, int gap_to = 0) {
    auto l = t.create_link(link(), from_unix_s(S + start_s - 600)).value();
    REQUIRE(t.click(l.token, from_unix_s(S + start_s)).ok());
    for (int at = start_s + 30; at <= end_s; at += 30)
        if (at < gap_from || at >= gap_to) REQUIRE(t.heartbeat(l.token, from_unix_s(S + at)).ok());
    return l;
}

std::string now_param(std::int64_t s) { return R"("now":")" + format_rfc3339(from_unix_s(s)) + "\""; }

}  // namespace

TEST_CASE("link lessons: an ended link is a completed lesson of its sender, billed on the student's time") {
    auto t = tracker::tracker::in_memory({});
    const auto l = attend(t, 0, 1800);
    REQUIRE(t.end(l.token, from_unix_s(S + 1800)).ok());
    const auto r = t.link_lesson(t.link_status(l.token, from_unix_s(S + 1800)).value().link, from_unix_s(S + 7200)).value();
    CHECK(r.session.id == link_room_name(l.token));
    CHECK(r.session.type == "link");
    CHECK(r.session.teacher == "T1");
    CHECK(r.session.scheduled_start == from_unix_s(S));
    CHECK(r.session.scheduled_end == from_unix_s(S + 1800));
    CHECK(r.status == session_status::completed);
    CHECK(r.billing.basis == billable_basis::student);
    CHECK(r.billing.billable_s == 1800);
    CHECK(r.billing.amount_minor == 1800);  // the link's rate: 36.00 an hour
    REQUIRE(r.find("244480"));
    CHECK(r.find("244480")->status == attendance_status::present);
    CHECK(r.find("T1") == nullptr);  // nothing observes the sender: no "absent" teacher row
}

TEST_CASE("link lessons: a silence inside the link is not presence, a live link is ongoing, a sent one unscheduled") {
    auto t = tracker::tracker::in_memory({});
    // 29 silent minutes in the middle (SPEC §3.3): presence 0-600 and 2340-3000.
    const auto quiet = attend(t, 0, 3000, 630, 2340);
    REQUIRE(t.end(quiet.token, from_unix_s(S + 3000)).ok());
    const auto q = t.link_lesson(t.link_status(quiet.token, from_unix_s(S + 3000)).value().link, from_unix_s(S + 7200)).value();
    CHECK(q.find("244480")->attended == std::chrono::seconds(600 + 660));
    CHECK(q.billing.billable_s == 1260);
    CHECK(q.find("244480")->status == attendance_status::partial);

    const auto live = attend(t, 0, 300);
    const auto v = t.link_lesson(t.link_status(live.token, from_unix_s(S + 310)).value().link, from_unix_s(S + 310)).value();
    CHECK(v.status == session_status::ongoing);
    CHECK(v.in_progress);

    const auto sent = t.create_link(link(), from_unix_s(S)).value();
    CHECK(t.link_lesson(sent, from_unix_s(S + 10)).value().status == session_status::unscheduled);

    // A link sent for a session is part of that session, not a lesson of its own.
    session_spec s;
    s.id = "sess-1";
    s.type = "academic";
    s.students = {"244480"};
    REQUIRE(t.create_session(s, from_unix_s(S - 86400)).ok());
    const auto owned = t.create_link(link("sess-1"), from_unix_s(S)).value();
    CHECK(t.link_lesson(owned, from_unix_s(S)).err().code == errc::invalid_argument);
}

TEST_CASE("link lessons: the teacher report counts them beside sessions; the session report names them by room") {
    auto t = tracker::tracker::in_memory({});
    const auto a = attend(t, 0, 1800);
    REQUIRE(t.end(a.token, from_unix_s(S + 1800)).ok());
    const auto b = attend(t, 86400, 86400 + 2700);  // the next day; times out at its last heartbeat
    REQUIRE(t.sweep(from_unix_s(S + 86400 + 2700 + 7201)).ok());
    CHECK(t.link_status(b.token, from_unix_s(S + 2 * 86400)).value().link.status == store::link_status::timeout);

    const std::string teacher = app::call(t, "reports.teacher",
                                          R"({"teacher":"T1","timezone":"UTC","from":"2025-10-12","to":"2025-10-13","period":"day",)" +
                                              now_param(S + 3 * 86400) + "}")
                                    .value();
    CHECK(teacher.find(R"("sessions":2,"by_status":{"unscheduled":0,"scheduled":0,"ready":0,"ongoing":0,"completed":2)") !=
          std::string::npos);
    CHECK(teacher.find(R"("EUR":4500)") != std::string::npos);  // 1800 + 2700 s at 36.00 an hour
    // Another teacher's report does not see them.
    const std::string other = app::call(t, "reports.teacher",
                                        R"({"teacher":"T2","timezone":"UTC","from":"2025-10-12","to":"2025-10-13","period":"day",)" +
                                            now_param(S + 3 * 86400) + "}")
                                  .value();
    CHECK(other.find(R"("sessions":2)") == std::string::npos);

    const std::string one = app::call(t, "reports.session", R"({"session":")" + link_room_name(a.token) + R"(",)" +
                                                                now_param(S + 3 * 86400) + "}")
                                .value();
    CHECK(one.find(R"("participant_id":"244480")") != std::string::npos);
    CHECK(one.find(R"("participant_id":"T1")") == std::string::npos);
    CHECK(app::call(t, "reports.session", R"({"session":"link:nope"})").err().code == errc::not_found);
}

TEST_CASE("link lessons: the link report lists every link, with the lesson's money for links without a session") {
    auto t = tracker::tracker::in_memory({});
    const auto a = attend(t, 0, 1800);
    REQUIRE(t.end(a.token, from_unix_s(S + 1800)).ok());
    session_spec s;
    s.id = "sess-1";
    s.type = "academic";
    s.students = {"244480"};
    REQUIRE(t.create_session(s, from_unix_s(S - 86400)).ok());
    const auto owned = t.create_link(link("sess-1"), from_unix_s(S + 100)).value();
    const std::string when = now_param(S + 7200);

    const std::string json = app::call(t, "reports.links", R"({"teacher":"T1","timezone":"UTC",)" + when + "}").value();
    CHECK(json.rfind(R"({"report":"links","zone":"UTC","links":[{"link":")" + link_room_name(a.token) +
                         R"(","teacher":"T1","student":"244480","session_id":null,"sent":"2025-10-12T08:50:00Z",)"
                         R"("clicked":"2025-10-12T09:00:00Z","ended":"2025-10-12T09:30:00Z","attended_s":1800,"status":"ended",)"
                         R"("lesson_status":"completed","package":"pkg-links","rate":"per_hour","rate_minor":3600,)"
                         R"("billable_s":1800,"amount_minor":1800,"currency":"EUR"})",
                     0) == 0);
    CHECK(json.find(R"("session_id":"sess-1")") != std::string::npos);
    CHECK(json.find(R"("status":"sent","lesson_status":null)") != std::string::npos);

    const std::string csv = app::call(t, "reports.links", R"({"format":"csv","status":"ended",)" + when + "}").value();
    CHECK(csv.rfind("link,teacher,student,session_id,sent,clicked,ended,attended_s,status,lesson_status,package,rate,"
                    "rate_minor,billable_s,amount_minor,currency\r\n",
                    0) == 0);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 2);  // the header and the ended link
    CHECK(csv.find(owned.token) == std::string::npos);

    CHECK(app::call(t, "reports.links", R"({"status":"lost"})").err().code == errc::invalid_value);
    CHECK(app::call(t, "reports.links", R"({"from":"2025-10-12"})").err().code == errc::invalid_argument);
}
