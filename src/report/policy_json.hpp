// How a report records the policy it was computed with (SPEC §9: "every report records the policy").
#pragma once

#include <string>

#include "rollcall/json_writer.hpp"
#include "rollcall/policy.hpp"

namespace rollcall::report {

/// Writes every policy key of SPEC §9 as one compact JSON object, keys in the SPEC's order, so the
/// same policy always gives the same bytes: `{"reconnect_grace_s":120,...,"rounding":{"mode":"exact",
/// "unit_s":60,"min_s":0}}`.
void write_policy_json(json_writer& w, const policy& p);
std::string policy_json(const policy& p);

/// A short stable name for a policy: the first 12 hex digits of SHA-256 over `policy_json(p)`.
/// Two rows with the same id were computed with the same rules.
std::string policy_id(const policy& p);

}  // namespace rollcall::report
