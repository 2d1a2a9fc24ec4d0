// rollcall/lifecycle.hpp: the session status machine of SPEC §5.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "rollcall/enum_names.hpp"
#include "rollcall/error.hpp"
#include "rollcall/results.hpp"
#include "rollcall/session.hpp"

namespace rollcall {

/// Explicit host actions (SPEC §5).
enum class session_action : std::uint8_t { cancel, mark_absent, complete };

inline constexpr std::array<std::string_view, 3> session_action_names{"cancel", "mark_absent", "complete"};
static_assert(names_cover(session_action_names, session_action::complete));
constexpr const auto& enum_names(session_action) noexcept { return session_action_names; }
inline std::optional<session_action> parse_session_action(std::string_view s) noexcept {
    return parse_enum<session_action>(s);
}

/// The transition table of SPEC §5 (host actions and derived changes alike).
constexpr bool transition_allowed(session_status from, session_status to) noexcept {
    using enum session_status;
    switch (from) {
        case unscheduled: return to == scheduled;
        case scheduled: return to == ready || to == cancelled;
        case ready: return to == ongoing || to == cancelled || to == absent;
        case ongoing: return to == completed || to == absent;
        case completed:
        case absent:
        case cancelled: return false;
    }
    return false;
}

/// The reason of a late cancellation the host charges for (SPEC §5): `cancel` with `chargeable`.
inline constexpr std::string_view chargeable_cancel_reason = "cancelled_chargeable";

/// Only completed and absent sessions, and chargeable cancellations, count against a subscription
/// (SPEC §5); `reason` is the status reason, which tells a chargeable cancellation from another.
constexpr bool counts_toward_subscription(session_status s, std::string_view reason = {}) noexcept {
    return s == session_status::completed || s == session_status::absent ||
           (s == session_status::cancelled && reason == chargeable_cancel_reason);
}

constexpr bool is_terminal(session_status s) noexcept {
    return s == session_status::completed || s == session_status::absent || s == session_status::cancelled;
}

/// Applies a host action to a status. An action the table forbids returns `illegal_transition`
/// and changes nothing; `chargeable` goes with `cancel` only (invalid_argument otherwise).
inline result<status_change> apply_action(session_status current, session_action action, instant at,
                                          bool chargeable = false) {
    if (chargeable && action != session_action::cancel)
        return fail(errc::invalid_argument, "chargeable: only a cancellation can be chargeable, not " +
                                                std::string(to_string(action)));
    session_status to = current;
    switch (action) {
        case session_action::cancel: to = session_status::cancelled; break;
        case session_action::mark_absent: to = session_status::absent; break;
        case session_action::complete: to = session_status::completed; break;
    }
    if (!transition_allowed(current, to))
        return fail(errc::illegal_transition, "cannot " + std::string(to_string(action)) + " a session that is " +
                                                  std::string(to_string(current)) + " (" +
                                                  std::string(to_string(current)) + " -> " +
                                                  std::string(to_string(to)) + " is not allowed)");
    if (chargeable) return status_change{current, to, at, std::string(chargeable_cancel_reason)};
    return status_change{current, to, at, "host_action:" + std::string(to_string(action))};
}

}  // namespace rollcall
