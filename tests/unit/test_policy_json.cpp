// SPEC §9: policies from JSON.
#include <doctest/doctest.h>

#include "rollcall/policy_json.hpp"

using namespace rollcall;

TEST_CASE("policy: defaults are the SPEC §9 table") {
    const policy p;
    CHECK(p.reconnect_grace_s == 120);
    CHECK(p.stale_after_s == 1800);
    CHECK(p.heartbeat_timeout_s == 90);
    CHECK(p.session_timeout_s == 7200);
    CHECK(p.clip_to_schedule);
    CHECK(p.late_grace_s == 300);
    CHECK(p.min_presence_s == 60);
    CHECK(p.partial_below_ratio == 0.5);
    CHECK(p.creation_window_s == 900);
    CHECK(p.cleanup_delay_s == 1800);
    CHECK(p.basis == billable_basis::co_presence);
    CHECK(p.rounding == rounding{rounding_mode::exact, 60, 0});
}

TEST_CASE("policy: JSON overrides apply on top of a base") {
    auto p = parse_policy_json(R"({"late_grace_s":60,"billable_basis":"student","rounding":{"mode":"ceil","unit_s":900},"clip_to_schedule":false,"partial_below_ratio":0.75})");
    REQUIRE(p.ok());
    CHECK(p->late_grace_s == 60);
    CHECK(p->basis == billable_basis::student);
    CHECK(p->rounding == rounding{rounding_mode::ceil, 900, 0});
    CHECK_FALSE(p->clip_to_schedule);
    CHECK(p->partial_below_ratio == 0.75);
    CHECK(p->reconnect_grace_s == 120);
}

TEST_CASE("policy: unknown keys and bad values are config errors naming the key") {
    struct bad_case {
        const char* json;
        const char* names;
    };
    for (auto c : {bad_case{R"({"grace":1})", "policies.x.grace"}, bad_case{R"({"late_grace_s":"5"})", "policies.x.late_grace_s"},
                   bad_case{R"({"late_grace_s":-5})", "late_grace_s"}, bad_case{R"({"billable_basis":"hours"})", "billable_basis"},
                   bad_case{R"({"rounding":{"mode":"up"}})", "rounding.mode"}, bad_case{R"({"rounding":{"step":5}})", "rounding.step"},
                   bad_case{R"({"rounding":{"mode":"ceil","unit_s":0}})", "rounding.unit_s"},
                   bad_case{R"({"partial_below_ratio":2})", "partial_below_ratio"}, bad_case{"[1]", "object"},
                   bad_case{"{", "JSON"}}) {
        CAPTURE(c.json);
        auto p = parse_policy_json(c.json, {}, "policies.x");
        REQUIRE_FALSE(p.ok());
        CHECK(p.err().code == errc::config_error);
        CHECK(p.err().message.find(c.names) != std::string::npos);
    }
}
