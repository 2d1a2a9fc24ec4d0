// The application layer: every operation a host can ask of rollcall, as a named method taking its
// parameters as one JSON object and answering with text (JSON; CSV or a table for reports that ask for
// it). The command line, the C ABI, Node and PHP all call these and nothing else, so each ability and
// each JSON shape exists once (docs/json.md lists the methods; docs/schemas/ holds their shapes).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "rollcall/error.hpp"
#include "tracker/tracker.hpp"

namespace rollcall::app {

struct method_info {
    std::string_view name;     ///< e.g. "sessions.list"
    bool writes;               ///< changes the database (a read-only opening is enough otherwise)
    std::string_view summary;  ///< one line for help texts
};

/// Every method that needs a tracker, in documentation order.
std::span<const method_info> tracker_methods();
/// Every method that needs no database ("evaluate", "replay").
std::span<const method_info> stateless_methods();
/// The method's description, or nullptr for an unknown name.
const method_info* find_method(std::string_view name);

/// Runs a tracker method. Errors: not_found for an unknown method (the message lists them), the
/// method's own errors (invalid_argument for an unknown parameter, invalid_value naming the key, ...).
/// A stateless method may be called here too.
result<std::string> call(tracker::tracker& t, std::string_view method, std::string_view params_json);
/// Runs a stateless method.
result<std::string> call_stateless(std::string_view method, std::string_view params_json);

}  // namespace rollcall::app
