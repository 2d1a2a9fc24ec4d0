// The storage contract, run against every implementation (memory, SQLite, and PostgreSQL and
// MySQL/MariaDB when the test run has their servers: ROLLCALL_TEST_POSTGRES, tests/store/with_postgres.sh;
// ROLLCALL_TEST_MARIADB, tests/store/with_mariadb.sh): the same calls must give the same answers
// whichever store sits behind the tracker.
#include <doctest/doctest.h>

#include <functional>

#include "store/mariadb_test_support.hpp"
#include "store/memory_store.hpp"
#include "store/mysql_store.hpp"
#include "store/pg_store.hpp"
#include "store/pg_test_support.hpp"
#include "store/rc_test_support.hpp"
#include "store/sqlite_store.hpp"

using namespace rollcall;
using rollcall::test::make_event;

namespace {

void for_each_store(const std::function<void(store::store&)>& fn) {
    {
        INFO("memory store");
        store::memory_store m;
        fn(m);
    }
    {
        INFO("sqlite store");
        test::scratch_dir dir;
        auto s = store::sqlite_store::open(dir.file("db.sqlite"));
        REQUIRE(s.ok());
        fn(**s);
    }
    if (auto url = test::pg_url()) {
        INFO("postgresql store");
        // A fresh schema per run: every test starts from an empty database.
        auto s = store::pg_store::open(test::pg_with_schema(*url, test::pg_unique_schema("rc_contract")));
        if (!s) FAIL(s.err().describe());
        fn(**s);
    }
    if (const auto url = test::mariadb_url()) {
        INFO("mariadb store");
        // Fresh tables for every test: a prefix no other store of the run uses.
        auto s = store::mysql_store::open(test::with_prefix(*url, test::fresh_prefix()));
        REQUIRE_MESSAGE(s.ok(), test::why(s));
        fn(**s);
    }
}

store::ingest_item item(std::string body, std::vector<event> events) {
    store::ingest_item it;
    it.payload.source = platform::livekit;
    it.payload.body = std::move(body);
    it.payload.headers_json = R"({"Authorization":"x"})";
    it.payload.received_at = from_unix_s(1760259600);
    it.events = std::move(events);
    return it;
}

store::session_record session(std::string id, std::string teacher, int start_h) {
    store::session_record r;
    r.spec.id = std::move(id);
    r.spec.type = "academic";
    r.spec.teacher = std::move(teacher);
    r.spec.students = {"s1", "s2"};
    r.spec.scheduled_start = from_unix_s(1760259600 + start_h * 3600);
    r.spec.scheduled_end = from_unix_s(1760259600 + start_h * 3600 + 3600);
    r.spec.package = "pkg-1";
    r.spec.rate = rate_kind::per_hour;
    r.spec.rate_minor = 1500;
    r.spec.currency = "EUR";
    r.status = session_status::scheduled;
    return r;
}

}  // namespace

TEST_CASE("store: ingest stores events and a replayed payload changes nothing") {
    for_each_store([](store::store& db) {
        std::vector<store::ingest_item> batch{
            item("a", {make_event(event_kind::join, "r1", "u1", "c1", 0, "k1")}),
            item("b", {make_event(event_kind::leave, "r1", "u1", "c1", 60, "k2")}),
        };
        auto out = db.ingest(batch);
        REQUIRE(out.ok());
        CHECK((*out)[0].events_stored == 1);
        CHECK((*out)[1].events_stored == 1);
        const auto before = db.events_for_rooms(std::vector<std::string>{"r1"}).value();
        CHECK(before.size() == 2);

        auto again = db.ingest(std::span(batch).first(1));
        REQUIRE(again.ok());
        CHECK((*again)[0].duplicate_payload);
        CHECK((*again)[0].events_stored == 0);
        CHECK((*again)[0].events_duplicate == 1);
        CHECK(db.events_for_rooms(std::vector<std::string>{"r1"}).value() == before);
        const auto st = db.stats().value();
        CHECK(st.payloads == 2);
        CHECK(st.events == 2);
        CHECK(st.duplicates_skipped == 1);
        CHECK(st.duplicate_payloads == 1);
        CHECK(st.rooms == 1);
    });
}

