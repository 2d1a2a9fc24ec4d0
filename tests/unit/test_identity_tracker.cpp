// SPEC §11 through the tracker: signed Zoom webhooks keyed by customer_key, aliases stored, applied at
// evaluation (a past session's report changes), never merging two people the host named.
#include <doctest/doctest.h>

#include "crypto/crypto.hpp"
#include "rollcall/result_json.hpp"
#include "store/rc_test_support.hpp"
#include "tracker/tracker.hpp"

using namespace rollcall;
using namespace rollcall::tracker;

namespace {

const std::string secret = "zoom_secret_token_example";  // the test secret of test_zoom.cpp
constexpr std::int64_t S = 1774281600;                   // 2026-03-23T16:00:00Z
const std::string uuid = "4444AAAiAAAAAiAiAiiAii==";
const std::string host_id = "x1yCzABCDEfg23HiJKl4mN";

std::string iso(std::int64_t s) { return format_rfc3339(from_unix_s(s)); }

// A webhook signed as Zoom signs it (x-zm-signature over "v0:<ts>:<body>"), received at its own time.
ingest_request signed_zoom(const std::string& body, std::int64_t at_s) {
    ingest_request rq;
    rq.source = platform::zoom;
    rq.body = body;
    const std::string ts = std::to_string(at_s);
    rq.headers.add("x-zm-request-timestamp", ts);
    rq.headers.add("x-zm-signature",
                   "v0=" + crypto::hex_encode(crypto::hmac(crypto::hash_alg::sha256, secret, "v0:" + ts + ":" + body)));
    rq.received_at = from_unix_s(at_s);
    return rq;
}

std::string meeting_event(const std::string& name, const std::string& time_key, std::int64_t at_s) {
    return R"({"event":")" + name + R"(","event_ts":)" + std::to_string(at_s * 1000) +
           R"(,"payload":{"account_id":"AAAAAABBBB","object":{"id":"81187927959","uuid":")" + uuid + R"(","host_id":")" +
           host_id + R"(","topic":"Lesson","type":2,")" + time_key + R"(":")" + iso(at_s) + R"(","duration":45}}})";
}

// A participant webhook; `person` is the participant object's inner members (without braces).
std::string participant_event(bool join, const std::string& person, std::int64_t at_s) {
    const std::string name = join ? "meeting.participant_joined" : "meeting.participant_left";
    return R"({"event":")" + name + R"(","event_ts":)" + std::to_string(at_s * 1000) +
           R"(,"payload":{"account_id":"AAAAAABBBB","object":{"id":"81187927959","uuid":")" + uuid + R"(","host_id":")" +
           host_id + R"(","topic":"Lesson","type":2,"start_time":")" + iso(S) + R"(","duration":45,"participant":{)" +
           person + R"(,")" + (join ? "join_time" : "leave_time") + R"(":")" + iso(at_s) + R"("}}}})";
}

// The teacher signed in as the meeting's host, the student registered with the host's student id as
// customer_key (Zoom still sends its own registrant and user ids, which used to win), and a third
// person who joined without either (a guest by email only).
std::vector<ingest_request> lesson_webhooks() {
    const std::string teacher = R"("user_id":"16778240","user_name":"Amal Teacher","id":")" + host_id +
                                R"(","participant_uuid":"PU-T","email":"amal@school.example","participant_user_id":")" +
                                host_id + R"(","customer_key":"t-amal")";
    const std::string student = R"("user_id":"16779264","user_name":"Dina S","id":"ZOOM-DINA","participant_uuid":"PU-D",)"
                                R"("email":"dina@home.example","registrant_id":"REG-DINA","participant_user_id":"ZOOM-DINA",)"
                                R"("customer_key":"st-dina")";
    const std::string guest = R"("user_id":"16780288","user_name":"Emil  K\u00f6hler","id":"","participant_uuid":"PU-E",)"
                              R"("email":"Emil.K@Mail.example")";
    return {signed_zoom(meeting_event("meeting.started", "start_time", S - 120), S - 120),
            signed_zoom(participant_event(true, teacher, S - 60), S - 60),
            signed_zoom(participant_event(true, student, S + 30), S + 30),
            signed_zoom(participant_event(true, guest, S + 40), S + 40),
            signed_zoom(participant_event(false, guest, S + 2640), S + 2640),
            signed_zoom(participant_event(false, student, S + 2650), S + 2650),
            signed_zoom(participant_event(false, teacher, S + 2700), S + 2700),
            signed_zoom(meeting_event("meeting.ended", "end_time", S + 2710), S + 2710)};
}

