// Small helpers shared by the parsers: ASCII case-insensitive comparison, and the pieces needed to
// hand request bytes to simdjson On-Demand without a per-request allocation. Internal.
#pragma once

#include <simdjson.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

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

/// The offset from `p` of the first `"` or `\\` in a JSON string's raw bytes, eight bytes at a time.
/// `p` points into a padded buffer that passed simdjson's stage 1, so the string's closing quote is
/// there and reading up to seven bytes past it stays in the padding.
inline std::size_t string_end(const char* p) noexcept {
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
