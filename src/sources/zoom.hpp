// Zoom webhooks: `x-zm-signature` verification, `endpoint.url_validation` answers, and the meeting
// and participant events turned into normalised events. See docs/parsers.md for the mapping.
#pragma once

#include <string>
#include <string_view>

#include "rollcall/error.hpp"
#include "rollcall/event.hpp"
#include "sources/sources.hpp"

namespace rollcall::sources::zoom {

/// Checks `x-zm-signature: v0=<hex HMAC-SHA256(secret, "v0:" + x-zm-request-timestamp + ":" + body)>`
/// in constant time over the exact body bytes, then the timestamp window (|now - timestamp| <=
/// `zoom_window_s`; a window <= 0 disables that check). Header names are case-insensitive.
/// Errors: config_error (no secret), missing_signature (a header absent), bad_signature (malformed or
/// wrong signature), invalid_value (timestamp not Unix seconds), stale_timestamp.
result<void> verify_signature(const verify_config& config, const request& req);

/// The JSON body a host returns to `endpoint.url_validation`:
/// `{"plainToken":"<token>","encryptedToken":"<hex HMAC-SHA256(secret, token)>"}`.
std::string url_validation_response(std::string_view secret_token, std::string_view plain_token);

/// What Zoom tells about a person; empty views mean absent.
struct person_fields {
    std::string_view registrant_id;
    std::string_view participant_user_id;
    std::string_view id;
    std::string_view customer_key;
    std::string_view email;
    std::string_view name;
};

/// The identity of SPEC §11: `customer_key` (rule 1, the host's own id); otherwise the first of
/// registrant_id, the lower-cased email, participant_user_id (else `id`), `name:` + the normalised
/// display name (rule 3, marked unresolved). Empty when every field is absent.
std::string identity_of(const person_fields& p);

/// `identity_of` into `e.identity`, with `e.unresolved` and the platform keys aliases may name later
/// (`e.keys`, empty under rule 1).
void identity_into(const person_fields& p, event& e);

/// Parses a body that has already been verified (or is trusted). Errors: malformed_input (not one JSON
/// object), missing_field, invalid_value, unsupported_event (only with `config.strict_events`),
/// config_error (URL validation without a secret). Fills `out` from scratch; reusing one `out` across
/// calls keeps its events' capacity. On failure `out` holds no events.
result<void> parse_body(const verify_config& config, std::string_view body, parse_outcome& out);

/// Verifies (unless `config.verify` is false) and parses one webhook request.
result<parse_outcome> parse_webhook(const verify_config& config, const request& req);

}  // namespace rollcall::sources::zoom
