// rollcall/attendance.hpp: the attendance status of one participant (SPEC §4).
#pragma once

#include <optional>

#include "rollcall/policy.hpp"
#include "rollcall/results.hpp"
#include "rollcall/time.hpp"

namespace rollcall {

/// The rules of SPEC §4 in their order; the first that applies wins.
/// `attended` is after bridge and clip; `first_join` is unclipped.
inline attendance_status attendance_of(milliseconds attended, std::optional<instant> first_join,
                                       std::optional<instant> start, std::optional<instant> end, const policy& p) {
    const std::int64_t a = attended.count();
    if (a < p.min_presence_s * 1000) return attendance_status::absent;
    if (!start || !end || *end <= *start) return attendance_status::present;  // no schedule, no ratio
    const std::int64_t d = (*end - *start).count();
    if (a >= d) return attendance_status::present;  // full attendance overrides lateness
    if (static_cast<double>(a) < p.partial_below_ratio * static_cast<double>(d)) return attendance_status::partial;
    if (first_join && (*first_join - *start).count() > p.late_grace_s * 1000) return attendance_status::late;
    return attendance_status::present;
}

/// max(0, first_join - S), or 0 without a join or a schedule.
inline milliseconds lateness(std::optional<instant> first_join, std::optional<instant> start) {
    if (!first_join || !start || *first_join <= *start) return milliseconds{0};
    return *first_join - *start;
}

}  // namespace rollcall
