// Small helpers shared by the parsers: ASCII case-insensitive comparison, and the pieces needed to
// hand request bytes to simdjson On-Demand without a per-request allocation. Internal.
#pragma once

#include <simdjson.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rollcall::sources {

constexpr char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool ascii_iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

/// Key equality for hot dispatch chains: rejects on length and first byte before comparing the rest
/// (most candidates differ there), and stays inline where `==` would call memcmp.
constexpr bool is_key(std::string_view key, std::string_view name) noexcept {
    if (key.size() != name.size() || key.empty() || key[0] != name[0]) return false;
    for (std::size_t i = 1; i < key.size(); ++i)
        if (key[i] != name[i]) return false;
    return true;
}

/// The same against a literal name: a length check and a fixed-size compare the compiler turns into a
/// few word loads (this runs for every key against every candidate of a dispatch chain).
template <std::size_t N>
[[gnu::always_inline]] inline bool is_key(std::string_view key, const char (&name)[N]) noexcept {
    return key.size() == N - 1 && std::memcmp(key.data(), name, N - 1) == 0;
}

/// The offset from `p` of the first `"` or `\\` in a JSON string's raw bytes. `p` points into a padded
/// buffer that passed simdjson's stage 1, so the string's closing quote is there and reading up to 15
/// bytes past it stays in the padding. Always inlined: it runs once per key and string value, and a call
/// costs more than the scan of a typical 10-30 byte string.
[[gnu::always_inline]] inline std::size_t string_end(const char* p) noexcept {
#if defined(__SSE2__)
    // Sixteen bytes per step (SSE2 is part of x86-64 itself, so no dispatch is needed).
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    for (std::size_t n = 0;; n += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n));
        const auto hit = static_cast<unsigned>(
            _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash))));
        if (hit) return n + static_cast<std::size_t>(std::countr_zero(hit));
    }
#else
    // Eight bytes per step in a general register.
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    for (std::size_t n = 0;; n += 8) {
        std::uint64_t word;
        std::memcpy(&word, p + n, sizeof word);
        const std::uint64_t quote = word ^ (ones * '"'), backslash = word ^ (ones * '\\');
        // A byte of zero in either marks a match; the lowest marked byte is exact.
        const std::uint64_t hit =
            ((quote - ones) & ~quote & highs) | ((backslash - ones) & ~backslash & highs);
        if (hit) return n + static_cast<std::size_t>(std::countr_zero(hit)) / 8;
    }
#endif
}

/// The key of an object member. Keys are almost never escaped, so the raw bytes are viewed where they
/// stand (no copy); a key with a backslash is unescaped, which also validates its escapes, and
/// `*escaped` (when given) says so. The document passed stage 1, so the key's closing quote is there.
simdjson_inline simdjson::error_code member_key(simdjson::ondemand::field& f, std::string_view& out,
                                                bool* escaped = nullptr) {
    const char* raw = f.key().raw();
    const std::size_t n = string_end(raw);
    const bool plain = raw[n] == '"';
    if (escaped) *escaped = !plain;
    if (plain) {
        out = std::string_view(raw, n);
        return simdjson::SUCCESS;
    }
    return f.unescaped_key().get(out);
}

/// The value of eight decimal digits held one per byte, most significant first in the lowest byte
/// (already minus '0'): pairs, then fours, then all eight are combined by multiplication.
[[gnu::always_inline]] inline std::uint64_t eight_digit_value(std::uint64_t digits) noexcept {
    digits = digits * 10 + (digits >> 8);
    return (((digits & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
            (((digits >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >> 32;
}

/// Reads the run of ASCII digits at `p` into `value` (wrapping past 19 digits; callers check the count)
/// and returns how many there were, eight per step: the step that meets the end of the run takes its
/// remaining digits at once, so a 10- or 13-digit timestamp costs two steps and no per-digit branches.
/// Like `string_end`, `p` points into a padded, stage-1 validated buffer, so reading up to seven bytes
/// past the run stays in bounds.
[[gnu::always_inline]] inline std::size_t digit_run(const char* p, std::uint64_t& value) noexcept {
    std::size_t n = 0;
    std::uint64_t acc = 0;
    if constexpr (std::endian::native == std::endian::little) {
        constexpr std::uint64_t pow10[8] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
        for (;;) {
            std::uint64_t word;
            std::memcpy(&word, p + n, sizeof word);
            // A digit byte becomes 0..9; a nonzero high nibble, or one that adding 6 creates, marks the
            // first byte that is not a digit (carries only run towards later bytes, which don't matter).
            const std::uint64_t digits = word ^ 0x3030303030303030ULL;
            const std::uint64_t other = (digits | (digits + 0x0606060606060606ULL)) & 0xF0F0F0F0F0F0F0F0ULL;
            if (other == 0) {
                acc = acc * 100000000 + eight_digit_value(digits);
                n += 8;
                continue;
            }
            const auto k = static_cast<unsigned>(std::countr_zero(other)) / 8;  // digits before it
            if (k != 0) {
                // Shifting the k digits to the top leaves zero bytes below them: leading zeros.
                acc = acc * pow10[k] + eight_digit_value(digits << (8 * (8 - k)));
                n += k;
            }
            value = acc;
            return n;
        }
    }
    while (p[n] >= '0' && p[n] <= '9') acc = acc * 10 + static_cast<unsigned>(p[n++] - '0');
    value = acc;
    return n;
}

/// True when the document's root value has been read to its end and nothing but whitespace follows
/// (`{"a":1} x` is not one JSON document). Call after the root object has been iterated fully.
inline bool document_fully_consumed(simdjson::ondemand::document& doc) noexcept {
    // current_location() reports OUT_OF_BOUNDS once every token has been consumed.
    return doc.current_location().error() == simdjson::OUT_OF_BOUNDS;
}

/// A reusable buffer that holds a copy of a body followed by SIMDJSON_PADDING zero bytes. The request
/// body is a borrowed view whose tail simdjson may not read past, so it is copied once; the buffer
/// only grows, so steady-state parsing allocates nothing.
class padded_buffer {
public:
    /// Copies `bytes` in and returns the padded view's data pointer.
    const char* assign(std::string_view bytes) {
        const std::size_t need = bytes.size() + simdjson::SIMDJSON_PADDING;
        if (buf_.size() < need) buf_.resize(need);
        if (!bytes.empty()) std::memcpy(buf_.data(), bytes.data(), bytes.size());
        std::memset(buf_.data() + bytes.size(), 0, simdjson::SIMDJSON_PADDING);
        len_ = bytes.size();
        return buf_.data();
    }
    const char* data() const noexcept { return buf_.data(); }
    std::size_t size() const noexcept { return len_; }
    std::size_t capacity() const noexcept { return buf_.size(); }

private:
    std::string buf_;
    std::size_t len_ = 0;
};

}  // namespace rollcall::sources
