// SPEC §3: from events to attended time. One test per rule; each fails if its rule breaks.
#include <doctest/doctest.h>

#include "support/timeline.hpp"

using namespace rollcall;
using namespace rollcall::test;

namespace {
session_result eval(const std::vector<event>& ev, instant now = at_min(180), session_spec spec = lesson(),
                    policy p = {}) {
    return evaluate_session(spec, ev, p, now);
}
}  // namespace

TEST_CASE("cycles: a join is closed by the first leave at or after it") {
    auto r = eval({join("S", "c1", at_min(0)), leave("S", "c1", at_min(20)), leave("S", "c1", at_min(40))});
    CHECK(seconds(who(r, "S").attended) == 1200);
    CHECK(who(r, "S").cycles.size() == 1);
    CHECK(who(r, "S").cycles[0].reason == closing_reason::leave);
}

TEST_CASE("cycles: a second join on an open connection closes the open interval and continues") {
    auto r = eval({join("S", "c1", at_min(0)), join("S", "c1", at_min(10)), leave("S", "c1", at_min(30))});
    CHECK(seconds(who(r, "S").attended) == 1800);
    CHECK(seconds(who(r, "S").raw_connected) == 1800);
    CHECK(who(r, "S").cycles.size() == 1);
}

TEST_CASE("cycles: room end bounds the room: late leaves clamp to R, joins after R start nothing") {
    auto r = eval({room_event(event_kind::room_end, at_min(30)), join("S", "c1", at_min(0)), leave("S", "c1", at_min(50)),
                   join("S", "c2", at_min(35)), leave("S", "c2", at_min(45))});
    const auto& s = who(r, "S");
    CHECK(seconds(s.attended) == 1800);
    CHECK(s.cycles.back().reason == closing_reason::room_end);
    REQUIRE(r.anomalies.size() == 1);
    CHECK(r.anomalies[0].name == "join_after_room_end");
}

TEST_CASE("cycles: a join exactly at the room end is presence at that instant only") {
    // The join ranks before the room end at the same instant (SPEC §2) and the horizon is R >= join
    // (§3.3): a zero-length interval at R. Only a join strictly after R starts nothing.
    auto r = eval({room_event(event_kind::room_end, at_min(30)), join("S", "c1", at_min(30))});
    CHECK(seconds(who(r, "S").attended) == 0);
    REQUIRE(who(r, "S").cycles.size() == 1);
    CHECK(who(r, "S").cycles[0].start == at_min(30));
    CHECK(who(r, "S").cycles[0].end == at_min(30));
    CHECK(who(r, "S").cycles[0].reason == closing_reason::room_end);
    CHECK(r.anomalies.empty());
}

TEST_CASE("cycles: a second join exactly at the room end keeps the room end as the closing reason") {
    auto r = eval({room_event(event_kind::room_end, at_min(30)), join("S", "c1", at_min(0)), join("S", "c1", at_min(30))});
    REQUIRE(who(r, "S").cycles.size() == 1);
    CHECK(seconds(who(r, "S").attended) == 1800);
    CHECK(who(r, "S").cycles[0].reason == closing_reason::room_end);
    CHECK(r.anomalies.empty());
}

TEST_CASE("cycles: a leave without join uses the join time it carries") {
    auto l = leave("S", "c1", at_min(50));
    l.joined_at = at_min(2);
    auto r = eval({l});
    CHECK(seconds(who(r, "S").attended) == 48 * 60);
    CHECK(who(r, "S").first_join == at_min(2));
    CHECK(r.anomalies.empty());
}

TEST_CASE("cycles: a leave without any join time is ignored and reported as orphan_leave") {
    auto r = eval({leave("S", "c1", at_min(50))});
    CHECK(seconds(who(r, "S").attended) == 0);
    REQUIRE(r.anomalies.size() == 1);
    CHECK(r.anomalies[0].name == "orphan_leave");
    CHECK(r.anomalies[0].connection == "c1");
}

TEST_CASE("cycles: a carried join time after the leave is rejected, not credited") {
    auto l = leave("S", "c1", at_min(10));
    l.joined_at = at_min(20);
    auto r = eval({l});
    CHECK(seconds(who(r, "S").attended) == 0);
    CHECK(r.anomalies.at(0).name == "leave_before_join");
}

