// The SQLite store's meeting links (SPEC §11: a Zoom session linked by its numeric meeting id) and the
// bookkeeping of platform reports (which ended meetings still wait for theirs).
#include "store/sqlite_store_impl.hpp"

namespace rollcall::store {

result<void> sqlite_store::link_meeting(std::string_view meeting, std::string_view session_id) {
    if (meeting.empty()) return fail(errc::invalid_argument, "meeting: must not be empty");
    return transaction([&]() -> result<void> {
        if (auto known = p_->require_session(session_id); !known) return known;
        auto q = p_->prep("INSERT OR IGNORE INTO session_meetings (session_id, meeting) VALUES (?1, ?2)");
        if (!q) return failure{q.err()};
        statement st(*q);
        st.bind(1, session_id).bind(2, meeting);
        if (int rc = st.step(); rc != SQLITE_DONE) return p_->db.error(rc, "database: linking a meeting");
        return {};
    });
}

result<std::vector<std::string>> sqlite_store::sessions_of_meeting(std::string_view meeting) {
    auto q = p_->prep("SELECT session_id FROM session_meetings WHERE meeting = ?1 ORDER BY session_id");
    if (!q) return failure{q.err()};
    statement st(*q);
    st.bind(1, meeting);
    std::vector<std::string> out;
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) out.push_back(st.text(0));
    if (rc != SQLITE_DONE) return p_->db.error(rc, "database: reading meeting links");
    return out;
}

result<std::vector<room_record>> sqlite_store::rooms_with_alt(platform source, std::string_view alt) {
    if (alt.empty()) return std::vector<room_record>{};
    auto q = p_->prep(
        "SELECT r.room, (SELECT min(at_ms) FROM events WHERE room = r.room), "
        "(SELECT max(at_ms) FROM events WHERE room = r.room), r.session_id, r.named_session, r.named_type "
        "FROM rooms r WHERE r.platform = ?1 AND r.room_alt = ?2 ORDER BY r.room");
    if (!q) return failure{q.err()};
    statement st(*q);
    st.bind(1, static_cast<int>(source)).bind(2, alt);
    std::vector<room_record> out;
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) {
        room_record r;
        r.room = st.text(0);
        r.source = source;
        r.room_alt = std::string(alt);
        r.first_at = from_unix_ms(st.opt_i64(1).value_or(0));
        r.last_at = from_unix_ms(st.opt_i64(2).value_or(0));
        r.session_id = st.opt_text(3);
        r.named_session = st.opt_text(4);
        r.named_type = st.text(5);
        out.push_back(std::move(r));
    }
    if (rc != SQLITE_DONE) return p_->db.error(rc, "database: reading a meeting's rooms");
    return out;
}

result<void> sqlite_store::mark_report(std::string_view room, instant at) {
    if (room.empty()) return fail(errc::invalid_argument, "room: must not be empty");
    auto q = p_->prep("INSERT OR IGNORE INTO room_reports (room, stored_ms) VALUES (?1, ?2)");
    if (!q) return failure{q.err()};
    statement st(*q);
    st.bind(1, room).bind(2, to_unix_ms(at));
    if (int rc = st.step(); rc != SQLITE_DONE) return p_->db.error(rc, "database: marking a report");
    return {};
}

result<std::vector<room_record>> sqlite_store::rooms_report_due(platform source, instant ended_by) {
    // The partial index events_room_end finds the room ends; a room may carry several (duplicates by
    // another dedup key), the first one counts.
    auto q = p_->prep(
        "SELECT e.room, max(e.room_alt), (SELECT min(at_ms) FROM events WHERE room = e.room), min(e.at_ms) "
        "FROM events e WHERE e.kind = 5 AND e.platform = ?1 AND e.at_ms <= ?2 "
        "AND NOT EXISTS (SELECT 1 FROM room_reports r WHERE r.room = e.room) "
        "GROUP BY e.room ORDER BY 4, 1");
    if (!q) return failure{q.err()};
    statement st(*q);
    st.bind(1, static_cast<int>(source)).bind(2, to_unix_ms(ended_by));
    std::vector<room_record> out;
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) {
        room_record r;
        r.room = st.text(0);
        r.source = source;
        r.room_alt = st.text(1);
        r.first_at = from_unix_ms(st.opt_i64(2).value_or(0));
        r.last_at = from_unix_ms(st.i64(3));
        out.push_back(std::move(r));
    }
    if (rc != SQLITE_DONE) return p_->db.error(rc, "database: reading rooms due a report");
    return out;
}

}  // namespace rollcall::store
