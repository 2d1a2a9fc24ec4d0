// The verified-parser layer: raw request (headers + body bytes) in, normalised events out.
// Every parser verifies authenticity in constant time *before* it parses a byte of the payload.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rollcall/error.hpp"
#include "rollcall/event.hpp"
#include "rollcall/time.hpp"

namespace rollcall::sources {

/// HTTP request headers as received; names compare case-insensitively.
class header_list {
public:
    header_list() = default;
    header_list(std::initializer_list<std::pair<std::string, std::string>> items) : items_(items) {}
    void add(std::string name, std::string value) { items_.emplace_back(std::move(name), std::move(value)); }
    /// The first header with this name (ASCII case-insensitive), if any.
    std::optional<std::string_view> find(std::string_view name) const;
    const std::vector<std::pair<std::string, std::string>>& items() const noexcept { return items_; }

private:
    std::vector<std::pair<std::string, std::string>> items_;
};

/// How BigBlueButton callbacks may prove themselves (bbb-webhooks generations).
enum class bbb_checksum_mode : std::uint8_t {
    v3_url_body = 1,   ///< v3.4+: H(callbackURL + raw body + secret), H by hex length (sha1/256/384/512)
    v2_json = 2,       ///< v2: sha1(callbackURL + JSON.stringify(payload) + secret)
    bearer = 4,        ///< `Authorization: Bearer <secret>`
    v3_unbound = 8,    ///< v3.0-3.3: H(callbackURL + "{}" + secret), covers no body: opt-in only
};

/// What the verifiers need to know. Secrets never appear in any error message or log.
struct verify_config {
    std::map<std::string, std::string, std::less<>> livekit_keys;  ///< API key (JWT `iss`) -> secret
    std::int64_t livekit_leeway_s = 60;                            ///< tolerance on `exp` / `nbf`
    /// SPEC §11: the participant attribute (else metadata JSON member) holding the host's role hint;
    /// empty: LiveKit gives none.
    std::string livekit_role_attribute;
    std::string zoom_secret_token;
    std::int64_t zoom_window_s = 300;                              ///< accepted |now - x-zm-request-timestamp|
    std::string bbb_shared_secret;
    std::string bbb_callback_url;                                  ///< the URL registered with bbb-webhooks
    std::uint8_t bbb_checksum_modes = static_cast<std::uint8_t>(bbb_checksum_mode::v3_url_body);
    bool verify = true;            ///< false only for trusted replays (`--no-verify`); callers must say so
    bool strict_events = false;    ///< true: an unsupported event type is an error (unsupported_event)
};

/// One incoming request.
struct request {
    platform source = platform::livekit;
    header_list headers;
    std::string_view body;     ///< exact bytes as received
    std::string request_url;   ///< BBB: the URL the callback arrived at (carries `checksum`)
    instant now{};             ///< the verification clock (token expiry, timestamp window)
};

/// What a verified request turned into.
struct parse_outcome {
    std::string event_name;                     ///< the platform's own name, e.g. "participant_joined"
    std::vector<event> events;                  ///< normalised events (non-persons flagged, not dropped)
    std::vector<std::string> ignored;           ///< platform events recognised or unknown but not turned into events
    std::vector<std::string> notes;             ///< e.g. "participant_connection_aborted: nothing credited"
    std::optional<std::string> response_body;   ///< a body the host must send back (Zoom URL validation)
};

/// Verifies and parses one request of any platform (dispatches on `req.source`).
result<parse_outcome> parse_request(const verify_config& config, const request& req);

}  // namespace rollcall::sources