TEST_CASE("store: a payload whose every event is stored already is a replay, whatever its bytes") {
    for_each_store([](store::store& db) {
        const auto join = make_event(event_kind::join, "r1", "u1", "c1", 0, "k1");
        const auto leave = make_event(event_kind::leave, "r1", "u1", "c1", 60, "k2");
        REQUIRE(db.ingest(std::vector<store::ingest_item>{item("first", {join})}).ok());

        // A retry signed afresh: other bytes, the same event. Nothing new, so nothing kept.
        auto retry = db.ingest(std::vector<store::ingest_item>{item("first, re-signed", {join})});
        REQUIRE(retry.ok());
        CHECK((*retry)[0].duplicate_payload);
        CHECK((*retry)[0].events_duplicate == 1);
        // One new event among old ones makes the payload worth keeping.
        auto mixed = db.ingest(std::vector<store::ingest_item>{item("batch", {join, leave})});
        REQUIRE(mixed.ok());
        CHECK_FALSE((*mixed)[0].duplicate_payload);
        CHECK((*mixed)[0].events_stored == 1);

        const auto st = db.stats().value();
        CHECK(st.payloads == 2);
        CHECK(st.events == 2);
        CHECK(st.duplicate_payloads == 1);
        CHECK(st.duplicates_skipped == 2);
    });
}

TEST_CASE("store: a payload without events is kept once per distinct body") {
    for_each_store([](store::store& db) {
        // e.g. a platform event rollcall recognises but turns into no event (LiveKit egress_started)
        std::vector<store::ingest_item> batch{item("nothing to count", {}), item("nothing to count", {}),
                                              item("something else", {})};
        auto out = db.ingest(batch);
        REQUIRE(out.ok());
        CHECK_FALSE((*out)[0].duplicate_payload);
        CHECK((*out)[1].duplicate_payload);
        CHECK_FALSE((*out)[2].duplicate_payload);
        const auto st = db.stats().value();
        CHECK(st.payloads == 2);
        CHECK(st.duplicate_payloads == 1);
        CHECK(st.events == 0);
    });
}

TEST_CASE("store: an event is a duplicate by its dedup key or by (kind, room, connection, at)") {
    for_each_store([](store::store& db) {
        auto e1 = make_event(event_kind::join, "r1", "u1", "c1", 0, "same-key");
        auto e2 = make_event(event_kind::join, "r1", "u1", "c2", 5, "same-key");      // same key
        auto e3 = make_event(event_kind::join, "r1", "u1", "c1", 0, "other-key");     // same fact
        auto e4 = make_event(event_kind::leave, "r1", "u1", "c1", 0, "same-key");     // same key, other kind
        auto e5 = make_event(event_kind::join, "r1", "u1", "c3", 9);                  // no key: derived
        auto e6 = make_event(event_kind::join, "r1", "u1", "c3", 9);
        std::vector<store::ingest_item> batch{item("p", {e1, e2, e3, e4, e5, e6})};
        auto out = db.ingest(batch);
        REQUIRE(out.ok());
        CHECK((*out)[0].events_stored == 3);
        CHECK((*out)[0].events_duplicate == 3);
        auto ev = db.events_for_rooms(std::vector<std::string>{"r1"}).value();
        REQUIRE(ev.size() == 3);
        CHECK(ev[2].dedup_key == store::fallback_dedup_key(e5));
    });
}

