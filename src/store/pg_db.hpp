// A thin RAII layer over one libpq connection: statements prepared once by name, every parameter and
// result in binary format (bytes pass through untouched, integers need no text parsing), SQLSTATE mapped
// to errc, passwords kept out of every message, and a reconnect when the connection was lost between
// units of work. Internal to the PostgreSQL store.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "rollcall/error.hpp"

namespace rollcall::store::detail {

/// One statement parameter, sent in binary format. Text and bytea carry borrowed bytes: they must
/// outlive the call they are passed to.
struct pg_param {
    enum class type : std::uint8_t { text, int8, bytea };
    type t = type::text;
    bool null = false;
    std::string_view bytes;
    std::int64_t i = 0;
};

inline pg_param p_text(std::string_view v) { return {pg_param::type::text, false, v, 0}; }
inline pg_param p_bytea(std::string_view v) { return {pg_param::type::bytea, false, v, 0}; }
inline pg_param p_int(std::int64_t v) { return {pg_param::type::int8, false, {}, v}; }
inline pg_param p_null_text() { return {pg_param::type::text, true, {}, 0}; }
inline pg_param p_null_int() { return {pg_param::type::int8, true, {}, 0}; }
inline pg_param p_opt(const std::optional<std::string>& v) { return v ? p_text(*v) : p_null_text(); }
inline pg_param p_opt(const std::optional<std::int64_t>& v) { return v ? p_int(*v) : p_null_int(); }

/// A query's rows (binary format). Owns its PGresult.
class pg_rows {
public:
    pg_rows() = default;
    explicit pg_rows(PGresult* r) noexcept : r_(r, &PQclear) {}

    int size() const noexcept { return r_ ? PQntuples(r_.get()) : 0; }
    bool empty() const noexcept { return size() == 0; }
    /// Rows inserted, updated or deleted by the statement.
    std::int64_t affected() const;

    bool is_null(int row, int col) const noexcept { return PQgetisnull(r_.get(), row, col) != 0; }
    /// An integer column (smallint, integer, bigint or boolean); 0 for NULL.
    std::int64_t i64(int row, int col) const noexcept;
    std::optional<std::int64_t> opt_i64(int row, int col) const noexcept {
        if (is_null(row, col)) return std::nullopt;
        return i64(row, col);
    }
    /// A text or bytea column's bytes; empty for NULL.
    std::string text(int row, int col) const {
        if (is_null(row, col)) return {};
        return std::string(PQgetvalue(r_.get(), row, col), static_cast<std::size_t>(PQgetlength(r_.get(), row, col)));
    }
    std::optional<std::string> opt_text(int row, int col) const {
        if (is_null(row, col)) return std::nullopt;
        return text(row, col);
    }

private:
    std::shared_ptr<PGresult> r_;
};

/// The rollcall code for a SQLSTATE: unique 23505 already_exists, foreign key 23503 not_found,
/// read-only transaction 25006 read_only, bad text bytes 22021 invalid_argument, data corruption XX001
/// corrupt_database; everything else (lost connection, timeouts, deadlocks) storage_error.
errc map_sqlstate(std::string_view sqlstate) noexcept;

/// The URL with its password (user info or `password=` parameter) replaced by "***".
std::string redact_url(std::string_view url);

/// One connection with a cache of named prepared statements.
class pg_connection {
public:
    pg_connection() = default;
    pg_connection(const pg_connection&) = delete;
    pg_connection& operator=(const pg_connection&) = delete;
    ~pg_connection();

    /// Connects with a libpq URI (already stripped of rollcall's own parameters), then runs `setup`
    /// (session settings, several statements allowed); `setup` runs again after every reconnect.
    /// `shown` is the redacted location used in messages. Errors: invalid_argument (a URI libpq
    /// refuses), io_error (cannot connect or authenticate).
    result<void> connect(const std::string& uri, std::string shown, std::string setup);

    /// Runs a statement with parameters (prepared on first use, by name). Text results in binary.
    /// `what` names the step in an error message.
    result<pg_rows> exec(const char* sql, std::initializer_list<pg_param> params = {}, std::string_view what = "database");
    /// Runs SQL text without parameters (several statements allowed), e.g. BEGIN or a DDL script.
    result<void> exec_script(const char* sql);

    /// A unit of work (a transaction or a lone statement) is about to start: reconnects first if the
    /// connection was lost. Never called inside a transaction. Errors: storage_error.
    result<void> ensure_connected();
    /// Whether the last failure left the connection unusable (the server went away).
    bool lost() const noexcept { return !conn_ || PQstatus(conn_) != CONNECTION_OK; }

    /// The error of a failed statement, with the server's message and `what` as context.
    failure error(const PGresult* r, std::string_view what) const;

private:
    failure connection_error(std::string_view what) const;
    std::string scrub(std::string msg) const;

    PGconn* conn_ = nullptr;
    std::string uri_;
    std::string shown_;
    std::string setup_;
    std::string password_;
    std::map<std::string, std::string, std::less<>> names_;  // SQL text -> prepared statement name
};

}  // namespace rollcall::store::detail
