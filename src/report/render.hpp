// One call per report kind and output format: what the CLI prints and what the C ABI hands back.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "report/aggregate.hpp"
#include "report/attendance.hpp"

namespace rollcall::report {

enum class output_format : std::uint8_t { table, json, csv };

std::optional<output_format> parse_output_format(std::string_view s) noexcept;

/// The attendance report of several sessions. `events[i]` are the events of `sessions[i]` (they only
/// supply each row's platform); `events` may be empty. JSON: `{"report":"session","zone":...,
/// "sessions":[...]}`; CSV and table: one row per participant of every session, in the order given.
std::string render_attendance(std::span<const session_result> sessions, std::span<const std::vector<event>> events,
                              const zone& tz, output_format fmt);

/// The teacher report (any `by`).
std::string render_teacher(const aggregate_report& r, output_format fmt);

/// The trend report (build with `by = period::day`): the per-day series; the table form adds the
/// duration histogram of the whole range below it.
std::string render_trends(const aggregate_report& r, output_format fmt);

}  // namespace rollcall::report
