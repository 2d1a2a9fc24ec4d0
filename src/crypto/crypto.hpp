// Hashes, HMACs, encodings, constant-time comparison and a CSPRNG: the small set of primitives the
// verifiers and the tracked-link tokens need, over OpenSSL. Internal to the library.
//
// Digests and HMACs have two forms: one that returns a std::string (and throws), and one that writes
// into a caller buffer and returns false on failure, for the verifiers' hot path. Both run the same
// code (digest.cpp): the algorithms are fetched once per process and each HMAC key's padded
// inner/outer states are kept per thread, because OpenSSL 3's per-call algorithm lookup and MAC
// context setup cost more than hashing a webhook.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rollcall::crypto {

enum class hash_alg : std::uint8_t { sha1, sha256, sha384, sha512 };

/// Digest length in bytes.
constexpr std::size_t digest_size(hash_alg alg) noexcept {
    switch (alg) {
        case hash_alg::sha1: return 20;
        case hash_alg::sha256: return 32;
        case hash_alg::sha384: return 48;
        case hash_alg::sha512: return 64;
    }
    return 64;
}

/// Largest digest any `hash_alg` produces: the size of a buffer that holds every one.
inline constexpr std::size_t max_digest = 64;

/// Raw digest bytes of `data`; throws rollcall::exception(internal_error) if OpenSSL fails.
std::string digest(hash_alg alg, std::string_view data);
/// Digest of `data` into `out` (digest_size(alg) bytes). False only if OpenSSL fails.
bool digest(hash_alg alg, std::string_view data, unsigned char* out) noexcept;

/// Raw HMAC bytes of `data` under `key`; throws rollcall::exception(internal_error) if OpenSSL fails.
std::string hmac(hash_alg alg, std::string_view key, std::string_view data);
/// HMAC of `data` under `key` into `out` (digest_size(alg) bytes). False only if OpenSSL fails.
bool hmac(hash_alg alg, std::string_view key, std::string_view data, unsigned char* out) noexcept;

/// Compares two byte strings in time that depends only on their lengths, never on their contents
/// (OpenSSL's CRYPTO_memcmp). Different lengths compare unequal at once: lengths are public.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

/// Lowercase hex of bytes.
std::string hex_encode(std::string_view bytes);
/// Bytes of a hex string (either case); nullopt on odd length or a non-hex character.
std::optional<std::string> hex_decode(std::string_view hex);

/// Standard base64 with padding (RFC 4648 §4).
std::string base64_encode(std::string_view bytes);
/// base64url without padding (RFC 4648 §5), as JWTs use.
std::string base64url_encode(std::string_view bytes);
/// Decodes standard or url-safe base64, padding optional; nullopt on any invalid character or an
/// impossible length.
std::optional<std::string> base64_decode(std::string_view text);
/// The same into `out`, which must hold at least `text.size() * 3 / 4 + 3` bytes; sets `n` to the
/// decoded length. False where the other form gives nullopt.
bool base64_decode(std::string_view text, char* out, std::size_t& n) noexcept;

/// `n` bytes from OpenSSL's CSPRNG; throws rollcall::exception(internal_error) if it fails.
std::string random_bytes(std::size_t n);

}  // namespace rollcall::crypto
