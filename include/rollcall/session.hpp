// rollcall/session.hpp: the host's teaching appointment (SPEC §1, §5) as a value.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rollcall/enum_names.hpp"
#include "rollcall/time.hpp"

namespace rollcall {

enum class session_status : std::uint8_t { unscheduled, scheduled, ready, ongoing, completed, absent, cancelled };

inline constexpr std::array<std::string_view, 7> session_status_names{
    "unscheduled", "scheduled", "ready", "ongoing", "completed", "absent", "cancelled"};
static_assert(names_cover(session_status_names, session_status::cancelled));
constexpr const auto& enum_names(session_status) noexcept { return session_status_names; }
inline std::optional<session_status> parse_session_status(std::string_view s) noexcept {
    return parse_enum<session_status>(s);
}

/// How a session's money is computed (SPEC §7). Amounts are integer minor units (cents, ...).
enum class rate_kind : std::uint8_t { none, per_hour, per_session };

inline constexpr std::array<std::string_view, 3> rate_kind_names{"none", "per_hour", "per_session"};
static_assert(names_cover(rate_kind_names, rate_kind::per_session));
constexpr const auto& enum_names(rate_kind) noexcept { return rate_kind_names; }
inline std::optional<rate_kind> parse_rate_kind(std::string_view s) noexcept { return parse_enum<rate_kind>(s); }

/// What the host knows about an appointment before anything happens.
struct session_spec {
    std::string id;
    std::string type;                        ///< selects the policy (e.g. "quran", "academic")
    std::optional<std::string> teacher;      ///< identity of the teacher, if the session names one
    std::vector<std::string> students;       ///< identities of the enrolled students
    std::optional<instant> scheduled_start;  ///< S
    std::optional<instant> scheduled_end;    ///< E
    std::vector<std::string> rooms;          ///< linked rooms (platform room keys)
    /// Linked meetings by what hosts store (SPEC §11): "zoom:<numeric id>"; every instance of the
    /// meeting inside the session's window belongs to the session (docs/tracker.md).
    std::vector<std::string> meetings;
    std::string package;                     ///< host's package / subscription id, free text
    rate_kind rate = rate_kind::none;
    std::int64_t rate_minor = 0;             ///< per hour or per session, in minor units
    std::string currency;

    bool has_schedule() const noexcept { return scheduled_start && scheduled_end && *scheduled_end > *scheduled_start; }
    bool is_student(std::string_view identity) const {
        for (const auto& s : students)
            if (s == identity) return true;
        return false;
    }
    bool is_teacher(std::string_view identity) const { return teacher && *teacher == identity; }
};

}  // namespace rollcall
