// rollcall/scenario.hpp: scenario files (SPEC §10) — worked examples with their expected results.
// `rollcall replay` and the golden tests share this code path.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rollcall/error.hpp"
#include "rollcall/event.hpp"
#include "rollcall/policy.hpp"
#include "rollcall/results.hpp"
#include "rollcall/session.hpp"

namespace rollcall {

struct scenario {
    std::string name;
    policy pol;
    session_spec session;
    std::vector<event> events;
    instant now{};
    std::string expect_json;  ///< the `expect` object as written, or empty
};

/// Reads a scenario file's text. Invalid input (not JSON, a missing field, a bad timestamp, an unknown
/// event type) fails with a message naming the problem and the offending field, e.g.
/// "events[3].at: not an RFC 3339 date-time ...".
result<scenario> load_scenario(std::string_view json);

/// Evaluates the scenario and returns the result object (the keys of `expect`, all of them, and more).
std::string replay_scenario_json(const scenario& sc);

/// One difference between `expect` and the actual result.
struct expectation_mismatch {
    std::string path;  ///< e.g. "participants.244480.attended_s"
    std::string expected;
    std::string actual;
};

/// Compares only the keys `expect` lists (recursively). Instants compare as instants, numbers as numbers.
std::vector<expectation_mismatch> check_expectations(std::string_view expect_json, std::string_view actual_json);

}  // namespace rollcall
