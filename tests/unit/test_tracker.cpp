// The tracker: sessions (create, update, rooms, evaluate, explicit actions) and the ingest contract.
#include <doctest/doctest.h>

#include "store/rc_test_support.hpp"
#include "tracker/tracker.hpp"

using namespace rollcall;
using namespace rollcall::tracker;
using rollcall::test::make_event;

namespace {

constexpr std::int64_t S = 1760259600;  // 2025-10-12T09:00:00Z

session_spec lesson(std::string id = "1042") {
    session_spec s;
    s.id = std::move(id);
    s.type = "academic";
    s.teacher = "T1";
    s.students = {"S1"};
    s.scheduled_start = from_unix_s(S);
    s.scheduled_end = from_unix_s(S + 3600);
    s.package = "pkg-9";
    s.rate = rate_kind::per_hour;
    s.rate_minor = 3000;
    s.currency = "EUR";
    return s;
}

void add_events(tracker::tracker& t, std::vector<event> events) {
    store::ingest_item it;
    it.payload.body = "events-" + std::to_string(events.size()) + "-" + events.front().dedup_key;
    it.events = std::move(events);
    REQUIRE(t.storage().ingest(std::span<const store::ingest_item>(&it, 1)).ok());
}

// A full lesson in the conventionally named room: both came, stayed 50 minutes, the room ended.
void full_lesson(tracker::tracker& t, const std::string& room) {
    add_events(t, {make_event(event_kind::room_start, room, "", "", -60, room + "rs"),
                   make_event(event_kind::join, room, "T1", "t-c", 0, room + "tj"),
                   make_event(event_kind::join, room, "S1", "s-c", 60, room + "sj"),
                   make_event(event_kind::leave, room, "S1", "s-c", 3060, room + "sl"),
                   make_event(event_kind::leave, room, "T1", "t-c", 3070, room + "tl"),
                   make_event(event_kind::room_end, room, "", "", 3100, room + "re")});
}

}  // namespace

TEST_CASE("tracker: a created session is scheduled, or unscheduled without a schedule") {
    auto t = tracker::tracker::in_memory({});
    auto rec = t.create_session(lesson(), from_unix_s(S - 86400));
    REQUIRE(rec.ok());
    CHECK(rec->status == session_status::scheduled);
    CHECK(rec->created_at == from_unix_s(S - 86400));
    auto adhoc = lesson("adhoc");
    adhoc.scheduled_start.reset();
    adhoc.scheduled_end.reset();
    CHECK(t.create_session(adhoc, from_unix_s(S)).value().status == session_status::unscheduled);
    CHECK(t.create_session(lesson(), from_unix_s(S)).err().code == errc::already_exists);

    auto bad = lesson("bad");
    bad.scheduled_end = from_unix_s(S - 1);
    CHECK(t.create_session(bad, from_unix_s(S)).err().code == errc::invalid_argument);
    bad = lesson("");
    CHECK(t.create_session(bad, from_unix_s(S)).err().code == errc::invalid_argument);
    bad = lesson("half");
    bad.scheduled_end.reset();
    CHECK(t.create_session(bad, from_unix_s(S)).err().code == errc::invalid_argument);
    bad = lesson("nocur");
    bad.currency.clear();
    CHECK(t.create_session(bad, from_unix_s(S)).err().message.find("currency") != std::string::npos);
}

TEST_CASE("tracker: update keeps the status, and a schedule moves unscheduled to scheduled") {
    auto t = tracker::tracker::in_memory({});
    auto adhoc = lesson("a");
    adhoc.scheduled_start.reset();
    adhoc.scheduled_end.reset();
    REQUIRE(t.create_session(adhoc, from_unix_s(S - 7200)).ok());
    auto upd = t.update_session(lesson("a"), from_unix_s(S - 3600));
    REQUIRE(upd.ok());
    CHECK(upd->status == session_status::scheduled);
    REQUIRE(upd->history.size() == 1);
    CHECK(upd->history[0].reason == "schedule_set");
    CHECK(t.update_session(lesson("ghost"), from_unix_s(S)).err().code == errc::not_found);
}