TEST_CASE("store: events come back in SPEC order with every field intact") {
    for_each_store([](store::store& db) {
        auto late = make_event(event_kind::leave, "r1", "u1", "c1", 100, "k-late");
        late.joined_at = from_unix_s(1760259600);
        late.display_name = "Ünïcode Ñame";
        late.email = "u1@example.com";
        late.who = role::teacher;
        late.room_alt = "RM_1";
        late.detail = R"({"reason":"CLIENT_INITIATED"})";
        late.unresolved = true;  // SPEC §11: a fallback identity and the keys an alias may name later
        append_key(late.keys, key_kind::email, "u1@example.com");
        append_key(late.keys, key_kind::name, "ünïcode ñame");
        auto early = make_event(event_kind::join, "r1", "u1", "c1", 0, "k-early");
        early.non_person = true;
        early.source = platform::bbb;
        auto other = make_event(event_kind::join, "r2", "u2", "c2", 50, "k-other");
        std::vector<store::ingest_item> batch{item("x", {late, other, early})};
        REQUIRE(db.ingest(batch).ok());
        auto ev = db.events_for_rooms(std::vector<std::string>{"r1", "r1"}).value();
        REQUIRE(ev.size() == 2);
        CHECK(ev[0] == early);
        CHECK(ev[1] == late);
        auto both = db.events_for_rooms(std::vector<std::string>{"r2", "r1"}).value();
        REQUIRE(both.size() == 3);
        CHECK(both[1] == other);
        auto room = db.get_room("r1").value();
        REQUIRE(room);
        CHECK(room->first_at == early.at);
        CHECK(room->last_at == late.at);
        CHECK(room->room_alt == "RM_1");
        CHECK_FALSE(db.get_room("nope").value());
    });
}

TEST_CASE("store: rejected payloads are counted and kept, never stored as events") {
    for_each_store([](store::store& db) {
        auto bad = item("tampered", {});
        bad.payload.rejected = errc::bad_signature;
        bad.payload.reject_message = "signature does not verify";
        std::vector<store::ingest_item> batch{bad, bad};
        auto out = db.ingest(batch);
        REQUIRE(out.ok());
        const auto st = db.stats().value();
        CHECK(st.rejected == 2);
        CHECK(st.rejected_payloads == 1);
        CHECK(st.payloads == 0);
        CHECK(st.events == 0);
    });
}

TEST_CASE("store: sessions round-trip with history, filters and ordering") {
    for_each_store([](store::store& db) {
        auto a = session("s-a", "t1", 2);
        a.history.push_back({session_status::unscheduled, session_status::scheduled, from_unix_s(1760000000), "schedule_set"});
        auto b = session("s-b", "t1", 1);
        auto c = session("s-c", "t2", 3);
        c.spec.teacher.reset();
        c.spec.students = {"日本"};
        auto d = session("s-d", "t1", 0);
        d.spec.scheduled_start.reset();
        d.spec.scheduled_end.reset();
        d.status = session_status::unscheduled;
        for (const auto* s : {&a, &b, &c, &d}) REQUIRE(db.insert_session(*s).ok());
        CHECK(db.insert_session(a).err().code == errc::already_exists);

        auto got = db.get_session("s-a").value();
        REQUIRE(got);
        CHECK(got->spec.teacher == a.spec.teacher);
        CHECK(got->spec.students == a.spec.students);
        CHECK(got->spec.scheduled_start == a.spec.scheduled_start);
        CHECK(got->spec.rate == rate_kind::per_hour);
        CHECK(got->spec.rate_minor == 1500);
        CHECK(got->spec.currency == "EUR");
        CHECK(got->history == a.history);
        CHECK(db.get_session("s-c").value()->spec.students == std::vector<std::string>{"日本"});
        CHECK_FALSE(db.get_session("s-c").value()->spec.teacher);
        CHECK_FALSE(db.get_session("zzz").value());

        store::session_filter all;
        auto list = db.list_sessions(all).value();
        REQUIRE(list.size() == 4);
        CHECK(list[0].spec.id == "s-b");
        CHECK(list[1].spec.id == "s-a");
        CHECK(list[2].spec.id == "s-c");
        CHECK(list[3].spec.id == "s-d");  // unscheduled last

        store::session_filter t1;
        t1.teacher = "t1";
        t1.from = from_unix_s(1760259600 + 3600);
        t1.to = from_unix_s(1760259600 + 3 * 3600);
        auto l1 = db.list_sessions(t1).value();
        REQUIRE(l1.size() == 2);
        CHECK(l1[0].spec.id == "s-b");
        CHECK(l1[1].spec.id == "s-a");

        store::session_filter st;
        st.status = session_status::unscheduled;
        CHECK(db.list_sessions(st).value().size() == 1);

        store::session_filter adhoc;
        adhoc.only_unscheduled = true;
        auto l2 = db.list_sessions(adhoc).value();
        REQUIRE(l2.size() == 1);
        CHECK(l2[0].spec.id == "s-d");
    });
}

