// LiveKit server webhooks: verification (JWT in `Authorization`, body bound by its `sha256` claim) and
// parsing of the protojson `WebhookEvent` body into normalised events. Internal; hosts go through
// `sources::parse_request`. See docs/parsers.md for the mapping.
#pragma once

#include <string_view>

#include "rollcall/error.hpp"
#include "sources/sources.hpp"

namespace rollcall::sources::livekit {

/// Checks that `req` is authentic: `Authorization` holds an HS256 JWT (a `Bearer ` prefix is
/// tolerated) signed with the secret of its `iss` in `config.livekit_keys`, valid at `req.now`
/// within `config.livekit_leeway_s`, whose `sha256` claim is the standard base64 SHA-256 of the exact
/// body bytes. Errors: missing_signature, bad_signature, unsupported_algorithm, unknown_key,
/// token_expired, token_not_yet_valid, missing_field (`exp`), invalid_value (a claim of the wrong type).
result<void> verify_webhook(const verify_config& config, const request& req);

/// Parses a body that has already been verified (or is trusted). Errors: malformed_input (not one JSON
/// object), invalid_value (a known field of the wrong type), missing_field (e.g. `participant.sid` on a
/// participant event), unsupported_event (only with `config.strict_events`). Fills `out` from scratch;
/// reusing one `out` across calls keeps its capacity.
result<void> parse_body(const verify_config& config, std::string_view body, parse_outcome& out);

/// `verify_webhook` (unless `config.verify` is false), then `parse_body`.
result<parse_outcome> parse_webhook(const verify_config& config, const request& req);

}  // namespace rollcall::sources::livekit
