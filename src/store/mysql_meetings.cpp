// The MySQL/MariaDB store's meeting links (SPEC §11) and the bookkeeping of platform reports.
#include "store/mysql_store_impl.hpp"

namespace rollcall::store {

using detail::each_row;
using detail::my_key;

result<void> mysql_store::link_meeting(std::string_view meeting, std::string_view session_id) {
    if (meeting.empty()) return fail(errc::invalid_argument, "meeting: must not be empty");
    return transaction([&]() -> result<void> {
        if (auto known = p_->require_session(session_id); !known) return known;
        auto q = p_->prep(
            "INSERT INTO {session_meetings} (session_key, meeting_key, session_id, meeting) VALUES (?, ?, ?, ?) "
            "ON DUPLICATE KEY UPDATE session_key = session_key");
        if (!q) return failure{q.err()};
        statement st(p_->db, *q);
        st.bind(my_key(session_id)).bind(my_key(meeting)).bind(session_id).bind(meeting);
        return st.execute("database: linking a meeting");
    });
}

result<std::vector<std::string>> mysql_store::sessions_of_meeting(std::string_view meeting) {
    auto q = p_->prep("SELECT session_id FROM {session_meetings} WHERE meeting_key = ? ORDER BY session_id");
    if (!q) return failure{q.err()};
    statement st(p_->db, *q);
    st.bind(my_key(meeting));
    std::vector<std::string> out;
    auto r = each_row(st, "database: reading meeting links", [&]() -> result<void> {
        out.push_back(st.text(0));
        return {};
    });
    if (!r) return failure{r.err()};
    detail::sort_binary(out);
    return out;
}

result<std::vector<room_record>> mysql_store::rooms_with_alt(platform source, std::string_view alt) {
    if (alt.empty()) return std::vector<room_record>{};
    auto q = p_->prep(
        "SELECT r.room, (SELECT min(at_ms) FROM {events} WHERE room_key = r.room_key), "
        "(SELECT max(at_ms) FROM {events} WHERE room_key = r.room_key), r.session_id, r.named_session, r.named_type "
        "FROM {rooms} r WHERE r.platform = ? AND r.room_alt = ? ORDER BY r.room");
    if (!q) return failure{q.err()};
    statement st(p_->db, *q);
    st.bind(static_cast<int>(source)).bind(alt);
    std::vector<room_record> out;
    auto r = each_row(st, "database: reading a meeting's rooms", [&]() -> result<void> {
        room_record rec;
        rec.room = st.text(0);
        rec.source = source;
        rec.room_alt = std::string(alt);
        rec.first_at = from_unix_ms(st.opt_i64(1).value_or(0));
        rec.last_at = from_unix_ms(st.opt_i64(2).value_or(0));
        rec.session_id = st.opt_text(3);
        rec.named_session = st.opt_text(4);
        rec.named_type = st.text(5);
        out.push_back(std::move(rec));
        return {};
    });
    if (!r) return failure{r.err()};
    detail::sort_binary(out, [](const room_record& a, const room_record& b) { return a.room < b.room; });
    return out;
}

result<void> mysql_store::mark_report(std::string_view room, instant at) {
    if (room.empty()) return fail(errc::invalid_argument, "room: must not be empty");
    return transaction([&]() -> result<void> {
        auto q = p_->prep(
            "INSERT INTO {room_reports} (room_key, room, stored_ms) VALUES (?, ?, ?) "
            "ON DUPLICATE KEY UPDATE room_key = room_key");
        if (!q) return failure{q.err()};
        statement st(p_->db, *q);
        st.bind(my_key(room)).bind(room).bind(to_unix_ms(at));
        return st.execute("database: marking a report");
    });
}

result<std::vector<room_record>> mysql_store::rooms_report_due(platform source, instant ended_by) {
    // A room may carry several ends (duplicates by another dedup key): the first one counts.
    auto q = p_->prep(
        "SELECT e.room_key, min(e.room), max(e.room_alt), (SELECT min(at_ms) FROM {events} WHERE room_key = e.room_key), "
        "min(e.at_ms) AS ended FROM {events} e WHERE e.kind = 5 AND e.platform = ? AND e.at_ms <= ? "
        "AND NOT EXISTS (SELECT 1 FROM {room_reports} r WHERE r.room_key = e.room_key) "
        "GROUP BY e.room_key ORDER BY ended, min(e.room)");
    if (!q) return failure{q.err()};
    statement st(p_->db, *q);
    st.bind(static_cast<int>(source)).bind(to_unix_ms(ended_by));
    std::vector<room_record> out;
    auto r = each_row(st, "database: reading rooms due a report", [&]() -> result<void> {
        room_record rec;
        rec.room = st.text(1);
        rec.source = source;
        rec.room_alt = st.text(2);
        rec.first_at = from_unix_ms(st.opt_i64(3).value_or(0));
        rec.last_at = from_unix_ms(st.i64(4));
        out.push_back(std::move(rec));
        return {};
    });
    if (!r) return failure{r.err()};
    detail::sort_binary(out, [](const room_record& a, const room_record& b) {
        return a.last_at != b.last_at ? a.last_at < b.last_at : a.room < b.room;
    });
    return out;
}

}  // namespace rollcall::store
