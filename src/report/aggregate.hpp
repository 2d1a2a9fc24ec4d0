// Teacher and overall aggregates over a local date range in an IANA zone (daily, ISO-weekly, monthly),
// the daily participation trend and the attendance-duration histogram. Built from evaluated sessions
// only; docs/reports.md defines every figure.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "report/table.hpp"
#include "rollcall/calendar.hpp"
#include "rollcall/json_writer.hpp"
#include "rollcall/results.hpp"

namespace rollcall::report {

/// Histogram of per-seat attended minutes; bucket i is [edges[i], edges[i+1]) and the last is open.
inline constexpr std::array<std::int64_t, 8> histogram_edges_min = {0, 5, 15, 30, 45, 60, 90, 120};

/// One aggregate cell. "Held" sessions are those whose status counts (completed, absent): only they
/// feed seats, minutes and money; every session feeds `sessions` and `by_status`.
struct period_stats {
    std::string label;  ///< bucket label ("2026-03", "2026-W13", "2026-03-29") or "total"
    local_date first{};
    local_date last{};
    std::int64_t sessions = 0;
    std::array<std::int64_t, 7> by_status{};  ///< indexed by session_status
    std::int64_t seats = 0;                   ///< enrolled students of held sessions
    std::int64_t attended_seats = 0;          ///< of those, the ones not `absent`
    std::int64_t attended_ms = 0;             ///< students' attended time in held sessions
    std::int64_t teacher_ms = 0;              ///< the teacher's attended time in held sessions
    std::int64_t billable_s = 0;
    std::map<std::string, std::int64_t> amount_minor;  ///< by currency ("" when none is set)
    std::set<std::string> students;                    ///< distinct students attending (not absent)
    std::array<std::int64_t, histogram_edges_min.size()> histogram{};

    std::int64_t count(session_status s) const { return by_status[static_cast<std::size_t>(s)]; }
    std::optional<double> attendance_rate() const;  ///< attended_seats / seats; none without seats
    double attended_min() const { return static_cast<double>(attended_ms) / 60000.0; }
    std::optional<double> avg_attended_min() const;  ///< per seat
};

struct teacher_series {
    std::string teacher;  ///< identity; "" for sessions without a teacher; "*" for the overall series
    std::vector<period_stats> periods;
    period_stats total;
};

struct aggregate_options {
    zone tz = zone::utc();
    std::optional<local_date> from;  ///< inclusive; default: the earliest session's local date
    std::optional<local_date> to;    ///< inclusive; default: the latest session's local date
    period by = period::month;
    std::optional<std::string> teacher;  ///< only this teacher's sessions
};

struct aggregate_report {
    zone tz = zone::utc();
    std::optional<local_date> from;
    std::optional<local_date> to;
    period by = period::month;
    std::optional<std::string> teacher;    ///< the teacher filter, if one was asked for
    std::vector<teacher_series> teachers;  ///< by teacher identity
    teacher_series overall;                ///< every selected session
};

/// A session is placed at its scheduled start (or, unscheduled, its first activity) in the zone;
/// sessions with neither, or outside [from, to], are left out. Every bucket meeting the range is
/// present, empty ones included. `from` after `to` → invalid_argument.
result<aggregate_report> build_aggregate(std::span<const session_result> sessions, const aggregate_options& opt);

/// Teacher report grids: one row per (teacher, period) plus a "total" row per teacher, then the overall
/// series under teacher "*".
table teacher_table(const aggregate_report& r);
void write_teacher_json(json_writer& w, const aggregate_report& r);

/// Trend grids over the overall series (build it with `by = period::day`): per period participation
/// and the histogram counts as columns; and the histogram of the whole range.
table trend_table(const aggregate_report& r);
table histogram_table(const period_stats& s);
void write_trend_json(json_writer& w, const aggregate_report& r);

/// "0-5", ..., "120+" (minutes).
std::string histogram_label(std::size_t i);

}  // namespace rollcall::report
