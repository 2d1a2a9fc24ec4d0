// RFC 3339 times as the BBB and Zoom parsers meet them, without parse_rfc3339's general scan: its
// fraction loop, bounds-checked digit reads and result type were a tenth of the analytics parse (16
// times in a 2 KB body). Internal.
#pragma once

#include <cstdint>
#include <string_view>

#include "rollcall/error.hpp"
#include "rollcall/time.hpp"

namespace rollcall::sources {

namespace detail {

// Two ASCII digits at `p` into `v`.
inline bool two_digits(const char* p, unsigned& v) noexcept {
    const unsigned a = static_cast<unsigned char>(p[0]) - unsigned{'0'};
    const unsigned b = static_cast<unsigned char>(p[1]) - unsigned{'0'};
    v = a * 10 + b;
    return a <= 9 && b <= 9;
}

}  // namespace detail

/// The shapes platforms send, `YYYY-MM-DDTHH:MM:SS` + optional `.fff` (exactly three digits) + `Z` or
/// `±HH:MM`, read into `out` with the values parse_rfc3339 gives them. False for anything else (other
/// fractions, leap seconds, lowercase or space separators, errors): the caller then asks
/// parse_rfc3339, which decides and names the error.
inline bool common_rfc3339(std::string_view s, instant& out) noexcept {
    const std::size_t n = s.size();
    if (n != 20 && n != 24 && n != 25 && n != 29) return false;
    const char* p = s.data();
    unsigned y1, y2, mo, d, h, mi, se;
    if (!detail::two_digits(p, y1) || !detail::two_digits(p + 2, y2) || !detail::two_digits(p + 5, mo) ||
        !detail::two_digits(p + 8, d) || !detail::two_digits(p + 11, h) || !detail::two_digits(p + 14, mi) ||
        !detail::two_digits(p + 17, se))
        return false;
    if (p[4] != '-' || p[7] != '-' || p[10] != 'T' || p[13] != ':' || p[16] != ':') return false;
    const int year = static_cast<int>(y1 * 100 + y2);
    if (mo < 1 || mo > 12 || d < 1 || d > rollcall::detail::days_in_month(year, mo) || h > 23 || mi > 59 || se > 59)
        return false;
    std::size_t pos = 19;
    std::int64_t millis = 0;
    if (n == 24 || n == 29) {
        unsigned hundreds, rest;
        if (p[19] != '.' || !detail::two_digits(p + 20, hundreds) || !detail::two_digits(p + 21, rest)) return false;
        millis = hundreds * 10 + rest % 10;
        pos = 23;
    }
    std::int64_t offset_min = 0;
    if (n == 20 || n == 24) {
        if (p[pos] != 'Z') return false;
    } else {
        unsigned oh, om;
        if ((p[pos] != '+' && p[pos] != '-') || !detail::two_digits(p + pos + 1, oh) || p[pos + 3] != ':' ||
            !detail::two_digits(p + pos + 4, om) || oh > 23 || om > 59)
            return false;
        offset_min = static_cast<std::int64_t>(oh * 60 + om) * (p[pos] == '-' ? -1 : 1);
    }
    const std::int64_t days = rollcall::detail::days_from_civil(year, mo, d);
    const std::int64_t secs = days * 86400 + h * 3600 + mi * 60 + se - offset_min * 60;
    out = from_unix_ms(secs * 1000 + millis);
    return true;
}

/// parse_rfc3339, with the common shapes read inline.
inline result<instant> rfc3339(std::string_view s) {
    instant t;
    if (common_rfc3339(s, t)) return t;
    return parse_rfc3339(s);
}

}  // namespace rollcall::sources
