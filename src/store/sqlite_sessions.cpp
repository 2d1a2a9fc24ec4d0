// The SQLite store's rooms, sessions with their status history, and subscription usage.
#include "store/sqlite_store_impl.hpp"

#include <simdjson.h>

#include "rollcall/json_writer.hpp"
#include "rollcall/lifecycle.hpp"
#include "rollcall/room_naming.hpp"

namespace rollcall::store {

using detail::in_range;
using detail::bad_row;
using detail::bind_opt_instant;

result<std::optional<room_record>> sqlite_store::get_room(std::string_view room) {
    auto q = p_->prep(
        "SELECT platform, room_alt, (SELECT min(at_ms) FROM events WHERE room = ?1), "
        "(SELECT max(at_ms) FROM events WHERE room = ?1), session_id, named_session, named_type "
        "FROM rooms WHERE room = ?1");
    if (!q) return failure{q.err()};
    statement st(*q);
    st.bind(1, room);
    const int rc = st.step();
    if (rc == SQLITE_DONE) return std::optional<room_record>{};
    if (rc != SQLITE_ROW) return p_->db.error(rc, "database: reading a room");
    if (!in_range(st.i64(0), platform::link)) return bad_row("rooms");
    room_record r;
    r.room = std::string(room);
    r.source = static_cast<platform>(st.i64(0));
    r.room_alt = st.text(1);
    r.first_at = from_unix_ms(st.opt_i64(2).value_or(0));
    r.last_at = from_unix_ms(st.opt_i64(3).value_or(0));
    r.session_id = st.opt_text(4);
    r.named_session = st.opt_text(5);
    r.named_type = st.text(6);
    return std::optional<room_record>{std::move(r)};
}

result<std::vector<std::string>> sqlite_store::rooms_of_session(std::string_view session_id, std::string_view type) {
    auto q = p_->prep(
        "SELECT room FROM rooms WHERE session_id = ?1 UNION "
        "SELECT room FROM rooms WHERE named_session = ?1 AND named_type = ?2 AND session_id IS NULL ORDER BY 1");
    if (!q) return failure{q.err()};
    statement st(*q);
    st.bind(1, session_id).bind(2, type);
    std::vector<std::string> out;
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) out.push_back(st.text(0));
    if (rc != SQLITE_DONE) return p_->db.error(rc, "database: reading rooms");
    return out;
}

result<void> sqlite_store::link_room(std::string_view room, std::string_view session_id) {
    if (room.empty()) return fail(errc::invalid_argument, "room: must not be empty");
    return transaction([&]() -> result<void> {
        if (auto known = p_->require_session(session_id); !known) return known;
        auto current = get_room(room);
        if (!current) return failure{current.err()};
        if (*current && (*current)->session_id && *(*current)->session_id != session_id)
            return fail(errc::already_exists, "room '" + std::string(room) + "' is linked to session '" +
                                                  *(*current)->session_id + "'");
        if (*current && (*current)->session_id) return {};
        // A room linked before any of its events arrived: its platform is unknown until then.
        auto up = p_->prep(
            "INSERT INTO rooms (room, platform, room_alt, named_session, named_type, session_id) "
            "VALUES (?1, ?2, '', ?3, ?4, ?5) ON CONFLICT (room) DO UPDATE SET session_id = excluded.session_id");
        if (!up) return failure{up.err()};
        statement st(*up);
        const auto named = parse_room_name(room);
        const auto guessed = is_link_room(room) ? platform::link : platform::livekit;
        st.bind(1, room).bind(2, static_cast<int>(guessed));
        if (named) st.bind(3, named->session_id).bind(4, named->type);
        else st.bind_null(3).bind(4, std::string_view());
        st.bind(5, session_id);
        if (int rc = st.step(); rc != SQLITE_DONE) return p_->db.error(rc, "database: linking a room");
        return {};
    });
}

// ---------------------------------------------------------------------------------------------- sessions

