// rollcall/time.hpp: instants (UTC, millisecond resolution), parsing and formatting.
//
// Every instant inside rollcall is `rollcall::instant`, a `std::chrono::sys_time<milliseconds>`;
// at the C ABI it is `int64_t` milliseconds since the Unix epoch. Parsing is strict and hand-written
// (no locale, no allocation) because parsers call it for every event.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "rollcall/error.hpp"

namespace rollcall {

using milliseconds = std::chrono::milliseconds;
using instant = std::chrono::sys_time<milliseconds>;

constexpr instant from_unix_ms(std::int64_t ms) noexcept { return instant{milliseconds{ms}}; }
constexpr std::int64_t to_unix_ms(instant t) noexcept { return t.time_since_epoch().count(); }
constexpr instant from_unix_s(std::int64_t s) noexcept { return instant{milliseconds{s * 1000}}; }

namespace detail {

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// Reads exactly `n` digits at `s[pos]`; returns -1 if any is not a digit or the text is short.
constexpr int read_digits(std::string_view s, std::size_t pos, std::size_t n) noexcept {
    if (pos + n > s.size()) return -1;
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        char c = s[pos + i];
        if (!is_digit(c)) return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

constexpr unsigned days_in_month(int y, unsigned m) noexcept {
    constexpr unsigned table[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29u : table[m - 1];
}

/// Two ASCII digits at `p` into `v`.
inline bool two_digits(const char* p, unsigned& v) noexcept {
    const unsigned a = static_cast<unsigned char>(p[0]) - unsigned{'0'};
    const unsigned b = static_cast<unsigned char>(p[1]) - unsigned{'0'};
    v = a * 10 + b;
    return a <= 9 && b <= 9;
}

/// The fast path of parse_rfc3339, for the shapes platforms send: `YYYY-MM-DDTHH:MM:SS`, an optional
/// `.fff` (exactly three digits), then `Z` or `±HH:MM`, read into `out` with the values the general
/// path gives them. False for anything else (other fractions, leap seconds, lowercase or space
/// separators, errors), which the general path then decides and names.
inline bool common_rfc3339(std::string_view s, instant& out) noexcept {
    const std::size_t n = s.size();
    if (n != 20 && n != 24 && n != 25 && n != 29) return false;
    const char* p = s.data();
    unsigned y1, y2, mo, d, h, mi, se;
    if (!two_digits(p, y1) || !two_digits(p + 2, y2) || !two_digits(p + 5, mo) ||
        !two_digits(p + 8, d) || !two_digits(p + 11, h) || !two_digits(p + 14, mi) ||
        !two_digits(p + 17, se))
        return false;
    if (p[4] != '-' || p[7] != '-' || p[10] != 'T' || p[13] != ':' || p[16] != ':') return false;
    const int year = static_cast<int>(y1 * 100 + y2);
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(year, mo) || h > 23 || mi > 59 || se > 59)
        return false;
    std::size_t pos = 19;
    std::int64_t millis = 0;
    if (n == 24 || n == 29) {
        unsigned hundreds, rest;
        if (p[19] != '.' || !two_digits(p + 20, hundreds) || !two_digits(p + 21, rest)) return false;
        millis = hundreds * 10 + rest % 10;
        pos = 23;
    }
    std::int64_t offset_min = 0;
    if (n == 20 || n == 24) {
        if (p[pos] != 'Z') return false;
    } else {
        unsigned oh, om;
        if ((p[pos] != '+' && p[pos] != '-') || !two_digits(p + pos + 1, oh) || p[pos + 3] != ':' ||
            !two_digits(p + pos + 4, om) || oh > 23 || om > 59)
            return false;
        offset_min = static_cast<std::int64_t>(oh * 60 + om) * (p[pos] == '-' ? -1 : 1);
    }
    const std::int64_t days = days_from_civil(year, mo, d);
    const std::int64_t secs = days * 86400 + h * 3600 + mi * 60 + se - offset_min * 60;
    out = from_unix_ms(secs * 1000 + millis);
    return true;
}

/// The general path of parse_rfc3339: every form it accepts, and the error that names what is wrong.
inline result<instant> parse_rfc3339_general(std::string_view s) {
    auto bad = [&](const char* why) {
        return fail(errc::invalid_value, std::string("not an RFC 3339 date-time (") + why + "): '" +
                                             std::string(s.substr(0, 64)) + "'");
    };
    if (s.size() < 20) return bad("too short");
    const int year = read_digits(s, 0, 4);
    const int month = read_digits(s, 5, 2);
    const int day = read_digits(s, 8, 2);
    const int hour = read_digits(s, 11, 2);
    const int minute = read_digits(s, 14, 2);
    const int second = read_digits(s, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return bad("digits");
    if (s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':') return bad("separators");
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return bad("date/time separator");
    if (month < 1 || month > 12 || day < 1 || static_cast<unsigned>(day) > detail::days_in_month(year, month))
        return bad("date out of range");
    if (hour > 23 || minute > 59 || second > 60) return bad("time out of range");

    std::size_t pos = 19;
    std::int64_t millis = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        int scale = 100;
        while (pos < s.size() && detail::is_digit(s[pos])) {
            if (scale > 0) millis += (s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == start) return bad("empty fraction");
    }
    if (pos >= s.size()) return bad("missing zone");
    std::int64_t offset_min = 0;
    const char z = s[pos];
    if (z == 'Z' || z == 'z') {
        ++pos;
    } else if (z == '+' || z == '-') {
        const int oh = read_digits(s, pos + 1, 2);
        const int om = read_digits(s, pos + 4, 2);
        if (oh < 0 || om < 0 || s[pos + 3] != ':' || oh > 23 || om > 59) return bad("offset");
        offset_min = (oh * 60 + om) * (z == '-' ? -1 : 1);
        pos += 6;
    } else {
        return bad("zone");
    }
    if (pos != s.size()) return bad("trailing characters");

    int sec = second;
    if (sec == 60) {  // leap second: clamp into the previous second rather than rolling the minute
        sec = 59;
        millis = 999;
    }
    const std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const std::int64_t secs = days * 86400 + hour * 3600 + minute * 60 + sec - offset_min * 60;
    return from_unix_ms(secs * 1000 + millis);
}

}  // namespace detail

/// Parses an RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`.
/// `T` may be `t` or a space; `Z` may be `z`. Fractions beyond milliseconds are truncated.
/// A leap second (`:60`) is read as the last millisecond of that minute's second 59.
/// The shapes platforms actually send are read by a straight-line fast path (a report or webhook body
/// carries a dozen times, and the general scan was a tenth of such a parse); the general path decides
/// everything else and names the error.
inline result<instant> parse_rfc3339(std::string_view s) {
    instant t;
    if (detail::common_rfc3339(s, t)) return t;
    return detail::parse_rfc3339_general(s);
}

/// Parses a decimal integer (optional leading '-'); no spaces, no '+', no overflow.
inline std::optional<std::int64_t> parse_int64(std::string_view s) noexcept {
    if (s.empty()) return std::nullopt;
    bool neg = false;
    std::size_t i = 0;
    if (s[0] == '-') {
        neg = true;
        i = 1;
        if (s.size() == 1) return std::nullopt;
    }
    std::uint64_t v = 0;
    for (; i < s.size(); ++i) {
        if (!detail::is_digit(s[i])) return std::nullopt;
        const unsigned d = static_cast<unsigned>(s[i] - '0');
        if (v > (static_cast<std::uint64_t>(INT64_MAX) + (neg ? 1 : 0) - d) / 10) return std::nullopt;
        v = v * 10 + d;
    }
    return neg ? static_cast<std::int64_t>(0 - v) : static_cast<std::int64_t>(v);
}

/// Parses Unix seconds ("1760259600", optionally with a fraction "1760259600.25").
inline result<instant> parse_unix_seconds(std::string_view s) {
    const auto dot = s.find('.');
    const auto whole = parse_int64(s.substr(0, dot));
    if (!whole || *whole > INT64_MAX / 1000 || *whole < INT64_MIN / 1000)
        return fail(errc::invalid_value, "not Unix seconds: '" + std::string(s.substr(0, 32)) + "'");
    std::int64_t ms = *whole * 1000;
    if (dot != std::string_view::npos) {
        int scale = 100;
        std::int64_t frac = 0;
        for (std::size_t i = dot + 1; i < s.size(); ++i) {
            if (!detail::is_digit(s[i]))
                return fail(errc::invalid_value, "not Unix seconds: '" + std::string(s.substr(0, 32)) + "'");
            if (scale > 0) frac += (s[i] - '0') * scale;
            scale /= 10;
        }
        ms += *whole < 0 ? -frac : frac;
    }
    return from_unix_ms(ms);
}

/// Parses Unix milliseconds ("1760259600123").
inline result<instant> parse_unix_millis(std::string_view s) {
    const auto v = parse_int64(s);
    if (!v) return fail(errc::invalid_value, "not Unix milliseconds: '" + std::string(s.substr(0, 32)) + "'");
    return from_unix_ms(*v);
}

/// Parses any instant a user may type: RFC 3339, or an all-digit Unix time (seconds when it has
/// at most 11 digits, i.e. before year 5138; milliseconds otherwise).
inline result<instant> parse_instant(std::string_view s) {
    if (!s.empty() && (detail::is_digit(s[0]) || s[0] == '-') && s.find_first_of("T t:") == std::string_view::npos) {
        const std::size_t digits = s.size() - (s[0] == '-' ? 1 : 0);
        if (s.find('.') == std::string_view::npos && digits > 11) return parse_unix_millis(s);
        return parse_unix_seconds(s);
    }
    return parse_rfc3339(s);
}

/// Formats as RFC 3339 in UTC: "2025-10-12T09:00:00Z", with ".mmm" only when the milliseconds
/// are not zero. `offset_s` renders the same instant at that UTC offset ("+02:00").
inline std::string format_rfc3339(instant t, std::int32_t offset_s = 0) {
    using namespace std::chrono;
    const auto local = t + seconds{offset_s};
    const auto day = floor<days>(local);
    const year_month_day ymd{day};
    const hh_mm_ss hms{local - day};
    char buf[40];
    int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                          static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                          static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                          static_cast<int>(hms.seconds().count()));
    const auto ms = hms.subseconds().count();
    if (ms != 0) n += std::snprintf(buf + n, sizeof buf - n, ".%03d", static_cast<int>(ms));
    if (offset_s == 0) {
        buf[n++] = 'Z';
        buf[n] = '\0';
    } else {
        const int a = offset_s < 0 ? -offset_s : offset_s;
        std::snprintf(buf + n, sizeof buf - n, "%c%02d:%02d", offset_s < 0 ? '-' : '+', a / 3600, (a / 60) % 60);
    }
    return buf;
}

/// Whole seconds of a millisecond duration, truncated toward zero.
constexpr std::int64_t whole_seconds(milliseconds d) noexcept { return d.count() / 1000; }

}  // namespace rollcall
