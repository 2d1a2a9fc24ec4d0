// rollcall/lifecycle.hpp: the session status machine of SPEC §5.
#pragma once

#include <string>
#include <string_view>

#include "rollcall/error.hpp"
#include "rollcall/results.hpp"
#include "rollcall/session.hpp"

namespace rollcall {

/// Explicit host actions (SPEC §5).
enum class session_action : std::uint8_t { cancel, mark_absent, complete };

constexpr std::string_view to_string(session_action a) noexcept {
    switch (a) {
        case session_action::cancel: return "cancel";
        case session_action::mark_absent: return "mark_absent";
        case session_action::complete: return "complete";
    }
    return "?";
}
inline std::optional<session_action> parse_session_action(std::string_view s) noexcept {
    for (int i = 0; i <= static_cast<int>(session_action::complete); ++i)
        if (to_string(static_cast<session_action>(i)) == s) return static_cast<session_action>(i);
    return std::nullopt;
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

/// Only completed and absent sessions count against a subscription (SPEC §5).
constexpr bool counts_toward_subscription(session_status s) noexcept {
    return s == session_status::completed || s == session_status::absent;
}

constexpr bool is_terminal(session_status s) noexcept {
    return s == session_status::completed || s == session_status::absent || s == session_status::cancelled;
}

/// Applies a host action to a status. An action the table forbids returns `illegal_transition`
/// and changes nothing.
inline result<status_change> apply_action(session_status current, session_action action, instant at) {
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
    return status_change{current, to, at, "host_action:" + std::string(to_string(action))};
}

}  // namespace rollcall
