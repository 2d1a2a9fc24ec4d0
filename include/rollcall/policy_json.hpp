// rollcall/policy_json.hpp: policies from JSON (scenario files, tracker configuration).
#pragma once

#include <string_view>

#include "rollcall/error.hpp"
#include "rollcall/policy.hpp"

namespace rollcall {

/// Applies the keys of a JSON object (SPEC §9 names; `rounding` as {mode, unit_s, min_s}, all optional)
/// on top of `base`. An unknown key, a wrong type or an impossible value is a `config_error` whose
/// message names the key (prefixed with `where`, e.g. "policies.quran").
result<policy> parse_policy_json(std::string_view json_object, const policy& base = {}, std::string_view where = "policy");

}  // namespace rollcall
