// The PostgreSQL store's meeting links (SPEC §11) and the bookkeeping of platform reports.
#include "store/pg_store_impl.hpp"

namespace rollcall::store {

result<void> pg_store::link_meeting(std::string_view meeting, std::string_view session_id) {
    if (meeting.empty()) return fail(errc::invalid_argument, "meeting: must not be empty");
    return transaction([&]() -> result<void> {
        if (auto known = p_->require_session(session_id); !known) return known;
        auto r = p_->db.exec("INSERT INTO session_meetings (session_id, meeting) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                             {p_text(session_id), p_text(meeting)}, "database: linking a meeting");
        if (!r) return failure{r.err()};
        return {};
    });
}

result<std::vector<std::string>> pg_store::sessions_of_meeting(std::string_view meeting) {
    auto r = p_->q("SELECT session_id FROM session_meetings WHERE meeting = $1 ORDER BY session_id", {p_text(meeting)},
                   "database: reading meeting links");
    if (!r) return failure{r.err()};
    std::vector<std::string> out;
    for (int i = 0; i < r->size(); ++i) out.push_back(r->text(i, 0));
    return out;
}

result<std::vector<room_record>> pg_store::rooms_with_alt(platform source, std::string_view alt) {
    if (alt.empty()) return std::vector<room_record>{};
    auto r = p_->q(
        "SELECT r.room, (SELECT min(at_ms) FROM events WHERE room = r.room), "
        "(SELECT max(at_ms) FROM events WHERE room = r.room), r.session_id, r.named_session, r.named_type "
        "FROM rooms r WHERE r.platform = $1 AND r.room_alt = $2 ORDER BY r.room",
        {p_int(static_cast<int>(source)), p_text(alt)}, "database: reading a meeting's rooms");
    if (!r) return failure{r.err()};
    std::vector<room_record> out;
    for (int i = 0; i < r->size(); ++i) {
        room_record rec;
        rec.room = r->text(i, 0);
        rec.source = source;
        rec.room_alt = std::string(alt);
        rec.first_at = from_unix_ms(r->opt_i64(i, 1).value_or(0));
        rec.last_at = from_unix_ms(r->opt_i64(i, 2).value_or(0));
        rec.session_id = r->opt_text(i, 3);
        rec.named_session = r->opt_text(i, 4);
        rec.named_type = r->text(i, 5);
        out.push_back(std::move(rec));
    }
    return out;
}

result<void> pg_store::mark_report(std::string_view room, instant at) {
    if (room.empty()) return fail(errc::invalid_argument, "room: must not be empty");
    return transaction([&]() -> result<void> {
        auto r = p_->db.exec("INSERT INTO room_reports (room, stored_ms) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                             {p_text(room), p_int(to_unix_ms(at))}, "database: marking a report");
        if (!r) return failure{r.err()};
        return {};
    });
}

result<std::vector<room_record>> pg_store::rooms_report_due(platform source, instant ended_by) {
    // A room may carry several ends (duplicates by another dedup key): the first one counts.
    auto r = p_->q(
        "SELECT e.room, max(e.room_alt), (SELECT min(at_ms) FROM events WHERE room = e.room), min(e.at_ms) "
        "FROM events e WHERE e.kind = 5 AND e.platform = $1 AND e.at_ms <= $2 "
        "AND NOT EXISTS (SELECT 1 FROM room_reports r WHERE r.room = e.room) "
        "GROUP BY e.room ORDER BY 4, 1",
        {p_int(static_cast<int>(source)), p_int(to_unix_ms(ended_by))}, "database: reading rooms due a report");
    if (!r) return failure{r.err()};
    std::vector<room_record> out;
    for (int i = 0; i < r->size(); ++i) {
        room_record rec;
        rec.room = r->text(i, 0);
        rec.source = source;
        rec.room_alt = r->text(i, 1);
        rec.first_at = from_unix_ms(r->opt_i64(i, 2).value_or(0));
        rec.last_at = from_unix_ms(r->i64(i, 3));
        out.push_back(std::move(rec));
    }
    return out;
}

}  // namespace rollcall::store
