// A thin RAII layer over one SQLite connection: cached prepared statements, error mapping to errc.
// Internal to the SQLite store.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "rollcall/error.hpp"

namespace rollcall::store::detail {

/// Maps a SQLite result code to a rollcall code: corrupt/not-a-database, read-only, busy, I/O.
errc map_sqlite_error(int rc) noexcept;

/// A cached statement in use: bound on creation, reset when it goes out of scope.
class statement {
public:
    explicit statement(sqlite3_stmt* s) noexcept : s_(s) {}
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;
    ~statement() {
        sqlite3_reset(s_);
        sqlite3_clear_bindings(s_);
    }

    statement& bind(int i, std::int64_t v) { return check(sqlite3_bind_int64(s_, i, v)); }
    statement& bind(int i, int v) { return check(sqlite3_bind_int64(s_, i, v)); }
    statement& bind(int i, std::string_view v) {
        // A null data pointer would bind SQL NULL; an empty text is still text.
        return check(sqlite3_bind_text(s_, i, v.data() ? v.data() : "", static_cast<int>(v.size()), SQLITE_STATIC));
    }
    statement& bind_blob(int i, std::string_view v) {
        return check(sqlite3_bind_blob(s_, i, v.data() ? v.data() : "", static_cast<int>(v.size()), SQLITE_STATIC));
    }
    statement& bind_null(int i) { return check(sqlite3_bind_null(s_, i)); }
    template <class T>
    statement& bind_opt(int i, const std::optional<T>& v) {
        return v ? bind(i, *v) : bind_null(i);
    }

    /// SQLITE_ROW, SQLITE_DONE, or an error code (bindings that failed are reported here too).
    int step() noexcept { return bind_rc_ != SQLITE_OK ? bind_rc_ : sqlite3_step(s_); }

    std::int64_t i64(int col) const noexcept { return sqlite3_column_int64(s_, col); }
    bool is_null(int col) const noexcept { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
    std::optional<std::int64_t> opt_i64(int col) const noexcept {
        if (is_null(col)) return std::nullopt;
        return i64(col);
    }
    std::string text(int col) const {
        const auto* p = sqlite3_column_blob(s_, col);
        const int n = sqlite3_column_bytes(s_, col);
        return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
    }
    std::optional<std::string> opt_text(int col) const {
        if (is_null(col)) return std::nullopt;
        return text(col);
    }

private:
    statement& check(int rc) {
        if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
        return *this;
    }
    sqlite3_stmt* s_;
    int bind_rc_ = SQLITE_OK;
};

/// One connection with a statement cache.
class connection {
public:
    connection() = default;
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;
    ~connection();

    /// Opens the file (flags as sqlite3_open_v2). Errors: io_error, corrupt_database.
    /// `vfs`: the name of a registered SQLite VFS, or nullptr for the default one.
    result<void> open(const std::string& path, int flags, const char* vfs = nullptr);
    sqlite3* handle() const noexcept { return db_; }

    /// Runs SQL text without results (several statements allowed).
    result<void> exec(const char* sql);
    /// A cached prepared statement for this SQL text.
    result<sqlite3_stmt*> prepare(const std::string& sql);
    /// The error for a failed call, with SQLite's message and `what` as context.
    failure error(int rc, std::string_view what) const;
    /// Runs a single-value query (e.g. a PRAGMA) returning an integer.
    result<std::int64_t> query_int(const char* sql);

private:
    sqlite3* db_ = nullptr;
    std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
};

}  // namespace rollcall::store::detail
