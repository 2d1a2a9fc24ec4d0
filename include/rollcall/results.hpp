// rollcall/results.hpp: what the engine computes for one session (SPEC §3–§7), as plain values.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rollcall/enum_names.hpp"
#include "rollcall/event.hpp"
#include "rollcall/policy.hpp"
#include "rollcall/session.hpp"
#include "rollcall/time.hpp"

namespace rollcall {

/// Why a cycle (or a connection interval) ended (SPEC §3).
enum class closing_reason : std::uint8_t {
    leave,     ///< a leave event
    room_end,  ///< the room ended (or the leave came after it and was clamped)
    timeout,   ///< a tracked-link connection went silent: ends at its last heartbeat
    stale,     ///< no leave and nothing happening: closed by the stale rule
    open,      ///< still connected at `now`
    snapshot,  ///< a room snapshot did not list the open connection: ends at its last evidence before it
};

inline constexpr std::array<std::string_view, 6> closing_reason_names{
    "leave", "room_end", "timeout", "stale", "open", "snapshot"};
static_assert(names_cover(closing_reason_names, closing_reason::snapshot));
constexpr const auto& enum_names(closing_reason) noexcept { return closing_reason_names; }

/// Attendance status of one participant (SPEC §4).
enum class attendance_status : std::uint8_t { present, late, partial, absent };

inline constexpr std::array<std::string_view, 4> attendance_status_names{"present", "late", "partial", "absent"};
static_assert(names_cover(attendance_status_names, attendance_status::absent));
constexpr const auto& enum_names(attendance_status) noexcept { return attendance_status_names; }

/// One attended cycle: consecutive presence with gaps of at most the reconnection grace bridged.
struct cycle {
    instant start{};
    instant end{};
    closing_reason reason = closing_reason::leave;  ///< how the last interval of the cycle ended
    milliseconds bridged{0};                        ///< gaps inside the cycle counted as attended
    friend bool operator==(const cycle&, const cycle&) = default;
};

/// Something unusual the engine noticed and handled (never silently).
struct anomaly {
    std::string name;  ///< orphan_leave, stale_close, heartbeat_timeout, leave_after_room_end, ...
    std::string identity;
    std::string connection;
    std::string room;
    instant at{};
    friend bool operator==(const anomaly&, const anomaly&) = default;
};

/// Per identity (SPEC §3 output, §4 status).
struct participant_result {
    std::string identity;
    role who = role::other;  ///< teacher/student from the session; guest/other from the platform
    std::string display_name;
    std::string email;
    bool non_person = false;  ///< a recorder/agent: reported, never counted
    /// SPEC §11: the identity is only a fallback (no host id, no alias); reported as `unresolved`.
    bool unresolved = false;
    /// SPEC §11: the platform's role hint (teacher: Zoom host, BBB moderator, LiveKit's configured
    /// attribute; student: BBB viewer; guest); `who` is the session's word and wins.
    role platform_role = role::other;
    std::vector<cycle> cycles;
    milliseconds attended{0};       ///< after bridge and clip
    milliseconds raw_connected{0};  ///< plain sum of connection intervals
    milliseconds bridged{0};        ///< gap time credited by bridging (inside the clip window)
    std::optional<instant> first_join;  ///< unclipped
    std::optional<instant> last_leave;  ///< unclipped; absent while a connection is still open
    milliseconds late{0};               ///< max(0, first_join - S)
    std::size_t connections = 0;        ///< distinct connections (devices/tabs) seen
    bool in_progress = false;           ///< a connection is still open at `now`
    attendance_status status = attendance_status::absent;
    std::optional<double> ratio;        ///< attended / scheduled length, when there is a schedule
    friend bool operator==(const participant_result&, const participant_result&) = default;
};

/// A status change of the session lifecycle (SPEC §5).
struct status_change {
    session_status from = session_status::unscheduled;
    session_status to = session_status::unscheduled;
    instant at{};
    std::string reason;  ///< e.g. "creation_window", "first_join", "room_end", "teacher_absent", "host_action"
    friend bool operator==(const status_change&, const status_change&) = default;
};

/// Billing of the session total (SPEC §7).
struct billing_result {
    billable_basis basis = billable_basis::co_presence;  ///< the basis actually used
    milliseconds unrounded{0};                           ///< billable time before the one rounding
    std::int64_t billable_s = 0;                         ///< after rounding
    std::int64_t amount_minor = 0;                       ///< money in minor units
    bool counts_toward_subscription = false;             ///< completed, absent, or cancelled chargeable
    friend bool operator==(const billing_result&, const billing_result&) = default;
};

/// Everything the engine says about one session at `now`.
struct session_result {
    session_spec session;
    policy used;
    instant now{};
    session_status status = session_status::unscheduled;
    std::string status_reason;
    std::vector<status_change> transitions;       ///< changes made while advancing to `now`
    std::vector<participant_result> participants;  ///< people, sorted by identity
    std::vector<participant_result> non_persons;   ///< recorders/agents, sorted by identity
    billing_result billing;
    std::vector<anomaly> anomalies;                ///< sorted
    bool in_progress = false;
    std::optional<instant> started_at;  ///< first join or room start in a linked room
    std::optional<instant> ended_at;    ///< first room end, or E + cleanup delay once passed
    /// Linked rooms and meetings ("zoom:<id>") that saw no event: set by the tracker, which knows the
    /// links; a wrong link shows here instead of as a silent teacher_absent. Sorted.
    std::vector<std::string> unlinked_rooms;

    const participant_result* find(std::string_view identity) const {
        for (const auto& p : participants)
            if (p.identity == identity) return &p;
        return nullptr;
    }
};

}  // namespace rollcall
