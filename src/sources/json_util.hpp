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

/// Reads the run of ASCII digits at `p` into `value` (wrapping past 20 digits; callers check the count)
/// and returns how many there were, eight at a time where it can. Like `string_end`, `p` points into a
/// padded, stage-1 validated buffer, so reading up to seven bytes past the run stays in bounds.
[[gnu::always_inline]] inline std::size_t digit_run(const char* p, std::uint64_t& value) noexcept {
    std::size_t n = 0;
    std::uint64_t acc = 0;
    if constexpr (std::endian::native == std::endian::little) {
        for (;;) {
            std::uint64_t word;
            std::memcpy(&word, p + n, sizeof word);
            // Every byte is 0x30..0x39 exactly when its high nibble is 3 and adding 6 keeps it there.
            constexpr std::uint64_t high = 0xF0F0F0F0F0F0F0F0ULL;
            if (((word & high) | (((word + 0x0606060606060606ULL) & high) >> 4)) != 0x3333333333333333ULL) break;
            // Combine neighbouring digits into pairs, the pairs into fours, the fours into one value.
            word -= 0x3030303030303030ULL;
            word = word * 10 + (word >> 8);
            word = (((word & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
                    (((word >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >> 32;
            acc = acc * 100000000 + word;
            n += 8;
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
