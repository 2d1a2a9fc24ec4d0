// The PostgreSQL store's connection state and the helpers every part of it shares. Split by job like the
// SQLite store: pg_store.cpp (opening, transactions, stats), pg_ingest.cpp (the ingest path and event
// reads), pg_sessions.cpp (rooms, sessions, usage), pg_meetings.cpp, pg_links.cpp, pg_changes.cpp,
// pg_aliases.cpp.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "store/pg_db.hpp"
#include "store/pg_store.hpp"
#include "store/sql_rows.hpp"

namespace rollcall::store {

using detail::p_bytea;
using detail::p_int;
using detail::p_null_int;
using detail::p_null_text;
using detail::p_opt;
using detail::p_text;
using detail::pg_rows;

struct pg_store::impl {
    detail::pg_connection db;
    std::string schema;
    std::int64_t lock_key = 0;  // the schema's advisory write lock
    int depth = 0;
    // As in the SQLite store: rooms known to be stored (committed), and those stored without room_alt.
    std::set<std::string, std::less<>> known_rooms;
    std::set<std::string, std::less<>> rooms_without_alt;

    // One statement. Outside a unit of work it is a unit of its own: a connection lost since the last
    // call is re-established first, and a read that meets a connection lost meanwhile runs once more
    // on a new one (it changed nothing). Inside a transaction it never reconnects: the unit fails.
    result<pg_rows> q(const char* sql, std::initializer_list<detail::pg_param> params, std::string_view what) {
        if (depth > 0) return db.exec(sql, params, what);
        if (auto c = db.ensure_connected(); !c) return failure{c.err()};
        auto r = db.exec(sql, params, what);
        if (r || !db.lost()) return r;
        if (auto c = db.ensure_connected(); !c) return failure{c.err()};
        return db.exec(sql, params, what);
    }

    // Starts the outermost unit: BEGIN (once more on a new connection if the old one was found lost:
    // nothing was sent yet), then the write lock when `write`.
    result<void> begin(bool write) {
        const char* sql = write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ";
        if (auto c = db.ensure_connected(); !c) return c;
        auto b = db.exec_script(sql);
        if (!b && db.lost()) {
            if (auto c = db.ensure_connected(); !c) return c;
            b = db.exec_script(sql);
        }
        if (!b) return b;
        if (write) {
            // Writers take turns per schema, as BEGIN IMMEDIATE makes them in SQLite: the sweep's
            // read-decide-write and usage counting stay race-free across processes.
            auto l = db.exec("SELECT pg_advisory_xact_lock($1)", {p_int(lock_key)}, "database: waiting for the write lock");
            if (!l) {
                (void)db.exec_script("ROLLBACK");
                return failure{l.err()};
            }
        }
        return {};
    }

    // Reads several statements as one consistent snapshot.
    template <class F>
    auto read(F&& fn) -> decltype(fn()) {
        if (depth > 0) return fn();
        if (auto b = begin(false); !b) return failure{b.err()};
        ++depth;
        auto out = fn();
        --depth;
        (void)db.exec_script(out ? "COMMIT" : "ROLLBACK");
        return out;
    }

    // Rooms and meetings link to an existing session only: not_found otherwise.
    result<void> require_session(std::string_view id) {
        auto r = q("SELECT 1 FROM sessions WHERE id = $1", {p_text(id)}, "database: reading a session");
        if (!r) return failure{r.err()};
        if (r->empty()) return fail(errc::not_found, "no session '" + std::string(id) + "'");
        return {};
    }

    result<void> add_counter(const char* name, std::int64_t delta) {
        if (delta == 0) return {};
        auto r = q("INSERT INTO counters AS c (name, value) VALUES ($1, $2) "
                   "ON CONFLICT (name) DO UPDATE SET value = c.value + excluded.value",
                   {p_text(name), p_int(delta)}, "database: updating counters");
        if (!r) return failure{r.err()};
        return {};
    }
};

namespace detail {

inline pg_param p_opt_instant(const std::optional<instant>& t) { return t ? p_int(to_unix_ms(*t)) : p_null_int(); }

}  // namespace detail
}  // namespace rollcall::store