TEST_CASE("tracker: rooms named by the convention belong to the session without a call") {
    auto t = tracker::tracker::in_memory({});
    REQUIRE(t.create_session(lesson(), from_unix_s(S - 86400)).ok());
    full_lesson(t, "academic_1042_1760259600");
    full_lesson(t, "quran_1042_1760259600");  // same id, other type: not this session's
    auto rec = t.get_session("1042").value();
    CHECK(rec.spec.rooms == std::vector<std::string>{"academic_1042_1760259600"});
    CHECK(t.session_events("1042").value().size() == 6);
    auto r = t.evaluate("1042", from_unix_s(S + 7200));
    REQUIRE(r.ok());
    CHECK(r->status == session_status::completed);
    const auto* s1 = r->find("S1");
    REQUIRE(s1);
    CHECK(s1->attended == std::chrono::seconds{3000});
    CHECK(r->billing.counts_toward_subscription);
    // evaluate does not persist; the stored status is unchanged until a sweep or an action.
    CHECK(t.get_session("1042").value().status == session_status::scheduled);
    CHECK(t.evaluate("ghost", from_unix_s(S)).err().code == errc::not_found);
}

TEST_CASE("tracker: rooms linked explicitly count, other rooms do not") {
    auto t = tracker::tracker::in_memory({});
    auto spec = lesson();
    spec.rooms = {"bbb-meeting-1"};
    REQUIRE(t.create_session(spec, from_unix_s(S - 86400)).ok());
    full_lesson(t, "bbb-meeting-1");
    full_lesson(t, "bbb-meeting-2");
    REQUIRE(t.link_room("zoom-uuid==", "1042").ok());
    CHECK(t.get_session("1042").value().spec.rooms == std::vector<std::string>{"bbb-meeting-1", "zoom-uuid=="});
    CHECK(t.session_events("1042").value().size() == 6);
    CHECK(t.link_room("r", "ghost").err().code == errc::not_found);
}

TEST_CASE("tracker: a session without rooms sees no events at all") {
    auto t = tracker::tracker::in_memory({});
    REQUIRE(t.create_session(lesson("lonely"), from_unix_s(S - 86400)).ok());
    full_lesson(t, "some-room");
    auto r = t.evaluate("lonely", from_unix_s(S + 7200));
    REQUIRE(r.ok());
    CHECK(r->participants.size() <= 2);
    for (const auto& p : r->participants) CHECK(p.attended.count() == 0);
}

TEST_CASE("tracker: explicit actions obey the transition table and are persisted with a reason") {
    auto t = tracker::tracker::in_memory({});
    REQUIRE(t.create_session(lesson("a"), from_unix_s(S - 86400)).ok());
    // Scheduled (a day early): complete is not allowed, cancel is.
    auto bad = t.act("a", session_action::complete, from_unix_s(S - 86000));
    CHECK(bad.err().code == errc::illegal_transition);
    CHECK(t.get_session("a").value().status == session_status::scheduled);
    auto c = t.act("a", session_action::cancel, from_unix_s(S - 86000));
    REQUIRE(c.ok());
    CHECK(c->status == session_status::cancelled);
    CHECK(c->history.back().reason == "host_action:cancel");
    CHECK(t.act("a", session_action::cancel, from_unix_s(S)).err().code == errc::illegal_transition);
    CHECK(t.usage("pkg-9").value().session_ids.empty());  // cancelled never counts

    // Ongoing by its events: complete applies to the caught-up status and counts once.
    REQUIRE(t.create_session(lesson("b"), from_unix_s(S - 86400)).ok());
    add_events(t, {make_event(event_kind::join, "academic_b_1760259600", "T1", "c1", 0, "bj"),
                   make_event(event_kind::join, "academic_b_1760259600", "S1", "c2", 10, "bs")});
    auto done = t.act("b", session_action::complete, from_unix_s(S + 1800));
    REQUIRE(done.ok());
    CHECK(done->status == session_status::completed);
    REQUIRE(done->history.size() == 3);
    CHECK(done->history[0].to == session_status::ready);
    CHECK(done->history[1].to == session_status::ongoing);
    CHECK(done->history[2].reason == "host_action:complete");
    CHECK(t.usage("pkg-9").value().session_ids == std::vector<std::string>{"b"});

    // Ready (inside the creation window, nobody there): mark_absent is allowed.
    REQUIRE(t.create_session(lesson("c"), from_unix_s(S - 86400)).ok());
    auto abs = t.act("c", session_action::mark_absent, from_unix_s(S - 60));
    REQUIRE(abs.ok());
    CHECK(abs->status == session_status::absent);
    CHECK(t.usage("pkg-9").value().session_ids == std::vector<std::string>{"b", "c"});
    CHECK(t.act("ghost", session_action::cancel, from_unix_s(S)).err().code == errc::not_found);
}

