#include "store/sqlite_store.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <set>
#include <thread>

#include <simdjson.h>

#include "crypto/crypto.hpp"
#include "rollcall/json_writer.hpp"
#include "rollcall/lifecycle.hpp"
#include "sources/fast_crypto.hpp"
#include "store/sqlite_schema.hpp"
#include "store/sqlite_wal_vfs.hpp"
#include "tracker/room_naming.hpp"

namespace rollcall::store {

using detail::statement;

struct sqlite_store::impl {
    detail::connection db;
    int depth = 0;
    // Rooms known to be stored (committed): their events need no room write. Never shrinks, since
    // rooms are never deleted; filled only after a commit so that a rollback cannot mislead it.
    std::set<std::string, std::less<>> known_rooms;

    // A cached statement, or the error of preparing it.
    result<sqlite3_stmt*> prep(const char* sql) { return db.prepare(sql); }

    // The hot path's statements, held directly: one webhook per transaction runs each of them once, and
    // a lookup of the SQL text in the connection's cache (a string built, then compared) cost as much
    // as binding. BEGIN and COMMIT are prepared too, not re-parsed by sqlite3_exec on every transaction.
    sqlite3_stmt* begin_stmt = nullptr;
    sqlite3_stmt* commit_stmt = nullptr;
    sqlite3_stmt* ins_payload = nullptr;
    sqlite3_stmt* ins_event = nullptr;
    sqlite3_stmt* upsert_room = nullptr;
    sqlite3_stmt* del_payload = nullptr;

    result<sqlite3_stmt*> held(sqlite3_stmt*& slot, const char* sql) {
        if (slot) return slot;
        auto p = db.prepare(sql);
        if (p) slot = *p;  // owned (and finalised) by the connection's cache
        return p;
    }

    result<void> run(sqlite3_stmt*& slot, const char* sql) {
        auto p = held(slot, sql);
        if (!p) return failure{p.err()};
        statement st(*p);
        if (int rc = st.step(); rc != SQLITE_DONE) return db.error(rc, "database");
        return {};
    }

    result<void> add_counter(const char* name, std::int64_t delta) {
        if (delta == 0) return {};
        auto p = prep("INSERT INTO counters (name, value) VALUES (?1, ?2) "
                      "ON CONFLICT (name) DO UPDATE SET value = value + excluded.value");
        if (!p) return failure{p.err()};
        statement st(*p);
        st.bind(1, std::string_view(name)).bind(2, delta);
        if (int rc = st.step(); rc != SQLITE_DONE) return db.error(rc, "database: updating counters");
        return {};
    }