TEST_CASE("store: a status change is compare-and-set and appends to the history") {
    for_each_store([](store::store& db) {
        REQUIRE(db.insert_session(session("s1", "t", 0)).ok());
        const status_change ready{session_status::scheduled, session_status::ready, from_unix_s(1760258700), "creation_window"};
        CHECK(db.record_transition("s1", ready).value());
        CHECK_FALSE(db.record_transition("s1", ready).value());  // stale `from`: nothing happens
        const status_change cancel{session_status::ready, session_status::cancelled, from_unix_s(1760258800), "host_action:cancel"};
        CHECK(db.record_transition("s1", cancel).value());
        auto got = db.get_session("s1").value();
        REQUIRE(got);
        CHECK(got->status == session_status::cancelled);
        CHECK(got->status_reason == "host_action:cancel");
        CHECK(got->history == std::vector<status_change>{ready, cancel});
        CHECK(db.record_transition("nope", ready).err().code == errc::not_found);
        store::session_filter open;
        open.only_open = true;
        CHECK(db.list_sessions(open).value().empty());
    });
}

TEST_CASE("store: a session is counted against its package exactly once") {
    for_each_store([](store::store& db) {
        REQUIRE(db.insert_session(session("s1", "t", 0)).ok());
        REQUIRE(db.insert_session(session("s2", "t", 1)).ok());
        CHECK(db.count_usage("s1", "pkg-1", from_unix_s(1)).value());
        CHECK_FALSE(db.count_usage("s1", "pkg-1", from_unix_s(2)).value());
        CHECK(db.count_usage("s2", "pkg-1", from_unix_s(3)).value());
        CHECK(db.usage("pkg-1").value().session_ids == std::vector<std::string>{"s1", "s2"});
        CHECK(db.usage("pkg-2").value().session_ids.empty());
        CHECK(db.count_usage("ghost", "pkg-1", from_unix_s(4)).err().code == errc::not_found);
        CHECK(db.stats().value().counted_sessions == 2);
    });
}

