// Issue 11's Zoom lesson end to end, with every part of SPEC §11 at once: both people carry the host's
// ids as customer_key, the session is linked by what the host stores (the join URL), webhooks are lost
// and recovered from the report pages the host fetched, and a report without customer_key is
// recovered through the session's roster (an email alias).
#include <doctest/doctest.h>

#include "support/zoom_lesson.hpp"

using namespace rollcall;
using namespace rollcall::test::zoom_lesson;

namespace {

const std::string uuid = "kQx4Zr+1TmWc9Ab/ZyX2Lw==";
const std::string join_url = "https://us02web.zoom.us/j/81187927959?pwd=Zk9xQ2.1";

// The lesson of zoom_lesson.hpp with the host's ids: the teacher signed in as the meeting's host.
stay with_keys(stay p, std::string key, std::string email, std::string account = "") {
    p.customer_key = std::move(key);
    p.email = std::move(email);
    if (!account.empty()) p.account_id = std::move(account);
    return p;
}
const stay t_all = with_keys(teacher, "t-ada", "ada@school.example", "host-acct");
const stay s_first = with_keys(student_first, "st-bilal", "Bilal@Home.example");
const stay s_again = with_keys(student_again, "st-bilal", "Bilal@Home.example");

session_spec lesson() {
    auto s = session("L1", {join_url});
    s.teacher = "t-ada";
    s.students = {"st-bilal"};
    return s;
}

tracker::tracker lesson_tracker() {
    auto t = tracker::tracker::in_memory(config());
    REQUIRE(t.create_session(lesson(), from_unix_s(S - 86400)).ok());
    return t;
}

void ingest_all(tracker::tracker& t, const std::vector<tracker::ingest_request>& requests) {
    for (const auto& rq : requests) {
        auto r = t.ingest(rq);
        REQUIRE(r.ok());
        REQUIRE(r->status == tracker::ingest_status::stored);
    }
}

tracker::zoom_report_request report(std::vector<std::string> pages) {
    tracker::zoom_report_request rq;
    rq.meeting_uuid = uuid;
    rq.pages = std::move(pages);
    rq.received_at = from_unix_s(S + 4200);
    return rq;
}

session_result evaluate(tracker::tracker& t) { return t.evaluate("L1", from_unix_s(S + 7200)).value(); }

}  // namespace

TEST_CASE("zoom lesson: customer_key people, linked by the join URL, completed with co-presence billed") {
    auto t = lesson_tracker();
    ingest_all(t, {started(uuid, -60), joined(uuid, t_all), joined(uuid, s_first), left(uuid, s_first),
                   joined(uuid, s_again), left(uuid, s_again), left(uuid, t_all), ended(uuid, -60, 3560)});
    const auto r = evaluate(t);
    CHECK(r.status == session_status::completed);
    CHECK(r.session.rooms == std::vector<std::string>{uuid});
    REQUIRE(r.find("t-ada"));
    REQUIRE(r.find("st-bilal"));
    CHECK_FALSE(r.find("st-bilal")->unresolved);
    CHECK(r.find("t-ada")->platform_role == role::teacher);  // Zoom's host_id
    CHECK(r.find("st-bilal")->attended == std::chrono::seconds(3500 - 120));
    CHECK(r.billing.billable_s == 3500 - 120);
    CHECK(r.participants.size() == 2);  // nobody left over as a guest under a Zoom key
}

TEST_CASE("zoom lesson: lost webhooks recovered from report pages with customer_key give the same seconds") {
    auto full = lesson_tracker();
    ingest_all(full, {started(uuid, -60), joined(uuid, t_all), joined(uuid, s_first), left(uuid, s_first),
                      joined(uuid, s_again), left(uuid, s_again), left(uuid, t_all), ended(uuid, -60, 3560)});
    const auto expected = evaluate(full);

    auto lossy = lesson_tracker();
    ingest_all(lossy, {started(uuid, -60), joined(uuid, t_all), joined(uuid, s_first), ended(uuid, -60, 3560)});
    CHECK(evaluate(lossy).find("st-bilal")->attended != expected.find("st-bilal")->attended);
    REQUIRE(lossy.ingest_zoom_report(report({report_page({t_all, s_first}, "tok-2"), report_page({s_again})})).ok());
    const auto recovered = evaluate(lossy);
    CHECK(recovered.find("st-bilal")->attended == expected.find("st-bilal")->attended);
    CHECK(recovered.find("st-bilal")->raw_connected == expected.find("st-bilal")->raw_connected);
    CHECK(recovered.find("t-ada")->attended == expected.find("t-ada")->attended);
    CHECK(recovered.billing.billable_s == expected.billing.billable_s);
    CHECK(recovered.status == session_status::completed);
    CHECK(recovered.participants.size() == 2);
}

TEST_CASE("zoom lesson: report rows without customer_key reach the enrolled student through the roster's email") {
    // The past-meetings endpoint has no customer_key: the recovered rows fall back to the lower-cased
    // email (unresolved) until the host's roster names its owner.
    stay lost_again = s_again;
    lost_again.customer_key.clear();
    auto t = lesson_tracker();
    ingest_all(t, {started(uuid, -60), joined(uuid, t_all), joined(uuid, s_first), left(uuid, s_first), ended(uuid, -60, 3560)});
    REQUIRE(t.ingest_zoom_report(report({report_page({lost_again})})).ok());
    auto before = evaluate(t);
    REQUIRE(before.find("bilal@home.example"));
    CHECK(before.find("bilal@home.example")->unresolved);
    CHECK(before.find("st-bilal")->attended == std::chrono::seconds(1800 - 120));

    REQUIRE(t.add_alias("st-bilal", key_kind::email, "Bilal@Home.example", "L1").ok());
    const auto after = evaluate(t);
    CHECK(after.find("bilal@home.example") == nullptr);
    CHECK(after.find("st-bilal")->attended == std::chrono::seconds(3500 - 120));  // the 30 s drop bridged
    CHECK(after.billing.billable_s == 3500 - 120);
}
