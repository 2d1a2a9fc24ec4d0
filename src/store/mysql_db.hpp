// A thin RAII layer over one MariaDB Connector/C connection (MYSQL) and its server-side prepared
// statements (MYSQL_STMT): cached statements, binary-safe parameters and results, error mapping to
// errc, and knowing when the connection is gone. Internal to the MySQL/MariaDB store.
#pragma once

#include <mysql.h>

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rollcall/error.hpp"

namespace rollcall::store::detail::my {

/// Where and as whom to connect. `password` is a secret: it goes to the client library only.
struct connect_params {
    std::string host;      ///< empty: localhost
    std::string user;
    std::string password;
    bool has_password = false;
    std::string database;
    std::string socket;    ///< a unix socket path (with host empty or localhost)
    unsigned port = 0;     ///< 0: the default
    unsigned connect_timeout_s = 10;
    unsigned read_timeout_s = 60;
    unsigned write_timeout_s = 60;
};

/// Maps a server or client error number: lock waits, deadlocks, timeouts and lost connections are
/// storage_error; a read-only server or a refused write, read_only.
errc map_mysql_error(unsigned code) noexcept;
/// The connection is unusable after this error (server gone, restarted, killed the session).
bool is_connection_lost(unsigned code) noexcept;

/// One connection with a statement cache. Not thread-safe (one store per thread).
class connection {
public:
    connection() = default;
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;
    ~connection() { close(); }

    /// Connects (closing any previous connection first). Errors: io_error with the server's or the
    /// client's reason (which never holds the password).
    result<void> connect(const connect_params& p);
    void close() noexcept;
    /// True when there is no usable connection: never opened, or lost (see is_connection_lost).
    bool broken() const noexcept { return h_ == nullptr || broken_; }
    MYSQL* handle() const noexcept { return h_; }

    /// Runs one statement without results through the text protocol (SET, DDL, COMMIT, ...).
    result<void> exec(std::string_view sql, std::string_view what = "database");
    /// A cached server-side prepared statement for this SQL text.
    result<MYSQL_STMT*> prepare(const std::string& sql);
    /// The error of the last call on the connection (or on `stmt`), with `what` as context; marks
    /// the connection broken when it was lost.
    failure error(std::string_view what);
    failure stmt_error(MYSQL_STMT* stmt, std::string_view what);

private:
    failure make_error(unsigned code, const char* text, std::string_view what);
    MYSQL* h_ = nullptr;
    bool broken_ = false;
    std::map<std::string, MYSQL_STMT*, std::less<>> cache_;
};

/// One execution of a cached statement: parameters bound in order (one per '?'), then execute(),
/// then next() row by row. Results are buffered client-side (mysql_stmt_store_result), so another
/// statement may run while rows are read. Frees the result when it goes out of scope.
class statement {
public:
    statement(connection& c, MYSQL_STMT* s) noexcept : c_(c), s_(s) {}
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;
    ~statement();

    statement& bind(std::int64_t v);
    statement& bind(int v) { return bind(static_cast<std::int64_t>(v)); }
    /// Bytes, sent as binary (no character set conversion: every text column is binary).
    statement& bind(std::string_view v);
    statement& bind(const std::string& v) { return bind(std::string_view(v)); }
    /// A temporary (a key computed for this call) is kept by the statement until it is done.
    statement& bind(std::string&& v) {
        owned_.push_back(std::move(v));
        return bind(std::string_view(owned_.back()));
    }
    statement& bind(const char* v) { return bind(std::string_view(v)); }
    statement& bind_null();
    statement& bind_opt(const std::optional<std::string>& v) { return v ? bind(std::string_view(*v)) : bind_null(); }
    statement& bind_opt(const std::optional<std::int64_t>& v) { return v ? bind(*v) : bind_null(); }

    result<void> execute(std::string_view what);
    /// True with a row to read, false at the end.
    result<bool> next(std::string_view what);
    std::uint64_t affected_rows() const noexcept { return mysql_stmt_affected_rows(s_); }
    std::uint64_t insert_id() const noexcept { return mysql_stmt_insert_id(s_); }

    bool is_null(int col) const noexcept { return null_[static_cast<std::size_t>(col)] != 0; }
    std::int64_t i64(int col) const noexcept;
    std::optional<std::int64_t> opt_i64(int col) const noexcept {
        if (is_null(col)) return std::nullopt;
        return i64(col);
    }
    /// Bytes of a column (an integer column: its decimal text).
    std::string text(int col) const {
        const auto i = static_cast<std::size_t>(col);
        if (is_null(col)) return std::string();
        return is_int_[i] ? std::to_string(ints_[i]) : bytes_[i];
    }
    std::optional<std::string> opt_text(int col) const {
        if (is_null(col)) return std::nullopt;
        return text(col);
    }

private:
    struct param {
        enum kind_t : std::uint8_t { integer, bytes, null } kind;
        std::int64_t i = 0;
        std::string_view s;
    };
    connection& c_;
    MYSQL_STMT* s_;
    std::vector<param> params_;
    std::deque<std::string> owned_;  // stable addresses for the views in params_
    bool has_result_ = false;
    std::vector<MYSQL_BIND> out_;
    std::vector<unsigned long> len_;
    std::vector<my_bool> null_, err_;
    std::vector<std::int64_t> ints_;
    std::vector<bool> is_int_;
    std::vector<std::string> bytes_;
};

}  // namespace rollcall::store::detail::my