tracker_config zoom_config() {
    tracker_config cfg;
    cfg.verify.zoom_secret_token = secret;
    return cfg;
}

session_spec lesson() {
    session_spec s;
    s.id = "amal-0323";
    s.type = "quran";
    s.teacher = "t-amal";
    s.students = {"st-dina", "st-emil"};
    s.scheduled_start = from_unix_s(S);
    s.scheduled_end = from_unix_s(S + 2700);
    s.rooms = {uuid};  // linked by the meeting instance's uuid
    return s;
}

tracker::tracker lesson_tracker(test::scratch_dir& dir, const std::string& name) {
    auto t = tracker::tracker::open_sqlite(dir.file(name), zoom_config()).value();
    REQUIRE(t.create_session(lesson(), from_unix_s(S - 86400)).ok());
    return t;
}

void ingest_all(tracker::tracker& t) {
    for (const auto& rq : lesson_webhooks()) {
        auto r = t.ingest(rq);
        REQUIRE(r.ok());
        REQUIRE_MESSAGE(r->status == ingest_status::stored, r->message);
    }
}

const instant later = from_unix_s(S + 86400);

}  // namespace

TEST_CASE("identity: a signed Zoom lesson where both people carry customer_key ends completed, co-presence billed") {
    test::scratch_dir dir;
    auto t = lesson_tracker(dir, "db.sqlite");
    ingest_all(t);
    const auto r = t.evaluate("amal-0323", later).value();
    CHECK(r.status == session_status::completed);
    CHECK(r.billing.basis == billable_basis::co_presence);
    CHECK(r.billing.billable_s == 2650 - 30);
    REQUIRE(r.find("t-amal") != nullptr);
    REQUIRE(r.find("st-dina") != nullptr);
    CHECK(r.find("t-amal")->status != attendance_status::absent);
    CHECK(r.find("st-dina")->status != attendance_status::absent);
    CHECK_FALSE(r.find("st-dina")->unresolved);
    CHECK(r.find("t-amal")->platform_role == role::teacher);  // Zoom's host_id, kept as a hint
    CHECK(r.find("REG-DINA") == nullptr);
    CHECK(r.find("ZOOM-DINA") == nullptr);
    // The guest has no host id: the lower-cased email, marked unresolved.
    REQUIRE(r.find("emil.k@mail.example") != nullptr);
    CHECK(r.find("emil.k@mail.example")->unresolved);
    CHECK(r.find("st-emil")->status == attendance_status::absent);
}

TEST_CASE("identity: an alias added after the fact changes a past session's report; a replay of the stored payloads agrees") {
    test::scratch_dir dir;
    auto t = lesson_tracker(dir, "first.sqlite");
    ingest_all(t);
    const auto before = t.evaluate("amal-0323", later).value();
    REQUIRE(before.find("st-emil") != nullptr);
    CHECK(before.find("st-emil")->status == attendance_status::absent);

    // The host learns that this name is Emil (written differently: NFC/NFD, case, spaces).
    auto added = t.add_alias("st-emil", key_kind::name, "EMIL ko\xCC\x88hler", "");
    REQUIRE(added.ok());
    CHECK(added->second);
    CHECK(added->first.value == "emil k\xC3\xB6hler");
    const auto after = t.evaluate("amal-0323", later).value();
    CHECK(after.find("emil.k@mail.example") == nullptr);
    REQUIRE(after.find("st-emil") != nullptr);
    CHECK(after.find("st-emil")->status != attendance_status::absent);
    CHECK(after.find("st-emil")->attended == milliseconds{(2640 - 40) * 1000});
    CHECK_FALSE(after.find("st-emil")->unresolved);
    CHECK(session_result_json(after) != session_result_json(before));

    // A replay of the stored payloads, parsed again, agrees with the new report.
    const auto replayed = t.replay("amal-0323", later).value();
    CHECK(replayed.payloads == 8);
    CHECK(replayed.failures.empty());
    CHECK(session_result_json(replayed.replayed) == session_result_json(after));

    // The same payloads ingested into a fresh database that knew the alias first give the same report.
    auto fresh = lesson_tracker(dir, "second.sqlite");
    REQUIRE(fresh.add_alias("st-emil", key_kind::name, "Emil Köhler", "").ok());
    ingest_all(fresh);
    CHECK(session_result_json(fresh.evaluate("amal-0323", later).value()) == session_result_json(after));

    // Removing it brings the first report back.
    auto removed = t.remove_alias(key_kind::name, "emil köhler", "");
    REQUIRE(removed.ok());
    CHECK(removed->person == "st-emil");
    CHECK(session_result_json(t.evaluate("amal-0323", later).value()) == session_result_json(before));
}