    // Reads several statements as one consistent snapshot.
    template <class F>
    auto read(F&& fn) -> decltype(fn()) {
        if (depth > 0) return fn();
        if (auto r = db.exec("BEGIN"); !r) return failure{r.err()};
        ++depth;
        auto out = fn();
        --depth;
        (void)db.exec("COMMIT");
        return out;
    }
};

sqlite_store::sqlite_store(std::unique_ptr<impl> p) : p_(std::move(p)) {}
sqlite_store::~sqlite_store() = default;

result<std::unique_ptr<sqlite_store>> sqlite_store::open(const std::string& path, const sqlite_options& o) {
    auto p = std::make_unique<impl>();
    int flags = SQLITE_OPEN_NOMUTEX;
    if (o.read_only) flags |= SQLITE_OPEN_READONLY;
    else flags |= SQLITE_OPEN_READWRITE | (o.create ? SQLITE_OPEN_CREATE : 0);
    const char* vfs = o.coalesce_wal_writes ? detail::wal_coalescing_vfs() : nullptr;
    if (auto r = p->db.open(path, flags, vfs); !r) return failure{r.err()};
    sqlite3_busy_timeout(p->db.handle(), o.busy_timeout_ms);
    if (!o.read_only && sqlite3_db_readonly(p->db.handle(), "main") == 1)
        return fail(errc::read_only, "database '" + path + "' cannot be written (read-only file or directory)");

    auto ver = detail::inspect_schema(p->db);
    if (!ver) return fail(ver.err().code, "database '" + path + "': " + ver.err().message);
    if (o.read_only) {
        if (*ver == 0) return fail(errc::not_found, "database '" + path + "' is empty (nothing was ever stored)");
    } else {
        // Only now, with the file known to be ours or new, is anything written.
        auto wal = p->db.prepare("PRAGMA journal_mode = WAL");
        if (!wal) return failure{wal.err()};
        {
            // Switching a new file to WAL needs a moment alone with it, and SQLite answers BUSY here
            // without consulting the busy handler: when several processes open a new database at once,
            // retry within the busy timeout instead of failing the open.
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(o.busy_timeout_ms);
            int rc = SQLITE_BUSY;
            for (;;) {
                statement st(*wal);
                rc = st.step();
                if (rc == SQLITE_ROW) {
                    if (st.text(0) != "wal")
                        return fail(errc::storage_error, "database '" + path + "': WAL mode is not available");
                    break;
                }
                if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || std::chrono::steady_clock::now() >= deadline) break;
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
            if (rc != SQLITE_ROW) return p->db.error(rc, "database '" + path + "': enabling WAL");
        }
        const char* sync = o.synchronous == sync_mode::full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
        if (auto r = p->db.exec(sync); !r) return failure{r.err()};
        const std::string ckpt = "PRAGMA wal_autocheckpoint = " + std::to_string(o.wal_autocheckpoint);
        if (auto r = p->db.exec(ckpt.c_str()); !r) return failure{r.err()};
        auto reached = detail::migrate(p->db);
        if (!reached) return fail(reached.err().code, "database '" + path + "': " + reached.err().message);
        *ver = *reached;
    }
    if (auto r = p->db.exec("PRAGMA foreign_keys = ON"); !r) return failure{r.err()};
    std::unique_ptr<sqlite_store> s(new sqlite_store(std::move(p)));
    s->schema_version_ = *ver;
    return s;
}

result<void> sqlite_store::transaction(const std::function<result<void>()>& fn) {
    if (p_->depth > 0) return fn();
    if (auto r = p_->run(p_->begin_stmt, "BEGIN IMMEDIATE"); !r) return r;
    ++p_->depth;
    result<void> r;
    try {
        r = fn();
    } catch (...) {
        --p_->depth;
        (void)p_->db.exec("ROLLBACK");
        throw;
    }
    --p_->depth;
    if (!r) {
        (void)p_->db.exec("ROLLBACK");
        return r;
    }
    if (auto c = p_->run(p_->commit_stmt, "COMMIT"); !c) {
        (void)p_->db.exec("ROLLBACK");
        return c;
    }
    return {};
}

// ---------------------------------------------------------------------------------------------- ingest

namespace {

std::string_view headers_or_empty(const std::string& h) {
    return h.empty() ? std::string_view("{}") : std::string_view(h);
}

// The verifiers' SHA-256 (the digest fetched once per process): crypto::digest looks the algorithm up
// on every call, which cost more than hashing the body itself.
std::string body_sha256(std::string_view body) {
    unsigned char out[32];
    if (!sources::fast::sha256(body, out)) return crypto::digest(crypto::hash_alg::sha256, body);
    return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

}  // namespace

result<std::vector<item_outcome>> sqlite_store::ingest(std::span<const ingest_item> items) {
    std::vector<item_outcome> out;
    out.reserve(items.size());
    std::vector<std::string> new_rooms;
    const bool outermost = p_->depth == 0;
    auto r = transaction([&]() -> result<void> {
        out.clear();
        auto& db = p_->db;
        auto ins_payload = p_->held(p_->ins_payload,
            "INSERT OR IGNORE INTO payloads (platform, body_sha256, body, headers, request_url, received_ms, rejected, "
            "reject_message, has_events) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
        auto del_payload = p_->held(p_->del_payload, "DELETE FROM payloads WHERE id = ?1");
        auto ins_event = p_->held(p_->ins_event,
            "INSERT OR IGNORE INTO events (payload_id, kind, platform, room, room_alt, identity, connection, at_ms, "
            "joined_at_ms, dedup_key, display_name, email, role, non_person, detail) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
        auto upsert_room = p_->held(p_->upsert_room,
            // Written once per room: a known room costs a read, not a page write, per event.
            "INSERT INTO rooms (room, platform, room_alt, first_ms, named_session, named_type) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (room) DO UPDATE SET "
            "first_ms = excluded.first_ms, platform = excluded.platform, "
            "room_alt = CASE WHEN room_alt = '' THEN excluded.room_alt ELSE room_alt END, "
            "named_type = CASE WHEN named_session IS NULL THEN excluded.named_type ELSE named_type END, "
            "named_session = coalesce(named_session, excluded.named_session) "
            "WHERE first_ms IS NULL");
        if (!ins_payload) return failure{ins_payload.err()};
        if (!ins_event) return failure{ins_event.err()};
        if (!upsert_room) return failure{upsert_room.err()};
        if (!del_payload) return failure{del_payload.err()};
        std::int64_t rejected = 0, dup_events = 0, dup_payloads = 0;
        new_rooms.clear();
        for (const auto& item : items) {
            item_outcome o;
            const auto& pl = item.payload;
            std::optional<std::int64_t> payload_id;
            if (!item.host_event) {
                const std::string hash = body_sha256(pl.body);
                const std::string_view headers = headers_or_empty(pl.headers_json);
                statement st(*ins_payload);
                st.bind(1, static_cast<int>(pl.source))
                    .bind_blob(2, hash)
                    .bind_blob(3, pl.body)
                    .bind(4, headers)
                    .bind(5, pl.request_url)
                    .bind(6, to_unix_ms(pl.received_at))
                    .bind(7, static_cast<int>(pl.rejected))
                    .bind(8, pl.reject_message)
                    .bind(9, item.events.empty() ? 0 : 1);
                if (int rc = st.step(); rc != SQLITE_DONE) return db.error(rc, "database: storing a payload");
                if (sqlite3_changes(db.handle()) == 1) payload_id = sqlite3_last_insert_rowid(db.handle());
            }
            if (pl.rejected != errc::ok) {
                ++rejected;
                out.push_back(o);
                continue;
            }
            if (!payload_id && !item.host_event) {
                o.duplicate_payload = true;
                ++dup_payloads;
            }
            for (const auto& e : item.events) {
                const std::string fallback = e.dedup_key.empty() ? fallback_dedup_key(e) : std::string();
                statement st(*ins_event);
                st.bind_opt(1, payload_id)
                    .bind(2, static_cast<int>(e.kind))
                    .bind(3, static_cast<int>(e.source))
                    .bind(4, e.room)
                    .bind(5, e.room_alt)
                    .bind(6, e.identity)
                    .bind(7, e.connection)
                    .bind(8, to_unix_ms(e.at));
                if (e.joined_at) st.bind(9, to_unix_ms(*e.joined_at));
                else st.bind_null(9);
                st.bind(10, e.dedup_key.empty() ? std::string_view(fallback) : std::string_view(e.dedup_key))
                    .bind(11, e.display_name)
                    .bind(12, e.email)
                    .bind(13, static_cast<int>(e.who))
                    .bind(14, e.non_person ? 1 : 0)
                    .bind(15, e.detail);
                if (int rc = st.step(); rc != SQLITE_DONE) return db.error(rc, "database: storing an event");
                if (sqlite3_changes(db.handle()) == 0) {
                    ++o.events_duplicate;
                    ++dup_events;
                    continue;
                }
                ++o.events_stored;
                if (p_->known_rooms.count(e.room)) continue;
                new_rooms.push_back(e.room);
                statement rs(*upsert_room);
                const auto named = tracker::parse_room_name(e.room, e.room_alt);
                rs.bind(1, e.room).bind(2, static_cast<int>(e.source)).bind(3, e.room_alt).bind(4, to_unix_ms(e.at));
                if (named) rs.bind(5, named->session_id).bind(6, named->type);
                else rs.bind_null(5).bind(6, std::string_view());
                if (int rc = rs.step(); rc != SQLITE_DONE) return db.error(rc, "database: storing a room");
            }
            // A payload with events is new only through a new event (schema 2 indexes the bytes of
            // payloads without events alone): one whose every event was stored before is a replay.
            if (payload_id && !item.events.empty() && o.events_stored == 0) {
                statement del(*del_payload);
                del.bind(1, *payload_id);
                if (int rc = del.step(); rc != SQLITE_DONE) return db.error(rc, "database: dropping a replayed payload");
                o.duplicate_payload = true;
                ++dup_payloads;
            }
            out.push_back(o);
        }
        if (auto c = p_->add_counter("rejected", rejected); !c) return c;
        if (auto c = p_->add_counter("duplicates_skipped", dup_events); !c) return c;
        if (auto c = p_->add_counter("duplicate_payloads", dup_payloads); !c) return c;
        return {};
    });
    if (!r) return failure{r.err()};
    // Inside an outer transaction the commit is not ours to see: leave the cache alone.
    if (outermost)
        for (auto& room : new_rooms) p_->known_rooms.insert(std::move(room));
    return out;
}

// ---------------------------------------------------------------------------------------------- events, rooms

namespace {

template <class E>
bool in_range(std::int64_t v, E last) {
    return v >= 0 && v <= static_cast<std::int64_t>(last);
}

failure bad_row(std::string_view table) {
    return fail(errc::corrupt_database, std::string("database: a row of '") + std::string(table) +
                                            "' holds a value this rollcall does not know");
}

}  // namespace

result<std::vector<event>> sqlite_store::events_for_rooms(std::span<const std::string> rooms) {
    return p_->read([&]() -> result<std::vector<event>> {
        auto q = p_->prep(
            "SELECT kind, platform, room, room_alt, identity, connection, at_ms, joined_at_ms, dedup_key, display_name, "
            "email, role, non_person, detail FROM events WHERE room = ?1");
        if (!q) return failure{q.err()};
        std::vector<event> out;
        std::set<std::string_view> seen;
        for (const auto& room : rooms) {
            if (!seen.insert(room).second) continue;
            statement st(*q);
            st.bind(1, room);
            int rc;
            while ((rc = st.step()) == SQLITE_ROW) {
                const auto kind = st.i64(0), plat = st.i64(1), who = st.i64(11);
                if (!in_range(kind, event_kind::recording_ready) || !in_range(plat, platform::link) ||
                    !in_range(who, role::guest))
                    return bad_row("events");
                event e;
                e.kind = static_cast<event_kind>(kind);
                e.source = static_cast<platform>(plat);
                e.room = room;  // the row matched it exactly
                e.room_alt = st.text(3);
                e.identity = st.text(4);
                e.connection = st.text(5);
                e.at = from_unix_ms(st.i64(6));
                if (auto j = st.opt_i64(7)) e.joined_at = from_unix_ms(*j);
                e.dedup_key = st.text(8);
                e.display_name = st.text(9);
                e.email = st.text(10);
                e.who = static_cast<role>(who);
                e.non_person = st.i64(12) != 0;
                e.detail = st.text(13);
                out.push_back(std::move(e));
            }
            if (rc != SQLITE_DONE) return p_->db.error(rc, "database: reading events");
        }
        // Sorting indexes and then moving each event once beats swapping whole events (eight strings
        // each) inside the sort: this is most of a report's time outside SQLite.
        std::vector<std::uint32_t> order(out.size());
        std::iota(order.begin(), order.end(), 0u);
        std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return event_less(out[a], out[b]); });
        std::vector<event> sorted;
        sorted.reserve(out.size());
        for (const auto i : order) sorted.push_back(std::move(out[i]));
        return sorted;
    });
}

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
        auto exists = p_->prep("SELECT 1 FROM sessions WHERE id = ?1");
        if (!exists) return failure{exists.err()};
        {
            statement st(*exists);
            st.bind(1, session_id);
            const int rc = st.step();
            if (rc == SQLITE_DONE) return fail(errc::not_found, "no session '" + std::string(session_id) + "'");
            if (rc != SQLITE_ROW) return p_->db.error(rc, "database: reading a session");
        }
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
        const auto named = tracker::parse_room_name(room);
        const auto guessed = room.substr(0, 5) == "link:" ? platform::link : platform::livekit;
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
        return {};
    });
    if (!r) return failure{r.err()};
    return applied;
}

