// rollcall/room_naming.hpp: how rooms are named. The convention `{type}_{sessionId}_{unixSeconds}`
// (SPEC §5): a host that names its meeting rooms this way gets them linked to their sessions without an
// explicit call. And the `link:` rooms of tracked links (SPEC §6).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "rollcall/error.hpp"
#include "rollcall/time.hpp"

namespace rollcall {

struct room_name {
    std::string type;        ///< before the first '_' (a type never contains '_')
    std::string session_id;  ///< between the first and the last '_' (may contain '_')
    instant start{};         ///< the Unix seconds after the last '_'
};

/// The prefix of a tracked link's room (SPEC §6): its events are stored under "link:<token>".
inline constexpr std::string_view link_room_prefix = "link:";

/// The room a tracked link's events are stored under.
inline std::string link_room_name(std::string_view token) {
    std::string out(link_room_prefix);
    out.append(token);
    return out;
}

/// The session type of a link sent without a session, the lesson it forms (SPEC §6): a configuration
/// may give this type its own policy.
inline constexpr std::string_view link_lesson_type = "link";

/// Is this the room of a tracked link?
inline bool is_link_room(std::string_view room) noexcept { return room.substr(0, link_room_prefix.size()) == link_room_prefix; }

inline result<std::string> make_room_name(std::string_view type, std::string_view session_id, instant start) {
    if (type.empty() || type.find('_') != std::string_view::npos)
        return fail(errc::invalid_argument, "room name: the session type must be non-empty and contain no '_'");
    if (session_id.empty()) return fail(errc::invalid_argument, "room name: the session id must not be empty");
    const auto secs = std::chrono::floor<std::chrono::seconds>(start).time_since_epoch().count();
    if (secs < 0) return fail(errc::invalid_argument, "room name: the start must not precede 1970");
    std::string out;
    out.reserve(type.size() + session_id.size() + 14);
    out.append(type).append(1, '_').append(session_id).append(1, '_').append(std::to_string(secs));
    return out;
}

inline std::optional<room_name> parse_room_name(std::string_view name) {
    const auto first = name.find('_');
    const auto last = name.rfind('_');
    if (first == std::string_view::npos || first == 0 || last <= first + 1) return std::nullopt;
    const auto digits = name.substr(last + 1);
    // Up to 12 digits: far beyond any real date, and no overflow when scaled to milliseconds.
    if (digits.empty() || digits.size() > 12) return std::nullopt;
    const auto secs = parse_int64(digits);
    if (!secs || digits[0] == '-') return std::nullopt;
    return room_name{std::string(name.substr(0, first)), std::string(name.substr(first + 1, last - first - 1)),
                     from_unix_s(*secs)};
}

inline std::optional<room_name> parse_room_name(std::string_view room, std::string_view room_alt) {
    if (auto n = parse_room_name(room)) return n;
    return parse_room_name(room_alt);
}

}  // namespace rollcall
