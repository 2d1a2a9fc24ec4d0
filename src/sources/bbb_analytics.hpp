// The BigBlueButton learning-analytics callback (`meta_analytics-callback-url`): a JSON document the
// recording pipeline POSTs minutes after a meeting, with `Authorization: Bearer <JWT>` (HS512 over
// the shared secret, claims: only `exp`). Attendees' sessions become join/leave events.
#pragma once

#include <cstdint>
#include <string_view>

#include "rollcall/error.hpp"
#include "sources/sources.hpp"

namespace rollcall::sources::bbb {

/// Leeway on the token's `exp`, as for every other token rollcall checks.
inline constexpr std::int64_t analytics_leeway_s = 60;

/// Verifies the bearer token (unless `config.verify` is false): HS512 only (unsupported_algorithm
/// otherwise), signature by `bbb_shared_secret` (bad_signature), `exp` present (missing_field) and not
/// past `req.now` + leeway (token_expired); no header is missing_signature. The token does not bind
/// the body, so the body is parsed as untrusted input either way.
result<parse_outcome> parse_analytics_callback(const verify_config& config, const request& req);

/// Parses an analytics body (no verification) and appends its events to `out`: room_start at
/// `data.start`, room_end at `data.finish`, and per attendee session a join per `joins[]` entry and a
/// leave per `lefts[]` entry carrying the paired join time; connection = the session's internal
/// `userid`, identity = `ext_user_id`, role hint = `moderator`. Times are ISO 8601 with an offset.
/// All or nothing, like every parser.
result<void> parse_analytics_body(std::string_view body, parse_outcome& out);

/// `parse_analytics_body` for a caller that parses a stream with one `out`: `out` is filled from
/// scratch and its events are reused as slots, so their strings keep their capacity. On failure `out`
/// holds no events.
result<void> parse_analytics_body_reusing(std::string_view body, parse_outcome& out);

}  // namespace rollcall::sources::bbb
