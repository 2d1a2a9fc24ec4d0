// The verifiers' hot path: base64 decoding into caller buffers, and HMAC / SHA-256 without OpenSSL's
// per-call algorithm lookup. `crypto::hmac` fetches the algorithm and builds a MAC context on every
// call, which costs more than hashing a webhook; here the digest is fetched once and each key's
// padded inner/outer states are kept per thread, so a webhook costs two digest-context copies.
// Results are identical to `crypto::hmac` / `crypto::digest` (the tests check it). Internal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace rollcall::sources::fast {

enum class sha : std::uint8_t { sha256, sha512 };

constexpr std::size_t digest_size(sha a) noexcept { return a == sha::sha256 ? 32 : 64; }

/// Largest digest this header produces.
inline constexpr std::size_t max_digest = 64;

/// Decodes standard or url-safe base64 (padding optional) into `out`, which must hold at least
/// `in.size() * 3 / 4 + 3` bytes; sets `n` to the decoded length. False on an invalid character or
/// an impossible length.
bool base64_decode(std::string_view in, char* out, std::size_t& n) noexcept;

/// HMAC of `data` under `key` into `out` (digest_size(alg) bytes). False only if OpenSSL fails.
bool hmac(sha alg, std::string_view key, std::string_view data, unsigned char* out) noexcept;

/// SHA-256 of `data` into `out` (32 bytes). False only if OpenSSL fails.
bool sha256(std::string_view data, unsigned char* out) noexcept;

}  // namespace rollcall::sources::fast
