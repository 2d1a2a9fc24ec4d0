// SPEC §3.1: a leave at the join's own instant gives a zero-length interval, evidence of presence at
// that instant. It takes part in the union (§3.4) and in bridging (§3.5) but adds no length of its own.
// Lesson 09:00-10:00 (minutes after S below), default policy: grace 120 s, late grace 300 s.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "rollcall/result_json.hpp"
#include "support/timeline.hpp"

using namespace rollcall;
using namespace rollcall::test;

namespace {
session_result eval(const std::vector<event>& ev, instant now = at_min(180), session_spec spec = lesson(),
                    policy p = {}) {
    return evaluate_session(spec, ev, p, now);
}

event leave_carrying(std::string who, std::string conn, instant t, instant joined) {
    auto l = leave(std::move(who), std::move(conn), t);
    l.joined_at = joined;
    return l;
}

/// The teacher for the whole hour, and a student whose first attempt fails at 4:00 (join and leave at
/// the same instant) and who rejoins on a new connection at 5:30, 90 s later, until the end.
std::vector<event> failed_first_attempt() {
    return {join("T", "t1", at_min(0)),     leave("T", "t1", at_min(60)), join("S", "s1", at_min(4)),
            leave("S", "s1", at_min(4)),    join("S", "s2", at_s(330)),   leave("S", "s2", at_min(60))};
}
}  // namespace

