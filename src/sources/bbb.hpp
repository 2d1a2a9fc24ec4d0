// BigBlueButton: bbb-webhooks callbacks (form bodies whose `event` field is a JSON array of mapped
// events) with their three authentication generations, and the dispatch between those callbacks and
// the learning-analytics callback (bbb_analytics.hpp). See docs/parsers.md for the event mapping.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rollcall/error.hpp"
#include "sources/sources.hpp"

namespace rollcall::sources::bbb {

/// bbb-webhooks v3.0 to v3.3: H(callbackURL + "{}" + secret). The checksum does not cover the body (a
/// captured one is valid with any body), so this mode is off unless a host sets this bit in
/// `verify_config::bbb_checksum_modes` for an old server it cannot upgrade.
inline constexpr auto checksum_v3_unbound = bbb_checksum_mode::v3_unbound;

constexpr std::uint8_t bit(bbb_checksum_mode m) noexcept { return static_cast<std::uint8_t>(m); }

/// Which proof a callback carried.
enum class proof : std::uint8_t { unverified, v3_url_body, v3_unbound, v2_json, bearer };
std::string_view to_string(proof p) noexcept;

/// Verifies a bbb-webhooks callback against the modes `config.bbb_checksum_modes` allows, in constant
/// time: the `checksum` query parameter of `req.request_url` (algorithm by hex length: 40 sha1, 64
/// sha256, 96 sha384, 128 sha512; v2 is sha1 only) against `config.bbb_callback_url` + (the raw body |
/// v2_signed_json(body) | "{}") + secret, or `Authorization: Bearer <secret>`.
/// Errors: config_error (no secret, no callback URL, no mode), missing_signature (neither a checksum
/// nor a bearer header), bad_signature (anything that does not match), malformed_input (v2 only: the
/// form cannot be decoded to rebuild the signed text).
result<proof> verify_webhook(const verify_config& config, const request& req);

/// The text bbb-webhooks v2 signs: JS `JSON.stringify` of the decoded form fields in wire order
/// (`{"event":"[...]","timestamp":1708381137700,"domain":"..."}`, timestamp as a number).
result<std::string> v2_signed_json(std::string_view form_body);

/// Parses the decoded `event` field (a JSON array of one or more mapped events) and appends the
/// normalised events to `out`. All or nothing: a malformed element rejects the whole array. A bare
/// object (the shape of the stale docs) is malformed_input. `fallback_ms` (the form `timestamp`)
/// stands in for a missing `data.event.ts`.
result<void> parse_event_array(std::string_view event_json, std::optional<std::int64_t> fallback_ms,
                               bool strict_events, parse_outcome& out);

/// `parse_event_array` for a caller that parses a stream with one `out` (trusted replays, benchmarks):
/// `out` is filled from scratch, and the events it holds are reused as slots, so their strings keep
/// their capacity. On failure `out` holds no events.
result<void> parse_event_array_reusing(std::string_view event_json, std::optional<std::int64_t> fallback_ms,
                                       bool strict_events, parse_outcome& out);

/// Verifies (unless `config.verify` is false) and parses one bbb-webhooks callback.
result<parse_outcome> parse_webhook(const verify_config& config, const request& req);

/// Every BBB request: a body that is a JSON object (first non-space byte `{`) is the learning-analytics
/// callback, anything else a bbb-webhooks form callback.
result<parse_outcome> parse_request(const verify_config& config, const request& req);

}  // namespace rollcall::sources::bbb
