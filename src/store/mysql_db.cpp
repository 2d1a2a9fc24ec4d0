#include "store/mysql_db.hpp"

#include <errmsg.h>
#include <mysqld_error.h>

#include <cstdlib>
#include <cstring>
#include <mutex>

namespace rollcall::store::detail::my {

namespace {

// mysql_init() initialises the library on first use, which is not thread-safe: do it once, here.
void library_init() {
    static std::once_flag once;
    std::call_once(once, [] { mysql_library_init(0, nullptr, nullptr); });
}

bool integer_field(enum_field_types t) noexcept {
    switch (t) {
        case MYSQL_TYPE_TINY:
        case MYSQL_TYPE_SHORT:
        case MYSQL_TYPE_INT24:
        case MYSQL_TYPE_LONG:
        case MYSQL_TYPE_LONGLONG:
        case MYSQL_TYPE_YEAR: return true;
        default: return false;
    }
}

}  // namespace

bool is_connection_lost(unsigned code) noexcept {
    switch (code) {
        case CR_SERVER_GONE_ERROR:
        case CR_SERVER_LOST:
        case CR_CONNECTION_ERROR:
        case CR_CONN_HOST_ERROR:
        case CR_COMMANDS_OUT_OF_SYNC:
        case ER_CONNECTION_KILLED:
        case ER_SERVER_SHUTDOWN:
        case ER_NORMAL_SHUTDOWN:
        case ER_SHUTDOWN_COMPLETE:
        case ER_NEW_ABORTING_CONNECTION:
        case ER_UNKNOWN_STMT_HANDLER:  // a prepared statement of a session the server no longer has
            return true;
        default: return false;
    }
}

errc map_mysql_error(unsigned code) noexcept {
    switch (code) {
        case ER_OPTION_PREVENTS_STATEMENT:              // --read-only server
        case ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION:
        case ER_TABLEACCESS_DENIED_ERROR:               // no INSERT/UPDATE grant
            return errc::read_only;
        default: return errc::storage_error;
    }
}

void connection::close() noexcept {
    for (auto& [sql, s] : cache_) mysql_stmt_close(s);
    cache_.clear();
    if (h_) mysql_close(h_);
    h_ = nullptr;
    broken_ = false;
}

result<void> connection::connect(const connect_params& p) {
    close();
    library_init();
    h_ = mysql_init(nullptr);
    if (!h_) return fail(errc::io_error, "cannot connect to the database: out of memory");
    // No silent reconnect: a reconnect inside a transaction would lose it without anyone noticing.
    // The store reconnects itself, between calls.
    my_bool no = 0;
    mysql_optionsv(h_, MYSQL_OPT_RECONNECT, &no);
    mysql_optionsv(h_, MYSQL_OPT_CONNECT_TIMEOUT, &p.connect_timeout_s);
    mysql_optionsv(h_, MYSQL_OPT_READ_TIMEOUT, &p.read_timeout_s);
    mysql_optionsv(h_, MYSQL_OPT_WRITE_TIMEOUT, &p.write_timeout_s);
    mysql_optionsv(h_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    // Option files could point the connection elsewhere; the URL alone decides.
    const bool socket = !p.socket.empty();
    if (socket) {
        unsigned proto = MYSQL_PROTOCOL_SOCKET;
        mysql_optionsv(h_, MYSQL_OPT_PROTOCOL, &proto);
    }
    const char* host = p.host.empty() ? "localhost" : p.host.c_str();
    if (!mysql_real_connect(h_, host, p.user.empty() ? nullptr : p.user.c_str(),
                            p.has_password ? p.password.c_str() : nullptr,
                            p.database.empty() ? nullptr : p.database.c_str(), p.port,
                            socket ? p.socket.c_str() : nullptr, CLIENT_REMEMBER_OPTIONS)) {
        std::string msg = "cannot connect to the database: ";
        msg += mysql_error(h_);
        mysql_close(h_);
        h_ = nullptr;
        return fail(errc::io_error, std::move(msg));
    }
    return {};
}

failure connection::make_error(unsigned code, const char* text, std::string_view what) {
    if (is_connection_lost(code)) broken_ = true;
    std::string msg(what);
    msg += ": ";
    msg += text && *text ? text : "unknown error";
    if (is_connection_lost(code)) msg += " (the connection is lost; the next call reconnects)";
    return fail(is_connection_lost(code) ? errc::storage_error : map_mysql_error(code), std::move(msg));
}

failure connection::error(std::string_view what) {
    if (!h_) return fail(errc::storage_error, std::string(what) + ": not connected");
    return make_error(mysql_errno(h_), mysql_error(h_), what);
}

failure connection::stmt_error(MYSQL_STMT* stmt, std::string_view what) {
    return make_error(mysql_stmt_errno(stmt), mysql_stmt_error(stmt), what);
}

result<void> connection::exec(std::string_view sql, std::string_view what) {
    if (broken()) return fail(errc::storage_error, std::string(what) + ": not connected");
    if (mysql_real_query(h_, sql.data(), sql.size()) != 0) return error(what);
    // Statements run here return no rows; drain anything that came anyway so the connection stays in sync.
    if (MYSQL_RES* res = mysql_store_result(h_)) mysql_free_result(res);
    return {};
}

result<MYSQL_STMT*> connection::prepare(const std::string& sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
    if (broken()) return fail(errc::storage_error, "database: not connected");
    MYSQL_STMT* s = mysql_stmt_init(h_);
    if (!s) return error("database: preparing a statement");
    if (mysql_stmt_prepare(s, sql.data(), sql.size()) != 0) {
        auto e = stmt_error(s, "database: preparing a statement");
        mysql_stmt_close(s);
        return e;
    }
    // Tell the client the longest value of each column, so results are read in one go.
    my_bool on = 1;
    mysql_stmt_attr_set(s, STMT_ATTR_UPDATE_MAX_LENGTH, &on);
    cache_.emplace(sql, s);
    return s;
}

// ------------------------------------------------------------------------------------------ statement

statement::~statement() {
    if (has_result_) mysql_stmt_free_result(s_);
}

statement& statement::bind(std::int64_t v) {
    params_.push_back({param::integer, v, {}});
    return *this;
}

statement& statement::bind(std::string_view v) {
    params_.push_back({param::bytes, 0, v});
    return *this;
}

statement& statement::bind_null() {
    params_.push_back({param::null, 0, {}});
    return *this;
}

result<void> statement::execute(std::string_view what) {
    if (params_.size() != mysql_stmt_param_count(s_))
        return fail(errc::internal_error, std::string(what) + ": " + std::to_string(params_.size()) +
                                              " parameters bound for " + std::to_string(mysql_stmt_param_count(s_)));
    std::vector<MYSQL_BIND> in(params_.size());
    std::vector<unsigned long> in_len(params_.size());
    for (std::size_t i = 0; i < params_.size(); ++i) {
        auto& b = in[i];
        std::memset(&b, 0, sizeof b);
        auto& p = params_[i];
        switch (p.kind) {
            case param::integer:
                b.buffer_type = MYSQL_TYPE_LONGLONG;
                b.buffer = &p.i;
                break;
            case param::bytes:
                // BLOB-typed parameters are binary on the server: bytes arrive as they are.
                b.buffer_type = MYSQL_TYPE_BLOB;
                b.buffer = const_cast<char*>(p.s.data() ? p.s.data() : "");
                in_len[i] = static_cast<unsigned long>(p.s.size());
                b.buffer_length = in_len[i];
                b.length = &in_len[i];
                break;
            case param::null: b.buffer_type = MYSQL_TYPE_NULL; break;
        }
    }
    if (!in.empty() && mysql_stmt_bind_param(s_, in.data()) != 0) return c_.stmt_error(s_, what);
    if (mysql_stmt_execute(s_) != 0) return c_.stmt_error(s_, what);
    const unsigned fields = mysql_stmt_field_count(s_);
    if (fields == 0) return {};
    MYSQL_RES* meta = mysql_stmt_result_metadata(s_);
    if (!meta) return c_.stmt_error(s_, what);
    out_.assign(fields, MYSQL_BIND{});
    len_.assign(fields, 0);
    null_.assign(fields, 0);
    err_.assign(fields, 0);
    ints_.assign(fields, 0);
    is_int_.assign(fields, false);
    bytes_.assign(fields, std::string());
    MYSQL_FIELD* f = mysql_fetch_fields(meta);
    for (unsigned i = 0; i < fields; ++i) {
        auto& b = out_[i];
        std::memset(&b, 0, sizeof b);
        b.length = &len_[i];
        b.is_null = &null_[i];
        b.error = &err_[i];
        if (integer_field(f[i].type)) {
            is_int_[i] = true;
            b.buffer_type = MYSQL_TYPE_LONGLONG;
            b.buffer = &ints_[i];
            b.is_unsigned = (f[i].flags & UNSIGNED_FLAG) ? 1 : 0;
        } else {
            // Bytes of any length: fetched with a zero-length buffer, then read whole by
            // mysql_stmt_fetch_column once the length is known.
            b.buffer_type = MYSQL_TYPE_BLOB;
            b.buffer = nullptr;
            b.buffer_length = 0;
        }
    }
    mysql_free_result(meta);
    if (mysql_stmt_bind_result(s_, out_.data()) != 0) return c_.stmt_error(s_, what);
    if (mysql_stmt_store_result(s_) != 0) return c_.stmt_error(s_, what);
    has_result_ = true;
    return {};
}

result<bool> statement::next(std::string_view what) {
    if (!has_result_) return false;
    const int rc = mysql_stmt_fetch(s_);
    if (rc == MYSQL_NO_DATA) return false;
    if (rc != 0 && rc != MYSQL_DATA_TRUNCATED) return c_.stmt_error(s_, what);
    for (std::size_t i = 0; i < out_.size(); ++i) {
        if (is_int_[i] || null_[i]) continue;
        auto& s = bytes_[i];
        s.assign(len_[i], '\0');
        if (len_[i] == 0) continue;
        MYSQL_BIND b;
        std::memset(&b, 0, sizeof b);
        unsigned long got = 0;
        b.buffer_type = MYSQL_TYPE_BLOB;
        b.buffer = s.data();
        b.buffer_length = len_[i];
        b.length = &got;
        if (mysql_stmt_fetch_column(s_, &b, static_cast<unsigned>(i), 0) != 0) return c_.stmt_error(s_, what);
    }
    return true;
}

std::int64_t statement::i64(int col) const noexcept {
    const auto i = static_cast<std::size_t>(col);
    if (is_int_[i]) return ints_[i];
    // A computed number the server sends as text (a DECIMAL): parse it.
    return std::strtoll(bytes_[i].c_str(), nullptr, 10);
}

}  // namespace rollcall::store::detail::my