TEST_CASE("identity: a session's roster alias wins over a global one and holds only in that session") {
    auto t = tracker::tracker::in_memory(zoom_config());
    REQUIRE(t.create_session(lesson(), from_unix_s(S - 86400)).ok());
    for (const auto& rq : lesson_webhooks()) REQUIRE(t.ingest(rq).ok());
    REQUIRE(t.add_alias("st-other", key_kind::email, "emil.k@mail.example", "").ok());
    CHECK(t.evaluate("amal-0323", later).value().find("st-other") != nullptr);
    REQUIRE(t.add_alias("st-emil", key_kind::email, "EMIL.K@mail.example", "amal-0323").ok());
    const auto r = t.evaluate("amal-0323", later).value();
    CHECK(r.find("st-other") == nullptr);
    CHECK(r.find("st-emil")->status != attendance_status::absent);
    store::alias_filter f;
    f.session = "amal-0323";
    CHECK(t.list_aliases(f).value().size() == 1);
    CHECK(t.list_aliases({}).value().size() == 2);
}

TEST_CASE("identity: an alias that would merge two people the host named differently is refused, nothing stored") {
    test::scratch_dir dir;
    auto t = lesson_tracker(dir, "db.sqlite");
    REQUIRE(t.add_alias("st-emil", key_kind::email, "emil@x.example", "").ok());
    // The same mapping again is a no-op, not an error.
    auto again = t.add_alias("st-emil", key_kind::email, "Emil@X.example", "");
    REQUIRE(again.ok());
    CHECK_FALSE(again->second);
    // The key names another person already.
    auto clash = t.add_alias("st-dina", key_kind::email, "emil@x.example", "");
    REQUIRE_FALSE(clash.ok());
    CHECK(clash.err().code == errc::already_exists);
    CHECK(clash.err().message.find("st-emil") != std::string::npos);
    // A person the session names may not stand for another named person.
    auto merge = t.add_alias("t-amal", key_kind::identity, "st-dina", "amal-0323");
    REQUIRE_FALSE(merge.ok());
    CHECK(merge.err().code == errc::already_exists);
    // Nor globally: a global alias applies in every session, so a person any session names is refused.
    auto global_merge = t.add_alias("t-amal", key_kind::identity, "st-dina", "");
    REQUIRE_FALSE(global_merge.ok());
    CHECK(global_merge.err().code == errc::already_exists);
    CHECK(global_merge.err().message.find("amal-0323") != std::string::npos);
    // A key naming the person it already is stays allowed (a no-op mapping, stored once).
    CHECK(t.add_alias("st-dina", key_kind::identity, "st-dina", "").ok());
    REQUIRE(t.remove_alias(key_kind::identity, "st-dina", "").ok());
    // Bad input.
    CHECK(t.add_alias("", key_kind::email, "a@b.example", "").err().code == errc::invalid_argument);
    CHECK(t.add_alias("st-emil", key_kind::email, "  ", "").err().code == errc::invalid_argument);
    CHECK(t.add_alias("st-emil", key_kind::email, "a@b.example", "no-such-session").err().code == errc::not_found);
    CHECK(t.remove_alias(key_kind::email, "nobody@x.example", "").err().code == errc::not_found);
    const auto rows = t.list_aliases({}).value();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0] == alias{"st-emil", key_kind::email, "emil@x.example", ""});
}