TEST_CASE("cycles: horizon 1, an open connection ends at the room end") {
    auto r = eval({join("S", "c1", at_min(0)), room_event(event_kind::room_end, at_min(40))});
    CHECK(seconds(who(r, "S").attended) == 2400);
    CHECK(who(r, "S").cycles[0].reason == closing_reason::room_end);
    CHECK_FALSE(who(r, "S").in_progress);
}

TEST_CASE("cycles: horizon 2, a link connection ends at its last heartbeat after the timeout") {
    std::vector<event> ev{join("S", "tok", at_min(0))};
    for (int i = 1; i <= 20; ++i) ev.push_back(heartbeat("S", "tok", at_s(i * 30)));  // until 10:00
    SUBCASE("silent longer than heartbeat_timeout_s: timeout at the last heartbeat") {
        auto r = eval(ev, at_s(600 + 91));
        CHECK(seconds(who(r, "S").attended) == 600);
        CHECK(who(r, "S").cycles[0].reason == closing_reason::timeout);
        CHECK(who(r, "S").last_leave == at_s(600));
    }
    SUBCASE("silent exactly heartbeat_timeout_s: still open, counted up to now") {
        auto r = eval(ev, at_s(600 + 90));
        CHECK(seconds(who(r, "S").attended) == 690);
        CHECK(who(r, "S").in_progress);
        CHECK_FALSE(who(r, "S").last_leave.has_value());
    }
}

TEST_CASE("cycles: horizon 3, with a schedule an open connection is open until E + stale_after_s") {
    std::vector<event> ev{join("S", "c1", at_min(0)), person(event_kind::evidence, "S", "c1", at_min(70))};
    SUBCASE("before E + stale: counted up to now, in progress") {
        auto r = eval(ev, at_min(89));
        CHECK(who(r, "S").in_progress);
        CHECK(seconds(who(r, "S").attended) == 3600);  // clipped to the schedule
        CHECK(r.anomalies.empty());
    }
    SUBCASE("at E + stale: closed at max(E, last evidence of the connection)") {
        auto r = eval(ev, at_min(90));
        CHECK_FALSE(who(r, "S").in_progress);
        CHECK(who(r, "S").cycles[0].reason == closing_reason::stale);
        CHECK(who(r, "S").cycles[0].end == at_min(70));
        CHECK(r.anomalies.at(0).name == "stale_close");
    }
    SUBCASE("no evidence after E: closed at E") {
        auto r = eval({join("S", "c1", at_min(0))}, at_min(95));
        CHECK(who(r, "S").cycles[0].end == at_min(60));
    }
}

TEST_CASE("cycles: horizon 4, without a schedule the room's latest event decides") {
    session_spec adhoc;
    adhoc.id = "adhoc";
    std::vector<event> ev{join("S", "c1", at_min(0)), join("G", "g1", at_min(5)), leave("G", "g1", at_min(20))};
    SUBCASE("quiet for less than stale_after_s: open up to now") {
        auto r = eval(ev, at_min(49), adhoc);
        CHECK(who(r, "S").in_progress);
        CHECK(seconds(who(r, "S").attended) == 49 * 60);
    }
    SUBCASE("quiet for stale_after_s: closed at the room's latest event") {
        auto r = eval(ev, at_min(50), adhoc);
        CHECK(who(r, "S").cycles[0].reason == closing_reason::stale);
        CHECK(who(r, "S").cycles[0].end == at_min(20));
        CHECK(seconds(who(r, "S").attended) == 1200);
    }
}

TEST_CASE("cycles: devices are united, raw connected time is the plain sum") {
    auto r = eval({join("S", "laptop", at_min(0)), leave("S", "laptop", at_min(60)), join("S", "phone", at_min(10)),
                   leave("S", "phone", at_min(40))});
    CHECK(seconds(who(r, "S").attended) == 3600);
    CHECK(seconds(who(r, "S").raw_connected) == 5400);
    CHECK(who(r, "S").connections == 2);
}

TEST_CASE("cycles: a gap equal to the grace is bridged, one second more starts a new cycle") {
    policy p;
    p.reconnect_grace_s = 120;
    SUBCASE("gap == grace") {
        auto r = eval({join("S", "a", at_s(0)), leave("S", "a", at_s(600)), join("S", "b", at_s(720)), leave("S", "b", at_s(1200))},
                      at_min(180), lesson(), p);
        CHECK(who(r, "S").cycles.size() == 1);
        CHECK(seconds(who(r, "S").bridged) == 120);
        CHECK(seconds(who(r, "S").attended) == 1200);
    }
    SUBCASE("gap == grace + 1 s") {
        auto r = eval({join("S", "a", at_s(0)), leave("S", "a", at_s(600)), join("S", "b", at_s(721)), leave("S", "b", at_s(1200))},
                      at_min(180), lesson(), p);
        CHECK(who(r, "S").cycles.size() == 2);
        CHECK(seconds(who(r, "S").bridged) == 0);
        CHECK(seconds(who(r, "S").attended) == 1079);
    }
}

