// Host-fetched Zoom participant reports through the tracker: stored as raw payloads marked
// host-fetched, merged with the webhooks of the same stays into one interval, all or nothing.
#include <doctest/doctest.h>

#include <algorithm>

#include "app/app.hpp"
#include "rollcall/json_writer.hpp"
#include "store/memory_store.hpp"
#include "store/rc_test_support.hpp"
#include "support/zoom_lesson.hpp"
#include "tracker/report_merge.hpp"

using namespace rollcall;
using namespace rollcall::test::zoom_lesson;

namespace {

const std::string uuid = "kQx4Zr+1TmWc9Ab/ZyX2Lw==";

void ingest_all(tracker::tracker& t, const std::vector<tracker::ingest_request>& requests) {
    for (const auto& rq : requests) {
        auto r = t.ingest(rq);
        REQUIRE(r.ok());
        REQUIRE(r->status != tracker::ingest_status::rejected);
    }
}

tracker::zoom_report_request report(std::vector<std::string> pages, std::string meeting_id = "") {
    tracker::zoom_report_request rq;
    rq.meeting_uuid = uuid;
    rq.meeting_id = std::move(meeting_id);
    rq.pages = std::move(pages);
    rq.received_at = from_unix_s(S + 4200);
    return rq;
}

struct outcome {
    std::int64_t teacher_ms, student_ms, student_raw_ms, billable_s;
    session_status status;
};

outcome evaluate(tracker::tracker& t) {
    const auto r = t.evaluate("L1", from_unix_s(S + 7200)).value();
    REQUIRE(r.find("zoomT"));
    REQUIRE(r.find("zoomS"));
    return {r.find("zoomT")->attended.count(), r.find("zoomS")->attended.count(), r.find("zoomS")->raw_connected.count(),
            r.billing.billable_s, r.status};
}

tracker::tracker lesson_tracker() {
    auto t = tracker::tracker::in_memory(config());
    REQUIRE(t.create_session(session("L1", {"zoom:" + meeting_id}), from_unix_s(S - 86400)).ok());
    return t;
}

}  // namespace

TEST_CASE("zoom report: the same lesson with webhooks lost and recovered from report pages gives the same attended seconds") {
    auto full = lesson_tracker();
    ingest_all(full, all_webhooks(uuid));
    const outcome expected = evaluate(full);
    CHECK(expected.status == session_status::completed);
    CHECK(expected.student_ms == 3380 * 1000);

    // Only the start, the teacher's and the student's first join and the end arrive: the student's
    // drop, rejoin and leave and the teacher's leave are lost.
    auto lossy = lesson_tracker();
    ingest_all(lossy, {started(uuid, -60), joined(uuid, teacher), joined(uuid, student_first), ended(uuid, -60, 3560)});
    const outcome degraded = evaluate(lossy);
    CHECK(degraded.student_ms != expected.student_ms);  // the loss shows before the recovery

    const std::string page1 = report_page({teacher, student_first}, "tok-2");
    const std::string page2 = report_page({student_again});
    auto b = lossy.ingest_zoom_report(report({page1, page2}));
    REQUIRE(b.ok());
    CHECK(b->stored == 2);
    CHECK(b->events_stored == 6);
    const outcome recovered = evaluate(lossy);
    CHECK(recovered.teacher_ms == expected.teacher_ms);
    CHECK(recovered.student_ms == expected.student_ms);
    CHECK(recovered.student_raw_ms == expected.student_raw_ms);
    CHECK(recovered.billable_s == expected.billable_s);
    CHECK(recovered.status == expected.status);

    // Every webhook arrived too, and the report is ingested on top: still one interval per stay.
    auto both = lesson_tracker();
    ingest_all(both, all_webhooks(uuid));
    REQUIRE(both.ingest_zoom_report(report({page1, page2})).ok());
    const outcome merged = evaluate(both);
    CHECK(merged.student_ms == expected.student_ms);
    CHECK(merged.student_raw_ms == expected.student_raw_ms);  // never counted twice
    CHECK(merged.teacher_ms == expected.teacher_ms);
    const auto events = both.session_events(both.get_session("L1").value()).value();
    CHECK(std::count_if(events.begin(), events.end(), [](const event& e) { return e.kind == event_kind::join; }) == 3);
}