namespace {

std::string students_json(const std::vector<std::string>& students) {
    json_writer w;
    w.begin_array();
    for (const auto& s : students) w.value(s);
    w.end_array();
    return std::move(w).str();
}

result<std::vector<std::string>> students_from_json(const std::string& text) {
    simdjson::dom::parser parser;
    simdjson::dom::array arr;
    if (parser.parse(text).get_array().get(arr)) return bad_row("sessions");
    std::vector<std::string> out;
    for (auto v : arr) {
        std::string_view s;
        if (v.get_string().get(s)) return bad_row("sessions");
        out.emplace_back(s);
    }
    return out;
}

constexpr const char* session_columns =
    "id, type, teacher, students, start_ms, end_ms, package, rate_kind, rate_minor, currency, status, status_reason, "
    "created_ms, updated_ms";

result<session_record> session_from_row(const statement& st) {
    session_record rec;
    auto& sp = rec.spec;
    sp.id = st.text(0);
    sp.type = st.text(1);
    sp.teacher = st.opt_text(2);
    auto students = students_from_json(st.text(3));
    if (!students) return failure{students.err()};
    sp.students = std::move(*students);
    if (auto v = st.opt_i64(4)) sp.scheduled_start = from_unix_ms(*v);
    if (auto v = st.opt_i64(5)) sp.scheduled_end = from_unix_ms(*v);
    sp.package = st.text(6);
    if (!in_range(st.i64(7), rate_kind::per_session) || !in_range(st.i64(10), session_status::cancelled))
        return bad_row("sessions");
    sp.rate = static_cast<rate_kind>(st.i64(7));
    sp.rate_minor = st.i64(8);
    sp.currency = st.text(9);
    rec.status = static_cast<session_status>(st.i64(10));
    rec.status_reason = st.text(11);
    rec.created_at = from_unix_ms(st.i64(12));
    rec.updated_at = from_unix_ms(st.i64(13));
    return rec;
}

}  // namespace

namespace {

// Binds the spec columns ?1..?10 shared by insert and update.
void bind_spec(statement& st, const session_spec& sp, const std::string& students) {
    st.bind(1, sp.id).bind(2, sp.type).bind_opt(3, sp.teacher).bind(4, students);
    if (sp.scheduled_start) st.bind(5, to_unix_ms(*sp.scheduled_start));
    else st.bind_null(5);
    if (sp.scheduled_end) st.bind(6, to_unix_ms(*sp.scheduled_end));
    else st.bind_null(6);
    st.bind(7, sp.package).bind(8, static_cast<int>(sp.rate)).bind(9, sp.rate_minor).bind(10, sp.currency);
}

}  // namespace