TEST_CASE("cycles: attended time is clipped to the schedule; first join and last leave are not") {
    auto r = eval({join("S", "c1", at_min(-10)), leave("S", "c1", at_min(70))});
    CHECK(seconds(who(r, "S").attended) == 3600);
    CHECK(who(r, "S").first_join == at_min(-10));
    CHECK(who(r, "S").last_leave == at_min(70));
    SUBCASE("clip_to_schedule off") {
        policy p;
        p.clip_to_schedule = false;
        auto r2 = eval({join("S", "c1", at_min(-10)), leave("S", "c1", at_min(70))}, at_min(180), lesson(), p);
        CHECK(seconds(who(r2, "S").attended) == 4800);
    }
}

TEST_CASE("cycles: a session crossing midnight is one continuous cycle") {
    session_spec s = lesson();
    s.scheduled_start = from_unix_ms(1760313600000 - 1800000);  // 2025-10-12T23:30Z
    s.scheduled_end = from_unix_ms(1760313600000 + 1800000);    // 2025-10-13T00:30Z
    auto r = evaluate_session(s, std::vector<event>{join("S", "c1", *s.scheduled_start), leave("S", "c1", *s.scheduled_end)},
                              policy{}, *s.scheduled_end + std::chrono::hours{2});
    CHECK(seconds(who(r, "S").attended) == 3600);
    CHECK(who(r, "S").cycles.size() == 1);
}

TEST_CASE("cycles: events after now are not seen") {
    auto r = eval({join("S", "c1", at_min(0)), leave("S", "c1", at_min(50))}, at_min(30));
    CHECK(seconds(who(r, "S").attended) == 1800);
    CHECK(who(r, "S").in_progress);
}

TEST_CASE("cycles: identical facts and identical dedup keys count once") {
    auto a = join("S", "c1", at_min(0));
    a.dedup_key = "EV_1";
    auto a2 = a;
    a2.at = at_min(1);  // a retried webhook with the same id is the same event, whatever it says
    auto r = eval({a, a, a2, leave("S", "c1", at_min(30)), leave("S", "c1", at_min(30))});
    CHECK(seconds(who(r, "S").attended) == 1800);
    CHECK(who(r, "S").first_join == at_min(0));
}

TEST_CASE("cycles: recorders and agents are reported apart and never counted") {
    auto bot = join("EG_1", "EG_1", at_min(0));
    bot.non_person = true;
    auto r = eval({bot, join("S", "c1", at_min(0)), leave("S", "c1", at_min(60))});
    CHECK(r.find("EG_1") == nullptr);
    REQUIRE(r.non_persons.size() == 1);
    CHECK(r.non_persons[0].identity == "EG_1");
}

TEST_CASE("cycles: only the linked rooms count when the session names them") {
    session_spec s = lesson();
    s.rooms = {"r1"};
    auto r = evaluate_session(s, std::vector<event>{join("S", "c1", at_min(0), "r1"), leave("S", "c1", at_min(10), "r1"),
                                                    join("S", "c2", at_min(20), "other"), leave("S", "c2", at_min(50), "other")},
                              policy{}, at_min(180));
    CHECK(seconds(who(r, "S").attended) == 600);
}

TEST_CASE("cycles: the compact engine works on shuffled input with reusable buffers") {
    cycle_engine engine;
    cycle_output out;
    std::vector<room_facts> rooms{{}};
    cycle_params p;
    p.now = 10'000'000;
    std::vector<signal> sig{{1000, no_time, 0, 0, 0, event_kind::join, false},
                            {500'000, no_time, 0, 0, 0, event_kind::leave, false},
                            {0, no_time, 1, 1, 0, event_kind::join, false},
                            {100'000, no_time, 1, 1, 0, event_kind::leave, false}};
    std::swap(sig[0], sig[1]);
    for (int round = 0; round < 2; ++round) {
        engine.run(sig, rooms, 2, 2, p, out);
        REQUIRE(out.identities.size() == 2);
        CHECK(out.identities[0].attended == 499'000);
        CHECK(out.identities[1].attended == 100'000);
    }
}
