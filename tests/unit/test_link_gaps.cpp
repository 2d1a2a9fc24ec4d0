// SPEC §3.3 rule 2, inside a tracked-link connection: two consecutive pieces of its evidence (the click,
// heartbeats, the end call) further apart than heartbeat_timeout_s (90 s by default) end the interval
// at the earlier one, reason `timeout`, and start a new one at the later one; bridging (reconnect grace
// 120 s) then treats the silence as any other gap. Lesson 09:00-10:00, minutes after S below.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "rollcall/result_json.hpp"
#include "support/timeline.hpp"

using namespace rollcall;
using namespace rollcall::test;

namespace {
session_result eval(const std::vector<event>& ev, instant now = at_min(180)) {
    return evaluate_session(lesson(), ev, policy{}, now);
}

event link_event(event_kind k, instant t) {
    auto e = person(k, "S", "tok-1", t);
    e.source = platform::link;
    return e;
}

/// A click at `from`, then a heartbeat every `every_s` seconds up to `to` (inclusive).
void beating(std::vector<event>& ev, std::int64_t from_s, std::int64_t to_s, std::int64_t every_s) {
    for (std::int64_t t = from_s + every_s; t <= to_s; t += every_s) ev.push_back(link_event(event_kind::heartbeat, at_s(t)));
}
}  // namespace

TEST_CASE("link gaps: a silence longer than the heartbeat timeout splits the stay; beyond the grace, two cycles") {
    std::vector<event> ev{link_event(event_kind::join, at_min(0))};
    beating(ev, 0, 20 * 60, 30);                               // 09:00-09:20 alive
    beating(ev, 25 * 60 - 30, 45 * 60, 30);                    // silent 09:20-09:25, alive 09:25-09:45
    ev.push_back(link_event(event_kind::leave, at_s(45 * 60 + 30)));  // the page closes at 09:45:30
    auto r = eval(ev);
    const auto& s = who(r, "S");
    CHECK(seconds(s.attended) == 1200 + 1230);
    CHECK(seconds(s.raw_connected) == 2430);
    CHECK(seconds(s.bridged) == 0);
    REQUIRE(s.cycles.size() == 2);
    CHECK(s.cycles[0].end == at_min(20));
    CHECK(s.cycles[1].start == at_min(25));
    CHECK(s.last_leave == at_s(45 * 60 + 30));
}

TEST_CASE("link gaps: a silence longer than the timeout but within the grace is bridged") {
    std::vector<event> ev{link_event(event_kind::join, at_min(0))};
    beating(ev, 0, 20 * 60, 30);
    beating(ev, 20 * 60 + 80, 60 * 60, 30);  // the next beat at 20:110 s: 110 s > 90 s, ≤ 120 s
    ev.push_back(link_event(event_kind::leave, at_min(60)));
    auto r = eval(ev);
    const auto& s = who(r, "S");
    CHECK(seconds(s.bridged) == 110);
    CHECK(seconds(s.raw_connected) == 3600 - 110);
    CHECK(seconds(s.attended) == 3600);
    CHECK(s.cycles.size() == 1);
}

TEST_CASE("link gaps: beats exactly heartbeat_timeout_s apart keep one interval") {
    std::vector<event> ev{link_event(event_kind::join, at_min(0))};
    beating(ev, 0, 60 * 60, 90);
    auto r = eval(ev);
    CHECK(seconds(who(r, "S").raw_connected) == 3600);
    CHECK(seconds(who(r, "S").bridged) == 0);
}

TEST_CASE("link gaps: a second click after a silence starts anew; the end call after a silence is a zero-length stay") {
    std::vector<event> ev{link_event(event_kind::join, at_min(0)), link_event(event_kind::heartbeat, at_min(1)),
                          link_event(event_kind::join, at_min(10)), link_event(event_kind::heartbeat, at_min(11)),
                          link_event(event_kind::leave, at_min(30))};
    auto r = eval(ev);
    const auto& s = who(r, "S");
    // 00:00-01:00 (timeout), 10:00-11:00 (timeout), [30:00, 30:00] (the end call alone).
    CHECK(seconds(s.raw_connected) == 120);
    CHECK(s.cycles.size() == 3);
    CHECK(s.last_leave == at_min(30));
}

TEST_CASE("link gaps: other platforms' connections are not held to heartbeats") {
    auto r = eval({join("S", "c1", at_min(0)), leave("S", "c1", at_min(60))});
    CHECK(seconds(who(r, "S").attended) == 3600);
}

TEST_CASE("link gaps: the result does not depend on the order of the events") {
    std::vector<event> ev{link_event(event_kind::join, at_min(0))};
    beating(ev, 0, 20 * 60, 30);
    beating(ev, 25 * 60 - 30, 45 * 60, 30);
    ev.push_back(link_event(event_kind::leave, at_s(45 * 60 + 30)));
    const std::string expected = session_result_json(eval(ev));
    std::mt19937 rng(7);
    for (int i = 0; i < 8; ++i) {
        std::shuffle(ev.begin(), ev.end(), rng);
        CHECK(session_result_json(eval(ev)) == expected);
    }
}
