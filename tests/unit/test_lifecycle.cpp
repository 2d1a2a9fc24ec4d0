// SPEC §5: the session lifecycle.
#include <doctest/doctest.h>

#include "rollcall/lifecycle.hpp"
#include "support/timeline.hpp"

using namespace rollcall;
using namespace rollcall::test;
using enum session_status;

TEST_CASE("lifecycle: the transition table, exactly") {
    const session_status all[] = {unscheduled, scheduled, ready, ongoing, completed, absent, cancelled};
    int allowed = 0;
    for (auto from : all)
        for (auto to : all) allowed += transition_allowed(from, to);
    CHECK(allowed == 8);
    CHECK(transition_allowed(unscheduled, scheduled));
    CHECK(transition_allowed(scheduled, ready));
    CHECK(transition_allowed(scheduled, cancelled));
    CHECK(transition_allowed(ready, ongoing));
    CHECK(transition_allowed(ready, cancelled));
    CHECK(transition_allowed(ready, absent));
    CHECK(transition_allowed(ongoing, completed));
    CHECK(transition_allowed(ongoing, absent));
    for (auto to : all) {
        CHECK_FALSE(transition_allowed(completed, to));
        CHECK_FALSE(transition_allowed(absent, to));
        CHECK_FALSE(transition_allowed(cancelled, to));
    }
}

TEST_CASE("lifecycle: host actions obey the table; an illegal one is an error and changes nothing") {
    auto ok = apply_action(ready, session_action::cancel, at_min(0));
    REQUIRE(ok.ok());
    CHECK(ok->to == cancelled);
    CHECK(apply_action(ongoing, session_action::complete, at_min(0))->to == completed);
    CHECK(apply_action(ready, session_action::mark_absent, at_min(0))->to == absent);
    auto bad = apply_action(completed, session_action::cancel, at_min(0));
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.err().code == errc::illegal_transition);
    CHECK(bad.err().message.find("completed") != std::string::npos);
    CHECK_FALSE(apply_action(ongoing, session_action::cancel, at_min(0)).ok());
    CHECK_FALSE(apply_action(scheduled, session_action::complete, at_min(0)).ok());
}

TEST_CASE("lifecycle: only completed and absent count toward a subscription") {
    CHECK(counts_toward_subscription(completed));
    CHECK(counts_toward_subscription(absent));
    for (auto s : {unscheduled, scheduled, ready, ongoing, cancelled}) CHECK_FALSE(counts_toward_subscription(s));
}

TEST_CASE("lifecycle: derived transitions follow now and presence") {
    const std::vector<event> lesson_events{join("T", "t", at_min(0)), join("S", "s", at_min(1)), leave("S", "s", at_min(60)),
                                           leave("T", "t", at_min(60))};
    SUBCASE("before the creation window: scheduled") {
        CHECK(evaluate_session(lesson(), {}, policy{}, at_min(-16)).status == scheduled);
    }
    SUBCASE("inside the creation window: ready") {
        auto r = evaluate_session(lesson(), {}, policy{}, at_min(-15));
        CHECK(r.status == ready);
        CHECK(r.transitions.at(0).at == at_min(-15));
    }
    SUBCASE("first join: ongoing") {
        CHECK(evaluate_session(lesson(), lesson_events, policy{}, at_min(30)).status == ongoing);
    }
    SUBCASE("a room start alone makes it ongoing") {
        CHECK(evaluate_session(lesson(), std::vector<event>{room_event(event_kind::room_start, at_min(-2))}, policy{}, at_min(0)).status ==
              ongoing);
    }
    SUBCASE("E + cleanup_delay_s without a room end ends it: completed") {
        CHECK(evaluate_session(lesson(), lesson_events, policy{}, at_min(89)).status == ongoing);
        auto r = evaluate_session(lesson(), lesson_events, policy{}, at_min(90));
        CHECK(r.status == completed);
        CHECK(r.billing.counts_toward_subscription);
    }
    SUBCASE("the first room end ends it") {
        auto ev = lesson_events;
        ev.push_back(room_event(event_kind::room_end, at_min(61)));
        auto r = evaluate_session(lesson(), ev, policy{}, at_min(62));
        CHECK(r.status == completed);
        CHECK(r.ended_at == at_min(61));
    }
    SUBCASE("nobody came: absent") {
        auto r = evaluate_session(lesson(), std::vector<event>{join("T", "t", at_min(0)), leave("T", "t", at_min(60))}, policy{}, at_min(120));
        CHECK(r.status == absent);
    }
    SUBCASE("the teacher never came: cancelled, never billed, never counted") {
        session_spec s = lesson();
        s.rate = rate_kind::per_session;
        s.rate_minor = 2500;
        auto r = evaluate_session(s, std::vector<event>{join("S", "s", at_min(0)), leave("S", "s", at_min(60))}, policy{}, at_min(120));
        CHECK(r.status == cancelled);
        CHECK(r.status_reason == "teacher_absent");
        CHECK(r.billing.amount_minor == 0);
        CHECK_FALSE(r.billing.counts_toward_subscription);
    }
    SUBCASE("a stored terminal status is kept") {
        auto r = evaluate_session(lesson(), lesson_events, policy{}, at_min(120), cancelled);
        CHECK(r.status == cancelled);
        CHECK(r.transitions.empty());
    }
    SUBCASE("an unscheduled session without schedule stays unscheduled") {
        session_spec s;
        s.id = "adhoc";
        CHECK(evaluate_session(s, lesson_events, policy{}, at_min(120)).status == unscheduled);
    }
    SUBCASE("every derived transition is allowed by the table, but teacher_absent from ongoing") {
        auto r = evaluate_session(lesson(), lesson_events, policy{}, at_min(120));
        for (const auto& t : r.transitions) CHECK(transition_allowed(t.from, t.to));
    }
}

TEST_CASE("lifecycle: a stored status keeps its stored reason until something moves it") {
    const std::vector<event> ev{join("S", "s", at_min(0)), leave("S", "s", at_min(60))};
    // Settled by an earlier sweep: nothing left to advance, so the reason is the stored one.
    auto settled = evaluate_session(lesson(), ev, policy{}, at_min(200), cancelled, "teacher_absent");
    CHECK(settled.status == cancelled);
    CHECK(settled.status_reason == "teacher_absent");
    CHECK(settled.transitions.empty());
    // Moved on from the stored status: the reason is the new transition's.
    auto moved = evaluate_session(lesson(), ev, policy{}, at_min(-10), scheduled, "created");
    CHECK(moved.status == ready);
    CHECK(moved.status_reason == "creation_window");
}
