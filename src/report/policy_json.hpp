// How a report records the policy it was computed with (SPEC §9: "every report records the policy").
// The JSON form itself is the engine's (`rollcall::write_policy_json`, result_json.hpp), so a report
// and `rollcall replay` always print a policy the same way.
#pragma once

#include <string>

#include "rollcall/policy.hpp"

namespace rollcall::report {

/// The policy as one compact JSON object, every SPEC §9 key in a fixed order (same policy, same bytes).
std::string policy_json(const policy& p);

/// A short stable name for a policy: the first 12 hex digits of SHA-256 over `policy_json(p)`.
/// Two rows with the same id were computed with the same rules.
std::string policy_id(const policy& p);

}  // namespace rollcall::report
