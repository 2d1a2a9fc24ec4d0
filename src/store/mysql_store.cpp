// The MySQL/MariaDB store: opening (URL, connection, schema), reconnecting, transactions, stats.
#include "store/mysql_store_impl.hpp"

#include <algorithm>
#include <cstring>

#include "crypto/crypto.hpp"
#include "store/db_url.hpp"
#include "store/mysql_schema.hpp"

namespace rollcall::store {

namespace detail {

std::string my_key(std::string_view text) { return crypto::digest(crypto::hash_alg::sha256, text); }

std::string my_key(std::initializer_list<std::string_view> parts) {
    std::string buf;
    for (auto p : parts) {
        const std::uint64_t n = p.size();
        for (int i = 7; i >= 0; --i) buf.push_back(static_cast<char>((n >> (i * 8)) & 0xff));
        buf.append(p);
    }
    return my_key(std::string_view(buf));
}

}  // namespace detail

namespace {

bool plain_prefix(std::string_view p) {
    return std::all_of(p.begin(), p.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
}

unsigned seconds_up(int ms) { return ms <= 0 ? 0u : static_cast<unsigned>((ms + 999) / 1000); }

}  // namespace

// ------------------------------------------------------------------------------------------- impl

const std::string& mysql_store::impl::sql(std::string_view tmpl) {
    if (auto it = expanded.find(tmpl); it != expanded.end()) return it->second;
    std::string out;
    out.reserve(tmpl.size() + 64);
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        if (tmpl[i] == '{') {
            const auto end = tmpl.find('}', i);
            if (end != std::string_view::npos) {
                out += prefix;
                out.append(tmpl.substr(i + 1, end - i - 1));
                i = end;
                continue;
            }
        }
        out.push_back(tmpl[i]);
    }
    return expanded.emplace(std::string(tmpl), std::move(out)).first->second;
}

result<MYSQL_STMT*> mysql_store::impl::prep(std::string_view tmpl) {
    if (auto r = ensure(); !r) return failure{r.err()};
    return db.prepare(sql(tmpl));
}

result<void> mysql_store::impl::exec(std::string_view tmpl, std::string_view what) {
    if (auto r = ensure(); !r) return r;
    return db.exec(sql(tmpl), what);
}

result<std::int64_t> mysql_store::impl::query_int(std::string_view tmpl, std::string_view what) {
    auto q = prep(tmpl);
    if (!q) return failure{q.err()};
    statement st(db, *q);
    if (auto r = st.execute(what); !r) return failure{r.err()};
    auto row = st.next(what);
    if (!row) return failure{row.err()};
    if (!*row || st.is_null(0)) return std::int64_t{0};
    return st.i64(0);
}

result<void> mysql_store::impl::connect() {
    if (auto r = db.connect(params); !r) return fail(r.err().code, display + ": " + r.err().message);
    mariadb = std::strstr(mysql_get_server_info(db.handle()), "MariaDB") != nullptr;
    // Strict: a value that does not fit is an error, never silently cut.
    std::string set =
        "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
        "ERROR_FOR_DIVISION_BY_ZERO', SESSION autocommit = 1, "
        "SESSION innodb_lock_wait_timeout = " + std::to_string(std::max(1u, seconds_up(opts.lock_timeout_ms)));
    if (mariadb) set += ", SESSION max_statement_time = " + std::to_string(opts.statement_timeout_ms / 1000.0);
    else set += ", SESSION max_execution_time = " + std::to_string(std::max(0, opts.statement_timeout_ms));
    if (auto r = db.exec(set, display + ": setting the session up"); !r) return r;
    if (opts.read_only)
        if (auto r = db.exec("SET SESSION TRANSACTION READ ONLY", display + ": setting the session up"); !r) return r;
    return db.exec("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ", display + ": setting the session up");
}

result<void> mysql_store::impl::ensure() {
    if (!db.broken()) return {};
    if (depth > 0)
        return fail(errc::storage_error, "database: the connection was lost inside a transaction (rolled back)");
    return connect();
}

result<void> mysql_store::impl::lock_writers() {
    // MariaDB waits fractions of a second; MySQL whole seconds (rounded up, or 0.4 s would not wait).
    auto q = prep(mariadb ? "SELECT GET_LOCK(?, ? / 1000)" : "SELECT GET_LOCK(?, CEIL(? / 1000))");
    if (!q) return failure{q.err()};
    statement st(db, *q);
    st.bind(lock_name).bind(static_cast<std::int64_t>(std::max(0, opts.lock_timeout_ms)));
    if (auto r = st.execute("database: waiting for other writers"); !r) return r;
    auto row = st.next("database: waiting for other writers");
    if (!row) return failure{row.err()};
    if (!*row || st.is_null(0)) return fail(errc::storage_error, "database: the writer lock could not be taken");
    if (st.i64(0) != 1)
        return fail(errc::storage_error, "database: another process kept writing for more than " +
                                             std::to_string(opts.lock_timeout_ms) + " ms (lock timeout)");
    return {};
}

void mysql_store::impl::unlock_writers() {
    if (db.broken()) return;  // a lost session's locks are gone with it
    auto q = db.prepare(sql("SELECT RELEASE_LOCK(?)"));
    if (!q) return;
    statement st(db, *q);
    st.bind(lock_name);
    if (st.execute("database: releasing the writer lock")) (void)st.next("database: releasing the writer lock");
}

result<void> mysql_store::impl::require_session(std::string_view id) {
    auto q = prep("SELECT 1 FROM {sessions} WHERE id_key = ?");
    if (!q) return failure{q.err()};
    statement st(db, *q);
    st.bind(detail::my_key(id));
    if (auto r = st.execute("database: reading a session"); !r) return r;
    auto row = st.next("database: reading a session");
    if (!row) return failure{row.err()};
    if (!*row) return fail(errc::not_found, "no session '" + std::string(id) + "'");
    return {};
}

result<void> mysql_store::impl::add_counter(const char* name, std::int64_t delta) {
    if (delta == 0) return {};
    auto q = prep("INSERT INTO {counters} (name, value) VALUES (?, ?) ON DUPLICATE KEY UPDATE value = value + VALUES(value)");
    if (!q) return failure{q.err()};
    statement st(db, *q);
    st.bind(name).bind(delta);
    return st.execute("database: updating counters");
}

// ------------------------------------------------------------------------------------------- open

mysql_store::mysql_store(std::unique_ptr<impl> p) : p_(std::move(p)) {}
mysql_store::~mysql_store() {
    // A store dropped inside a transaction (an exception through transaction()) leaves nothing open.
    if (p_ && p_->depth > 0 && !p_->db.broken()) (void)p_->db.exec("ROLLBACK");
}

const std::string& mysql_store::table_prefix() const noexcept { return p_->prefix; }
const std::string& mysql_store::display_url() const noexcept { return p_->display; }

result<std::unique_ptr<mysql_store>> mysql_store::open(const std::string& url, const mysql_options& o) {
    auto u = parse_db_url(url);
    if (!u) return failure{u.err()};
    if (u->scheme != "mysql" && u->scheme != "mariadb")
        return fail(errc::invalid_argument, "database URL: scheme '" + u->scheme + "' is not mysql:// or mariadb://");
    auto p = std::make_unique<impl>();
    p->display = redacted(*u);
    if (u->database.empty()) return fail(errc::invalid_argument, "database URL " + p->display + ": no database name");
    for (const auto& [name, value] : u->params)
        if (name != "socket" && name != "table_prefix")
            return fail(errc::invalid_argument, "database URL " + p->display + ": unknown parameter '" + name +
                                                    "' (known: socket, table_prefix)");
    p->prefix = u->param("table_prefix") ? *u->param("table_prefix") : "rollcall_";
    // 64 characters is MySQL's limit for a table name; the longest of ours is 18.
    if (!plain_prefix(p->prefix) || p->prefix.size() > 40)
        return fail(errc::invalid_argument, "database URL " + p->display +
                                                ": table_prefix must be at most 40 letters, digits or '_'");
    if (o.lock_timeout_ms < 0 || o.statement_timeout_ms < 0 || o.connect_timeout_ms < 0 || o.io_timeout_ms < 0)
        return fail(errc::invalid_argument, "mysql_options: timeouts must not be negative");
    p->opts = o;
    auto& cp = p->params;
    cp.host = u->host;
    cp.user = u->user;
    cp.password = u->password;
    cp.has_password = u->has_password;
    cp.database = u->database;
    cp.port = u->port.value_or(0);
    if (const auto* sock = u->param("socket")) {
        if (sock->empty() || (*sock)[0] != '/')
            return fail(errc::invalid_argument, "database URL " + p->display + ": socket must be an absolute path");
        if (!cp.host.empty() && cp.host != "localhost")
            return fail(errc::invalid_argument, "database URL " + p->display + ": a socket needs host localhost (or none)");
        cp.socket = *sock;
    }
    cp.connect_timeout_s = std::max(1u, seconds_up(o.connect_timeout_ms));
    // The client's read timeout must outlast every wait the server may legitimately make us do.
    const int longest_wait = std::max(o.lock_timeout_ms, o.statement_timeout_ms);
    cp.read_timeout_s = std::max(1u, seconds_up(o.io_timeout_ms + longest_wait));
    cp.write_timeout_s = std::max(1u, seconds_up(o.io_timeout_ms));
    // GET_LOCK names are server-wide: one per (database, prefix), at most 64 characters.
    p->lock_name = "rollcall:" + crypto::hex_encode(detail::my_key({u->database, p->prefix})).substr(0, 40);

    if (auto r = p->connect(); !r) return failure{r.err()};
    // Nothing is written before my_migrate has checked (under the writer lock) what is there.
    auto ver = o.read_only ? detail::my_inspect_schema(*p) : detail::my_migrate(*p);
    if (ver && *ver == 0 && o.read_only)
        return fail(errc::not_found, p->display + " (table_prefix '" + p->prefix +
                                         "'): no rollcall tables (nothing was ever stored)");
    if (!ver) return fail(ver.err().code, p->display + " (table_prefix '" + p->prefix + "'): " + ver.err().message);
    std::unique_ptr<mysql_store> s(new mysql_store(std::move(p)));
    s->schema_version_ = *ver;
    return s;
}

result<void> mysql_store::transaction(const std::function<result<void>()>& fn) {
    if (p_->depth > 0) return fn();
    // A read-only store writes nothing (the server refuses): it never holds the writers up.
    const bool locks = !p_->opts.read_only;
    if (locks)
        if (auto r = p_->lock_writers(); !r) return r;
    if (auto r = p_->db.exec("START TRANSACTION", "database: starting a transaction"); !r) {
        if (locks) p_->unlock_writers();
        return r;
    }
    ++p_->depth;
    result<void> r;
    try {
        r = fn();
    } catch (...) {
        --p_->depth;
        if (!p_->db.broken()) (void)p_->db.exec("ROLLBACK");
        if (locks) p_->unlock_writers();
        throw;
    }
    --p_->depth;
    if (!r) {
        if (!p_->db.broken()) (void)p_->db.exec("ROLLBACK");
        if (locks) p_->unlock_writers();
        return r;
    }
    auto c = p_->db.exec("COMMIT", "database: committing");
    if (!c && !p_->db.broken()) (void)p_->db.exec("ROLLBACK");
    if (locks) p_->unlock_writers();
    return c;
}

// ---------------------------------------------------------------------------------------------- stats

result<store_stats> mysql_store::stats() {
    return p_->read([&]() -> result<store_stats> {
        store_stats s;
        struct {
            const char* sql;
            std::int64_t* out;
        } const queries[] = {
            {"SELECT count(*) FROM {payloads} WHERE rejected = 0", &s.payloads},
            {"SELECT count(*) FROM {payloads} WHERE rejected <> 0", &s.rejected_payloads},
            {"SELECT count(*) FROM {events}", &s.events},
            {"SELECT count(*) FROM {rooms}", &s.rooms},
            {"SELECT count(*) FROM {sessions}", &s.sessions},
            {"SELECT count(*) FROM {links}", &s.links},
            {"SELECT count(*) FROM {subscription_usage}", &s.counted_sessions},
            {"SELECT coalesce((SELECT value FROM {counters} WHERE name = 'rejected'), 0)", &s.rejected},
            {"SELECT coalesce((SELECT value FROM {counters} WHERE name = 'duplicates_skipped'), 0)", &s.duplicates_skipped},
            {"SELECT coalesce((SELECT value FROM {counters} WHERE name = 'duplicate_payloads'), 0)", &s.duplicate_payloads},
            {"SELECT coalesce((SELECT value FROM {counters} WHERE name = 'change_seq'), 0)", &s.changes},
        };
        for (const auto& q : queries) {
            auto v = p_->query_int(q.sql, "database: reading statistics");
            if (!v) return failure{v.err()};
            *q.out = *v;
        }
        s.schema_version = schema_version_;
        return s;
    });
}

}  // namespace rollcall::store
