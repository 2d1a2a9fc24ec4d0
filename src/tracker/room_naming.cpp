#include "tracker/room_naming.hpp"

#include <chrono>

namespace rollcall::tracker {

result<std::string> make_room_name(std::string_view type, std::string_view session_id, instant start) {
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

std::optional<room_name> parse_room_name(std::string_view name) {
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

std::optional<room_name> parse_room_name(std::string_view room, std::string_view room_alt) {
    if (auto n = parse_room_name(room)) return n;
    return parse_room_name(room_alt);
}

}  // namespace rollcall::tracker
