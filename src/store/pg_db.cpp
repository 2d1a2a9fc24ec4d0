#include "store/pg_db.hpp"

#include <cstring>
#include <vector>

namespace rollcall::store::detail {
namespace {

constexpr Oid oid_bytea = 17, oid_int8 = 20, oid_text = 25;

std::uint64_t load_be(const char* p, int n) noexcept {
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
}

void store_be(std::uint64_t v, char* out) noexcept {
    for (int i = 7; i >= 0; --i) {
        out[i] = static_cast<char>(v & 0xff);
        v >>= 8;
    }
}

// libpq messages end with a newline (sometimes two lines: "FATAL: ...\nDETAIL: ...").
std::string one_line(const char* msg) {
    std::string s = msg ? msg : "";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    for (auto& c : s)
        if (c == '\n' || c == '\t') c = ' ';
    return s.empty() ? "no detail from the server" : s;
}

}  // namespace

std::int64_t pg_rows::affected() const {
    const char* n = r_ ? PQcmdTuples(r_.get()) : "";
    return (n && *n) ? std::strtoll(n, nullptr, 10) : 0;
}

std::int64_t pg_rows::i64(int row, int col) const noexcept {
    if (is_null(row, col)) return 0;
    const char* p = PQgetvalue(r_.get(), row, col);
    const int n = PQgetlength(r_.get(), row, col);
    switch (n) {
        case 8: return static_cast<std::int64_t>(load_be(p, 8));
        case 4: return static_cast<std::int32_t>(static_cast<std::uint32_t>(load_be(p, 4)));
        case 2: return static_cast<std::int16_t>(static_cast<std::uint16_t>(load_be(p, 2)));
        case 1: return static_cast<unsigned char>(p[0]);
        default: return 0;
    }
}

errc map_sqlstate(std::string_view s) noexcept {
    if (s == "23505") return errc::already_exists;
    if (s == "23503") return errc::not_found;
    if (s == "25006") return errc::read_only;
    if (s == "22021" || s == "22P05") return errc::invalid_argument;
    if (s == "XX001" || s == "XX002") return errc::corrupt_database;
    return errc::storage_error;
}

std::string redact_url(std::string_view url) {
    std::string out(url);
    // postgresql://user:secret@host/db -> postgresql://user:***@host/db
    if (const auto scheme = out.find("://"); scheme != std::string::npos) {
        const auto start = scheme + 3;
        // The last '@' before the query: a password with an unencoded '/' (a malformed URL that
        // libpq refuses, and whose text we then show) is still hidden; a '@' in the path only makes
        // us hide more than needed.
        const auto end = out.find('?', start);
        const auto at = out.rfind('@', end == std::string::npos ? std::string::npos : end);
        if (at != std::string::npos && at > start) {
            const auto colon = out.find(':', start);
            if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
        }
    }
    // ...?password=secret&... -> ...?password=***&... (sslpassword too)
    for (std::size_t pos = 0; (pos = out.find("password=", pos)) != std::string::npos;) {
        const auto value = pos + 9;
        const auto end = out.find_first_of("& ", value);
        out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
        pos = value + 3;
    }
    return out;
}

pg_connection::~pg_connection() {
    if (conn_) PQfinish(conn_);
}

std::string pg_connection::scrub(std::string msg) const {
    // Messages from libpq and the server do not quote passwords, but a future one might echo the
    // connection string: never let the secret through.
    if (password_.empty()) return msg;
    for (std::size_t pos = 0; (pos = msg.find(password_, pos)) != std::string::npos;) {
        msg.replace(pos, password_.size(), "***");
        pos += 3;
    }
    return msg;
}

failure pg_connection::connection_error(std::string_view what) const {
    std::string msg(what);
    msg += " (PostgreSQL at " + shown_ + "): " + one_line(conn_ ? PQerrorMessage(conn_) : "out of memory");
    return fail(errc::storage_error, scrub(std::move(msg)));
}

failure pg_connection::error(const PGresult* r, std::string_view what) const {
    if (r == nullptr || lost()) return connection_error(std::string(what) + ": the connection failed");
    const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const char* primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    const std::string_view sqlstate = state ? state : "";
    std::string msg(what);
    msg += ": ";
    msg += one_line(primary ? primary : PQresultErrorMessage(r));
    if (!sqlstate.empty()) msg += " (SQLSTATE " + std::string(sqlstate) + ")";
    if (sqlstate == "57014") msg += " (statement timeout or cancelled)";
    return fail(map_sqlstate(sqlstate), scrub(std::move(msg)));
}

result<void> pg_connection::connect(const std::string& uri, std::string shown, std::string setup) {
    uri_ = uri;
    shown_ = std::move(shown);
    setup_ = std::move(setup);
    char* perr = nullptr;
    PQconninfoOption* opts = PQconninfoParse(uri.c_str(), &perr);
    if (opts == nullptr) {
        std::string msg = perr ? one_line(perr) : "out of memory";
        PQfreemem(perr);
        return fail(errc::invalid_argument, "PostgreSQL location " + shown_ + ": " + msg);
    }
    bool has_timeout = false;
    for (auto* o = opts; o->keyword; ++o) {
        if (o->val == nullptr) continue;
        if (std::strcmp(o->keyword, "password") == 0) password_ = o->val;
        if (std::strcmp(o->keyword, "connect_timeout") == 0) has_timeout = true;
    }
    PQconninfoFree(opts);
    // A later keyword overrides what the URI says; the fallback name and timeout only fill gaps.
    const char* keys[] = {"dbname", "fallback_application_name", "client_encoding", has_timeout ? nullptr : "connect_timeout",
                          nullptr};
    const char* vals[] = {uri_.c_str(), "rollcall", "UTF8", has_timeout ? nullptr : "10", nullptr};
    conn_ = PQconnectdbParams(keys, vals, 1);
    if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
        auto f = connection_error("cannot connect");
        f.err.code = errc::io_error;
        return f;
    }
    if (setup_.empty()) return {};
    return exec_script(setup_.c_str());
}