TEST_CASE("zoom report: overlapping, partial and duplicate pages store each row once") {
    auto t = lesson_tracker();
    ingest_all(t, {started(uuid, -60), ended(uuid, -60, 3560)});
    auto first = t.ingest_zoom_report(report({report_page({teacher, student_first}, "tok")}));
    REQUIRE(first.ok());
    CHECK(first->events_stored == 4);
    // The same page again (a retried fetch): a duplicate.
    auto again = t.ingest_zoom_report(report({report_page({teacher, student_first}, "tok")}));
    REQUIRE(again.ok());
    CHECK(again->duplicates == 1);
    CHECK(again->events_stored == 0);
    // A page fetched with another page size overlaps the first: only the new row is stored.
    auto overlap = t.ingest_zoom_report(report({report_page({student_first, student_again})}));
    REQUIRE(overlap.ok());
    CHECK(overlap->stored == 1);
    CHECK(overlap->events_stored == 2);
    CHECK(overlap->events_duplicate == 2);
    // A partial row (the student still in when the page was fetched) gives a join only.
    auto partial_t = lesson_tracker();
    ingest_all(partial_t, {started(uuid, -60)});
    std::string partial = report_page({student_first});
    const std::string leave = R"("leave_time":")" + rfc3339(student_first.leave_s) + "\"";
    partial.replace(partial.find(leave), leave.size(), R"("leave_time":"")");
    auto p = partial_t.ingest_zoom_report(report({partial}));
    REQUIRE(p.ok());
    CHECK(p->events_stored == 1);
    const auto r = evaluate(t);
    CHECK(r.student_ms == 3380 * 1000);
}

TEST_CASE("zoom report: bad input is an error with a code and stores nothing") {
    auto t = lesson_tracker();
    ingest_all(t, {started(uuid, -60), ended(uuid, -60, 3560)});
    const auto before = t.stats().value();
    const std::string good = report_page({teacher});

    auto code_of = [&](tracker::zoom_report_request rq) {
        auto r = t.ingest_zoom_report(rq);
        REQUIRE_FALSE(r.ok());
        return r.err();
    };
    CHECK(code_of(report({good, "{not json"})).code == errc::malformed_input);
    auto no_time = report_page({student_first});
    no_time.replace(no_time.find(R"("join_time")"), 11, R"("joint_ime")");
    const auto e_time = code_of(report({good, no_time}));
    CHECK(e_time.code == errc::missing_field);
    CHECK(e_time.message.find("pages[1]") != std::string::npos);
    CHECK(e_time.message.find("join_time") != std::string::npos);
    // A page of another meeting: its rows fall outside this instance's start and end.
    stay other = teacher;
    other.join_s = -86400;
    other.leave_s = -80000;
    const auto e_other = code_of(report({report_page({other})}));
    CHECK(e_other.code == errc::invalid_value);
    CHECK(e_other.message.find("another meeting") != std::string::npos);
    CHECK(code_of(report({good}, "12345")).code == errc::invalid_value);
    CHECK(code_of(report({good}, "99988877766")).code == errc::invalid_value);  // not the stored id
    auto no_uuid = report({good});
    no_uuid.meeting_uuid.clear();
    CHECK(code_of(no_uuid).code == errc::invalid_argument);
    CHECK(code_of(report({})).code == errc::invalid_argument);

    const auto after = t.stats().value();
    CHECK(after.payloads == before.payloads);
    CHECK(after.events == before.events);
    CHECK(t.zoom_reports_due(from_unix_s(S + 86400), std::chrono::minutes(10)).value().size() == 1);
}

TEST_CASE("zoom report: a meeting no webhook announced links by the numeric id given with its pages") {
    auto t = lesson_tracker();
    auto b = t.ingest_zoom_report(report({report_page({teacher, student_first, student_again})}, meeting_id));
    REQUIRE(b.ok());
    REQUIRE(b->items[0].rooms.size() == 1);
    CHECK(b->items[0].rooms[0].room_alt == meeting_id);
    const auto r = evaluate(t);
    CHECK(r.student_ms == 3380 * 1000);
    // A later webhook of the instance agrees with it.
    ingest_all(t, {ended(uuid, -60, 3560)});
    CHECK(t.evaluate("L1", from_unix_s(S + 7200)).value().status == session_status::completed);
}

