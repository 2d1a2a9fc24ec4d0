// Snapshots through the tracker and the application layer (issue 11, item 5): a LiveKit leave that never
// arrives is closed by the next snapshot; bad snapshots store nothing; the stored payload is marked as
// host-fetched so it can be parsed again.
#include <doctest/doctest.h>

#include <simdjson.h>
#include <sqlite3.h>

#include <algorithm>

#include "app/app.hpp"
#include "rollcall/evaluate.hpp"
#include "rollcall/json_writer.hpp"
#include "rollcall/result_json.hpp"
#include "store/rc_test_support.hpp"
#include "support/files.hpp"
#include "tracker/tracker.hpp"

using namespace rollcall;
using namespace rollcall::tracker;
using rollcall::test::fixture;

namespace {

constexpr std::int64_t start_s = 1755086400;  // standup-42's creation, the lesson's scheduled start

tracker_config livekit_config() {
    tracker_config c;
    c.verify.livekit_keys.emplace("APItestkey", "test-secret-that-is-long-enough-0123456789");
    return c;
}

/// Ingests a signed webhook of tests/fixtures/livekit/signed/ at its own receive time.
void ingest_signed(tracker::tracker& t, const std::string& name) {
    simdjson::dom::parser p;
    const std::string text = fixture("livekit/signed/" + name);
    simdjson::dom::element v = p.parse(text);
    ingest_request rq;
    rq.source = platform::livekit;
    rq.headers.add("Authorization", std::string(v["authorization"].get_string().value()));
    rq.body = fixture(std::string(v["body_file"].get_string().value()));
    rq.received_at = from_unix_s(v["now_unix"].get_int64().value());
    auto r = t.ingest(rq);
    REQUIRE(r.ok());
    REQUIRE_MESSAGE(r->status == ingest_status::stored, r->message);
}

session_spec standup() {
    session_spec s;
    s.id = "standup";
    s.type = "academic";
    s.students = {"alice@example.com"};
    s.scheduled_start = from_unix_s(start_s);
    s.scheduled_end = from_unix_s(start_s + 3600);
    s.rooms = {"standup-42"};
    return s;
}

snapshot_request livekit_snapshot(const std::string& file, std::int64_t at_s, std::string room = "standup-42") {
    snapshot_request rq;
    rq.source = platform::livekit;
    rq.body = fixture("livekit/" + file);
    rq.room = std::move(room);
    rq.at = from_unix_s(at_s);
    return rq;
}

const participant_result& alice(const session_result& r) {
    const auto* p = r.find("alice@example.com");
    REQUIRE(p != nullptr);
    return *p;
}

}  // namespace

