// A verifier for compact JWS tokens signed with an HMAC (HS256 for LiveKit webhooks, HS512 for the
// BigBlueButton learning-analytics callback). Internal to the library.
//
// Order of checks, each with its own error code:
//   shape (3 base64url segments, JSON header)      -> bad_signature
//   header `alg` is exactly the accepted one       -> unsupported_algorithm (`none`, RS256, HS384, ...)
//   key lookup by `iss` (read, not yet trusted)    -> unknown_key
//   HMAC over "header.payload", constant time      -> bad_signature
//   then, and only then, the claims are trusted:
//   `exp` present                                   -> missing_field
//   now > exp + leeway                              -> token_expired
//   now < nbf - leeway                              -> token_not_yet_valid
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "rollcall/error.hpp"
#include "rollcall/time.hpp"

namespace rollcall::sources::jwt {

enum class algorithm : std::uint8_t { hs256, hs512 };

/// The JOSE name of an algorithm ("HS256").
constexpr std::string_view name(algorithm a) noexcept { return a == algorithm::hs256 ? "HS256" : "HS512"; }

/// Claims of a verified token. Absent string claims are empty; absent times are nullopt.
struct claims {
    std::string iss;
    std::string sub;
    std::string sha256;                 ///< LiveKit: standard base64 of SHA-256 of the body
    std::optional<std::int64_t> exp;    ///< seconds since the epoch
    std::optional<std::int64_t> nbf;
    std::optional<std::int64_t> iat;
    std::string payload_json;           ///< the decoded payload, for claims this struct does not name
};

struct options {
    algorithm alg = algorithm::hs256;
    instant now{};
    std::int64_t leeway_s = 60;         ///< tolerance on `exp` and `nbf`
    bool require_exp = true;
};

/// Returns the secret for an issuer (`iss`, possibly empty), or nullopt when the issuer is unknown.
/// The returned view must stay valid until `verify` returns.
using key_lookup = std::function<std::optional<std::string_view>(std::string_view iss)>;

/// Verifies `token` (a compact JWS, no "Bearer " prefix) and returns its claims.
result<claims> verify(std::string_view token, const options& opts, const key_lookup& keys);

/// Same, with one fixed secret whatever the issuer.
result<claims> verify(std::string_view token, const options& opts, std::string_view secret);

/// Strips an optional, case-insensitive "Bearer " prefix and surrounding spaces from a header value.
std::string_view strip_bearer(std::string_view header_value) noexcept;

}  // namespace rollcall::sources::jwt