TEST_CASE("tracker: list filters by teacher and range and shows every room") {
    auto t = tracker::tracker::in_memory({});
    REQUIRE(t.create_session(lesson("a"), from_unix_s(S - 86400)).ok());
    auto other = lesson("b");
    other.teacher = "T2";
    REQUIRE(t.create_session(other, from_unix_s(S - 86400)).ok());
    full_lesson(t, "academic_a_1760259600");
    store::session_filter f;
    f.teacher = "T1";
    auto l = t.list_sessions(f).value();
    REQUIRE(l.size() == 1);
    CHECK(l[0].spec.rooms == std::vector<std::string>{"academic_a_1760259600"});
    f.teacher.reset();
    f.from = from_unix_s(S + 1);
    CHECK(t.list_sessions(f).value().empty());
}

TEST_CASE("tracker: a policy per session type is used for evaluation") {
    tracker_config cfg;
    policy strict;
    strict.late_grace_s = 0;
    cfg.policies.by_type["academic"] = strict;
    auto t = tracker::tracker::in_memory(cfg);
    CHECK(t.policy_for("academic").late_grace_s == 0);
    CHECK(t.policy_for("quran").late_grace_s == 300);
    REQUIRE(t.create_session(lesson(), from_unix_s(S - 86400)).ok());
    full_lesson(t, "academic_1042_1760259600");
    auto r = t.evaluate("1042", from_unix_s(S + 7200)).value();
    CHECK(r.used.late_grace_s == 0);
    CHECK(r.find("S1")->status == attendance_status::late);
}

TEST_CASE("tracker: a request that does not verify is rejected, counted, kept, and stores no event") {
    tracker_config cfg;
    cfg.verify.livekit_keys["APIkey"] = "secret";
    test::scratch_dir dir;
    auto t = tracker::tracker::open_sqlite(dir.file("db.sqlite"), cfg);
    REQUIRE(t.ok());
    ingest_request rq;
    rq.source = platform::livekit;
    rq.headers.add("Authorization", "Bearer not-a-jwt");
    rq.body = R"({"event":"room_started","room":{"name":"r"},"id":"EV_1","createdAt":"1760259600"})";
    rq.received_at = from_unix_s(S);
    auto r = t->ingest(rq);
    REQUIRE(r.ok());
    CHECK(r->status == ingest_status::rejected);
    CHECK(r->code != errc::ok);
    CHECK_FALSE(r->message.empty());
    CHECK(r->message.find("secret") == std::string::npos);
    REQUIRE(t->ingest(rq).ok());
    const auto st = t->stats().value();
    CHECK(st.rejected == 2);
    CHECK(st.rejected_payloads == 1);
    CHECK(st.events == 0);
    CHECK(st.payloads == 0);

    std::vector<ingest_request> batch{rq, rq, rq};
    auto b = t->ingest_batch(batch);
    REQUIRE(b.ok());
    CHECK(b->requests == 3);
    CHECK(b->rejected == 3);
    CHECK(b->items.size() == 3);
    CHECK(t->stats().value().rejected == 5);
}

