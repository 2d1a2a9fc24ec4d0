// The per-session attendance report: one row per participant with the columns of a careful export
// (docs/reports.md lists and defines them). Built from evaluated sessions only, so it is a pure
// function of (session_result, events) and needs no database.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "report/table.hpp"
#include "rollcall/calendar.hpp"
#include "rollcall/event.hpp"
#include "rollcall/json_writer.hpp"
#include "rollcall/results.hpp"

namespace rollcall::report {

struct attendance_row {
    std::string session_id;
    std::string session_type;
    session_status session_state = session_status::unscheduled;
    std::optional<instant> scheduled_start;
    std::optional<instant> scheduled_end;
    std::string participant_id;
    std::string name;
    std::string email;
    role who = role::other;
    bool guest = false;  ///< neither the session's teacher nor one of its students
    role platform_role = role::other;  ///< SPEC §11: the platform's host/moderator hint (other: none)
    bool unresolved = false;           ///< SPEC §11: the identity is a platform fallback, not the host's id
    std::optional<instant> first_join;
    std::optional<instant> last_leave;
    std::int64_t attended_s = 0;
    std::int64_t raw_connected_s = 0;
    std::size_t connections = 0;
    std::int64_t bridged_s = 0;
    std::int64_t late_s = 0;
    std::optional<double> percent_of_scheduled;  ///< attended / scheduled length × 100, when scheduled
    attendance_status status = attendance_status::absent;
    bool in_progress = false;
    std::int64_t billable_s = 0;    ///< the session's total (rounded once), repeated on each of its rows
    std::int64_t amount_minor = 0;  ///< the session's total, repeated on each of its rows
    std::string currency;
    std::string platform;           ///< platforms the participant's events came from, e.g. "zoom" or "bbb+livekit"
    std::string policy_id;          ///< see policy_json.hpp
    std::string policy;             ///< the policy as compact JSON
};

/// The rows of one evaluated session: the teacher first, then enrolled students, then guests, each
/// group by identity. An enrolled person the engine has no row for gets an `absent` row. Non-persons
/// (recorders, agents) get no row. `events` are the session's events; they only supply `platform`.
std::vector<attendance_row> attendance_rows(const session_result& r, std::span<const event> events);

/// The export grid: every column, instants as RFC 3339 with `tz`'s offset at that instant.
table attendance_table(std::span<const attendance_row> rows, const zone& tz);

/// The readable grid: the same rows without email and the policy JSON (its id stays).
table attendance_text_table(std::span<const attendance_row> rows, const zone& tz);

/// One session as a JSON object: the session's own facts (status, schedule, billing, policy object,
/// anomalies, non-persons) and its `participants` rows.
void write_session_json(json_writer& w, const session_result& r, std::span<const attendance_row> rows,
                        const zone& tz);

}  // namespace rollcall::report
