// The MySQL/MariaDB store's rooms, sessions with their status history, and subscription usage.
#include <simdjson.h>

#include "rollcall/json_writer.hpp"
#include "rollcall/lifecycle.hpp"
#include "rollcall/room_naming.hpp"
#include "store/mysql_store_impl.hpp"

namespace rollcall::store {

using detail::each_row;
using detail::bad_row;
using detail::in_range;
using detail::my_key;

result<std::optional<room_record>> mysql_store::get_room(std::string_view room) {
    return p_->read([&]() -> result<std::optional<room_record>> {
        auto q = p_->prep(
            "SELECT r.platform, r.room_alt, (SELECT min(at_ms) FROM {events} WHERE room_key = r.room_key), "
            "(SELECT max(at_ms) FROM {events} WHERE room_key = r.room_key), r.session_id, r.named_session, r.named_type "
            "FROM {rooms} r WHERE r.room_key = ?");
        if (!q) return failure{q.err()};
        statement st(p_->db, *q);
        st.bind(my_key(room));
        std::optional<room_record> out;
        auto r = each_row(st, "database: reading a room", [&]() -> result<void> {
            if (!in_range(st.i64(0), platform::link)) return bad_row("rooms");
            room_record rec;
            rec.room = std::string(room);
            rec.source = static_cast<platform>(st.i64(0));
            rec.room_alt = st.text(1);
            rec.first_at = from_unix_ms(st.opt_i64(2).value_or(0));
            rec.last_at = from_unix_ms(st.opt_i64(3).value_or(0));
            rec.session_id = st.opt_text(4);
            rec.named_session = st.opt_text(5);
            rec.named_type = st.text(6);
            out = std::move(rec);
            return {};
        });
        if (!r) return failure{r.err()};
        return out;
    });
}

result<std::vector<std::string>> mysql_store::rooms_of_session(std::string_view session_id, std::string_view type) {
    auto q = p_->prep(
        "SELECT room FROM {rooms} WHERE session_id = ? UNION "
        "SELECT room FROM {rooms} WHERE named_session = ? AND named_type = ? AND session_id IS NULL ORDER BY 1");
    if (!q) return failure{q.err()};
    statement st(p_->db, *q);
    st.bind(session_id).bind(session_id).bind(type);
    std::vector<std::string> out;
    auto r = each_row(st, "database: reading rooms", [&]() -> result<void> {
        out.push_back(st.text(0));
        return {};
    });
    if (!r) return failure{r.err()};
    detail::sort_binary(out);
    return out;
}

result<void> mysql_store::link_room(std::string_view room, std::string_view session_id) {
    if (room.empty()) return fail(errc::invalid_argument, "room: must not be empty");
    return transaction([&]() -> result<void> {
        if (auto known = p_->require_session(session_id); !known) return known;
        auto current = get_room(room);
        if (!current) return failure{current.err()};
        if (*current && (*current)->session_id && *(*current)->session_id != session_id)
            return fail(errc::already_exists, "room '" + std::string(room) + "' is linked to session '" +
                                                  *(*current)->session_id + "'");
        if (*current && (*current)->session_id) return {};
        auto up = p_->prep(
            "INSERT INTO {rooms} (room_key, room, platform, room_alt, named_session, named_type, session_id) "
            "VALUES (?, ?, ?, '', ?, ?, ?) ON DUPLICATE KEY UPDATE session_id = VALUES(session_id)");
        if (!up) return failure{up.err()};
        statement st(p_->db, *up);
        const auto named = parse_room_name(room);
        const auto guessed = is_link_room(room) ? platform::link : platform::livekit;
        st.bind(my_key(room)).bind(room).bind(static_cast<int>(guessed));
        if (named) st.bind(named->session_id).bind(named->type);
        else st.bind_null().bind(std::string_view());
        st.bind(session_id);
        return st.execute("database: linking a room");
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

#define RC_SESSION_COLUMNS                                                                                             \
    "id, type, teacher, students, start_ms, end_ms, package, rate_kind, rate_minor, currency, status, status_reason, " \
    "created_ms, updated_ms"

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

// Binds the spec columns shared by insert and update, in this order: type, teacher, students, start,
// end, package, rate_kind, rate_minor, currency.
void bind_spec(statement& st, const session_spec& sp, const std::string& students) {
    st.bind(sp.type).bind_opt(sp.teacher).bind(students);
    st.bind_opt(detail::opt_ms(sp.scheduled_start)).bind_opt(detail::opt_ms(sp.scheduled_end));
    st.bind(sp.package).bind(static_cast<int>(sp.rate)).bind(sp.rate_minor).bind(sp.currency);
}

}  // namespace

result<void> mysql_store::insert_session(const session_record& rec) {
    if (rec.spec.id.empty()) return fail(errc::invalid_argument, "session id: must not be empty");
    return transaction([&]() -> result<void> {
        const std::string key = my_key(rec.spec.id);
        if (auto exists = p_->require_session(rec.spec.id); exists) {
            return fail(errc::already_exists, "session '" + rec.spec.id + "' exists");
        } else if (exists.err().code != errc::not_found) {
            return exists;
        }
        auto q = p_->prep(
            "INSERT INTO {sessions} (id_key, id, type, teacher, students, start_ms, end_ms, package, rate_kind, rate_minor, "
            "currency, status, status_reason, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!q) return failure{q.err()};
        const std::string students = students_json(rec.spec.students);
        {
            statement st(p_->db, *q);
            st.bind(key).bind(rec.spec.id);
            bind_spec(st, rec.spec, students);
            st.bind(static_cast<int>(rec.status))
                .bind(rec.status_reason)
                .bind(to_unix_ms(rec.created_at))
                .bind(to_unix_ms(rec.updated_at));
            if (auto r = st.execute("database: storing a session"); !r) return r;
        }
        auto hq = p_->prep(
            "INSERT INTO {status_history} (session_key, seq, from_status, to_status, at_ms, reason) VALUES (?, ?, ?, ?, ?, ?)");
        if (!hq) return failure{hq.err()};
        std::int64_t seq = 0;
        for (const auto& h : rec.history) {
            statement st(p_->db, *hq);
            st.bind(key)
                .bind(++seq)
                .bind(static_cast<int>(h.from))
                .bind(static_cast<int>(h.to))
                .bind(to_unix_ms(h.at))
                .bind(h.reason);
            if (auto r = st.execute("database: storing a status history"); !r) return r;
        }
        for (const auto& room : rec.spec.rooms)
            if (auto r = link_room(room, rec.spec.id); !r) return r;
        for (const auto& meeting : rec.spec.meetings)
            if (auto r = link_meeting(meeting, rec.spec.id); !r) return r;
        return {};
    });
}

result<void> mysql_store::update_session_spec(const session_spec& spec, instant updated_at) {
    return transaction([&]() -> result<void> {
        if (auto known = p_->require_session(spec.id); !known) return fail(errc::not_found, "no session '" + spec.id + "'");
        auto q = p_->prep(
            "UPDATE {sessions} SET type = ?, teacher = ?, students = ?, start_ms = ?, end_ms = ?, package = ?, "
            "rate_kind = ?, rate_minor = ?, currency = ?, updated_ms = ? WHERE id_key = ?");
        if (!q) return failure{q.err()};
        const std::string students = students_json(spec.students);
        {
            statement st(p_->db, *q);
            bind_spec(st, spec, students);
            st.bind(to_unix_ms(updated_at)).bind(my_key(spec.id));
            if (auto r = st.execute("database: updating a session"); !r) return r;
        }
        for (const auto& room : spec.rooms)
            if (auto r = link_room(room, spec.id); !r) return r;
        for (const auto& meeting : spec.meetings)
            if (auto r = link_meeting(meeting, spec.id); !r) return r;
        return {};
    });
}

namespace {

result<void> load_history_and_rooms(mysql_store::impl& p, session_record& rec) {
    const std::string key = my_key(rec.spec.id);
    auto h = p.prep("SELECT from_status, to_status, at_ms, reason FROM {status_history} WHERE session_key = ? ORDER BY seq");
    if (!h) return failure{h.err()};
    {
        statement st(p.db, *h);
        st.bind(key);
        auto r = each_row(st, "database: reading a status history", [&]() -> result<void> {
            if (!in_range(st.i64(0), session_status::cancelled) || !in_range(st.i64(1), session_status::cancelled))
                return bad_row("status_history");
            rec.history.push_back(status_change{static_cast<session_status>(st.i64(0)),
                                                static_cast<session_status>(st.i64(1)), from_unix_ms(st.i64(2)),
                                                st.text(3)});
            return {};
        });
        if (!r) return r;
    }
    auto rq = p.prep("SELECT room FROM {rooms} WHERE session_id = ? ORDER BY room");
    if (!rq) return failure{rq.err()};
    {
        statement st(p.db, *rq);
        st.bind(rec.spec.id);
        auto r = each_row(st, "database: reading linked rooms", [&]() -> result<void> {
            rec.spec.rooms.push_back(st.text(0));
            return {};
        });
        if (!r) return r;
    }
    auto m = p.prep("SELECT meeting FROM {session_meetings} WHERE session_key = ? ORDER BY meeting");
    if (!m) return failure{m.err()};
    statement st(p.db, *m);
    st.bind(key);
    auto r = each_row(st, "database: reading linked meetings", [&]() -> result<void> {
        rec.spec.meetings.push_back(st.text(0));
        return {};
    });
    if (!r) return r;
    detail::sort_binary(rec.spec.rooms);
    detail::sort_binary(rec.spec.meetings);
    return {};
}

}  // namespace

result<std::optional<session_record>> mysql_store::get_session(std::string_view id) {
    return p_->read([&]() -> result<std::optional<session_record>> {
        auto q = p_->prep("SELECT " RC_SESSION_COLUMNS " FROM {sessions} WHERE id_key = ?");
        if (!q) return failure{q.err()};
        std::optional<session_record> out;
        {
            statement st(p_->db, *q);
            st.bind(my_key(id));
            auto r = each_row(st, "database: reading a session", [&]() -> result<void> {
                auto rec = session_from_row(st);
                if (!rec) return failure{rec.err()};
                out = std::move(*rec);
                return {};
            });
            if (!r) return failure{r.err()};
        }
        if (out)
            if (auto r = load_history_and_rooms(*p_, *out); !r) return failure{r.err()};
        return out;
    });
}

result<std::vector<session_record>> mysql_store::list_sessions(const session_filter& f) {
    return p_->read([&]() -> result<std::vector<session_record>> {
        std::string sql = "SELECT " RC_SESSION_COLUMNS " FROM {sessions} WHERE 1";
        if (f.teacher) sql += " AND teacher = ?";
        if (f.type) sql += " AND type = ?";
        if (f.status) sql += " AND status = ?";
        if (f.from) sql += " AND start_ms >= ?";
        if (f.to) sql += " AND start_ms < ?";
        if ((f.from || f.to)) sql += " AND start_ms IS NOT NULL";
        if (f.only_open) sql += " AND status NOT IN (4, 5, 6)";
        if (f.only_unscheduled) sql += " AND start_ms IS NULL";
        sql += " ORDER BY start_ms IS NULL, start_ms, id";
        static_assert(static_cast<int>(session_status::completed) == 4 && static_cast<int>(session_status::absent) == 5 &&
                      static_cast<int>(session_status::cancelled) == 6);
        auto q = p_->prep(sql);
        if (!q) return failure{q.err()};
        std::vector<session_record> out;
        {
            statement st(p_->db, *q);
            if (f.teacher) st.bind(*f.teacher);
            if (f.type) st.bind(*f.type);
            if (f.status) st.bind(static_cast<int>(*f.status));
            if (f.from) st.bind(to_unix_ms(*f.from));
            if (f.to) st.bind(to_unix_ms(*f.to));
            auto r = each_row(st, "database: listing sessions", [&]() -> result<void> {
                auto rec = session_from_row(st);
                if (!rec) return failure{rec.err()};
                out.push_back(std::move(*rec));
                return {};
            });
            if (!r) return failure{r.err()};
        }
        for (auto& rec : out)
            if (auto r = load_history_and_rooms(*p_, rec); !r) return failure{r.err()};
        detail::sort_binary(out, [](const session_record& a, const session_record& b) {
            const auto& x = a.spec.scheduled_start;
            const auto& y = b.spec.scheduled_start;
            if (x.has_value() != y.has_value()) return x.has_value();  // unscheduled last
            if (x && *x != *y) return *x < *y;
            return a.spec.id < b.spec.id;
        });
        return out;
    });
}

result<bool> mysql_store::record_transition(std::string_view id, const status_change& change) {
    bool applied = false;
    auto r = transaction([&]() -> result<void> {
        const std::string key = my_key(id);
        // Compare, then set: the row lock (and the writer lock around every transaction) keeps another
        // writer out in between. (An UPDATE ... WHERE status = ? alone cannot tell "moved by another
        // writer" from "matched but nothing changed": MySQL counts changed rows only.)
        std::optional<std::int64_t> current;
        {
            auto c = p_->prep("SELECT status FROM {sessions} WHERE id_key = ? FOR UPDATE");
            if (!c) return failure{c.err()};
            statement st(p_->db, *c);
            st.bind(key);
            auto x = each_row(st, "database: reading a status", [&]() -> result<void> {
                current = st.i64(0);
                return {};
            });
            if (!x) return x;
        }
        if (!current) return fail(errc::not_found, "no session '" + std::string(id) + "'");
        if (*current != static_cast<std::int64_t>(change.from)) return {};  // another writer moved it first
        auto q = p_->prep(
            "UPDATE {sessions} SET status = ?, status_reason = ?, updated_ms = GREATEST(updated_ms, ?) WHERE id_key = ?");
        if (!q) return failure{q.err()};
        {
            statement st(p_->db, *q);
            st.bind(static_cast<int>(change.to)).bind(change.reason).bind(to_unix_ms(change.at)).bind(key);
            if (auto x = st.execute("database: updating a status"); !x) return x;
        }
        auto h = p_->prep(
            "INSERT INTO {status_history} (session_key, seq, from_status, to_status, at_ms, reason) "
            "SELECT ?, coalesce(max(seq), 0) + 1, ?, ?, ?, ? FROM {status_history} WHERE session_key = ?");
        if (!h) return failure{h.err()};
        statement st(p_->db, *h);
        st.bind(key)
            .bind(static_cast<int>(change.from))
            .bind(static_cast<int>(change.to))
            .bind(to_unix_ms(change.at))
            .bind(change.reason)
            .bind(key);
        if (auto x = st.execute("database: storing a status change"); !x) return x;
        applied = true;
        return append_change(session_status_change(id, change));
    });
    if (!r) return failure{r.err()};
    return applied;
}

result<bool> mysql_store::count_usage(std::string_view session_id, std::string_view package, instant at) {
    bool counted = false;
    auto r = transaction([&]() -> result<void> {
        auto status = p_->prep("SELECT status FROM {sessions} WHERE id_key = ?");
        if (!status) return failure{status.err()};
        std::optional<std::int64_t> st_value;
        {
            statement st(p_->db, *status);
            st.bind(my_key(session_id));
            auto x = each_row(st, "database: reading a session", [&]() -> result<void> {
                st_value = st.i64(0);
                return {};
            });
            if (!x) return x;
        }
        if (!st_value) return fail(errc::not_found, "no session '" + std::string(session_id) + "'");
        if (!in_range(*st_value, session_status::cancelled)) return bad_row("sessions");
        auto q = p_->prep(
            "INSERT INTO {subscription_usage} (session_key, session_id, package, counted_ms) VALUES (?, ?, ?, ?) "
            "ON DUPLICATE KEY UPDATE session_key = session_key");
        if (!q) return failure{q.err()};
        {
            statement st(p_->db, *q);
            st.bind(my_key(session_id)).bind(session_id).bind(package).bind(to_unix_ms(at));
            if (auto x = st.execute("database: counting usage"); !x) return x;
            counted = st.affected_rows() == 1;
        }
        if (!counted) return {};
        return append_change(usage_change(session_id, package, static_cast<session_status>(*st_value), at));
    });
    if (!r) return failure{r.err()};
    return counted;
}

result<package_usage> mysql_store::usage(std::string_view package) {
    auto q = p_->prep("SELECT session_id FROM {subscription_usage} WHERE package = ? ORDER BY session_id");
    if (!q) return failure{q.err()};
    statement st(p_->db, *q);
    st.bind(package);
    package_usage u;
    u.package = std::string(package);
    auto r = each_row(st, "database: reading usage", [&]() -> result<void> {
        u.session_ids.push_back(st.text(0));
        return {};
    });
    if (!r) return failure{r.err()};
    detail::sort_binary(u.session_ids);
    return u;
}

}  // namespace rollcall::store
