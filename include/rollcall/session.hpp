// rollcall/session.hpp: the host's teaching appointment (SPEC §1, §5) as a value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rollcall/time.hpp"

namespace rollcall {

enum class session_status : std::uint8_t { unscheduled, scheduled, ready, ongoing, completed, absent, cancelled };

constexpr std::string_view to_string(session_status s) noexcept {
    switch (s) {
        case session_status::unscheduled: return "unscheduled";
        case session_status::scheduled: return "scheduled";
        case session_status::ready: return "ready";
        case session_status::ongoing: return "ongoing";
        case session_status::completed: return "completed";
        case session_status::absent: return "absent";
        case session_status::cancelled: return "cancelled";
    }
    return "?";
}
inline std::optional<session_status> parse_session_status(std::string_view s) noexcept {
    for (int i = 0; i <= static_cast<int>(session_status::cancelled); ++i)
        if (to_string(static_cast<session_status>(i)) == s) return static_cast<session_status>(i);
    return std::nullopt;
}

/// How a session's money is computed (SPEC §7). Amounts are integer minor units (cents, ...).
enum class rate_kind : std::uint8_t { none, per_hour, per_session };

constexpr std::string_view to_string(rate_kind r) noexcept {
    switch (r) {
        case rate_kind::none: return "none";
        case rate_kind::per_hour: return "per_hour";
        case rate_kind::per_session: return "per_session";
    }
    return "?";
}
inline std::optional<rate_kind> parse_rate_kind(std::string_view s) noexcept {
    for (int i = 0; i <= static_cast<int>(rate_kind::per_session); ++i)
        if (to_string(static_cast<rate_kind>(i)) == s) return static_cast<rate_kind>(i);
    return std::nullopt;
}

/// What the host knows about an appointment before anything happens.
struct session_spec {
    std::string id;
    std::string type;                        ///< selects the policy (e.g. "quran", "academic")
    std::optional<std::string> teacher;      ///< identity of the teacher, if the session names one
    std::vector<std::string> students;       ///< identities of the enrolled students
    std::optional<instant> scheduled_start;  ///< S
    std::optional<instant> scheduled_end;    ///< E
    std::vector<std::string> rooms;          ///< linked rooms (platform room keys)
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
