// rollcall/calendar.hpp: local calendar arithmetic in an IANA time zone, for reports.
//
// Reports group sessions by the local day, ISO week or month of the zone the host displays in. A bucket
// always starts at local midnight (or at the first local instant of that day when midnight does not
// exist, as on a DST change at 00:00), whatever the UTC offset is that day, so a DST day lasts 23 or
// 25 hours. The zone database is the system's (`/usr/share/zoneinfo`, through Howard Hinnant's date/tz).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "rollcall/enum_names.hpp"
#include "rollcall/error.hpp"
#include "rollcall/time.hpp"

namespace rollcall {

/// A calendar date in some zone (no time, no zone).
using local_date = std::chrono::year_month_day;

/// Granularity of report buckets.
enum class period : std::uint8_t { day, iso_week, month };

inline constexpr std::array<std::string_view, 3> period_names{"day", "week", "month"};
static_assert(names_cover(period_names, period::month));
constexpr const auto& enum_names(period) noexcept { return period_names; }
inline std::optional<period> parse_period(std::string_view s) noexcept { return parse_enum<period>(s); }

/// One bucket: the local dates [first, last] and the UTC instants [start, end) they cover.
struct bucket {
    period kind = period::day;
    local_date first{};  ///< the local day, the Monday of the ISO week, or the 1st of the month
    local_date last{};   ///< inclusive
    instant start{};     ///< local start of `first`
    instant end{};       ///< local start of the day after `last` (exclusive)
    std::string label;   ///< "2026-03-29", "2026-W13" (ISO week-year), "2026-03"

    friend bool operator==(const bucket&, const bucket&) = default;
};

/// A time zone handle; cheap to copy, valid for the life of the process (the database is never reloaded).
class zone {
public:
    /// Finds an IANA zone by name ("Europe/Berlin", "UTC"). Unknown or empty → `config_error` naming it.
    static result<zone> find(std::string_view name) {
        if (name.empty()) return fail(errc::config_error, "time zone: empty name");
        try {
            return zone(date::locate_zone(name));
        } catch (const std::exception&) {
            return fail(errc::config_error, "time zone: unknown IANA zone '" + std::string(name.substr(0, 64)) + "'");
        }
    }
    /// UTC (always available).
    static zone utc() { return find("UTC").value(); }

    std::string_view name() const { return tz_->name(); }

    /// UTC offset in seconds in effect at `t`.
    std::int32_t offset_s(instant t) const {
        const auto info = tz_->get_info(std::chrono::floor<std::chrono::seconds>(t));
        return static_cast<std::int32_t>(info.offset.count());
    }

    /// The local calendar date of `t`.
    local_date date_of(instant t) const {
        const auto local = t + std::chrono::seconds{offset_s(t)};
        return local_date{std::chrono::floor<std::chrono::days>(local)};
    }

    /// The first instant of local date `d`: local midnight, or the instant the day begins when a
    /// transition skips midnight (both choices of date/tz return the transition for a gap).
    instant start_of(local_date d) const {
        const date::local_days ld{date::days{std::chrono::sys_days{d}.time_since_epoch().count()}};
        const auto sys = tz_->to_sys(ld, date::choose::earliest);
        return std::chrono::time_point_cast<milliseconds>(sys);
    }

    /// RFC 3339 with this zone's offset at `t` ("2026-03-29T03:00:00+02:00"; "Z" only in UTC proper).
    std::string format(instant t) const { return format_rfc3339(t, offset_s(t)); }

private:
    explicit zone(const date::time_zone* tz) : tz_(tz) {}
    const date::time_zone* tz_;
};

namespace detail {

inline std::string format_date(local_date d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                  static_cast<unsigned>(d.day()));
    return buf;
}

/// Monday of the ISO week of `d`.
inline std::chrono::sys_days iso_monday(local_date d) {
    const std::chrono::sys_days sd{d};
    const std::chrono::weekday wd{sd};
    return sd - std::chrono::days{(wd.c_encoding() + 6) % 7};
}

}  // namespace detail

/// "YYYY-MM-DD".
inline std::string format_local_date(local_date d) { return detail::format_date(d); }

