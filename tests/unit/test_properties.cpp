// SPEC §2: results are a pure function of the event *set*: any permutation, with any duplicates
// injected, gives byte-identical results. Seeded, so a failure reproduces.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "rollcall/result_json.hpp"
#include "support/timeline.hpp"

using namespace rollcall;
using namespace rollcall::test;

namespace {

/// A random but realistic timeline: a few identities, 1-3 connections each, joins/leaves with gaps
/// around the grace, lost leaves, orphan leaves, leaves carrying join times, evidence, heartbeats and
/// sometimes a room end.
std::vector<event> random_timeline(std::mt19937_64& rng) {
    std::uniform_int_distribution<int> people(1, 4), conns(1, 3), minute(-20, 90), len(0, 50), coin(0, 9);
    std::vector<event> ev;
    const int n = people(rng);
    for (int i = 0; i < n; ++i) {
        const std::string who = i == 0 ? "T" : "S" + std::to_string(i);
        const int c = conns(rng);
        for (int k = 0; k < c; ++k) {
            const std::string conn = who + "-c" + std::to_string(k);
            const int start = minute(rng), stop = start + len(rng);
            const int roll = coin(rng);
            if (roll != 0) ev.push_back(join(who, conn, at_min(start)));
            if (roll == 1) continue;  // the leave never arrives
            auto l = leave(who, conn, at_min(stop));
            if (roll == 0 && coin(rng) < 5) l.joined_at = at_min(start);  // leave-only, carries its join
            ev.push_back(l);
            if (coin(rng) < 3) ev.push_back(person(event_kind::evidence, who, conn, at_min(start + 1)));
            if (coin(rng) < 2) {
                auto h = heartbeat(who, conn, at_min(start + 2));
                ev.push_back(h);
            }
        }
    }
    if (coin(rng) < 3) ev.push_back(room_event(event_kind::room_end, at_min(minute(rng) + 30)));
    if (coin(rng) < 3) ev.push_back(room_event(event_kind::room_start, at_min(minute(rng))));
    return ev;
}

}  // namespace

TEST_CASE("properties: permutations and duplicates give byte-identical results") {
    std::mt19937_64 rng(20251012);
    session_spec spec = lesson();
    spec.students = {"S1", "S2", "S3"};
    int checked = 0;
    for (int timeline = 0; timeline < 300; ++timeline) {
        const auto ev = random_timeline(rng);
        std::uniform_int_distribution<int> now_min(0, 200);
        const instant now = at_min(now_min(rng));
        const std::string reference = session_result_json(evaluate_session(spec, ev, policy{}, now));
        for (int perm = 0; perm < 10; ++perm) {
            auto shuffled = ev;
            std::uniform_int_distribution<std::size_t> pick(0, ev.size() - 1);
            for (int d = 0, dups = static_cast<int>(rng() % 4); d < dups && !ev.empty(); ++d) shuffled.push_back(ev[pick(rng)]);
            std::shuffle(shuffled.begin(), shuffled.end(), rng);
            const std::string again = session_result_json(evaluate_session(spec, shuffled, policy{}, now));
            REQUIRE_MESSAGE(again == reference, "timeline " << timeline << " permutation " << perm);
            ++checked;
        }
    }
    CHECK(checked == 3000);
}

TEST_CASE("properties: invariants hold on random timelines") {
    std::mt19937_64 rng(7);
    const session_spec spec = lesson();
    for (int timeline = 0; timeline < 500; ++timeline) {
        const auto ev = random_timeline(rng);
        const auto r = evaluate_session(spec, ev, policy{}, at_min(200));
        for (const auto& p : r.participants) {
            CAPTURE(timeline);
            CHECK(p.attended <= milliseconds{3600'000});                  // clipped to D
            CHECK(p.attended <= p.raw_connected + p.bridged);              // union never exceeds the sum
            CHECK(p.bridged <= p.attended);
            for (std::size_t i = 1; i < p.cycles.size(); ++i)                // cycles apart by more than the grace
                CHECK(p.cycles[i].start - p.cycles[i - 1].end > std::chrono::seconds{120});
        }
        CHECK(r.billing.billable_s <= 3600);
    }
}