TEST_CASE("store: rooms link explicitly or by the naming convention") {
    for_each_store([](store::store& db) {
        REQUIRE(db.insert_session(session("1042", "t", 0)).ok());
        REQUIRE(db.insert_session(session("77", "t", 1)).ok());
        std::vector<store::ingest_item> batch{item("x", {
            make_event(event_kind::room_start, "academic_1042_1760259600", "", "", 0, "a"),
            make_event(event_kind::room_start, "quran_1042_1760259600", "", "", 0, "b"),  // other type
            make_event(event_kind::room_start, "free-room", "", "", 0, "c"),
        })};
        REQUIRE(db.ingest(batch).ok());
        CHECK(db.rooms_of_session("1042", "academic").value() == std::vector<std::string>{"academic_1042_1760259600"});
        // BigBlueButton: the host's name is the external meeting id, kept as room_alt.
        auto bbb = make_event(event_kind::join, "f48b191e-1774274121270", "u", "c", 0, "e");
        bbb.room_alt = "academic_77_1760263200";
        std::vector<store::ingest_item> b2{item("z", {bbb})};
        REQUIRE(db.ingest(b2).ok());
        CHECK(db.rooms_of_session("77", "academic").value() == std::vector<std::string>{"f48b191e-1774274121270"});
        REQUIRE(db.link_room("free-room", "1042").ok());
        REQUIRE(db.link_room("free-room", "1042").ok());  // idempotent
        REQUIRE(db.link_room("later-room", "1042").ok());  // before any event
        CHECK(db.link_room("free-room", "77").err().code == errc::already_exists);
        CHECK(db.link_room("x", "ghost").err().code == errc::not_found);
        CHECK(db.rooms_of_session("1042", "academic").value() ==
              std::vector<std::string>{"academic_1042_1760259600", "free-room", "later-room"});
        // An explicit link wins over the name.
        REQUIRE(db.link_room("academic_1042_1760259600", "77").ok());
        CHECK(db.rooms_of_session("77", "academic").value() ==
              std::vector<std::string>{"academic_1042_1760259600", "f48b191e-1774274121270"});
        CHECK(db.rooms_of_session("1042", "academic").value() == std::vector<std::string>{"free-room", "later-room"});
        CHECK(db.get_session("1042").value()->spec.rooms == std::vector<std::string>{"free-room", "later-room"});
        std::vector<store::ingest_item> later{item("y", {make_event(event_kind::join, "later-room", "u", "c", 5, "d")})};
        REQUIRE(db.ingest(later).ok());
        CHECK(db.get_room("later-room").value()->first_at == from_unix_s(1760259605));
    });
}

TEST_CASE("store: links round-trip and only their mutable state changes") {
    for_each_store([](store::store& db) {
        REQUIRE(db.insert_session(session("s1", "t", 0)).ok());
        store::link_record l;
        l.token = "tok-1";
        l.teacher = "t";
        l.student = "s";
        l.meeting_url = "https://meet.example.com/x";
        l.package = "pkg";
        l.rate = rate_kind::per_session;
        l.rate_minor = 900;
        l.currency = "USD";
        l.sent_at = from_unix_s(1000);
        l.session_id = "s1";
        REQUIRE(db.insert_link(l).ok());
        CHECK(db.insert_link(l).err().code == errc::already_exists);
        auto ghost = l;
        ghost.token = "tok-2";
        ghost.session_id = "nope";
        CHECK(db.insert_link(ghost).err().code == errc::not_found);
        auto got = db.get_link("tok-1").value();
        REQUIRE(got);
        CHECK(got->meeting_url == l.meeting_url);
        CHECK(got->session_id == l.session_id);
        CHECK(got->status == store::link_status::sent);
        CHECK(db.active_links().value().empty());

        auto changed = l;
        changed.student = "someone-else";  // not mutable: ignored
        changed.status = store::link_status::active;
        changed.clicked_at = changed.last_heartbeat = from_unix_s(2000);
        REQUIRE(db.update_link(changed).ok());
        auto active = db.active_links().value();
        REQUIRE(active.size() == 1);
        CHECK(active[0].student == "s");
        CHECK(active[0].clicked_at == from_unix_s(2000));
        changed.token = "missing";
        CHECK(db.update_link(changed).err().code == errc::not_found);
        CHECK(db.stats().value().links == 1);
        CHECK_FALSE(db.get_link("missing").value());

        // Every status reads back, the last one too (SPEC §6: expired, ended at its expiry).
        auto expired = l;
        expired.token = "tok-3";
        REQUIRE(db.insert_link(expired).ok());
        expired.status = store::link_status::expired;
        expired.ended_at = from_unix_s(1000 + 86400);
        REQUIRE(db.update_link(expired).ok());
        const auto back = db.get_link("tok-3").value();
        REQUIRE(back);
        CHECK(back->status == store::link_status::expired);
        CHECK(back->ended_at == from_unix_s(1000 + 86400));
    });
}

