// rollcall/event.hpp: the normalised event (SPEC §1), the one currency between parsers, storage and
// the engine. Parsers turn verified payloads into these; nothing downstream knows which platform's wire
// format an event came from.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rollcall/enum_names.hpp"
#include "rollcall/time.hpp"

namespace rollcall {

/// What happened. The numeric order is the tie-break order of SPEC §2 for events at the same instant
/// (room_start, join, evidence/heartbeat, leave, room_end); see `tie_rank`.
enum class event_kind : std::uint8_t {
    room_start = 0,
    join = 1,
    evidence = 2,         ///< any other sign of life (a track published, a report row, ...)
    heartbeat = 3,        ///< a ping from a tracked-link page (SPEC §6)
    leave = 4,
    room_end = 5,
    recording_ready = 6,  ///< a recording of the room can be fetched; not presence
    /// A room-level marker: the platform listed the room's connections at this instant (SPEC §3 step 3).
    /// The listed connections come as `evidence` events at the same instant; an open connection of the
    /// room without any event at that instant ends at its last evidence before it (reason `snapshot`).
    snapshot = 7,
};

/// Tie-break rank at one instant: evidence and heartbeat share a rank (SPEC §2).
constexpr int tie_rank(event_kind k) noexcept {
    switch (k) {
        case event_kind::room_start: return 0;
        case event_kind::join: return 1;
        case event_kind::evidence:
        case event_kind::heartbeat: return 2;
        case event_kind::leave: return 3;
        case event_kind::room_end: return 4;
        case event_kind::recording_ready: return 5;
        // A room-level marker: it ranks with the evidence it brings (the listed connections).
        case event_kind::snapshot: return 2;
    }
    return 6;
}

enum class platform : std::uint8_t { livekit, bbb, zoom, link };

/// Role a platform reports for the person; the session's teacher/students lists win over it.
enum class role : std::uint8_t { other, teacher, student, guest };

// Names in value order (enum_names.hpp: `to_string`, `parse_enum`).
inline constexpr std::array<std::string_view, 8> event_kind_names{
    "room_start", "join", "evidence", "heartbeat", "leave", "room_end", "recording_ready", "snapshot"};
inline constexpr std::array<std::string_view, 4> platform_names{"livekit", "bbb", "zoom", "link"};
inline constexpr std::array<std::string_view, 4> role_names{"other", "teacher", "student", "guest"};
static_assert(names_cover(event_kind_names, event_kind::snapshot));
static_assert(names_cover(platform_names, platform::link));
static_assert(names_cover(role_names, role::guest));
constexpr const auto& enum_names(event_kind) noexcept { return event_kind_names; }
constexpr const auto& enum_names(platform) noexcept { return platform_names; }
constexpr const auto& enum_names(role) noexcept { return role_names; }

inline std::optional<event_kind> parse_event_kind(std::string_view s) noexcept { return parse_enum<event_kind>(s); }
inline std::optional<platform> parse_platform(std::string_view s) noexcept { return parse_enum<platform>(s); }
inline std::optional<role> parse_role(std::string_view s) noexcept { return parse_enum<role>(s); }

/// One normalised fact (SPEC §1).
///
/// `room` is the platform's meeting instance key (LiveKit room name, BBB internal-meeting-id, Zoom
/// meeting uuid); `room_alt` keeps the other id (LiveKit room sid, BBB external meeting id, Zoom
/// numeric id). Room-level kinds (room_start, room_end, recording_ready, snapshot) leave identity and
/// connection empty. `dedup_key` is the platform-derived key of SPEC §2; two events with the same
/// (kind, room, connection, at) are duplicates whatever their keys.
struct event {
    event_kind kind = event_kind::evidence;
    platform source = platform::link;
    std::string room;
    std::string room_alt;
    std::string identity;
    std::string connection;
    instant at{};
    std::optional<instant> joined_at;  ///< on a leave: the join time the payload carried, if any
    std::string dedup_key;
    std::string display_name;
    std::string email;
    role who = role::other;
    bool non_person = false;  ///< a recorder, egress or agent: kept out of attendance, reported apart
    std::string detail;       ///< small platform-specific extra as a JSON object text, or empty
    /// SPEC §11: the platform keys an alias may name, as `kind=value` lines (rollcall/identity.hpp),
    /// kept so that aliases added later still apply; empty when `identity` is the host's own id.
    std::string keys;
    /// SPEC §11: `identity` is only a rule-3 fallback (no host id on the wire); aliases may rename it.
    bool unresolved = false;

    friend bool operator==(const event&, const event&) = default;
};

/// The identity of a fact for duplicate detection beyond dedup keys (SPEC §2).
inline bool same_fact(const event& a, const event& b) noexcept {
    return a.kind == b.kind && a.at == b.at && a.room == b.room && a.connection == b.connection;
}

/// Total order of SPEC §2: source time, then kind rank, then connection id, then the remaining fields
/// so that the order is deterministic even among duplicates.
inline bool event_less(const event& a, const event& b) noexcept {
    if (a.at != b.at) return a.at < b.at;
    const int ra = tie_rank(a.kind), rb = tie_rank(b.kind);
    if (ra != rb) return ra < rb;
    if (int c = a.connection.compare(b.connection); c != 0) return c < 0;
    if (a.kind != b.kind) return a.kind < b.kind;
    if (int c = a.room.compare(b.room); c != 0) return c < 0;
    if (int c = a.identity.compare(b.identity); c != 0) return c < 0;
    return a.dedup_key < b.dedup_key;
}

}  // namespace rollcall