TEST_CASE("cycles: zero-length, a failed first attempt bridges to a rejoin within the grace") {
    auto r = eval(failed_first_attempt());
    const auto& s = who(r, "S");
    CHECK(s.first_join == at_min(4));          // the failed attempt is the first evidence of presence
    CHECK(s.last_leave == at_min(60));
    CHECK(seconds(s.raw_connected) == 3270);   // 0 + (60:00 - 5:30); the attempt adds no length
    CHECK(seconds(s.bridged) == 90);           // 4:00 -> 5:30
    CHECK(seconds(s.attended) == 3360);        // 4:00 -> 60:00
    CHECK(seconds(s.late) == 240);             // within late_grace_s
    CHECK(s.status == attendance_status::present);
    REQUIRE(s.cycles.size() == 1);
    CHECK(s.cycles[0].start == at_min(4));
    CHECK(s.cycles[0].bridged == milliseconds{90'000});
    CHECK(s.connections == 2);
    CHECK(r.billing.billable_s == 3360);
    CHECK(r.anomalies.empty());
}

TEST_CASE("cycles: zero-length, the rejoin may be on the same connection") {
    auto r = eval({join("S", "s1", at_min(4)), leave("S", "s1", at_min(4)), join("S", "s1", at_s(330)), leave("S", "s1", at_min(60))});
    const auto& s = who(r, "S");
    CHECK(s.first_join == at_min(4));
    CHECK(seconds(s.bridged) == 90);
    CHECK(seconds(s.attended) == 3360);
    CHECK(s.connections == 1);
}

TEST_CASE("cycles: zero-length alone is one cycle of length 0") {
    auto r = eval({join("S", "s1", at_min(5)), leave("S", "s1", at_min(5))});
    const auto& s = who(r, "S");
    REQUIRE(s.cycles.size() == 1);
    CHECK(s.cycles[0].start == at_min(5));
    CHECK(s.cycles[0].end == at_min(5));
    CHECK(s.cycles[0].reason == closing_reason::leave);
    CHECK(s.cycles[0].bridged == milliseconds{0});
    CHECK(s.first_join == at_min(5));
    CHECK(s.last_leave == at_min(5));
    CHECK(seconds(s.attended) == 0);
    CHECK(seconds(s.raw_connected) == 0);
    CHECK(seconds(s.late) == 300);
    CHECK(s.status == attendance_status::absent);  // A < min_presence_s
    CHECK(r.anomalies.empty());
    // The JSON form says the same: one cycle, listed with start == end.
    const auto json = session_result_json(r);
    CHECK(json.find(R"("cycles":1,"first_join":"2025-10-12T09:05:00Z","last_leave":"2025-10-12T09:05:00Z")") != std::string::npos);
    CHECK(json.find(R"("cycle_list":[{"start":"2025-10-12T09:05:00Z","end":"2025-10-12T09:05:00Z","reason":"leave","bridged_s":0}])") !=
          std::string::npos);
}

TEST_CASE("cycles: zero-length outside the grace starts a cycle of its own") {
    // 5:00 -> 7:01 is 121 s, one more than the grace.
    auto r = eval({join("S", "s1", at_min(5)), leave("S", "s1", at_min(5)), join("S", "s2", at_s(421)), leave("S", "s2", at_min(60))});
    const auto& s = who(r, "S");
    REQUIRE(s.cycles.size() == 2);
    CHECK(s.cycles[0].start == at_min(5));
    CHECK(s.cycles[0].end == at_min(5));
    CHECK(s.cycles[1].start == at_s(421));
    CHECK(s.first_join == at_min(5));
    CHECK(seconds(s.bridged) == 0);
    CHECK(seconds(s.attended) == 3600 - 421);
    CHECK(seconds(s.late) == 300);                // first_join is the zero-length cycle's instant
    CHECK(s.status == attendance_status::present);  // 300 s late is within late_grace_s
}

TEST_CASE("cycles: zero-length inside another connection's interval changes nothing") {
    const std::vector<event> base{join("S", "laptop", at_min(0)), leave("S", "laptop", at_min(30)), join("S", "laptop", at_min(31)),
                                  leave("S", "laptop", at_min(60))};
    auto with = base;
    with.push_back(join("S", "phone", at_min(10)));
    with.push_back(leave("S", "phone", at_min(10)));
    const auto a = who(eval(base), "S");
    const auto b = who(eval(with), "S");
    CHECK(b.cycles == a.cycles);
    CHECK(b.attended == a.attended);
    CHECK(b.raw_connected == a.raw_connected);
    CHECK(b.bridged == a.bridged);
    CHECK(b.first_join == a.first_join);
    CHECK(b.connections == 2);
}

TEST_CASE("cycles: zero-length intervals chain gaps that are each within the grace") {
    // 19:00 -> 20:00 (zero-length) -> 21:30: two gaps of 60 s and 90 s, 150 s in all.
    auto r = eval({join("S", "a", at_min(0)), leave("S", "a", at_min(19)), join("S", "b", at_min(20)), leave("S", "b", at_min(20)),
                   join("S", "c", at_s(1290)), leave("S", "c", at_min(60))});
    const auto& s = who(r, "S");
    CHECK(s.cycles.size() == 1);
    CHECK(seconds(s.bridged) == 150);
    CHECK(seconds(s.attended) == 3600);
    CHECK(s.status == attendance_status::present);
}

TEST_CASE("cycles: zero-length, a leave carrying its join time at its own instant") {
    auto r = eval({leave_carrying("S", "s1", at_min(4), at_min(4)), join("S", "s2", at_s(330)), leave("S", "s2", at_min(60))});
    const auto& s = who(r, "S");
    CHECK(s.first_join == at_min(4));
    CHECK(seconds(s.bridged) == 90);
    CHECK(seconds(s.attended) == 3360);
    CHECK(r.anomalies.empty());  // it carries its join: no orphan
}

TEST_CASE("cycles: zero-length before the schedule is bridged into it, only the gap inside the window counts") {
    // A failed attempt 30 s before S, the rejoin 60 s after S: the 90 s gap is bridged, 60 s of it inside.
    auto r = eval({join("S", "s1", at_s(-30)), leave("S", "s1", at_s(-30)), join("S", "s2", at_min(1)), leave("S", "s2", at_min(60))});
    const auto& s = who(r, "S");
    REQUIRE(s.cycles.size() == 1);
    CHECK(s.cycles[0].start == at_s(-30));
    CHECK(s.cycles[0].bridged == milliseconds{90'000});  // the cycle's own gap, unclipped
    CHECK(seconds(s.bridged) == 60);
    CHECK(seconds(s.attended) == 3600);
    CHECK(s.first_join == at_s(-30));  // unclipped
    CHECK(seconds(s.late) == 0);
    CHECK(s.status == attendance_status::present);
}

TEST_CASE("cycles: zero-length outside the schedule alone is listed but adds nothing") {
    auto r = eval({join("S", "s1", at_min(-10)), leave("S", "s1", at_min(-10))});
    const auto& s = who(r, "S");
    CHECK(s.cycles.size() == 1);
    CHECK(seconds(s.attended) == 0);
    CHECK(s.first_join == at_min(-10));
    CHECK(seconds(s.late) == 0);
}

TEST_CASE("cycles: zero-length at the room end's instant pairs with it and bridges to the room end") {
    // By the tie order (SPEC §2) a join at R comes before the room end at R: it is presence at R, which
    // the horizon (§3.3: R >= join) closes at R. Only a join strictly after R starts nothing.
    auto r = eval({room_event(event_kind::room_end, at_min(30)), join("S", "a", at_min(0)), leave("S", "a", at_s(1710)),
                   join("S", "b", at_min(30))});
    const auto& s = who(r, "S");
    REQUIRE(s.cycles.size() == 1);
    CHECK(s.cycles[0].end == at_min(30));
    CHECK(s.cycles[0].reason == closing_reason::room_end);
    CHECK(seconds(s.bridged) == 90);
    CHECK(seconds(s.attended) == 1800);
    CHECK(r.anomalies.empty());
    SUBCASE("its later leave is clamped to R, and is no orphan") {
        auto r2 = eval({room_event(event_kind::room_end, at_min(30)), join("S", "a", at_min(0)), leave("S", "a", at_s(1710)),
                        join("S", "b", at_min(30)), leave("S", "b", at_min(40))});
        CHECK(seconds(who(r2, "S").attended) == 1800);
        CHECK(who(r2, "S").cycles.at(0).reason == closing_reason::room_end);
        CHECK(r2.anomalies.empty());
    }
    SUBCASE("a leave carrying a join time equal to R likewise") {
        auto r3 = eval({room_event(event_kind::room_end, at_min(30)), join("S", "a", at_min(0)), leave("S", "a", at_s(1710)),
                        leave_carrying("S", "b", at_min(40), at_min(30))});
        CHECK(seconds(who(r3, "S").attended) == 1800);
        CHECK(r3.anomalies.empty());
    }
}

TEST_CASE("cycles: zero-length, co-presence bills the bridged gaps of teacher and student") {
    // Teacher 0-19, a failed attempt at 20:00, back at 21:30 until 60: one cycle 0-60 (150 s bridged).
    // Student fails at 10:00, back at 11:40 until 60: one cycle 10-60 (100 s bridged).
    auto r = eval({join("T", "t1", at_min(0)), leave("T", "t1", at_min(19)), join("T", "t2", at_min(20)), leave("T", "t2", at_min(20)),
                   join("T", "t3", at_s(1290)), leave("T", "t3", at_min(60)), join("S", "s1", at_min(10)), leave("S", "s1", at_min(10)),
                   join("S", "s2", at_s(700)), leave("S", "s2", at_min(60))});
    CHECK(seconds(who(r, "T").attended) == 3600);
    CHECK(seconds(who(r, "S").attended) == 3000);
    CHECK(r.billing.basis == billable_basis::co_presence);
    CHECK(r.billing.billable_s == 3000);  // [0, 60) ∩ [10, 60)
    CHECK(r.status == session_status::completed);
}

TEST_CASE("cycles: zero-length, any order and duplicates give the same result") {
    const auto ev = failed_first_attempt();
    const std::string reference = session_result_json(eval(ev));
    std::mt19937_64 rng(11);
    for (int round = 0; round < 50; ++round) {
        auto shuffled = ev;
        // Duplicate the zero-length pair (and one other event) before shuffling.
        shuffled.push_back(ev[2]);
        shuffled.push_back(ev[3]);
        shuffled.push_back(ev[static_cast<std::size_t>(rng() % ev.size())]);
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        CAPTURE(round);
        const auto r = eval(shuffled);
        REQUIRE(session_result_json(r) == reference);
        CHECK(who(r, "S").first_join == at_min(4));
        CHECK(seconds(who(r, "S").bridged) == 90);
    }
}
