// The PostgreSQL store: opening (URL, session settings, schema check and creation), transactions, stats.
#include "store/pg_store_impl.hpp"

#include "store/pg_schema.hpp"

namespace rollcall::store {

bool is_postgres_url(std::string_view location) noexcept {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size()) return std::nullopt;
        const int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

bool plain_identifier(std::string_view s) {
    if (s.empty() || s.size() > 63) return false;
    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_')) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

// The URI without rollcall's own parameters, and the schema it named (empty: none).
struct split_url {
    std::string uri;
    std::string schema;
};

result<split_url> split(const std::string& url, const std::string& shown) {
    split_url out;
    const auto q = url.find('?');
    out.uri = url.substr(0, q);
    if (q == std::string::npos) return out;
    std::string kept;
    std::string_view rest = std::string_view(url).substr(q + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view param = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        if (param.starts_with("schema=")) {
            auto name = percent_decode(param.substr(7));
            if (!name || !plain_identifier(*name))
                return fail(errc::invalid_argument, "PostgreSQL location " + shown +
                                                        ": schema must be a plain identifier (letters, digits, '_'; "
                                                        "at most 63 characters)");
            out.schema = std::move(*name);
            continue;
        }
        if (param.empty()) continue;
        kept += kept.empty() ? "?" : "&";
        kept += param;
    }
    out.uri += kept;
    return out;
}

// FNV-1a: a stable number per schema name for its advisory write lock.
std::uint32_t fnv1a(std::string_view s) {
    std::uint32_t h = 2166136261u;
    for (unsigned char c : s) h = (h ^ c) * 16777619u;
    return h;
}

}  // namespace

pg_store::pg_store(std::unique_ptr<impl> p) : p_(std::move(p)) {}
pg_store::~pg_store() = default;

const std::string& pg_store::schema() const noexcept { return p_->schema; }

result<std::unique_ptr<pg_store>> pg_store::open(const std::string& url, const pg_options& o) {
    const std::string shown = detail::redact_url(url);
    if (!is_postgres_url(url))
        return fail(errc::invalid_argument, "not a PostgreSQL location (postgresql://...): " + shown);
    if (o.lock_timeout_ms < 0 || o.statement_timeout_ms < 0)
        return fail(errc::invalid_argument, "PostgreSQL timeouts must not be negative");
    auto parts = split(url, shown);
    if (!parts) return failure{parts.err()};
    auto p = std::make_unique<impl>();
    std::string setup = "SET default_transaction_isolation = 'read committed';";
    setup += "SET lock_timeout = " + std::to_string(o.lock_timeout_ms) + ";";
    // 0 leaves the server's (or the URL's options=-c statement_timeout=...) setting alone.
    if (o.statement_timeout_ms > 0) setup += "SET statement_timeout = " + std::to_string(o.statement_timeout_ms) + ";";
    if (o.read_only) setup += "SET default_transaction_read_only = on;";
    // A plain identifier (checked above), quoted to keep its case.
    if (!parts->schema.empty()) setup += "SET search_path = \"" + parts->schema + "\";";
    if (auto r = p->db.connect(parts->uri, shown, setup); !r) return failure{r.err()};

    if (parts->schema.empty()) {
        auto cur = p->q("SELECT current_schema()", {}, "database: reading the current schema");
        if (!cur) return failure{cur.err()};
        if (cur->is_null(0, 0))
            return fail(errc::invalid_argument, "PostgreSQL location " + shown +
                                                    ": no schema in the search path to hold the tables; add ?schema=NAME");
        p->schema = cur->text(0, 0);
    } else {
        p->schema = parts->schema;
    }
    p->lock_key = static_cast<std::int64_t>((std::uint64_t{0x52434C31} << 32) | fnv1a(p->schema));

    auto ver = detail::pg_inspect_schema(p->db, p->schema);
    if (!ver) return fail(ver.err().code, "database " + shown + ": " + ver.err().message);
    if (*ver == 0 && (o.read_only || !o.create))
        return fail(errc::not_found, "database " + shown + " has no rollcall tables in schema '" + p->schema +
                                         "' (nothing was ever stored)");
    if (!o.read_only) {
        // Only now, with the schema known to be ours or empty, is anything written.
        auto reached = detail::pg_migrate(p->db, p->schema, p->lock_key);
        if (!reached) return fail(reached.err().code, "database " + shown + ": " + reached.err().message);
        *ver = *reached;
    }
    std::unique_ptr<pg_store> s(new pg_store(std::move(p)));
    s->schema_version_ = *ver;
    return s;
}

result<void> pg_store::transaction(const std::function<result<void>()>& fn) {
    if (p_->depth > 0) return fn();
    if (auto b = p_->begin(true); !b) return b;
    ++p_->depth;
    result<void> r;
    try {
        r = fn();
    } catch (...) {
        --p_->depth;
        (void)p_->db.exec_script("ROLLBACK");
        throw;
    }
    --p_->depth;
    if (!r) {
        (void)p_->db.exec_script("ROLLBACK");
        return r;
    }
    if (auto c = p_->db.exec_script("COMMIT"); !c) {
        (void)p_->db.exec_script("ROLLBACK");
        return c;
    }
    return {};
}

result<store_stats> pg_store::stats() {
    // One statement: one snapshot.
    auto r = p_->q(
        "SELECT (SELECT count(*) FROM payloads WHERE rejected = 0), (SELECT count(*) FROM payloads WHERE rejected <> 0), "
        "(SELECT count(*) FROM events), (SELECT count(*) FROM rooms), (SELECT count(*) FROM sessions), "
        "(SELECT count(*) FROM links), (SELECT count(*) FROM subscription_usage), "
        "coalesce((SELECT value FROM counters WHERE name = 'rejected'), 0), "
        "coalesce((SELECT value FROM counters WHERE name = 'duplicates_skipped'), 0), "
        "coalesce((SELECT value FROM counters WHERE name = 'duplicate_payloads'), 0), "
        "(SELECT last FROM change_seq)",
        {}, "database: reading statistics");
    if (!r) return failure{r.err()};
    store_stats s;
    s.payloads = r->i64(0, 0);
    s.rejected_payloads = r->i64(0, 1);
    s.events = r->i64(0, 2);
    s.rooms = r->i64(0, 3);
    s.sessions = r->i64(0, 4);
    s.links = r->i64(0, 5);
    s.counted_sessions = r->i64(0, 6);
    s.rejected = r->i64(0, 7);
    s.duplicates_skipped = r->i64(0, 8);
    s.duplicate_payloads = r->i64(0, 9);
    s.changes = r->i64(0, 10);
    s.schema_version = schema_version_;
    return s;
}

}  // namespace rollcall::store
