// Zoom sessions linked by what hosts store (SPEC §11): the numeric meeting id or a join URL links every
// instance of the meeting inside the session's window.
#include <doctest/doctest.h>

#include "app/app.hpp"
#include "support/zoom_lesson.hpp"
#include "tracker/meetings.hpp"

using namespace rollcall;
using namespace rollcall::test::zoom_lesson;

namespace {

void ingest_all(tracker::tracker& t, const std::vector<tracker::ingest_request>& requests) {
    for (const auto& rq : requests) {
        auto r = t.ingest(rq);
        REQUIRE(r.ok());
        CAPTURE(rq.body);
        REQUIRE(r->status == tracker::ingest_status::stored);
    }
}

const std::string uuid1 = "kQx4Zr+1TmWc9Ab/ZyX2Lw==";
const std::string uuid2 = "//mN7pQ2Rs+8Tu4VwXyZ1A==";

}  // namespace

TEST_CASE("zoom linking: a lesson linked by the numeric meeting id ends completed with co-presence billed") {
    for (const std::string link : {"zoom:81187927959", "zoom:811 8792 7959", "https://us02web.zoom.us/j/81187927959?pwd=abc.1",
                                   "https://acme.zoom.us/wc/join/81187927959#x", "zoom:https://zoom.us/s/81187927959"}) {
        CAPTURE(link);
        auto t = tracker::tracker::in_memory(config());
        auto rec = t.create_session(session("L1", {link}), from_unix_s(S - 86400));
        REQUIRE(rec.ok());
        CHECK(rec->spec.meetings == std::vector<std::string>{"zoom:81187927959"});
        CHECK(rec->spec.rooms.empty());
        ingest_all(t, all_webhooks(uuid1));
        const auto r = t.evaluate("L1", from_unix_s(S + 7200)).value();
        CHECK(r.status == session_status::completed);
        CHECK(r.session.rooms == std::vector<std::string>{uuid1});
        CHECK(r.unlinked_rooms.empty());
        REQUIRE(r.find("zoomT"));
        REQUIRE(r.find("zoomS"));
        CHECK(r.find("zoomS")->attended == std::chrono::seconds(3500 - 120));  // the 30 s drop is bridged
        CHECK(r.billing.billable_s == 3500 - 120);
        CHECK(t.get_session("L1").value().spec.rooms == std::vector<std::string>{uuid1});
    }
}

TEST_CASE("zoom linking: ingest results name the uuid and the numeric id their events went to") {
    auto t = tracker::tracker::in_memory(config());
    auto r = t.ingest(joined(uuid1, teacher));
    REQUIRE(r.ok());
    REQUIRE(r->rooms.size() == 1);
    CHECK(r->rooms[0].room == uuid1);
    CHECK(r->rooms[0].room_alt == meeting_id);
    auto b = app::call(t, "ingest.batch",
                       R"({"requests":[{"platform":"zoom","body":)" + std::string("\"{}\"") + R"(,"received_at":1}]})");
    REQUIRE(b.ok());
    CHECK(b->find("\"rooms\"") == std::string::npos);  // a rejected request went nowhere
}

TEST_CASE("zoom linking: a recurring meeting's two instances go to two sessions by window") {
    constexpr int week = 7 * 86400;
    auto t = tracker::tracker::in_memory(config());
    REQUIRE(t.create_session(session("wk1", {"zoom:81187927959"}), from_unix_s(S - 86400)).ok());
    REQUIRE(t.create_session(session("wk2", {}, S + week), from_unix_s(S - 86400)).ok());
    REQUIRE(t.link_room("https://zoom.us/j/81187927959?pwd=x", "wk2").ok());
    ingest_all(t, all_webhooks(uuid1));
    ingest_all(t, all_webhooks(uuid2, week));
    CHECK(t.get_session("wk1").value().spec.rooms == std::vector<std::string>{uuid1});
    CHECK(t.get_session("wk2").value().spec.rooms == std::vector<std::string>{uuid2});
    const auto r1 = t.evaluate("wk1", from_unix_s(S + 2 * week)).value();
    const auto r2 = t.evaluate("wk2", from_unix_s(S + 2 * week)).value();
    CHECK(r1.status == session_status::completed);
    CHECK(r2.status == session_status::completed);
    CHECK(r1.find("zoomS")->attended == r2.find("zoomS")->attended);
    CHECK(r1.find("zoomS")->first_join == from_unix_s(S + 120));
    CHECK(r2.find("zoomS")->first_join == from_unix_s(S + week + 120));
}

TEST_CASE("zoom linking: back-to-back lessons on one meeting id: the instance goes to the nearest start") {
    auto t = tracker::tracker::in_memory(config());
    REQUIRE(t.create_session(session("nine", {"zoom:81187927959"}), from_unix_s(S - 86400)).ok());
    REQUIRE(t.create_session(session("ten", {"zoom:81187927959"}, S + 3600), from_unix_s(S - 86400)).ok());
    ingest_all(t, all_webhooks(uuid1));
    ingest_all(t, {started(uuid2, 3590)});  // the next lesson's instance starts 10 s before ten
    CHECK(t.get_session("nine").value().spec.rooms == std::vector<std::string>{uuid1});
    CHECK(t.get_session("ten").value().spec.rooms == std::vector<std::string>{uuid2});
}

TEST_CASE("zoom linking: an instance outside every window belongs to no session") {
    auto t = tracker::tracker::in_memory(config());
    REQUIRE(t.create_session(session("L1", {"zoom:81187927959"}), from_unix_s(S - 86400)).ok());
    ingest_all(t, {started(uuid1, -900 - 1)});  // one second before the creation window opens
    ingest_all(t, {started(uuid2, 3600 + 1800)});  // when the cleanup delay is over
    CHECK(t.get_session("L1").value().spec.rooms.empty());
    const auto r = t.evaluate("L1", from_unix_s(S + 7200)).value();
    CHECK(r.unlinked_rooms == std::vector<std::string>{"zoom:81187927959"});
}