result<void> pg_connection::ensure_connected() {
    if (conn_ && PQstatus(conn_) == CONNECTION_OK) return {};
    if (!conn_) return fail(errc::storage_error, "PostgreSQL: not connected");
    PQreset(conn_);
    names_.clear();  // prepared statements died with the old session
    if (PQstatus(conn_) != CONNECTION_OK) return connection_error("reconnecting");
    if (setup_.empty()) return {};
    return exec_script(setup_.c_str());
}

result<void> pg_connection::exec_script(const char* sql) {
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn_, sql), &PQclear);
    const auto st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return error(r.get(), "database");
    return {};
}

result<pg_rows> pg_connection::exec(const char* sql, std::initializer_list<pg_param> params, std::string_view what) {
    const int n = static_cast<int>(params.size());
    std::vector<Oid> types;
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
    std::vector<char> ints(params.size() * 8);
    types.reserve(params.size());
    values.reserve(params.size());
    lengths.reserve(params.size());
    formats.assign(params.size(), 1);
    std::size_t i = 0;
    for (const auto& p : params) {
        types.push_back(p.t == pg_param::type::int8 ? oid_int8 : p.t == pg_param::type::bytea ? oid_bytea : oid_text);
        if (p.null) {
            values.push_back(nullptr);
            lengths.push_back(0);
        } else if (p.t == pg_param::type::int8) {
            store_be(static_cast<std::uint64_t>(p.i), &ints[i * 8]);
            values.push_back(&ints[i * 8]);
            lengths.push_back(8);
        } else {
            // An empty value is still a value (not NULL): any non-null pointer will do.
            values.push_back(p.bytes.data() ? p.bytes.data() : "");
            lengths.push_back(static_cast<int>(p.bytes.size()));
        }
        ++i;
    }
    auto it = names_.find(std::string_view(sql));
    if (it == names_.end()) {
        const std::string name = "rc" + std::to_string(names_.size() + 1);
        std::unique_ptr<PGresult, decltype(&PQclear)> prep(PQprepare(conn_, name.c_str(), sql, n, types.data()),
                                                          &PQclear);
        if (!prep || PQresultStatus(prep.get()) != PGRES_COMMAND_OK)
            return error(prep.get(), std::string(what) + " (preparing)");
        it = names_.emplace(sql, name).first;
    }
    PGresult* r = PQexecPrepared(conn_, it->second.c_str(), n, values.data(), lengths.data(), formats.data(), 1);
    pg_rows rows(r);
    const auto st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return error(r, what);
    return rows;
}

}  // namespace rollcall::store::detail
