// The MySQL/MariaDB store's connection state and the helpers every part of it shares. Split by job
// like the SQLite store: mysql_store.cpp (opening, reconnecting, transactions, stats), mysql_schema.cpp,
// mysql_ingest.cpp, mysql_sessions.cpp, mysql_links.cpp, mysql_changes.cpp, mysql_aliases.cpp,
// mysql_meetings.cpp.
//
// SQL is written with table names in braces ("SELECT 1 FROM {sessions}"); prep() puts the prefix in.
// Every text column is binary (VARBINARY/LONGBLOB): bytes compare and sort like SQLite's BINARY
// collation, and nothing is converted. A text that must be unique is stored whole and keyed by its
// SHA-256 (a fixed-width BINARY(32) column), since InnoDB cannot index a long text whole.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "store/mysql_db.hpp"
#include "store/mysql_store.hpp"
#include "store/sql_rows.hpp"

namespace rollcall::store {

using detail::my::statement;

struct mysql_store::impl {
    detail::my::connection db;
    detail::my::connect_params params;
    mysql_options opts;
    std::string prefix;
    std::string display;    ///< the URL without its password
    std::string lock_name;  ///< the writer lock of these tables (GET_LOCK)
    bool mariadb = true;
    int depth = 0;
    // As in the SQLite store: rooms known to be stored (committed), and those still without room_alt.
    std::set<std::string, std::less<>> known_rooms;
    std::set<std::string, std::less<>> rooms_without_alt;
    std::map<std::string, std::string, std::less<>> expanded;  // SQL template -> SQL with the prefix

    /// The SQL of a template: "{name}" becomes the prefixed table name.
    const std::string& sql(std::string_view tmpl);
    /// A cached prepared statement for a template; reconnects first when the connection was lost
    /// between calls.
    result<MYSQL_STMT*> prep(std::string_view tmpl);
    /// Runs a template through the text protocol (no parameters, no rows).
    result<void> exec(std::string_view tmpl, std::string_view what);
    /// A single integer from a query without parameters.
    result<std::int64_t> query_int(std::string_view tmpl, std::string_view what);

    /// Connects (again) and sets the session up. Errors: io_error, storage_error.
    result<void> connect();
    /// Reconnects when the connection was lost and no transaction is open.
    result<void> ensure();
    /// The writer lock (GET_LOCK), waited for up to the lock timeout.
    result<void> lock_writers();
    void unlock_writers();

    result<void> require_session(std::string_view id);
    result<void> add_counter(const char* name, std::int64_t delta);

    // Reads several statements as one consistent snapshot.
    template <class F>
    auto read(F&& fn) -> decltype(fn()) {
        if (depth > 0) return fn();
        if (auto r = ensure(); !r) return failure{r.err()};
        if (auto r = db.exec("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"); !r) return failure{r.err()};
        ++depth;
        auto out = fn();
        --depth;
        (void)db.exec("COMMIT");
        return out;
    }
};

namespace detail {

/// The fixed-width key of a text: its SHA-256 (32 bytes).
std::string my_key(std::string_view text);
/// The key of several texts together (each length-prefixed, so no two tuples share one).
std::string my_key(std::initializer_list<std::string_view> parts);

inline std::optional<std::int64_t> opt_ms(const std::optional<instant>& t) {
    if (!t) return std::nullopt;
    return to_unix_ms(*t);
}

/// Sorts like SQLite's BINARY collation (memcmp, then length): the server sorts long values by their
/// first max_sort_length bytes only, so every list ordered by a text is sorted again here.
template <class T, class Less>
inline void sort_binary(std::vector<T>& v, Less less) {
    std::stable_sort(v.begin(), v.end(), less);
}
inline void sort_binary(std::vector<std::string>& v) { std::sort(v.begin(), v.end()); }

/// Executes `st` and reads every row through `row` (which returns result<void>).
template <class F>
result<void> each_row(statement& st, std::string_view what, F&& row) {
    if (auto r = st.execute(what); !r) return r;
    for (;;) {
        auto more = st.next(what);
        if (!more) return failure{more.err()};
        if (!*more) return {};
        if (auto r = row(); !r) return r;
    }
}

}  // namespace detail
}  // namespace rollcall::store
