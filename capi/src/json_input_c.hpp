// JSON inputs of the C ABI: sessions and tracked links as the header documents them.
#pragma once

#include <string_view>

#include "rollcall/error.hpp"
#include "rollcall/session.hpp"
#include "tracker/tracker.hpp"

namespace rollcall::capi {

/// {"id","type","teacher","students","scheduled_start","scheduled_end","rooms","package","rate",
///  "rate_minor","currency"}. Unknown keys are an error naming them.
result<session_spec> parse_session_json(std::string_view json);

/// {"teacher","student","meeting_url","package","rate","rate_minor","currency","session_id"}.
result<tracker::link_spec> parse_link_json(std::string_view json);

}  // namespace rollcall::capi
