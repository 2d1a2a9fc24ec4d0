// Policy overrides from JSON (SPEC §9): shared by the tracker configuration and the scenario loader.
//
// A policy object lists only the keys it changes; everything else keeps the base value. Unknown keys,
// wrong types and impossible values are errors that name the key (with its JSON path).
#pragma once

#include <string>
#include <string_view>

#include <simdjson.h>

#include "rollcall/error.hpp"
#include "rollcall/json_writer.hpp"
#include "rollcall/policy.hpp"

namespace rollcall::tracker {

/// Applies the keys of `overrides` (a JSON object) on top of `base`.
/// `where` prefixes error messages (e.g. "policies.quran"). Errors: config_error naming the key.
result<policy> apply_policy_overrides(policy base, simdjson::dom::element overrides, std::string_view where = "policy");

/// Same, from JSON text (must be one object).
result<policy> apply_policy_overrides(policy base, std::string_view json_text, std::string_view where = "policy");

/// Writes every key of `p` as one JSON object (the form the parser reads back).
void write_policy(json_writer& w, const policy& p);

}  // namespace rollcall::tracker
