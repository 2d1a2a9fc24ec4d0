// The PostgreSQL store's rooms, sessions with their status history, and subscription usage.
#include "store/pg_store_impl.hpp"

#include <simdjson.h>

#include "rollcall/json_writer.hpp"
#include "rollcall/lifecycle.hpp"
#include "rollcall/room_naming.hpp"

namespace rollcall::store {

using detail::bad_row;
using detail::in_range;

result<std::optional<room_record>> pg_store::get_room(std::string_view room) {
    auto r = p_->q(
        "SELECT platform, room_alt, (SELECT min(at_ms) FROM events WHERE room = $1), "
        "(SELECT max(at_ms) FROM events WHERE room = $1), session_id, named_session, named_type "
        "FROM rooms WHERE room = $1",
        {p_text(room)}, "database: reading a room");
    if (!r) return failure{r.err()};
    if (r->empty()) return std::optional<room_record>{};
    if (!in_range(r->i64(0, 0), platform::link)) return bad_row("rooms");
    room_record rec;
    rec.room = std::string(room);
    rec.source = static_cast<platform>(r->i64(0, 0));
    rec.room_alt = r->text(0, 1);
    rec.first_at = from_unix_ms(r->opt_i64(0, 2).value_or(0));
    rec.last_at = from_unix_ms(r->opt_i64(0, 3).value_or(0));
    rec.session_id = r->opt_text(0, 4);
    rec.named_session = r->opt_text(0, 5);
    rec.named_type = r->text(0, 6);
    return std::optional<room_record>{std::move(rec)};
}

result<std::vector<std::string>> pg_store::rooms_of_session(std::string_view session_id, std::string_view type) {
    auto r = p_->q(
        "SELECT room FROM rooms WHERE session_id = $1 UNION "
        "SELECT room FROM rooms WHERE named_session = $1 AND named_type = $2 AND session_id IS NULL ORDER BY 1",
        {p_text(session_id), p_text(type)}, "database: reading rooms");
    if (!r) return failure{r.err()};
    std::vector<std::string> out;
    for (int i = 0; i < r->size(); ++i) out.push_back(r->text(i, 0));
    return out;
}

result<void> pg_store::link_room(std::string_view room, std::string_view session_id) {
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
        const auto named = parse_room_name(room);
        const auto guessed = is_link_room(room) ? platform::link : platform::livekit;
        auto up = p_->q(
            "INSERT INTO rooms (room, platform, room_alt, named_session, named_type, session_id) "
            "VALUES ($1, $2, '', $3, $4, $5) ON CONFLICT (room) DO UPDATE SET session_id = excluded.session_id",
            {p_text(room), p_int(static_cast<int>(guessed)), named ? p_text(named->session_id) : p_null_text(),
             named ? p_text(named->type) : p_text(std::string_view()), p_text(session_id)},
            "database: linking a room");
        if (!up) return failure{up.err()};
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

constexpr const char* session_select =
    "SELECT id, type, teacher, students, start_ms, end_ms, package, rate_kind, rate_minor, currency, status, "
    "status_reason, created_ms, updated_ms FROM sessions ";

result<session_record> session_from_row(const pg_rows& r, int i) {
    session_record rec;
    auto& sp = rec.spec;
    sp.id = r.text(i, 0);
    sp.type = r.text(i, 1);
    sp.teacher = r.opt_text(i, 2);
    auto students = students_from_json(r.text(i, 3));
    if (!students) return failure{students.err()};
    sp.students = std::move(*students);
    if (auto v = r.opt_i64(i, 4)) sp.scheduled_start = from_unix_ms(*v);
    if (auto v = r.opt_i64(i, 5)) sp.scheduled_end = from_unix_ms(*v);
    sp.package = r.text(i, 6);
    if (!in_range(r.i64(i, 7), rate_kind::per_session) || !in_range(r.i64(i, 10), session_status::cancelled))
        return bad_row("sessions");
    sp.rate = static_cast<rate_kind>(r.i64(i, 7));
    sp.rate_minor = r.i64(i, 8);
    sp.currency = r.text(i, 9);
    rec.status = static_cast<session_status>(r.i64(i, 10));
    rec.status_reason = r.text(i, 11);
    rec.created_at = from_unix_ms(r.i64(i, 12));
    rec.updated_at = from_unix_ms(r.i64(i, 13));
    return rec;
}

std::optional<std::int64_t> opt_ms(const std::optional<instant>& t) {
    if (!t) return std::nullopt;
    return to_unix_ms(*t);
}

result<void> load_history_and_rooms(detail::pg_connection& db, session_record& rec) {
    auto h = db.exec("SELECT from_status, to_status, at_ms, reason FROM status_history WHERE session_id = $1 ORDER BY seq",
                     {p_text(rec.spec.id)}, "database: reading a status history");
    if (!h) return failure{h.err()};
    for (int i = 0; i < h->size(); ++i) {
        if (!in_range(h->i64(i, 0), session_status::cancelled) || !in_range(h->i64(i, 1), session_status::cancelled))
            return bad_row("status_history");
        rec.history.push_back(status_change{static_cast<session_status>(h->i64(i, 0)),
                                            static_cast<session_status>(h->i64(i, 1)), from_unix_ms(h->i64(i, 2)),
                                            h->text(i, 3)});
    }
    auto r = db.exec("SELECT room FROM rooms WHERE session_id = $1 ORDER BY room", {p_text(rec.spec.id)},
                     "database: reading linked rooms");
    if (!r) return failure{r.err()};
    for (int i = 0; i < r->size(); ++i) rec.spec.rooms.push_back(r->text(i, 0));
    auto m = db.exec("SELECT meeting FROM session_meetings WHERE session_id = $1 ORDER BY meeting", {p_text(rec.spec.id)},
                     "database: reading linked meetings");
    if (!m) return failure{m.err()};
    for (int i = 0; i < m->size(); ++i) rec.spec.meetings.push_back(m->text(i, 0));
    return {};
}

}  // namespace

result<void> pg_store::insert_session(const session_record& rec) {
    if (rec.spec.id.empty()) return fail(errc::invalid_argument, "session id: must not be empty");
    return transaction([&]() -> result<void> {
        const auto& sp = rec.spec;
        const std::string students = students_json(sp.students);
        auto ins = p_->db.exec(
            "INSERT INTO sessions (id, type, teacher, students, start_ms, end_ms, package, rate_kind, rate_minor, "
            "currency, status, status_reason, created_ms, updated_ms) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING",
            {p_text(sp.id), p_text(sp.type), p_opt(sp.teacher), p_text(students), p_opt(opt_ms(sp.scheduled_start)),
             p_opt(opt_ms(sp.scheduled_end)), p_text(sp.package), p_int(static_cast<int>(sp.rate)), p_int(sp.rate_minor),
             p_text(sp.currency), p_int(static_cast<int>(rec.status)), p_text(rec.status_reason),
             p_int(to_unix_ms(rec.created_at)), p_int(to_unix_ms(rec.updated_at))},
            "database: storing a session");
        if (!ins) return failure{ins.err()};
        if (ins->affected() == 0) return fail(errc::already_exists, "session '" + sp.id + "' exists");
        std::int64_t seq = 0;
        for (const auto& h : rec.history) {
            auto hs = p_->db.exec(
                "INSERT INTO status_history (session_id, seq, from_status, to_status, at_ms, reason) "
                "VALUES ($1, $2, $3, $4, $5, $6)",
                {p_text(sp.id), p_int(++seq), p_int(static_cast<int>(h.from)), p_int(static_cast<int>(h.to)),
                 p_int(to_unix_ms(h.at)), p_text(h.reason)},
                "database: storing a status history");
            if (!hs) return failure{hs.err()};
        }
        for (const auto& room : sp.rooms)
            if (auto r = link_room(room, sp.id); !r) return r;
        for (const auto& meeting : sp.meetings)
            if (auto r = link_meeting(meeting, sp.id); !r) return r;
        return {};
    });
}

result<void> pg_store::update_session_spec(const session_spec& sp, instant updated_at) {
    return transaction([&]() -> result<void> {
        const std::string students = students_json(sp.students);
        auto up = p_->db.exec(
            "UPDATE sessions SET type = $2, teacher = $3, students = $4, start_ms = $5, end_ms = $6, package = $7, "
            "rate_kind = $8, rate_minor = $9, currency = $10, updated_ms = $11 WHERE id = $1",
            {p_text(sp.id), p_text(sp.type), p_opt(sp.teacher), p_text(students), p_opt(opt_ms(sp.scheduled_start)),
             p_opt(opt_ms(sp.scheduled_end)), p_text(sp.package), p_int(static_cast<int>(sp.rate)), p_int(sp.rate_minor),
             p_text(sp.currency), p_int(to_unix_ms(updated_at))},
            "database: updating a session");
        if (!up) return failure{up.err()};
        if (up->affected() == 0) return fail(errc::not_found, "no session '" + sp.id + "'");
        for (const auto& room : sp.rooms)
            if (auto r = link_room(room, sp.id); !r) return r;
        for (const auto& meeting : sp.meetings)
            if (auto r = link_meeting(meeting, sp.id); !r) return r;
        return {};
    });
}

result<std::optional<session_record>> pg_store::get_session(std::string_view id) {
    return p_->read([&]() -> result<std::optional<session_record>> {
        const std::string sql = std::string(session_select) + "WHERE id = $1";
        auto r = p_->db.exec(sql.c_str(), {p_text(id)}, "database: reading a session");
        if (!r) return failure{r.err()};
        if (r->empty()) return std::optional<session_record>{};
        auto rec = session_from_row(*r, 0);
        if (!rec) return failure{rec.err()};
        if (auto h = load_history_and_rooms(p_->db, *rec); !h) return failure{h.err()};
        return std::optional<session_record>{std::move(*rec)};
    });
}

result<std::vector<session_record>> pg_store::list_sessions(const session_filter& f) {
    return p_->read([&]() -> result<std::vector<session_record>> {
        // Every parameter is always bound (NULL when unused; its type is declared when preparing), one
        // prepared statement per filter shape.
        std::string sql = std::string(session_select) + "WHERE true";
        if (f.teacher) sql += " AND teacher = $1";
        if (f.type) sql += " AND type = $2";
        if (f.status) sql += " AND status = $3";
        if (f.from) sql += " AND start_ms >= $4";
        if (f.to) sql += " AND start_ms < $5";
        if (f.from || f.to) sql += " AND start_ms IS NOT NULL";
        if (f.only_open) sql += " AND status NOT IN (4, 5, 6)";
        if (f.only_unscheduled) sql += " AND start_ms IS NULL";
        sql += " ORDER BY start_ms IS NULL, start_ms, id";
        static_assert(static_cast<int>(session_status::completed) == 4 && static_cast<int>(session_status::absent) == 5 &&
                      static_cast<int>(session_status::cancelled) == 6);
        auto r = p_->db.exec(sql.c_str(),
                             {p_opt(f.teacher), p_opt(f.type),
                              f.status ? p_int(static_cast<int>(*f.status)) : p_null_int(), detail::p_opt_instant(f.from),
                              detail::p_opt_instant(f.to)},
                             "database: listing sessions");
        if (!r) return failure{r.err()};
        std::vector<session_record> out;
        for (int i = 0; i < r->size(); ++i) {
            auto rec = session_from_row(*r, i);
            if (!rec) return failure{rec.err()};
            out.push_back(std::move(*rec));
        }
        for (auto& rec : out)
            if (auto h = load_history_and_rooms(p_->db, rec); !h) return failure{h.err()};
        return out;
    });
}

result<bool> pg_store::record_transition(std::string_view id, const status_change& change) {
    bool applied = false;
    auto r = transaction([&]() -> result<void> {
        // Compare and set: the row's status must still be `from`.
        auto up = p_->db.exec(
            "UPDATE sessions SET status = $2, status_reason = $3, updated_ms = greatest(updated_ms, $4) "
            "WHERE id = $1 AND status = $5",
            {p_text(id), p_int(static_cast<int>(change.to)), p_text(change.reason), p_int(to_unix_ms(change.at)),
             p_int(static_cast<int>(change.from))},
            "database: updating a status");
        if (!up) return failure{up.err()};
        if (up->affected() == 0) {
            if (auto known = p_->require_session(id); !known) return known;
            return {};  // another writer moved it first
        }
        auto h = p_->db.exec(
            "INSERT INTO status_history (session_id, seq, from_status, to_status, at_ms, reason) "
            "VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM status_history WHERE session_id = $1), $2, $3, $4, $5)",
            {p_text(id), p_int(static_cast<int>(change.from)), p_int(static_cast<int>(change.to)),
             p_int(to_unix_ms(change.at)), p_text(change.reason)},
            "database: storing a status change");
        if (!h) return failure{h.err()};
        applied = true;
        return append_change(session_status_change(id, change));
    });
    if (!r) return failure{r.err()};
    return applied;
}

result<bool> pg_store::count_usage(std::string_view session_id, std::string_view package, instant at) {
    bool counted = false;
    auto r = transaction([&]() -> result<void> {
        // Checked first rather than left to the foreign key: a failed statement would abort the whole
        // PostgreSQL transaction, and a caller may go on after not_found.
        if (auto known = p_->require_session(session_id); !known) return known;
        auto ins = p_->db.exec(
            "INSERT INTO subscription_usage (session_id, package, counted_ms) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            {p_text(session_id), p_text(package), p_int(to_unix_ms(at))}, "database: counting usage");
        if (!ins) return failure{ins.err()};
        counted = ins->affected() == 1;
        if (!counted) return {};
        auto st = p_->db.exec("SELECT status FROM sessions WHERE id = $1", {p_text(session_id)}, "database: reading a session");
        if (!st) return failure{st.err()};
        if (st->empty() || !in_range(st->i64(0, 0), session_status::cancelled)) return bad_row("sessions");
        return append_change(usage_change(session_id, package, static_cast<session_status>(st->i64(0, 0)), at));
    });
    if (!r) return failure{r.err()};
    return counted;
}

result<package_usage> pg_store::usage(std::string_view package) {
    auto r = p_->q("SELECT session_id FROM subscription_usage WHERE package = $1 ORDER BY session_id", {p_text(package)},
                   "database: reading usage");
    if (!r) return failure{r.err()};
    package_usage u;
    u.package = std::string(package);
    for (int i = 0; i < r->size(); ++i) u.session_ids.push_back(r->text(i, 0));
    return u;
}

}  // namespace rollcall::store
