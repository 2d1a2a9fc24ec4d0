// SPEC §4: attendance status, rule by rule and in order.
#include <doctest/doctest.h>

#include "rollcall/attendance.hpp"
#include "support/timeline.hpp"

using namespace rollcall;
using namespace rollcall::test;

namespace {
attendance_status status(std::int64_t attended_s, std::optional<double> first_join_min, policy p = {}) {
    std::optional<instant> fj;
    if (first_join_min) fj = at_min(*first_join_min);
    return attendance_of(milliseconds{attended_s * 1000}, fj, at_min(0), at_min(60), p);
}
}  // namespace

TEST_CASE("attendance: below min_presence_s is absent") {
    CHECK(status(59, 0.0) == attendance_status::absent);
    CHECK(status(60, 0.0) != attendance_status::absent);
}

TEST_CASE("attendance: full attendance is present even when late") {
    policy p;
    p.clip_to_schedule = false;
    CHECK(status(3600, 30.0) == attendance_status::present);
}

TEST_CASE("attendance: below partial_below_ratio is partial, before lateness is considered") {
    CHECK(status(1799, 0.0) == attendance_status::partial);
    CHECK(status(1799, 40.0) == attendance_status::partial);
    CHECK(status(1800, 0.0) == attendance_status::present);
}

TEST_CASE("attendance: first join more than late_grace_s after S is late") {
    CHECK(status(3000, 5.0) == attendance_status::present);        // exactly the grace
    CHECK(status(3000, 5.0 + 1.0 / 60) == attendance_status::late);  // one second more
}

TEST_CASE("attendance: without a schedule there is no ratio") {
    CHECK(attendance_of(milliseconds{60'000}, at_min(0), std::nullopt, std::nullopt, {}) == attendance_status::present);
    CHECK(attendance_of(milliseconds{59'999}, at_min(0), std::nullopt, std::nullopt, {}) == attendance_status::absent);
}

TEST_CASE("attendance: lateness is max(0, first_join - S)") {
    CHECK(lateness(at_min(10), at_min(0)) == milliseconds{600'000});
    CHECK(lateness(at_min(-5), at_min(0)) == milliseconds{0});
    CHECK(lateness(std::nullopt, at_min(0)) == milliseconds{0});
}

TEST_CASE("attendance: policies per session type change the outcome") {
    policy_set set;
    policy strict;
    strict.late_grace_s = 60;
    set.by_type["quran"] = strict;
    CHECK(status(3000, 3.0, set.for_type("academic")) == attendance_status::present);
    CHECK(status(3000, 3.0, set.for_type("quran")) == attendance_status::late);
}

TEST_CASE("attendance: a running session reports current values in progress") {
    auto r = evaluate_session(lesson(), std::vector<event>{join("T", "t", at_min(0)), join("S", "s", at_min(0))}, policy{}, at_min(30));
    CHECK(who(r, "S").in_progress);
    CHECK(r.in_progress);
    CHECK(seconds(who(r, "S").attended) == 1800);
    CHECK(who(r, "S").status == attendance_status::present);  // 0.5 is not below the ratio
}