result<bool> sqlite_store::count_usage(std::string_view session_id, std::string_view package, instant at) {
    auto q = p_->prep("INSERT OR IGNORE INTO subscription_usage (session_id, package, counted_ms) VALUES (?1, ?2, ?3)");
    if (!q) return failure{q.err()};
    statement st(*q);
    st.bind(1, session_id).bind(2, package).bind(3, to_unix_ms(at));
    const int rc = st.step();
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return fail(errc::not_found, "no session '" + std::string(session_id) + "'");
    if (rc != SQLITE_DONE) return p_->db.error(rc, "database: counting usage");
    return sqlite3_changes(p_->db.handle()) == 1;
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

// ---------------------------------------------------------------------------------------------- links

namespace {

constexpr const char* link_columns =
    "token, teacher, student, meeting_url, package, rate_kind, rate_minor, currency, sent_ms, session_id, status, "
    "clicked_ms, last_heartbeat_ms, ended_ms";

result<link_record> link_from_row(const statement& st) {
    if (!in_range(st.i64(5), rate_kind::per_session) || !in_range(st.i64(10), link_status::timeout))
        return bad_row("links");
    link_record l;
    l.token = st.text(0);
    l.teacher = st.text(1);
    l.student = st.text(2);
    l.meeting_url = st.text(3);
    l.package = st.text(4);
    l.rate = static_cast<rate_kind>(st.i64(5));
    l.rate_minor = st.i64(6);
    l.currency = st.text(7);
    l.sent_at = from_unix_ms(st.i64(8));
    l.session_id = st.opt_text(9);
    l.status = static_cast<link_status>(st.i64(10));
    if (auto v = st.opt_i64(11)) l.clicked_at = from_unix_ms(*v);
    if (auto v = st.opt_i64(12)) l.last_heartbeat = from_unix_ms(*v);
    if (auto v = st.opt_i64(13)) l.ended_at = from_unix_ms(*v);
    return l;
}

void bind_opt_instant(statement& st, int i, const std::optional<instant>& t) {
    if (t) st.bind(i, to_unix_ms(*t));
    else st.bind_null(i);
}

}  // namespace

result<void> sqlite_store::insert_link(const link_record& l) {
    if (l.token.empty()) return fail(errc::invalid_argument, "link token: must not be empty");
    return transaction([&]() -> result<void> {
        auto q = p_->db.prepare(std::string("INSERT INTO links (") + link_columns +
                                ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
        if (!q) return failure{q.err()};
        statement st(*q);
        st.bind(1, l.token)
            .bind(2, l.teacher)
            .bind(3, l.student)
            .bind(4, l.meeting_url)
            .bind(5, l.package)
            .bind(6, static_cast<int>(l.rate))
            .bind(7, l.rate_minor)
            .bind(8, l.currency)
            .bind(9, to_unix_ms(l.sent_at))
            .bind_opt(10, l.session_id)
            .bind(11, static_cast<int>(l.status));
        bind_opt_instant(st, 12, l.clicked_at);
        bind_opt_instant(st, 13, l.last_heartbeat);
        bind_opt_instant(st, 14, l.ended_at);
        const int rc = st.step();
        if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) return fail(errc::already_exists, "a link with this token exists");
        if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
            return fail(errc::not_found, "link session_id: no session '" + l.session_id.value_or("") + "'");
        if (rc != SQLITE_DONE) return p_->db.error(rc, "database: storing a link");
        return {};
    });
}

result<void> sqlite_store::update_link(const link_record& l) {
    return transaction([&]() -> result<void> {
        auto q = p_->prep(
            "UPDATE links SET status = ?2, clicked_ms = ?3, last_heartbeat_ms = ?4, ended_ms = ?5 WHERE token = ?1");
        if (!q) return failure{q.err()};
        statement st(*q);
        st.bind(1, l.token).bind(2, static_cast<int>(l.status));
        bind_opt_instant(st, 3, l.clicked_at);
        bind_opt_instant(st, 4, l.last_heartbeat);
        bind_opt_instant(st, 5, l.ended_at);
        if (int rc = st.step(); rc != SQLITE_DONE) return p_->db.error(rc, "database: updating a link");
        if (sqlite3_changes(p_->db.handle()) == 0) return fail(errc::not_found, "no such link");
        return {};
    });
}

result<std::optional<link_record>> sqlite_store::get_link(std::string_view token) {
    auto q = p_->db.prepare(std::string("SELECT ") + link_columns + " FROM links WHERE token = ?1");
    if (!q) return failure{q.err()};
    statement st(*q);
    st.bind(1, token);
    const int rc = st.step();
    if (rc == SQLITE_DONE) return std::optional<link_record>{};
    if (rc != SQLITE_ROW) return p_->db.error(rc, "database: reading a link");
    auto l = link_from_row(st);
    if (!l) return failure{l.err()};
    return std::optional<link_record>{std::move(*l)};
}

result<std::vector<link_record>> sqlite_store::active_links() {
    auto q = p_->db.prepare(std::string("SELECT ") + link_columns + " FROM links WHERE status = ?1 ORDER BY token");
    if (!q) return failure{q.err()};
    statement st(*q);
    st.bind(1, static_cast<int>(link_status::active));
    std::vector<link_record> out;
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) {
        auto l = link_from_row(st);
        if (!l) return failure{l.err()};
        out.push_back(std::move(*l));
    }
    if (rc != SQLITE_DONE) return p_->db.error(rc, "database: reading links");
    return out;
}