result<void> sqlite_store::insert_session(const session_record& rec) {
    if (rec.spec.id.empty()) return fail(errc::invalid_argument, "session id: must not be empty");
    return transaction([&]() -> result<void> {
        auto q = p_->prep(
            "INSERT INTO sessions (id, type, teacher, students, start_ms, end_ms, package, rate_kind, rate_minor, "
            "currency, status, status_reason, created_ms, updated_ms) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
        if (!q) return failure{q.err()};
        const std::string students = students_json(rec.spec.students);
        {
            statement st(*q);
            bind_spec(st, rec.spec, students);
            st.bind(11, static_cast<int>(rec.status))
                .bind(12, rec.status_reason)
                .bind(13, to_unix_ms(rec.created_at))
                .bind(14, to_unix_ms(rec.updated_at));
            const int rc = st.step();
            if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
                return fail(errc::already_exists, "session '" + rec.spec.id + "' exists");
            if (rc != SQLITE_DONE) return p_->db.error(rc, "database: storing a session");
        }
        auto hq = p_->prep(
            "INSERT INTO status_history (session_id, seq, from_status, to_status, at_ms, reason) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        if (!hq) return failure{hq.err()};
        std::int64_t seq = 0;
        for (const auto& h : rec.history) {
            statement st(*hq);
            st.bind(1, rec.spec.id)
                .bind(2, ++seq)
                .bind(3, static_cast<int>(h.from))
                .bind(4, static_cast<int>(h.to))
                .bind(5, to_unix_ms(h.at))
                .bind(6, h.reason);
            if (int rc = st.step(); rc != SQLITE_DONE) return p_->db.error(rc, "database: storing a status history");
        }
        for (const auto& room : rec.spec.rooms)
            if (auto r = link_room(room, rec.spec.id); !r) return r;
        for (const auto& meeting : rec.spec.meetings)
            if (auto r = link_meeting(meeting, rec.spec.id); !r) return r;
        return {};
    });
}

result<void> sqlite_store::update_session_spec(const session_spec& spec, instant updated_at) {
    return transaction([&]() -> result<void> {
        auto q = p_->prep(
            "UPDATE sessions SET type = ?2, teacher = ?3, students = ?4, start_ms = ?5, end_ms = ?6, package = ?7, "
            "rate_kind = ?8, rate_minor = ?9, currency = ?10, updated_ms = ?11 WHERE id = ?1");
        if (!q) return failure{q.err()};
        const std::string students = students_json(spec.students);
        {
            statement st(*q);
            bind_spec(st, spec, students);
            st.bind(11, to_unix_ms(updated_at));
            if (int rc = st.step(); rc != SQLITE_DONE) return p_->db.error(rc, "database: updating a session");
            if (sqlite3_changes(p_->db.handle()) == 0) return fail(errc::not_found, "no session '" + spec.id + "'");
        }
        for (const auto& room : spec.rooms)
            if (auto r = link_room(room, spec.id); !r) return r;
        for (const auto& meeting : spec.meetings)
            if (auto r = link_meeting(meeting, spec.id); !r) return r;
        return {};
    });
}

namespace {

result<void> load_history_and_rooms(detail::connection& db, session_record& rec) {
    auto h = db.prepare(
        "SELECT from_status, to_status, at_ms, reason FROM status_history WHERE session_id = ?1 ORDER BY seq");
    if (!h) return failure{h.err()};
    {
        statement st(*h);
        st.bind(1, rec.spec.id);
        int rc;
        while ((rc = st.step()) == SQLITE_ROW) {
            if (!in_range(st.i64(0), session_status::cancelled) || !in_range(st.i64(1), session_status::cancelled))
                return bad_row("status_history");
            rec.history.push_back(status_change{static_cast<session_status>(st.i64(0)),
                                                static_cast<session_status>(st.i64(1)), from_unix_ms(st.i64(2)),
                                                st.text(3)});
        }
        if (rc != SQLITE_DONE) return db.error(rc, "database: reading a status history");
    }
    auto r = db.prepare("SELECT room FROM rooms WHERE session_id = ?1 ORDER BY room");
    if (!r) return failure{r.err()};
    statement st(*r);
    st.bind(1, rec.spec.id);
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) rec.spec.rooms.push_back(st.text(0));
    if (rc != SQLITE_DONE) return db.error(rc, "database: reading linked rooms");
    auto m = db.prepare("SELECT meeting FROM session_meetings WHERE session_id = ?1 ORDER BY meeting");
    if (!m) return failure{m.err()};
    statement ms(*m);
    ms.bind(1, rec.spec.id);
    while ((rc = ms.step()) == SQLITE_ROW) rec.spec.meetings.push_back(ms.text(0));
    if (rc != SQLITE_DONE) return db.error(rc, "database: reading linked meetings");
    return {};
}

}  // namespace

result<std::optional<session_record>> sqlite_store::get_session(std::string_view id) {
    return p_->read([&]() -> result<std::optional<session_record>> {
        auto q = p_->db.prepare(std::string("SELECT ") + session_columns + " FROM sessions WHERE id = ?1");
        if (!q) return failure{q.err()};
        statement st(*q);
        st.bind(1, id);
        const int rc = st.step();
        if (rc == SQLITE_DONE) return std::optional<session_record>{};
        if (rc != SQLITE_ROW) return p_->db.error(rc, "database: reading a session");
        auto rec = session_from_row(st);
        if (!rec) return failure{rec.err()};
        if (auto r = load_history_and_rooms(p_->db, *rec); !r) return failure{r.err()};
        return std::optional<session_record>{std::move(*rec)};
    });
}

result<std::vector<session_record>> sqlite_store::list_sessions(const session_filter& f) {
    return p_->read([&]() -> result<std::vector<session_record>> {
        std::string sql = std::string("SELECT ") + session_columns + " FROM sessions WHERE 1";
        if (f.teacher) sql += " AND teacher = ?1";
        if (f.type) sql += " AND type = ?2";
        if (f.status) sql += " AND status = ?3";
        if (f.from) sql += " AND start_ms >= ?4";
        if (f.to) sql += " AND start_ms < ?5";
        if ((f.from || f.to)) sql += " AND start_ms IS NOT NULL";
        if (f.only_open) sql += " AND status NOT IN (4, 5, 6)";
        if (f.only_unscheduled) sql += " AND start_ms IS NULL";
        sql += " ORDER BY start_ms IS NULL, start_ms, id";
        static_assert(static_cast<int>(session_status::completed) == 4 && static_cast<int>(session_status::absent) == 5 &&
                      static_cast<int>(session_status::cancelled) == 6);
        auto q = p_->db.prepare(sql);
        if (!q) return failure{q.err()};
        std::vector<session_record> out;
        {
            statement st(*q);
            if (f.teacher) st.bind(1, *f.teacher);
            if (f.type) st.bind(2, *f.type);
            if (f.status) st.bind(3, static_cast<int>(*f.status));
            if (f.from) st.bind(4, to_unix_ms(*f.from));
            if (f.to) st.bind(5, to_unix_ms(*f.to));
            int rc;
            while ((rc = st.step()) == SQLITE_ROW) {
                auto rec = session_from_row(st);
                if (!rec) return failure{rec.err()};
                out.push_back(std::move(*rec));
            }
            if (rc != SQLITE_DONE) return p_->db.error(rc, "database: listing sessions");
        }
        for (auto& rec : out)
            if (auto r = load_history_and_rooms(p_->db, rec); !r) return failure{r.err()};
        return out;
    });
}

result<bool> sqlite_store::record_transition(std::string_view id, const status_change& change) {
    bool applied = false;
    auto r = transaction([&]() -> result<void> {
        auto q = p_->prep(
            "UPDATE sessions SET status = ?2, status_reason = ?3, updated_ms = max(updated_ms, ?4) "
            "WHERE id = ?1 AND status = ?5");
        if (!q) return failure{q.err()};
        {
            statement st(*q);
            st.bind(1, id)
                .bind(2, static_cast<int>(change.to))
                .bind(3, change.reason)
                .bind(4, to_unix_ms(change.at))
                .bind(5, static_cast<int>(change.from));
            if (int rc = st.step(); rc != SQLITE_DONE) return p_->db.error(rc, "database: updating a status");
        }
        if (sqlite3_changes(p_->db.handle()) == 0) {
            auto exists = get_session(id);
            if (!exists) return failure{exists.err()};
            if (!*exists) return fail(errc::not_found, "no session '" + std::string(id) + "'");
            return {};  // another writer moved it first
        }
        auto h = p_->prep(
            "INSERT INTO status_history (session_id, seq, from_status, to_status, at_ms, reason) "
            "VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM status_history WHERE session_id = ?1), ?2, ?3, ?4, ?5)");
        if (!h) return failure{h.err()};
        statement st(*h);
        st.bind(1, id)
            .bind(2, static_cast<int>(change.from))
            .bind(3, static_cast<int>(change.to))
            .bind(4, to_unix_ms(change.at))
            .bind(5, change.reason);
        if (int rc = st.step(); rc != SQLITE_DONE) return p_->db.error(rc, "database: storing a status change");
        applied = true;
        return append_change(session_status_change(id, change));
    });
    if (!r) return failure{r.err()};
    return applied;
}

result<bool> sqlite_store::count_usage(std::string_view session_id, std::string_view package, instant at) {
    bool counted = false;
    auto r = transaction([&]() -> result<void> {
        auto q = p_->prep("INSERT OR IGNORE INTO subscription_usage (session_id, package, counted_ms) VALUES (?1, ?2, ?3)");
        if (!q) return failure{q.err()};
        {
            statement st(*q);
            st.bind(1, session_id).bind(2, package).bind(3, to_unix_ms(at));
            const int rc = st.step();
            if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return fail(errc::not_found, "no session '" + std::string(session_id) + "'");
            if (rc != SQLITE_DONE) return p_->db.error(rc, "database: counting usage");
        }
        counted = sqlite3_changes(p_->db.handle()) == 1;
        if (!counted) return {};
        auto status = p_->db.prepare("SELECT status FROM sessions WHERE id = ?1");
        if (!status) return failure{status.err()};
        statement st(*status);
        st.bind(1, session_id);
        if (st.step() != SQLITE_ROW || !in_range(st.i64(0), session_status::cancelled)) return bad_row("sessions");
        return append_change(usage_change(session_id, package, static_cast<session_status>(st.i64(0)), at));
    });
    if (!r) return failure{r.err()};
    return counted;
}

result<package_usage> sqlite_store::usage(std::string_view package) {
    auto q = p_->prep("SELECT session_id FROM subscription_usage WHERE package = ?1 ORDER BY session_id");
    if (!q) return failure{q.err()};
    statement st(*q);
    st.bind(1, package);
    package_usage u;
    u.package = std::string(package);
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) u.session_ids.push_back(st.text(0));
    if (rc != SQLITE_DONE) return p_->db.error(rc, "database: reading usage");
    return u;
}

}  // namespace rollcall::store
