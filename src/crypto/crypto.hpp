// Hashes, HMACs, encodings, constant-time comparison and a CSPRNG: the small set of primitives the
// verifiers and the tracked-link tokens need, over OpenSSL. Internal to the library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rollcall::crypto {

enum class hash_alg { sha1, sha256, sha384, sha512 };

/// Digest length in bytes.
std::size_t digest_size(hash_alg alg) noexcept;

/// Raw digest bytes of `data`.
std::string digest(hash_alg alg, std::string_view data);

/// Raw HMAC bytes of `data` under `key`.
std::string hmac(hash_alg alg, std::string_view key, std::string_view data);

/// Compares two byte strings in time that depends only on their lengths, never on their contents.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

/// Lowercase hex of bytes.
std::string hex_encode(std::string_view bytes);
/// Bytes of a hex string (either case); nullopt on odd length or a non-hex character.
std::optional<std::string> hex_decode(std::string_view hex);

/// Standard base64 with padding (RFC 4648 §4).
std::string base64_encode(std::string_view bytes);
/// base64url without padding (RFC 4648 §5), as JWTs use.
std::string base64url_encode(std::string_view bytes);
/// Decodes standard or url-safe base64, padding optional; nullopt on any invalid character.
std::optional<std::string> base64_decode(std::string_view text);

/// `n` bytes from OpenSSL's CSPRNG; throws rollcall::exception(internal_error) if it fails.
std::string random_bytes(std::size_t n);

}  // namespace rollcall::crypto
