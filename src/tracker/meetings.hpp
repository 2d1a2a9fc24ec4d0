// Zoom sessions linked by what hosts store (SPEC §11): the numeric meeting id or a join URL in a
// session's rooms, and which instances (meeting uuids) of that meeting belong to which session.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rollcall/error.hpp"
#include "rollcall/policy.hpp"
#include "rollcall/session.hpp"
#include "rollcall/time.hpp"

namespace rollcall::tracker {

/// The meeting key ("zoom:<numeric id>") of a rooms entry that names a Zoom meeting: `zoom:ID`
/// (`zoom:857 4635 2910` too), `zoom:<join URL>`, or any text with a scheme (`...://`).
/// nullopt: a plain room key (a LiveKit room, a BBB meeting, a Zoom uuid).
/// Errors: invalid_value for a link that names no meeting or is not Zoom's (sources/zoom_url.hpp).
result<std::optional<std::string>> meeting_key_of(std::string_view entry, std::span<const std::string> extra_hosts);

/// Moves the meeting entries of `spec.rooms` to `spec.meetings` as keys, each list sorted and unique.
result<void> split_meeting_links(session_spec& spec, std::span<const std::string> extra_hosts);

/// The numeric id of a meeting key ("zoom:81187927959" → "81187927959"); empty for another key.
std::string_view zoom_meeting_id(std::string_view meeting_key) noexcept;

/// The instants an instance of a linked meeting may start at to belong to a session (docs/tracker.md):
/// scheduled: [S − creation_window_s, E + cleanup_delay_s); unscheduled: [created_at −
/// creation_window_s, ∞).
struct meeting_window {
    instant from{};
    std::optional<instant> to;
    bool contains(instant t) const noexcept { return t >= from && (!to || t < *to); }
};
meeting_window window_of(const session_spec& spec, instant created_at, const policy& p);

/// One session that links a meeting, as the instance assignment sees it.
struct meeting_candidate {
    std::string id;
    std::optional<instant> scheduled_start;
    instant created_at{};
    meeting_window window;
};

/// The session an instance starting at `t` belongs to, among every session linked to its meeting:
/// of the scheduled sessions whose window holds t, the one whose scheduled start is nearest t
/// (ties: the earlier start, then the smaller id); failing that, of the unscheduled sessions whose
/// window holds t, the one created last (ties: the smaller id). nullopt when no window holds t.
std::optional<std::string> owner_of_instance(std::span<const meeting_candidate> candidates, instant t);

}  // namespace rollcall::tracker