TEST_CASE("tracker snapshots: a LiveKit leave that never arrives is closed by the next snapshot") {
    auto t = tracker::tracker::in_memory(livekit_config());
    REQUIRE(t.create_session(standup(), from_unix_s(start_s - 3600)).ok());
    ingest_signed(t, "participant_joined__valid.json");  // alice joins; her participant_left is lost
    const instant later = from_unix_s(start_s + 3 * 3600);

    // Without snapshots the lost leave costs the stale rule: alice is credited up to E.
    const auto before = t.evaluate("standup", later);
    REQUIRE(before.ok());
    REQUIRE(alice(*before).cycles.size() == 1);
    CHECK(alice(*before).cycles[0].reason == closing_reason::stale);
    CHECK(alice(*before).cycles[0].end == from_unix_s(start_s + 3600));

    // The host polls ListParticipants every minute: at +10:00 alice is listed, at +11:00 she is gone.
    auto listed = t.ingest_snapshot(livekit_snapshot("list_participants.json", start_s + 600));
    REQUIRE_MESSAGE(listed.ok(), (listed.ok() ? "" : listed.err().describe()));
    CHECK(listed->status == ingest_status::stored);
    CHECK(listed->event_name == "livekit-snapshot");
    CHECK(listed->events_stored == 4);  // three listed connections and the marker
    auto gone = t.ingest_snapshot(livekit_snapshot("list_participants_without_alice.json", start_s + 660));
    REQUIRE(gone.ok());
    CHECK(gone->status == ingest_status::stored);

    const auto after = t.evaluate("standup", later);
    REQUIRE(after.ok());
    const auto& a = alice(*after);
    REQUIRE(a.cycles.size() == 1);
    CHECK(a.cycles[0].reason == closing_reason::snapshot);
    CHECK(a.cycles[0].end == from_unix_s(start_s + 600));  // her last evidence: the listing at +10:00
    CHECK(a.cycles[0].start == alice(*before).cycles[0].start);
    CHECK(a.attended == from_unix_s(start_s + 600) - *a.first_join);
    CHECK(a.last_leave == from_unix_s(start_s + 600));
    CHECK(std::any_of(after->anomalies.begin(), after->anomalies.end(),
                      [](const anomaly& x) { return x.name == "snapshot_close" && x.connection == "PA_Kf3mW9xRtY2q"; }));
    // The recorder the snapshot listed is kept out of attendance, as the webhooks would.
    CHECK(after->find("EG_yQ4mVt8KpL2s") == nullptr);

    // A replay parses the stored webhook and both snapshots again, from their stored context, and agrees.
    const auto replayed = t.replay("standup", later);
    REQUIRE_MESSAGE(replayed.ok(), (replayed.ok() ? "" : replayed.err().describe()));
    CHECK(replayed->payloads == 3);
    CHECK(replayed->failures.empty());
    CHECK(session_result_json(replayed->replayed) == session_result_json(*after));

    // The same snapshot again is a duplicate and changes nothing.
    auto again = t.ingest_snapshot(livekit_snapshot("list_participants_without_alice.json", start_s + 660));
    REQUIRE(again.ok());
    CHECK(again->status == ingest_status::duplicate);
    CHECK(again->events_stored == 0);
}

TEST_CASE("tracker snapshots: bad snapshots are errors with a code and store nothing") {
    auto t = tracker::tracker::in_memory(livekit_config());
    ingest_signed(t, "participant_joined__valid.json");
    const auto stats_before = t.stats().value();

    auto unknown = t.ingest_snapshot(livekit_snapshot("list_participants.json", start_s + 600, "no-such-room"));
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.err().code == errc::not_found);
    CHECK(unknown.err().message.find("no-such-room") != std::string::npos);

    auto no_room = t.ingest_snapshot(livekit_snapshot("list_participants.json", start_s + 600, ""));
    REQUIRE_FALSE(no_room.ok());
    CHECK(no_room.err().code == errc::invalid_argument);

    auto malformed = t.ingest_snapshot(livekit_snapshot("malformed_truncated.json", start_s + 600));
    REQUIRE_FALSE(malformed.ok());
    CHECK(malformed.err().code == errc::malformed_input);

    snapshot_request bbb;
    bbb.source = platform::bbb;
    bbb.body = fixture("bbb/get_meeting_info_not_found.xml");
    bbb.at = from_unix_s(start_s + 600);
    auto failed = t.ingest_snapshot(bbb);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.err().code == errc::invalid_value);
    bbb.body = fixture("bbb/get_meeting_info.xml");  // well-formed, but rollcall never saw that meeting
    auto unseen = t.ingest_snapshot(bbb);
    REQUIRE_FALSE(unseen.ok());
    CHECK(unseen.err().code == errc::not_found);

    snapshot_request zoom = livekit_snapshot("list_participants.json", start_s + 600);
    zoom.source = platform::zoom;
    auto no_api = t.ingest_snapshot(zoom);
    REQUIRE_FALSE(no_api.ok());
    CHECK(no_api.err().code == errc::invalid_argument);

    const auto stats_after = t.stats().value();
    CHECK(stats_after.payloads == stats_before.payloads);
    CHECK(stats_after.events == stats_before.events);
    CHECK(stats_after.rejected_payloads == stats_before.rejected_payloads);
}