TEST_CASE("store: a room's sources are the payloads its events came from, in stored order, and its host events") {
    for_each_store([](store::store& db) {
        std::vector<store::ingest_item> batch{
            item("first", {make_event(event_kind::join, "r1", "u1", "c1", 0, "k1")}),
            item("elsewhere", {make_event(event_kind::join, "r2", "u2", "c2", 5, "k2")}),
            item("second", {make_event(event_kind::leave, "r1", "u1", "c1", 60, "k3"),
                            make_event(event_kind::join, "r2", "u3", "c3", 61, "k4")}),
            item("replayed", {make_event(event_kind::join, "r1", "u1", "c1", 0, "k1")}),  // never kept
        };
        batch[1].payload.source = platform::zoom;
        batch[1].payload.request_url = "https://hooks.example.test/zoom";
        store::ingest_item host;
        host.host_event = true;
        host.events = {make_event(event_kind::heartbeat, "r1", "u1", "tok", 30, "h1")};
        batch.push_back(host);
        REQUIRE(db.ingest(batch).ok());

        const auto r1 = db.sources_for_rooms(std::vector<std::string>{"r1", "r1"}).value();
        REQUIRE(r1.payloads.size() == 2);
        CHECK(r1.payloads[0].body == "first");
        CHECK(r1.payloads[1].body == "second");  // it also carries an event of r2
        CHECK(r1.payloads[0].headers_json == R"({"Authorization":"x"})");
        CHECK(r1.payloads[0].received_at == from_unix_s(1760259600));
        CHECK(r1.payloads[0].source == platform::livekit);
        REQUIRE(r1.host_events.size() == 1);
        CHECK(r1.host_events[0].kind == event_kind::heartbeat);
        CHECK(r1.host_events[0].connection == "tok");

        const auto both = db.sources_for_rooms(std::vector<std::string>{"r2", "r1"}).value();
        REQUIRE(both.payloads.size() == 3);
        CHECK(both.payloads[1].body == "elsewhere");
        CHECK(both.payloads[1].source == platform::zoom);
        CHECK(both.payloads[1].request_url == "https://hooks.example.test/zoom");
        CHECK(db.sources_for_rooms(std::vector<std::string>{"nowhere"}).value().payloads.empty());
    });
}

TEST_CASE("store: a failed transaction leaves nothing behind") {
    for_each_store([](store::store& db) {
        auto r = db.transaction([&]() -> result<void> {
            REQUIRE(db.insert_session(session("s1", "t", 0)).ok());
            std::vector<store::ingest_item> batch{item("x", {make_event(event_kind::join, "r", "u", "c", 0, "k")})};
            REQUIRE(db.ingest(batch).ok());
            return fail(errc::invalid_argument, "changed my mind");
        });
        CHECK(r.err().code == errc::invalid_argument);
        CHECK_FALSE(db.get_session("s1").value());
        CHECK(db.stats().value().events == 0);
        CHECK(db.stats().value().payloads == 0);
        CHECK_THROWS_AS(db.transaction([&]() -> result<void> {
            REQUIRE(db.insert_session(session("s2", "t", 0)).ok());
            throw std::runtime_error("boom");
        }),
                        std::runtime_error);
        CHECK_FALSE(db.get_session("s2").value());
        REQUIRE(db.transaction([&]() -> result<void> { return db.insert_session(session("s3", "t", 0)); }).ok());
        CHECK(db.get_session("s3").value());
    });
}

TEST_CASE("store: updating a spec keeps status and history and adds rooms") {
    for_each_store([](store::store& db) {
        auto s = session("s1", "t", 0);
        s.spec.rooms = {"r1"};
        REQUIRE(db.insert_session(s).ok());
        REQUIRE(db.record_transition("s1", {session_status::scheduled, session_status::ready, from_unix_s(5), "creation_window"}).value());
        auto spec = s.spec;
        spec.students = {"s9"};
        spec.rooms = {"r2"};
        spec.rate_minor = 2000;
        REQUIRE(db.update_session_spec(spec, from_unix_s(10)).ok());
        auto got = db.get_session("s1").value();
        REQUIRE(got);
        CHECK(got->status == session_status::ready);
        CHECK(got->history.size() == 1);
        CHECK(got->spec.students == std::vector<std::string>{"s9"});
        CHECK(got->spec.rate_minor == 2000);
        CHECK(got->spec.rooms == std::vector<std::string>{"r1", "r2"});
        CHECK(got->updated_at == from_unix_s(10));
        spec.id = "ghost";
        CHECK(db.update_session_spec(spec, from_unix_s(10)).err().code == errc::not_found);
    });
}

