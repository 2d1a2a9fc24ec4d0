// Test helper: write timelines compactly, in minutes after a base instant.
#pragma once

#include <string>
#include <vector>

#include "rollcall/evaluate.hpp"

namespace rollcall::test {

/// 2025-10-12T09:00:00Z, the base of the timelines below.
inline constexpr std::int64_t base_ms = 1760259600000;
inline instant at_min(double minutes) { return from_unix_ms(base_ms + static_cast<std::int64_t>(minutes * 60000)); }
inline instant at_s(std::int64_t seconds) { return from_unix_ms(base_ms + seconds * 1000); }

inline event person(event_kind k, std::string who, std::string conn, instant t, std::string room = "r1") {
    event e;
    e.kind = k;
    e.source = platform::livekit;
    e.identity = std::move(who);
    e.connection = std::move(conn);
    e.at = t;
    e.room = std::move(room);
    return e;
}
inline event join(std::string who, std::string conn, instant t, std::string room = "r1") {
    return person(event_kind::join, std::move(who), std::move(conn), t, std::move(room));
}
inline event leave(std::string who, std::string conn, instant t, std::string room = "r1") {
    return person(event_kind::leave, std::move(who), std::move(conn), t, std::move(room));
}
inline event heartbeat(std::string who, std::string conn, instant t) {
    auto e = person(event_kind::heartbeat, std::move(who), std::move(conn), t);
    e.source = platform::link;
    return e;
}
inline event room_event(event_kind k, instant t, std::string room = "r1") {
    event e;
    e.kind = k;
    e.at = t;
    e.room = std::move(room);
    return e;
}

/// A one-hour lesson 09:00-10:00 with teacher "T" and student "S".
inline session_spec lesson(std::int64_t minutes = 60) {
    session_spec s;
    s.id = "sess-1";
    s.type = "academic";
    s.teacher = "T";
    s.students = {"S"};
    s.scheduled_start = at_min(0);
    s.scheduled_end = at_min(static_cast<double>(minutes));
    return s;
}

inline const participant_result& who(const session_result& r, std::string_view identity) {
    static const participant_result none{};
    const auto* p = r.find(identity);
    return p ? *p : none;
}

inline std::int64_t seconds(milliseconds d) { return d.count() / 1000; }

}  // namespace rollcall::test