TEST_CASE("tracker snapshots: a BBB snapshot closes the connection its meeting no longer lists") {
    auto t = tracker::tracker::in_memory({});
    const std::string meeting = "8043c8452ae9830aac14c517adff3839dbd9228f-1698771157700";
    // Mary's join came by webhook (stored here directly), her user-left never did.
    store::ingest_item item;
    item.payload.source = platform::bbb;
    item.payload.body = "user-joined";
    event join;
    join.kind = event_kind::join;
    join.source = platform::bbb;
    join.room = meeting;
    join.identity = "w_uxw0dzhtvk0l";
    join.connection = "w_uxw0dzhtvk0l";
    join.at = from_unix_s(1708381137);
    join.dedup_key = "bbb:user-joined";
    item.events.push_back(join);
    REQUIRE(t.storage().ingest(std::span<const store::ingest_item>(&item, 1)).ok());

    snapshot_request rq;
    rq.source = platform::bbb;
    rq.body = fixture("bbb/get_meeting_info.xml");
    rq.room = "random-9019868";  // the external id the host knows
    rq.at = from_unix_s(1708381137 + 300);
    auto listed = t.ingest_snapshot(rq);
    REQUIRE_MESSAGE(listed.ok(), (listed.ok() ? "" : listed.err().describe()));
    CHECK(listed->event_name == "bbb-snapshot");
    CHECK(listed->events_stored == 3);
    rq.body = "<response><returncode>SUCCESS</returncode><meetingID>random-9019868</meetingID><internalMeetingID>" + meeting +
              "</internalMeetingID><attendees/></response>";
    rq.at = from_unix_s(1708381137 + 360);
    REQUIRE(t.ingest_snapshot(rq).ok());

    auto events = t.storage().events_for_rooms(std::vector<std::string>{meeting});
    REQUIRE(events.ok());
    session_spec s;
    s.id = "bbb";
    s.type = "academic";
    s.rooms = {meeting};
    const auto r = evaluate_session(s, *events, policy{}, from_unix_s(1708381137 + 7200));
    const auto* mary = r.find("w_uxw0dzhtvk0l");
    REQUIRE(mary != nullptr);
    REQUIRE(mary->cycles.size() == 1);
    CHECK(mary->cycles[0].reason == closing_reason::snapshot);
    CHECK(mary->cycles[0].end == from_unix_s(1708381137 + 300));
    // The moderator was listed but never joined by webhook: evidence alone credits nothing (SPEC §3.2).
    const auto* amal = r.find("t-amal");
    REQUIRE(amal != nullptr);
    CHECK(amal->attended.count() == 0);
}

TEST_CASE("tracker snapshots: stored in SQLite as a host-fetched payload, through the application layer") {
    rollcall::test::scratch_dir dir;
    const auto path = dir.file("snapshots.sqlite");
    auto t = tracker::tracker::open_sqlite(path, livekit_config()).take();
    ingest_signed(t, "participant_joined__valid.json");
    json_writer params;
    params.begin_object()
        .field("platform", "livekit")
        .field("body", fixture("livekit/list_participants.json"))
        .field("room", "standup-42")
        .field("at", "2025-08-13T12:10:00Z")
        .end_object();
    auto answer = app::call(t, "ingest.snapshot", params.str());
    REQUIRE_MESSAGE(answer.ok(), (answer.ok() ? "" : answer.err().describe()));
    CHECK(*answer ==
          R"({"status":"stored","event":"livekit-snapshot","events_stored":4,"events_duplicate":0,"response":null,"code":null,"message":null})");
    // The payload says what it is and where and when it was taken, so a replay can parse it again.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT headers FROM payloads ORDER BY id DESC LIMIT 1", -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const std::string headers(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    sqlite3_close(db);
    CHECK(headers == R"({"x-rollcall-fetched":"livekit-snapshot","room":"standup-42","at_ms":1755087000000})");

    // The method's own checks: each an error naming the problem.
    auto bad = [&](std::string_view json, errc code, std::string_view names) {
        CAPTURE(json);
        auto r = app::call(t, "ingest.snapshot", json);
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == code);
        CHECK_MESSAGE(r.err().message.find(names) != std::string::npos, r.err().message);
    };
    bad(R"({"platform":"zoom","body":"{}","room":"standup-42","at":1})", errc::invalid_value, "platform");
    bad(R"({"platform":"livekit","body":"{}","room":"standup-42"})", errc::missing_field, "at");
    bad(R"({"body":"{}","room":"standup-42","at":1})", errc::missing_field, "platform");
    bad(R"({"platform":"livekit","room":"standup-42","at":1})", errc::missing_field, "body");
    bad(R"({"platform":"livekit","body":"{}","room":"standup-42","at":1,"headers":{}})", errc::invalid_argument, "headers");
}