#include "store/livekit_workload.hpp"

TEST_CASE("tracker: verified LiveKit webhooks are stored once; a replay changes nothing but the counters") {
    test::scratch_dir dir;
    auto t = tracker::tracker::open_sqlite(dir.file("db.sqlite"), test::livekit_config()).value();
    const auto hooks = test::livekit_workload(3, 3);
    REQUIRE(hooks.size() == 3 * 8);
    for (const auto& h : hooks) {
        auto r = t.ingest(h.request);
        REQUIRE(r.ok());
        INFO(r->message);
        CHECK(r->status == ingest_status::stored);
        CHECK(r->events_stored == 1);
        CHECK_FALSE(r->event_name.empty());
    }
    const auto before = t.stats().value();
    CHECK(before.payloads == 24);
    CHECK(before.events == 24);
    CHECK(before.rooms == 3);

    std::vector<ingest_request> replay;
    for (const auto& h : hooks) replay.push_back(h.request);
    auto b = t.ingest_batch(replay);
    REQUIRE(b.ok());
    CHECK(b->duplicates == 24);
    CHECK(b->events_stored == 0);
    const auto after = t.stats().value();
    CHECK(after.payloads == before.payloads);
    CHECK(after.events == before.events);
    CHECK(after.rooms == before.rooms);
    CHECK(after.duplicates_skipped == 24);

    // The same webhook re-signed (a retry with a fresh token) is the same payload.
    auto retry = hooks[1].request;
    retry.headers = {};
    retry.headers.add("Authorization", test::livekit_token(retry.body, 1760259600 + 30));
    CHECK(t.ingest(retry).value().status == ingest_status::duplicate);

    // A tampered body fails verification against the token.
    auto tampered = hooks[1].request;
    tampered.body.replace(tampered.body.find("teacher"), 7, "TEACHER");
    auto r = t.ingest(tampered).value();
    CHECK(r.status == ingest_status::rejected);
    CHECK(r.code == errc::bad_signature);
    CHECK(t.stats().value().events == 24);
}

TEST_CASE("tracker: verification uses the receive time, so an old capture replays as it verified then") {
    auto t = tracker::tracker::in_memory(test::livekit_config());
    auto h = test::livekit_workload(1, 1).front();
    h.request.received_at = from_unix_s(1760259600 + 86400);  // a day after the token expired
    auto late = t.ingest(h.request).value();
    CHECK(late.status == ingest_status::rejected);
    CHECK(late.code == errc::token_expired);
    h.request.received_at = from_unix_s(1760259600 + 5);
    CHECK(t.ingest(h.request).value().status == ingest_status::stored);
}

TEST_CASE("tracker: ingested rooms named by the convention link to their sessions; the sweep finishes them") {
    auto t = tracker::tracker::in_memory(test::livekit_config());
    session_spec s;
    s.id = "1000";
    s.type = "academic";
    s.teacher = "teacher-0";
    s.students = {"student-1"};
    s.scheduled_start = from_unix_s(S);
    s.scheduled_end = from_unix_s(S + 3600);
    s.package = "p";
    REQUIRE(t.create_session(s, from_unix_s(S - 86400)).ok());
    for (const auto& h : test::livekit_workload(2, 2)) REQUIRE(t.ingest(h.request).value().status == ingest_status::stored);
    CHECK(t.get_session("1000").value().spec.rooms == std::vector<std::string>{"academic_1000_1760259600"});
    auto sw = t.sweep(from_unix_s(S + 7200)).value();
    CHECK(sw.sessions_changed == 1);
    auto rec = t.get_session("1000").value();
    CHECK(rec.status == session_status::completed);
    CHECK(t.usage("p").value().session_ids == std::vector<std::string>{"1000"});
}