TEST_CASE("zoom report: the report-due list names ended meetings until their report is stored") {
    auto t = lesson_tracker();
    ingest_all(t, {started(uuid, -60), joined(uuid, teacher), ended(uuid, -60, 3560)});
    const auto end = from_unix_s(S + 3560);
    CHECK(t.zoom_reports_due(end + std::chrono::minutes(9), std::chrono::minutes(10)).value().empty());
    auto due = t.zoom_reports_due(end + std::chrono::minutes(10), std::chrono::minutes(10)).value();
    REQUIRE(due.size() == 1);
    CHECK(due[0].meeting_uuid == uuid);
    CHECK(due[0].meeting_id == meeting_id);
    CHECK(due[0].ended_at == end);
    CHECK(due[0].request_path == "/past_meetings/kQx4Zr%2B1TmWc9Ab%2FZyX2Lw%3D%3D/participants");
    CHECK(due[0].sessions == std::vector<std::string>{"L1"});
    CHECK(t.zoom_reports_due(end, std::chrono::seconds(-1)).err().code == errc::invalid_argument);

    const auto json = app::call(t, "sessions.list", R"({"report_due":true,"delay_s":600,"now":"2025-10-12T10:10:00Z"})");
    REQUIRE(json.ok());
    CHECK(json->find(R"("meeting":"kQx4Zr+1TmWc9Ab/ZyX2Lw==")") != std::string::npos);
    CHECK(app::call(t, "sessions.list", R"({"report_due":true,"teacher":"x"})").err().code == errc::invalid_argument);

    REQUIRE(t.ingest_zoom_report(report({report_page({teacher})})).ok());
    CHECK(t.zoom_reports_due(end + std::chrono::hours(1), std::chrono::minutes(10)).value().empty());
}

TEST_CASE("zoom report: a stored page is marked host-fetched and re-parses to the events stored") {
    // The SQLite store keeps the raw payload; read it back and re-parse it from its headers.
    test::scratch_dir dir;
    auto t = tracker::tracker::open_sqlite(dir.file("db.sqlite"), config()).take();
    const std::string page = report_page({teacher, student_first});
    REQUIRE(t.ingest_zoom_report(report({page}, meeting_id)).ok());
    store::raw_payload stored;
    stored.source = platform::zoom;
    stored.body = page;
    stored.headers_json = R"({"x-rollcall-fetched":"zoom-report","meeting":")" + uuid + R"(","meeting_id":")" + meeting_id + R"("})";
    auto events = tracker::reparse_fetched(stored).value();
    auto kept = t.storage().events_for_rooms(std::vector<std::string>{uuid}).value();
    std::sort(events.begin(), events.end(), event_less);
    REQUIRE(events.size() == kept.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        CHECK(events[i].dedup_key == kept[i].dedup_key);
        CHECK(events[i].room_alt == meeting_id);
    }
    store::raw_payload webhook = stored;
    webhook.headers_json = R"({"x-zm-signature":"v0=00"})";
    CHECK(tracker::reparse_fetched(webhook).err().code == errc::invalid_argument);
    webhook.headers_json = R"({"x-rollcall-fetched":"bbb-meeting-info","meeting":"m"})";
    CHECK(tracker::reparse_fetched(webhook).err().code == errc::unsupported_event);
}

TEST_CASE("zoom report: through the app layer, pages are text in one JSON shape") {
    auto t = lesson_tracker();
    ingest_all(t, {started(uuid, -60), ended(uuid, -60, 3560)});
    json_writer p;
    p.begin_object().field("meeting", uuid).key("pages").begin_array().value(report_page({teacher})).end_array();
    p.field("received_at", "2025-10-12T10:10:00Z").end_object();
    auto out = app::call(t, "ingest.zoom_report", p.str());
    REQUIRE(out.ok());
    CHECK(out->find(R"("stored":1)") != std::string::npos);
    CHECK(out->find(R"("event":"zoom-report")") != std::string::npos);
    CHECK(out->find(R"("rooms":[{"room":"kQx4Zr+1TmWc9Ab/ZyX2Lw==","room_alt":"81187927959"}])") != std::string::npos);
    auto missing = app::call(t, "ingest.zoom_report", R"({"meeting":"x"})");
    CHECK(missing.err().code == errc::missing_field);
}

TEST_CASE("zoom report: merge keeps the webhook's connection and is independent of order") {
    auto make = [](event_kind k, std::string conn, int at, std::string key) {
        event e = test::make_event(k, "U", "P", std::move(conn), at, std::move(key));
        e.source = platform::zoom;
        return e;
    };
    std::vector<event> a{make(event_kind::join, "PU", 0, "zoom:w1"), make(event_kind::join, "111", 0, "zoom:report.j"),
                         make(event_kind::leave, "111", 100, "zoom:report.l")};
    a[2].joined_at = a[1].at;
    std::vector<event> b{a[2], a[0], a[1]};
    tracker::merge_report_rows(a);
    tracker::merge_report_rows(b);
    CHECK(a == b);
    REQUIRE(a.size() == 2);
    CHECK(a[0].dedup_key == "zoom:w1");
    CHECK(a[1].connection == "PU");
    CHECK(a[1].kind == event_kind::leave);
}