TEST_CASE("zoom linking: an unscheduled session takes the instances that start after it was created") {
    auto t = tracker::tracker::in_memory(config());
    auto adhoc = session("adhoc", {"zoom:81187927959"});
    adhoc.scheduled_start.reset();
    adhoc.scheduled_end.reset();
    REQUIRE(t.create_session(adhoc, from_unix_s(S - 60)).ok());
    ingest_all(t, {started(uuid1, -7200)});  // an earlier instance, before the session existed
    ingest_all(t, all_webhooks(uuid2));
    CHECK(t.get_session("adhoc").value().spec.rooms == std::vector<std::string>{uuid2});
    // A scheduled session whose window holds an instance wins it over the unscheduled one.
    REQUIRE(t.create_session(session("sched", {"zoom:81187927959"}), from_unix_s(S - 86400)).ok());
    CHECK(t.get_session("adhoc").value().spec.rooms.empty());
    CHECK(t.get_session("sched").value().spec.rooms == std::vector<std::string>{uuid2});
}

TEST_CASE("zoom linking: a linked room or meeting without events shows in unlinked_rooms, not as silence") {
    auto t = tracker::tracker::in_memory(config());
    REQUIRE(t.create_session(session("L1", {"zoom:99988877766", "lk-room-typo"}), from_unix_s(S - 86400)).ok());
    ingest_all(t, all_webhooks(uuid1));
    const auto r = t.evaluate("L1", from_unix_s(S + 7200)).value();
    CHECK(r.unlinked_rooms == std::vector<std::string>{"lk-room-typo", "zoom:99988877766"});
    const auto json = app::call(t, "sessions.get", R"({"id":"L1","now":"2025-10-12T11:00:00Z"})").value();
    CHECK(json.find(R"("unlinked_rooms":["lk-room-typo","zoom:99988877766"])") != std::string::npos);
    CHECK(json.find(R"("meetings":["zoom:99988877766"])") != std::string::npos);
}

TEST_CASE("zoom linking: a hostile or malformed join link is an error and stores nothing") {
    auto t = tracker::tracker::in_memory(config());
    for (const std::string bad : {"https://evil@zoom.us/j/81187927959", "https://zoom.us.evil.com/j/81187927959",
                                  "zoom:https://zoom.us/my/ada", "zoom:123", "https://zoom.us/j/811 87927959",
                                  "javascript://zoom.us/j/81187927959"}) {
        CAPTURE(bad);
        auto r = t.create_session(session("L1", {bad}), from_unix_s(S));
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == errc::invalid_value);
        CHECK(t.get_session("L1").err().code == errc::not_found);
    }
    REQUIRE(t.create_session(session("L1", {}), from_unix_s(S)).ok());
    CHECK(t.link_room("https://evil@zoom.us/j/81187927959", "L1").err().code == errc::invalid_value);
    auto via_app = app::call(t, "sessions.link", R"({"id":"L1","rooms":["https://zoom.us.evil.com/j/81187927959"]})");
    REQUIRE_FALSE(via_app.ok());
    CHECK(via_app.err().code == errc::invalid_value);
    CHECK(t.get_session("L1").value().spec.meetings.empty());
}

TEST_CASE("zoom linking: configured hosts link like Zoom's own") {
    auto cfg = config();
    cfg.zoom_hosts = {"zoom.example.edu"};
    auto t = tracker::tracker::in_memory(cfg);
    REQUIRE(t.create_session(session("L1", {"https://zoom.example.edu/j/81187927959"}), from_unix_s(S)).ok());
    CHECK(t.get_session("L1").value().spec.meetings == std::vector<std::string>{"zoom:81187927959"});
    auto plain = tracker::tracker::in_memory(config());
    CHECK(plain.create_session(session("L1", {"https://zoom.example.edu/j/81187927959"}), from_unix_s(S)).err().code ==
          errc::invalid_value);
    auto parsed = tracker::parse_config(R"({"zoom":{"hosts":["zoom.example.edu"]}})");
    REQUIRE(parsed.ok());
    CHECK(parsed->zoom_hosts == std::vector<std::string>{"zoom.example.edu"});
    CHECK(tracker::parse_config(R"({"zoom":{"hosts":["https://x"]}})").err().code == errc::config_error);
}

TEST_CASE("zoom linking: the owner of an instance is decided by window, nearest start, then id") {
    using rollcall::tracker::meeting_candidate;
    using rollcall::tracker::owner_of_instance;
    const auto at = [](int s) { return from_unix_s(S + s); };
    std::vector<meeting_candidate> c{
        {"b", at(0), at(-86400), {at(-900), at(5400)}},
        {"a", at(0), at(-86400), {at(-900), at(5400)}},
        {"later", at(3600), at(-86400), {at(2700), at(9000)}},
        {"adhoc", std::nullopt, at(-100), {at(-1000), std::nullopt}},
    };
    CHECK(owner_of_instance(c, at(-900)) == "a");  // a tie on start: the smaller id
    CHECK(owner_of_instance(c, at(1801)) == "a");      // nearer "later", but before its window opens
    CHECK(owner_of_instance(c, at(2800)) == "later");  // both windows: the nearer start
    CHECK(owner_of_instance(c, at(9000)) == "adhoc");  // outside every scheduled window
    CHECK(owner_of_instance(c, at(-1001)) == std::nullopt);
}
