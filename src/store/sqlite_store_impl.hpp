// The SQLite store's connection state and the helpers every part of it shares. The store is split by
// job: sqlite_store.cpp (opening, transactions, stats), sqlite_ingest.cpp (the ingest hot path and
// event reads), sqlite_sessions.cpp (rooms, sessions, usage), sqlite_links.cpp, sqlite_changes.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "store/sqlite_db.hpp"
#include "store/sql_rows.hpp"
#include "store/sqlite_store.hpp"

namespace rollcall::store {

using detail::statement;

struct sqlite_store::impl {
    detail::connection db;
    int depth = 0;
    // Rooms known to be stored (committed): their events need no room write. Never shrinks, since
    // rooms are never deleted; filled only after a commit so that a rollback cannot mislead it.
    std::set<std::string, std::less<>> known_rooms;
    /// Known rooms stored with an empty room_alt: the first event that carries one writes it.
    std::set<std::string, std::less<>> rooms_without_alt;

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

    // Rooms and meetings link to an existing session only: not_found otherwise.
    result<void> require_session(std::string_view id) {
        auto p = prep("SELECT 1 FROM sessions WHERE id = ?1");
        if (!p) return failure{p.err()};
        statement st(*p);
        st.bind(1, id);
        const int rc = st.step();
        if (rc == SQLITE_ROW) return {};
        if (rc == SQLITE_DONE) return fail(errc::not_found, "no session '" + std::string(id) + "'");
        return db.error(rc, "database: reading a session");
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

namespace detail {

inline void bind_opt_instant(statement& st, int i, const std::optional<instant>& t) {
    if (t) st.bind(i, to_unix_ms(*t));
    else st.bind_null(i);
}

}  // namespace detail
}  // namespace rollcall::store