/// Parses "YYYY-MM-DD" (a real calendar date) or fails with `invalid_value` naming the text.
inline result<local_date> parse_local_date(std::string_view s) {
    const int y = detail::read_digits(s, 0, 4), m = detail::read_digits(s, 5, 2), d = detail::read_digits(s, 8, 2);
    if (s.size() != 10 || y < 0 || m < 1 || m > 12 || d < 1 || s[4] != '-' || s[7] != '-' ||
        static_cast<unsigned>(d) > detail::days_in_month(y, static_cast<unsigned>(m)))
        return fail(errc::invalid_value, "not a date YYYY-MM-DD: '" + std::string(s.substr(0, 32)) + "'");
    return local_date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                      std::chrono::day{static_cast<unsigned>(d)}};
}

/// ISO 8601 week of a date: the week-year (which may differ from the calendar year around New Year)
/// and the week number 1..53.
struct iso_week_number {
    int year = 0;
    unsigned week = 0;
};
inline iso_week_number iso_week_of(local_date d) {
    const auto monday = detail::iso_monday(d);
    const auto thursday = monday + std::chrono::days{3};  // the week belongs to the year of its Thursday
    const std::chrono::year_month_day th{thursday};
    const std::chrono::sys_days jan1{th.year() / std::chrono::January / 1};
    return {static_cast<int>(th.year()), static_cast<unsigned>((thursday - jan1).count() / 7 + 1)};
}

/// The bucket of kind `kind` that contains local date `d` in zone `z`.
inline bucket bucket_of_date(const zone& z, local_date d, period kind) {
    using namespace std::chrono;
    bucket b;
    b.kind = kind;
    switch (kind) {
        case period::day:
            b.first = b.last = d;
            b.label = detail::format_date(d);
            break;
        case period::iso_week: {
            const auto monday = detail::iso_monday(d);
            b.first = local_date{monday};
            b.last = local_date{monday + days{6}};
            const auto w = iso_week_of(d);
            char buf[16];
            std::snprintf(buf, sizeof buf, "%04d-W%02u", w.year, w.week);
            b.label = buf;
            break;
        }
        case period::month: {
            b.first = d.year() / d.month() / 1;
            b.last = local_date{d.year() / d.month() / last};
            char buf[16];
            std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()));
            b.label = buf;
            break;
        }
    }
    b.start = z.start_of(b.first);
    b.end = z.start_of(local_date{sys_days{b.last} + days{1}});
    return b;
}

/// The bucket of kind `kind` that contains instant `t` in zone `z`.
inline bucket bucket_of(const zone& z, instant t, period kind) { return bucket_of_date(z, z.date_of(t), kind); }

/// The UTC instants [start, end) covered by the local dates [from, to] (both inclusive).
/// `from` after `to` → `invalid_argument`.
struct instant_range {
    instant start{};
    instant end{};
    bool contains(instant t) const noexcept { return t >= start && t < end; }
};
inline result<instant_range> local_range(const zone& z, local_date from, local_date to) {
    if (!from.ok() || !to.ok()) return fail(errc::invalid_argument, "date range: not a calendar date");
    if (std::chrono::sys_days{from} > std::chrono::sys_days{to})
        return fail(errc::invalid_argument, "date range: --from " + detail::format_date(from) + " is after --to " +
                                                detail::format_date(to));
    return instant_range{z.start_of(from), z.start_of(local_date{std::chrono::sys_days{to} + std::chrono::days{1}})};
}

/// Every bucket of kind `kind` that meets the local dates [from, to], in order. The first and last
/// buckets are whole (a month range starting on the 10th still yields the whole month's bucket); the
/// caller filters by the range itself.
inline std::vector<bucket> buckets_between(const zone& z, local_date from, local_date to, period kind) {
    std::vector<bucket> out;
    if (std::chrono::sys_days{from} > std::chrono::sys_days{to}) return out;
    auto b = bucket_of_date(z, from, kind);
    while (std::chrono::sys_days{b.first} <= std::chrono::sys_days{to}) {
        const local_date next{std::chrono::sys_days{b.last} + std::chrono::days{1}};
        out.push_back(std::move(b));
        b = bucket_of_date(z, next, kind);
    }
    return out;
}

}  // namespace rollcall