namespace {

event zoom_event(event_kind kind, std::string uuid, std::string numeric, std::string who, int at_s, std::string key) {
    event e = make_event(kind, std::move(uuid), who, who.empty() ? "" : who + "-c", at_s, std::move(key));
    e.source = platform::zoom;
    e.room_alt = std::move(numeric);
    return e;
}

}  // namespace

TEST_CASE("store: meetings link to many sessions and resolve to their instances by room_alt") {
    for_each_store([](store::store& db) {
        auto a = session("wk1", "t1", 0);
        a.spec.meetings = {"zoom:81187927959"};
        REQUIRE(db.insert_session(a).ok());
        REQUIRE(db.insert_session(session("wk2", "t1", 168)).ok());
        REQUIRE(db.link_meeting("zoom:81187927959", "wk2").ok());
        REQUIRE(db.link_meeting("zoom:81187927959", "wk2").ok());  // idempotent
        CHECK(db.link_meeting("zoom:81187927959", "nope").err().code == errc::not_found);
        CHECK(db.link_meeting("", "wk1").err().code == errc::invalid_argument);
        CHECK(db.sessions_of_meeting("zoom:81187927959").value() == std::vector<std::string>{"wk1", "wk2"});
        CHECK(db.sessions_of_meeting("zoom:1").value().empty());
        CHECK(db.get_session("wk1").value()->spec.meetings == std::vector<std::string>{"zoom:81187927959"});
        CHECK(db.get_session("wk2").value()->spec.meetings == std::vector<std::string>{"zoom:81187927959"});

        // Two instances; the second is first seen through an event without the numeric id (a report
        // page) and learns it from a later webhook.
        REQUIRE(db.ingest(std::vector{item("i1", {zoom_event(event_kind::room_start, "U1==", "81187927959", "", 0, "a"),
                                                  zoom_event(event_kind::join, "U1==", "81187927959", "T", 10, "b"),
                                                  zoom_event(event_kind::room_end, "U1==", "81187927959", "", 3000, "c")})})
                    .ok());
        REQUIRE(db.ingest(std::vector{item("i2", {zoom_event(event_kind::join, "U2==", "", "T", 604800, "d")})}).ok());
        CHECK(db.rooms_with_alt(platform::zoom, "81187927959").value().size() == 1);
        REQUIRE(db.ingest(std::vector{item("i3", {zoom_event(event_kind::leave, "U2==", "81187927959", "T", 604900, "e")})})
                    .ok());
        const auto rooms = db.rooms_with_alt(platform::zoom, "81187927959").value();
        REQUIRE(rooms.size() == 2);
        CHECK(rooms[0].room == "U1==");
        CHECK(rooms[0].first_at == from_unix_s(1760259600));
        CHECK(rooms[0].last_at == from_unix_s(1760259600 + 3000));
        CHECK(rooms[1].room == "U2==");
        CHECK(rooms[1].first_at == from_unix_s(1760259600 + 604800));
        CHECK(db.rooms_with_alt(platform::livekit, "81187927959").value().empty());
        CHECK(db.rooms_with_alt(platform::zoom, "").value().empty());
    });
}