// ---------------------------------------------------------------------------------------------- stats

result<store_stats> sqlite_store::stats() {
    return p_->read([&]() -> result<store_stats> {
        store_stats s;
        struct {
            const char* sql;
            std::int64_t* out;
        } const queries[] = {
            {"SELECT count(*) FROM payloads WHERE rejected = 0", &s.payloads},
            {"SELECT count(*) FROM payloads WHERE rejected <> 0", &s.rejected_payloads},
            {"SELECT count(*) FROM events", &s.events},
            {"SELECT count(*) FROM rooms", &s.rooms},
            {"SELECT count(*) FROM sessions", &s.sessions},
            {"SELECT count(*) FROM links", &s.links},
            {"SELECT count(*) FROM subscription_usage", &s.counted_sessions},
            {"SELECT coalesce((SELECT value FROM counters WHERE name = 'rejected'), 0)", &s.rejected},
            {"SELECT coalesce((SELECT value FROM counters WHERE name = 'duplicates_skipped'), 0)", &s.duplicates_skipped},
            {"SELECT coalesce((SELECT value FROM counters WHERE name = 'duplicate_payloads'), 0)", &s.duplicate_payloads},
        };
        for (const auto& q : queries) {
            auto v = p_->db.query_int(q.sql);
            if (!v) return failure{v.err()};
            *q.out = *v;
        }
        s.schema_version = schema_version_;
        return s;
    });
}

result<std::int64_t> sqlite_store::pragma_value(std::string_view name) {
    const bool identifier = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
    if (!identifier) return fail(errc::invalid_argument, "not a PRAGMA name: '" + std::string(name.substr(0, 32)) + "'");
    const std::string sql = "PRAGMA " + std::string(name);
    return p_->db.query_int(sql.c_str());
}

result<void> sqlite_store::integrity_check() {
    auto q = p_->prep("PRAGMA integrity_check");
    if (!q) return failure{q.err()};
    statement st(*q);
    const int rc = st.step();
    if (rc != SQLITE_ROW) return p_->db.error(rc, "database: integrity check");
    const std::string verdict = st.text(0);
    if (verdict != "ok") return fail(errc::corrupt_database, "integrity check failed: " + verdict.substr(0, 200));
    return {};
}

}  // namespace rollcall::store
