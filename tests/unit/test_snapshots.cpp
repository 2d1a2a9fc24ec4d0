// SPEC §3 step 3, snapshots: a room's connection list at T is evidence for every listed connection at
// T; an open connection of that room the list leaves out ends at its last evidence before T (reason
// `snapshot`, anomaly `snapshot_close`). Each test fails if its part of the rule breaks.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <utility>

#include "rollcall/result_json.hpp"
#include "support/timeline.hpp"

using namespace rollcall;
using namespace rollcall::test;

namespace {

using listed = std::vector<std::pair<std::string, std::string>>;  // (identity, connection)

/// The events a snapshot parser produces: the room-level marker and one evidence per listed connection.
std::vector<event> snapshot(instant t, const listed& conns, std::string room = "r1") {
    std::vector<event> out;
    auto marker = room_event(event_kind::snapshot, t, room);
    marker.source = platform::livekit;
    out.push_back(marker);
    for (const auto& [who, conn] : conns) out.push_back(person(event_kind::evidence, who, conn, t, room));
    return out;
}

std::vector<event> operator+(std::vector<event> a, const std::vector<event>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

session_result eval(const std::vector<event>& ev, instant now = at_min(180), session_spec spec = lesson()) {
    return evaluate_session(spec, ev, policy{}, now);
}

}  // namespace

TEST_CASE("snapshots: a lost leave is closed by the next snapshot that does not list the connection") {
    const std::vector<event> base{join("T", "t1", at_min(0)), leave("T", "t1", at_min(60)), join("S", "c1", at_min(0))};
    // Without snapshots the lost leave costs the stale rule: S is credited up to E.
    const auto without = eval(base);
    REQUIRE(who(without, "S").cycles.size() == 1);
    CHECK(who(without, "S").cycles[0].reason == closing_reason::stale);
    CHECK(seconds(who(without, "S").attended) == 3600);

    const auto r = eval(base + snapshot(at_min(10), {{"T", "t1"}, {"S", "c1"}}) + snapshot(at_min(11), {{"T", "t1"}}));
    const auto& s = who(r, "S");
    REQUIRE(s.cycles.size() == 1);
    CHECK(s.cycles[0].reason == closing_reason::snapshot);
    CHECK(s.cycles[0].end == at_min(10));  // its last evidence: the snapshot at 10 that listed it
    CHECK(seconds(s.attended) == 600);
    CHECK_FALSE(s.in_progress);
    CHECK(s.last_leave == at_min(10));
    REQUIRE(r.anomalies.size() == 1);
    CHECK(r.anomalies[0].name == "snapshot_close");
    CHECK(r.anomalies[0].at == at_min(10));
    CHECK(r.anomalies[0].connection == "c1");
    // The teacher, listed in both and closed by a leave, is untouched.
    CHECK(seconds(who(r, "T").attended) == 3600);
}

TEST_CASE("snapshots: the close applies before every other horizon, the room end and `now` included") {
    const std::vector<event> base{join("S", "c1", at_min(0)), room_event(event_kind::room_end, at_min(50))};
    const auto ended = eval(base + snapshot(at_min(20), {}));
    CHECK(who(ended, "S").cycles.at(0).reason == closing_reason::snapshot);
    CHECK(who(ended, "S").cycles.at(0).end == at_min(0));  // no evidence after the join
    // Still running (now before E): without the snapshot the row would be open up to now.
    const auto live = eval(std::vector<event>{join("S", "c1", at_min(0)), person(event_kind::evidence, "S", "c1", at_min(5))} +
                               snapshot(at_min(20), {}),
                           at_min(30));
    CHECK(who(live, "S").cycles.at(0).reason == closing_reason::snapshot);
    CHECK(who(live, "S").cycles.at(0).end == at_min(5));
    CHECK_FALSE(who(live, "S").in_progress);
}

TEST_CASE("snapshots: a listed connection is evidence at T and extends its presence") {
    // No schedule, no leave: the stale rule ends at the latest event of the room, here the snapshot.
    session_spec adhoc;
    adhoc.id = "adhoc";
    const std::vector<event> ev = std::vector<event>{join("S", "c1", at_min(0))} + snapshot(at_min(25), {{"S", "c1"}});
    const auto r = eval(ev, at_min(120), adhoc);
    CHECK(who(r, "S").cycles.at(0).reason == closing_reason::stale);
    CHECK(who(r, "S").cycles.at(0).end == at_min(25));
    // Scheduled and stale: max(E, last evidence), so a listing after E counts up to it.
    session_spec sched = lesson();
    sched.students = {"S"};
    policy p;
    p.clip_to_schedule = false;
    const auto r2 = evaluate_session(sched, std::vector<event>{join("S", "c1", at_min(0))} + snapshot(at_min(70), {{"S", "c1"}}),
                                     p, at_min(200));
    CHECK(who(r2, "S").cycles.at(0).end == at_min(70));
    CHECK(who(r2, "S").cycles.at(0).reason == closing_reason::stale);
}

TEST_CASE("snapshots: a connection that rejoins after the close starts anew") {
    const auto r = eval(std::vector<event>{join("S", "c1", at_min(0)), join("S", "c1", at_min(25)), leave("S", "c1", at_min(50))} +
                        snapshot(at_min(10), {{"S", "c1"}}) + snapshot(at_min(20), {}));
    const auto& s = who(r, "S");
    REQUIRE(s.cycles.size() == 2);
    CHECK(s.cycles[0].end == at_min(10));
    CHECK(s.cycles[0].reason == closing_reason::snapshot);
    CHECK(s.cycles[1].start == at_min(25));
    CHECK(s.cycles[1].reason == closing_reason::leave);
    CHECK(seconds(s.attended) == 600 + 1500);
}

TEST_CASE("snapshots: the late leave a snapshot stood in for credits nothing more and is no orphan") {
    const std::vector<event> base = std::vector<event>{join("S", "c1", at_min(0))} + snapshot(at_min(10), {{"S", "c1"}}) +
                                    snapshot(at_min(20), {});
    auto late = leave("S", "c1", at_min(30));
    auto r = eval(base + std::vector<event>{late});
    CHECK(seconds(who(r, "S").attended) == 600);
    CHECK(r.anomalies.size() == 1);  // snapshot_close only
    late.joined_at = at_min(0);      // LiveKit carries joinedAt: the same stay, already closed
    r = eval(base + std::vector<event>{late});
    CHECK(seconds(who(r, "S").attended) == 600);
    // A leave carrying a join after the snapshot is a new stay (a reconnect whose join was lost).
    auto after = leave("S", "c1", at_min(40));
    after.joined_at = at_min(25);
    r = eval(base + std::vector<event>{after});
    REQUIRE(who(r, "S").cycles.size() == 2);
    CHECK(seconds(who(r, "S").attended) == 600 + 900);
}

TEST_CASE("snapshots: what a snapshot does not close") {
    const std::vector<event> open{join("S", "c1", at_min(0)), leave("S", "c1", at_min(40))};
    const auto reference = session_result_json(eval(open));
    // Another room's snapshot.
    CHECK(session_result_json(eval(open + snapshot(at_min(20), {}, "r2"))) == reference);
    // A snapshot before the join, and one at the join's own instant (joined before T is required).
    CHECK(who(eval(open + snapshot(at_min(-5), {}) + snapshot(at_min(0), {})), "S").cycles.at(0).reason == closing_reason::leave);
    // A snapshot at the leave's instant: the leave ranks first, the connection is already closed.
    CHECK(who(eval(open + snapshot(at_min(40), {})), "S").cycles.at(0).reason == closing_reason::leave);
    // Any other evidence of the connection at T counts as being there at T.
    CHECK(who(eval(open + snapshot(at_min(20), {}) + std::vector<event>{person(event_kind::evidence, "S", "c1", at_min(20))}), "S")
              .cycles.at(0)
              .reason == closing_reason::leave);
    // A snapshot at or after the room end: the end bounds the room.
    const std::vector<event> ended{join("S", "c1", at_min(0)), room_event(event_kind::room_end, at_min(30))};
    CHECK(who(eval(ended + snapshot(at_min(30), {}) + snapshot(at_min(35), {})), "S").cycles.at(0).reason ==
          closing_reason::room_end);
    // A snapshot after `now` is not seen yet.
    const auto live = eval(std::vector<event>{join("S", "c1", at_min(0))} + snapshot(at_min(20), {}), at_min(15));
    CHECK(who(live, "S").cycles.at(0).reason == closing_reason::open);
    // Listing without a join credits nothing (no time without evidence of its start, SPEC §3.2).
    CHECK(seconds(who(eval(snapshot(at_min(10), {{"S", "c9"}}) + snapshot(at_min(20), {{"S", "c9"}})), "S").attended) == 0);
}

TEST_CASE("snapshots: permutations and duplicate snapshots give byte-identical results") {
    std::mt19937_64 rng(20261203);
    std::uniform_int_distribution<int> minute(-10, 90), len(0, 60), coin(0, 9), snaps(0, 5);
    session_spec spec = lesson();
    spec.students = {"S1", "S2"};
    int closed = 0;
    for (int timeline = 0; timeline < 200; ++timeline) {
        std::vector<event> ev;
        std::vector<std::pair<std::string, std::string>> all;
        std::vector<std::pair<int, int>> stays;
        for (const std::string who : {"T", "S1", "S2"}) {
            for (int k = 0; k < 2; ++k) {
                const std::string conn = who + "-c" + std::to_string(k);
                const int start = minute(rng), stop = start + len(rng);
                ev.push_back(join(who, conn, at_min(start)));
                if (coin(rng) < 6) ev.push_back(leave(who, conn, at_min(stop)));  // else the leave is lost
                all.emplace_back(who, conn);
                stays.emplace_back(start, stop);
            }
        }
        for (int n = snaps(rng); n > 0; --n) {
            const int t = minute(rng);
            listed list;
            for (std::size_t i = 0; i < all.size(); ++i)
                if (stays[i].first <= t && t <= stays[i].second && coin(rng) < 8) list.push_back(all[i]);
            ev = ev + snapshot(at_min(t), list, coin(rng) < 8 ? "r1" : "r2");
        }
        if (coin(rng) < 3) ev.push_back(room_event(event_kind::room_end, at_min(minute(rng) + 30)));
        const instant now = at_min(std::uniform_int_distribution<int>(0, 200)(rng));
        const auto result = evaluate_session(spec, ev, policy{}, now);
        for (const auto& p : result.participants)
            for (const auto& c : p.cycles) closed += c.reason == closing_reason::snapshot;
        const std::string reference = session_result_json(result);
        for (int perm = 0; perm < 8; ++perm) {
            auto shuffled = ev;
            std::shuffle(shuffled.begin(), shuffled.end(), rng);
            // The same snapshot ingested twice (marker and listings) is one snapshot.
            const std::size_t extra = std::uniform_int_distribution<std::size_t>(0, 4)(rng);
            for (std::size_t d = 0; d < extra; ++d) shuffled.push_back(shuffled[rng() % ev.size()]);
            std::shuffle(shuffled.begin(), shuffled.end(), rng);
            REQUIRE(session_result_json(evaluate_session(spec, shuffled, policy{}, now)) == reference);
        }
    }
    CHECK(closed > 20);  // the generator does exercise the rule
}
