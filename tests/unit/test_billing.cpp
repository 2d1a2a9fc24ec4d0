// SPEC §7: billable time and money.
#include <doctest/doctest.h>

#include "support/timeline.hpp"

using namespace rollcall;
using namespace rollcall::test;

TEST_CASE("billing: rounding is applied once to the total") {
    CHECK(apply_rounding(2830, {rounding_mode::exact, 60, 0}) == 2830);
    CHECK(apply_rounding(2830, {rounding_mode::floor, 900, 0}) == 2700);
    CHECK(apply_rounding(2830, {rounding_mode::ceil, 900, 0}) == 3600);
    CHECK(apply_rounding(2700, {rounding_mode::ceil, 900, 0}) == 2700);
    CHECK(apply_rounding(2849, {rounding_mode::nearest, 60, 0}) == 2820);
    CHECK(apply_rounding(2850, {rounding_mode::nearest, 60, 0}) == 2880);  // half-up
    CHECK(apply_rounding(299, {rounding_mode::ceil, 900, 300}) == 0);      // below min_s bills 0
    CHECK(apply_rounding(300, {rounding_mode::ceil, 900, 300}) == 900);
}

TEST_CASE("billing: per-row rounding would differ; rollcall rounds the session total only") {
    // Two students' back-to-back cycles of 7.5 min each, ceil to 15 min: rounding each row would bill
    // 2 x 900 s; rounding the total bills 900 s.
    policy p;
    p.rounding = {rounding_mode::ceil, 900, 0};
    p.basis = billable_basis::student;
    session_spec s = lesson();
    s.students = {"A", "B"};
    auto r = evaluate_session(s, std::vector<event>{join("T", "t", at_s(0)), join("A", "a", at_s(0)), leave("A", "a", at_s(450)),
                                                    join("B", "b", at_s(450)), leave("B", "b", at_s(900))},
                              p, at_min(120));
    CHECK(r.billing.billable_s == 900);
    CHECK(r.billing.unrounded == milliseconds{900'000});
}

TEST_CASE("billing: money is integer minor units, half-up") {
    CHECK(per_hour_amount(3000, 3600) == 3000);
    CHECK(per_hour_amount(1000, 1) == 0);       // 0.277... -> 0
    CHECK(per_hour_amount(1000, 2) == 1);       // 0.555... -> 1
    CHECK(per_hour_amount(1, 1800) == 1);       // exactly 0.5 -> 1 (half-up)
    CHECK(per_hour_amount(1, 1799) == 0);
    CHECK(per_hour_amount(INT64_MAX / 2, 7200) == INT64_MAX / 2 * 2);  // no overflow in between
    CHECK(session_amount(rate_kind::per_session, 2500, 0, counts_toward_subscription(session_status::completed)) == 2500);
    CHECK(session_amount(rate_kind::per_session, 2500, 3600, counts_toward_subscription(session_status::cancelled)) == 0);
    CHECK(session_amount(rate_kind::per_session, 2500, 0, counts_toward_subscription(session_status::absent)) == 2500);
    CHECK(session_amount(rate_kind::per_session, 2500, 0, counts_toward_subscription(session_status::ongoing)) == 0);
    CHECK(session_amount(rate_kind::per_session, 2500, 0,
                         counts_toward_subscription(session_status::cancelled, chargeable_cancel_reason)) == 2500);
}

TEST_CASE("billing: the bases") {
    const std::vector<event> ev{join("T", "t", at_min(0)),  leave("T", "t", at_min(40)), join("S", "s", at_min(20)),
                                leave("S", "s", at_min(60)), join("S2", "x", at_min(50)), leave("S2", "x", at_min(55))};
    session_spec s = lesson();
    s.students = {"S", "S2"};
    auto billed = [&](billable_basis b) {
        policy p;
        p.basis = b;
        return evaluate_session(s, ev, p, at_min(120)).billing.billable_s;
    };
    CHECK(billed(billable_basis::co_presence) == 20 * 60);
    CHECK(billed(billable_basis::student) == 40 * 60);
    CHECK(billed(billable_basis::teacher) == 40 * 60);
    CHECK(billed(billable_basis::scheduled) == 60 * 60);
}

TEST_CASE("billing: co-presence uses bridged cycles and is clipped to the schedule") {
    const std::vector<event> ev{join("T", "t", at_min(-10)), leave("T", "t", at_min(70)), join("S", "a", at_min(-5)),
                                leave("S", "a", at_min(30)), join("S", "b", at_min(31)), leave("S", "b", at_min(70))};
    auto r = evaluate_session(lesson(), ev, policy{}, at_min(120));
    CHECK(r.billing.billable_s == 3600);
}

TEST_CASE("billing: without a named teacher co-presence falls back to the students' time") {
    session_spec s = lesson();
    s.teacher.reset();
    auto r = evaluate_session(s, std::vector<event>{join("S", "s", at_min(0)), leave("S", "s", at_min(45))}, policy{}, at_min(120));
    CHECK(r.billing.basis == billable_basis::student);
    CHECK(r.billing.billable_s == 45 * 60);
}

TEST_CASE("billing: a per-hour rate bills the rounded total") {
    session_spec s = lesson();
    s.rate = rate_kind::per_hour;
    s.rate_minor = 4000;
    policy p;
    p.rounding = {rounding_mode::ceil, 900, 0};
    auto r = evaluate_session(s, std::vector<event>{join("T", "t", at_min(0)), join("S", "s", at_min(0)), leave("S", "s", at_min(47)),
                                                    leave("T", "t", at_min(60))},
                              p, at_min(120));
    CHECK(r.billing.billable_s == 3600);
    CHECK(r.billing.amount_minor == 4000);
}
