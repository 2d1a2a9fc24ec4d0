// Room snapshots a host fetched from a platform's API (SPEC §3 step 3): LiveKit RoomService
// `ListParticipants` (twirp JSON) and BigBlueButton `getMeetingInfo` (XML). No signature exists on a
// response the host fetched itself, so these parsers verify nothing; the host vouches for the bytes by
// passing them. A snapshot becomes a room-level `snapshot` event at the polling instant plus one
// `evidence` event per listed connection at the same instant (include/rollcall/event.hpp). Internal;
// hosts go through the tracker (`tracker::ingest_snapshot`) or the app method `ingest.snapshot`.
#pragma once

#include <string>
#include <string_view>

#include "rollcall/error.hpp"
#include "rollcall/event.hpp"
#include "rollcall/time.hpp"
#include "sources/sources.hpp"

namespace rollcall::sources {

/// What the host fetched, and when.
struct snapshot_request {
    std::string_view body;  ///< the response bytes exactly as the platform sent them
    instant at{};           ///< when the host polled: the snapshot's instant (the responses carry none)
    /// LiveKit: the room name the host asked about (required: the response does not name it). BBB:
    /// optional; when given it must be the response's internalMeetingID or meetingID.
    std::string_view room;
};

/// The names a stored snapshot payload carries in its `x-rollcall-fetched` header (docs/tracker.md),
/// so a replay knows which parser to run again.
inline constexpr std::string_view livekit_snapshot_kind = "livekit-snapshot";
inline constexpr std::string_view bbb_snapshot_kind = "bbb-snapshot";

/// A LiveKit `ListParticipantsResponse` as JSON: twirp's default (proto field names, defaults emitted)
/// and the proto3 lowerCamelCase spelling are both accepted. Participants whose `state` is
/// DISCONNECTED are leaving and are not listed. Errors: invalid_argument (no room), malformed_input
/// (not a JSON object), invalid_value (a field of the wrong type), missing_field (a participant
/// without `sid` or `identity`).
result<parse_outcome> parse_livekit_snapshot(const snapshot_request& req);

/// A BigBlueButton `getMeetingInfo` response. Errors: malformed_input (not XML, no `<response>`),
/// invalid_value (`returncode` other than SUCCESS, with the response's messageKey and message; a
/// response for another meeting than `req.room`), missing_field (no internalMeetingID, an attendee
/// without userID).
result<parse_outcome> parse_bbb_snapshot(const snapshot_request& req);

namespace detail {

/// The snapshot marker of `room` at `at`; `prefix` starts its deduplication key.
inline event snapshot_marker(platform source, std::string_view prefix, std::string room, std::string room_alt, instant at) {
    event e;
    e.kind = event_kind::snapshot;
    e.source = source;
    e.dedup_key = std::string(prefix) + ":" + room + ":" + std::to_string(to_unix_ms(at));
    e.room = std::move(room);
    e.room_alt = std::move(room_alt);
    e.at = at;
    return e;
}

/// The evidence of one listed connection, sharing the marker's room and instant. Its key names the
/// connection, so the same listing polled twice at one instant is one fact.
inline event listed_connection(const event& marker, std::string_view prefix, std::string identity, std::string connection) {
    event e;
    e.kind = event_kind::evidence;
    e.source = marker.source;
    e.room = marker.room;
    e.room_alt = marker.room_alt;
    e.at = marker.at;
    e.dedup_key = std::string(prefix) + ":" + marker.room + ":" + connection + ":" + std::to_string(to_unix_ms(marker.at));
    e.identity = std::move(identity);
    e.connection = std::move(connection);
    return e;
}

}  // namespace detail

}  // namespace rollcall::sources
