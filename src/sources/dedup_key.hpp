// Dedup keys of the BBB and Zoom parsers, composed on the stack and stored with one append. A key is
// the longest string of an event (prefix, ids, Unix ms), and building it with an assign and an append
// per part cost as much as reading the event's fields from small documents. Internal.
#pragma once

#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>

#include "rollcall/time.hpp"

namespace rollcall::sources {

namespace detail {

// The eight decimal digits of `v` < 10^8 as digit values, the first in the lowest byte: the halves,
// quarters and digits are split in parallel lanes of one word (multiply-shift divisions by 100 and 10
// that are exact in these ranges), where to_chars divides two digits at a time.
constexpr std::uint64_t eight_digits(std::uint32_t v) noexcept {
    const std::uint64_t halves = (v / 10000) | (std::uint64_t{v % 10000} << 32);
    const std::uint64_t hundreds = ((halves * 10486) >> 20) & 0x0000007F0000007FULL;
    const std::uint64_t pairs = hundreds | ((halves - hundreds * 100) << 16);
    const std::uint64_t tens = ((pairs * 103) >> 10) & 0x000F000F000F000FULL;
    return tens | ((pairs - tens * 10) << 8);
}

/// `v` in decimal at `o` (room for 20 characters), as to_chars writes it; returns the end. Unix
/// milliseconds from 1973 to 2286 have 12 or 13 digits: a word of up to eight and a word of eight.
inline char* write_decimal(char* o, std::int64_t v) noexcept {
    constexpr std::int64_t low = 100'000'000, high = low * low;
    if constexpr (std::endian::native == std::endian::little) {
        if (v >= low && v < high) {
            constexpr std::uint64_t zeros = 0x3030303030303030ULL;
            const std::uint64_t first = eight_digits(static_cast<std::uint32_t>(v / low));
            const int skipped = std::countr_zero(first) / 8;  // leading zeros (first is not 0)
            const std::uint64_t lead = (first + zeros) >> (8 * skipped);
            const std::uint64_t rest = eight_digits(static_cast<std::uint32_t>(v % low)) + zeros;
            std::memcpy(o, &lead, sizeof lead);
            o += 8 - skipped;
            std::memcpy(o, &rest, sizeof rest);
            return o + 8;
        }
    }
    return std::to_chars(o, o + 20, v).ptr;
}

}  // namespace detail

/// A BBB or Zoom dedup key, `prefix` + each part + ":" ... + the Unix milliseconds of `at`, appended
/// part by part: the reference form of the key, and the way for keys too long for the stack.
inline void write_dedup_key(std::string& key, std::string_view prefix, std::initializer_list<std::string_view> parts,
                            instant at) {
    char ms[24];
    const auto end = std::to_chars(ms, ms + sizeof ms, to_unix_ms(at)).ptr;
    key.assign(prefix);
    for (const std::string_view part : parts) key.append(part).append(":");
    key.append(ms, end);
}

/// The key `write_dedup_key` writes (`prefix` + each part + ":" ... + the Unix ms of `at`), in one
/// append: `key` keeps its capacity when the event slot is reused.
inline void dedup_key_into(std::string& key, std::string_view prefix, std::initializer_list<std::string_view> parts,
                           instant at) {
    char buf[256];
    constexpr std::size_t ms_digits = 20;  // an int64 with its sign
    char* o = buf;
    char* const limit = buf + sizeof buf - ms_digits;
    if (prefix.size() > static_cast<std::size_t>(limit - o)) return write_dedup_key(key, prefix, parts, at);
    std::memcpy(o, prefix.data(), prefix.size());
    o += prefix.size();
    for (const std::string_view part : parts) {
        // A key too long for the stack (ids are short; a hostile body may not be) takes the slow way.
        if (part.size() >= static_cast<std::size_t>(limit - o)) return write_dedup_key(key, prefix, parts, at);
        if (!part.empty()) std::memcpy(o, part.data(), part.size());
        o += part.size();
        *o++ = ':';
    }
    o = detail::write_decimal(o, to_unix_ms(at));
    key.clear();
    key.append(buf, static_cast<std::size_t>(o - buf));  // append skips the overlap handling of assign
}

}  // namespace rollcall::sources
