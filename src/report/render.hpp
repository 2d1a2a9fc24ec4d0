// One call per report kind and output format: what the CLI prints and what the C ABI hands back.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "report/aggregate.hpp"
#include "report/attendance.hpp"
#include "rollcall/enum_names.hpp"

namespace rollcall::report {

enum class output_format : std::uint8_t { table, json, csv };

inline constexpr std::array<std::string_view, 3> output_format_names{"table", "json", "csv"};
static_assert(names_cover(output_format_names, output_format::csv));
constexpr const auto& enum_names(output_format) noexcept { return output_format_names; }
using rollcall::to_string;  // enum_names.hpp's, for this namespace's enums wherever they are named
inline std::optional<output_format> parse_output_format(std::string_view s) noexcept {
    return parse_enum<output_format>(s);
}

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
