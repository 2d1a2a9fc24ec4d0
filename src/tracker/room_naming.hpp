// The room naming convention `{type}_{sessionId}_{unixSeconds}` (SPEC §5): a host that names its
// meeting rooms this way gets them linked to their sessions without an explicit call.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "rollcall/error.hpp"
#include "rollcall/time.hpp"

namespace rollcall::tracker {

struct room_name {
    std::string type;        ///< before the first '_' (a type never contains '_')
    std::string session_id;  ///< between the first and the last '_' (may contain '_')
    instant start{};         ///< the Unix seconds after the last '_'
};

/// Builds the name. Errors: invalid_argument when the type is empty or contains '_', or the id is empty.
result<std::string> make_room_name(std::string_view type, std::string_view session_id, instant start);

/// Reads a name back; nullopt when it does not follow the convention.
std::optional<room_name> parse_room_name(std::string_view name);

/// The convention read from a room key, or else from its alternative id: BigBlueButton rooms are keyed
/// by the internal meeting id while the host's name is the external meeting id.
std::optional<room_name> parse_room_name(std::string_view room, std::string_view room_alt);

}  // namespace rollcall::tracker