TEST_CASE("store: rooms that ended without a report stored are due, once marked they are not") {
    for_each_store([](store::store& db) {
        REQUIRE(db.ingest(std::vector{item("i1", {zoom_event(event_kind::room_start, "U1==", "81187927959", "", 0, "a"),
                                                  zoom_event(event_kind::room_end, "U1==", "81187927959", "", 3000, "b"),
                                                  zoom_event(event_kind::room_start, "U2==", "81187927959", "", 100, "c"),
                                                  zoom_event(event_kind::room_end, "U2==", "81187927959", "", 2000, "d"),
                                                  zoom_event(event_kind::room_start, "U3==", "222333444", "", 100, "e")})})
                    .ok());
        const auto at = [](int s) { return from_unix_s(1760259600 + s); };
        CHECK(db.rooms_report_due(platform::zoom, at(1999)).value().empty());
        auto due = db.rooms_report_due(platform::zoom, at(3000)).value();
        REQUIRE(due.size() == 2);
        CHECK(due[0].room == "U2==");  // by end time
        CHECK(due[0].room_alt == "81187927959");
        CHECK(due[0].first_at == at(100));
        CHECK(due[0].last_at == at(2000));
        CHECK(due[1].room == "U1==");
        CHECK(db.rooms_report_due(platform::livekit, at(3000)).value().empty());
        REQUIRE(db.mark_report("U2==", at(4000)).ok());
        REQUIRE(db.mark_report("U2==", at(5000)).ok());  // idempotent
        due = db.rooms_report_due(platform::zoom, at(9000)).value();
        REQUIRE(due.size() == 1);
        CHECK(due[0].room == "U1==");
        CHECK(db.mark_report("", at(0)).err().code == errc::invalid_argument);
    });
}

TEST_CASE("store: aliases are stored once per (session, kind, value), listed in order, and removed") {
    for_each_store([](store::store& db) {
        const std::int64_t stamp0 = db.alias_stamp().value();
        CHECK(db.put_alias({"st-1", key_kind::email, "a@x.example", ""}).value());
        CHECK_FALSE(db.put_alias({"st-1", key_kind::email, "a@x.example", ""}).value());  // the same: no-op
        const std::int64_t stamp1 = db.alias_stamp().value();
        CHECK(stamp1 != stamp0);
        // Another person under the same key and scope: refused, nothing changes.
        auto clash = db.put_alias({"st-2", key_kind::email, "a@x.example", ""});
        REQUIRE_FALSE(clash.ok());
        CHECK(clash.err().code == errc::already_exists);
        CHECK(db.alias_stamp().value() == stamp1);
        // The same key in another scope, and another kind with the same value, are other rows.
        CHECK(db.put_alias({"st-2", key_kind::email, "a@x.example", "s1"}).value());
        CHECK(db.put_alias({"st-3", key_kind::name, "a@x.example", ""}).value());
        CHECK(db.put_alias({"st-1", key_kind::zoom_user_id, "Z1", ""}).value());
        CHECK(db.put_alias({"", key_kind::email, "b@x.example", ""}).err().code == errc::invalid_argument);

        const auto all = db.list_aliases({}).value();
        REQUIRE(all.size() == 4);
        CHECK(all[0] == alias{"st-1", key_kind::email, "a@x.example", ""});
        CHECK(all[1] == alias{"st-3", key_kind::name, "a@x.example", ""});
        CHECK(all[2] == alias{"st-1", key_kind::zoom_user_id, "Z1", ""});
        CHECK(all[3] == alias{"st-2", key_kind::email, "a@x.example", "s1"});
        store::alias_filter global;
        global.session = "";
        CHECK(db.list_aliases(global).value().size() == 3);
        store::alias_filter of_st1;
        of_st1.person = "st-1";
        CHECK(db.list_aliases(of_st1).value().size() == 2);

        CHECK(db.remove_alias(key_kind::email, "a@x.example", "s1").value());
        CHECK_FALSE(db.remove_alias(key_kind::email, "a@x.example", "s1").value());
        CHECK(db.alias_stamp().value() != stamp1);
        CHECK(db.list_aliases({}).value().size() == 3);
    });
}
