// The SQLite store: opening (WAL, pragmas, migrations), transactions, stats and checks.
#include "store/sqlite_store_impl.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include "store/sqlite_schema.hpp"
#include "store/sqlite_wal_vfs.hpp"

namespace rollcall::store {

using detail::in_range;
using detail::bad_row;
using detail::bind_opt_instant;

sqlite_store::sqlite_store(std::unique_ptr<impl> p) : p_(std::move(p)) {}
sqlite_store::~sqlite_store() = default;

result<std::unique_ptr<sqlite_store>> sqlite_store::open(const std::string& path, const sqlite_options& o) {
    auto p = std::make_unique<impl>();
    int flags = SQLITE_OPEN_NOMUTEX;
    if (o.read_only) flags |= SQLITE_OPEN_READONLY;
    else flags |= SQLITE_OPEN_READWRITE | (o.create ? SQLITE_OPEN_CREATE : 0);
    const char* vfs = o.coalesce_wal_writes ? detail::wal_coalescing_vfs() : nullptr;
    if (auto r = p->db.open(path, flags, vfs); !r) return failure{r.err()};
    sqlite3_busy_timeout(p->db.handle(), o.busy_timeout_ms);
    if (!o.read_only && sqlite3_db_readonly(p->db.handle(), "main") == 1)
        return fail(errc::read_only, "database '" + path + "' cannot be written (read-only file or directory)");

    auto ver = detail::inspect_schema(p->db);
    if (!ver) return fail(ver.err().code, "database '" + path + "': " + ver.err().message);
    if (o.read_only) {
        if (*ver == 0) return fail(errc::not_found, "database '" + path + "' is empty (nothing was ever stored)");
    } else {
        // Only now, with the file known to be ours or new, is anything written.
        auto wal = p->db.prepare("PRAGMA journal_mode = WAL");
        if (!wal) return failure{wal.err()};
        {
            // Switching a new file to WAL needs a moment alone with it, and SQLite answers BUSY here
            // without consulting the busy handler: when several processes open a new database at once,
            // retry within the busy timeout instead of failing the open.
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(o.busy_timeout_ms);
            int rc = SQLITE_BUSY;
            for (;;) {
                statement st(*wal);
                rc = st.step();
                if (rc == SQLITE_ROW) {
                    if (st.text(0) != "wal")
                        return fail(errc::storage_error, "database '" + path + "': WAL mode is not available");
                    break;
                }
                if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || std::chrono::steady_clock::now() >= deadline) break;
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
            if (rc != SQLITE_ROW) return p->db.error(rc, "database '" + path + "': enabling WAL");
        }
        const char* sync = o.synchronous == sync_mode::full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
        if (auto r = p->db.exec(sync); !r) return failure{r.err()};
        const std::string ckpt = "PRAGMA wal_autocheckpoint = " + std::to_string(o.wal_autocheckpoint);
        if (auto r = p->db.exec(ckpt.c_str()); !r) return failure{r.err()};
        auto reached = detail::migrate(p->db);
        if (!reached) return fail(reached.err().code, "database '" + path + "': " + reached.err().message);
        *ver = *reached;
    }
    if (auto r = p->db.exec("PRAGMA foreign_keys = ON"); !r) return failure{r.err()};
    std::unique_ptr<sqlite_store> s(new sqlite_store(std::move(p)));
    s->schema_version_ = *ver;
    return s;
}

result<void> sqlite_store::transaction(const std::function<result<void>()>& fn) {
    if (p_->depth > 0) return fn();
    if (auto r = p_->run(p_->begin_stmt, "BEGIN IMMEDIATE"); !r) return r;
    ++p_->depth;
    result<void> r;
    try {
        r = fn();
    } catch (...) {
        --p_->depth;
        (void)p_->db.exec("ROLLBACK");
        throw;
    }
    --p_->depth;
    if (!r) {
        (void)p_->db.exec("ROLLBACK");
        return r;
    }
    if (auto c = p_->run(p_->commit_stmt, "COMMIT"); !c) {
        (void)p_->db.exec("ROLLBACK");
        return c;
    }
    return {};
}

// ---------------------------------------------------------------------------------------------- stats

result<store_stats> sqlite_store::stats() {
    return p_->read([&]() -> result<store_stats> {
        store_stats s;
        struct {
            const char* sql;
            std::int64_t* out;
        } const queries[] = {
            {"SELECT count(*) FROM payloads WHERE rejected = 0", &s.payloads},
            {"SELECT count(*) FROM payloads WHERE rejected <> 0", &s.rejected_payloads},
            {"SELECT count(*) FROM events", &s.events},
            {"SELECT count(*) FROM rooms", &s.rooms},
            {"SELECT count(*) FROM sessions", &s.sessions},
            {"SELECT count(*) FROM links", &s.links},
            {"SELECT count(*) FROM subscription_usage", &s.counted_sessions},
            {"SELECT coalesce((SELECT value FROM counters WHERE name = 'rejected'), 0)", &s.rejected},
            {"SELECT coalesce((SELECT value FROM counters WHERE name = 'duplicates_skipped'), 0)", &s.duplicates_skipped},
            {"SELECT coalesce((SELECT value FROM counters WHERE name = 'duplicate_payloads'), 0)", &s.duplicate_payloads},
        };
        for (const auto& q : queries) {
            auto v = p_->db.query_int(q.sql);
            if (!v) return failure{v.err()};
            *q.out = *v;
        }
        auto last = last_change_seq();
        if (!last) return failure{last.err()};
        s.changes = *last;
        s.schema_version = schema_version_;
        return s;
    });
}

result<std::int64_t> sqlite_store::pragma_value(std::string_view name) {
    const bool identifier = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
    if (!identifier) return fail(errc::invalid_argument, "not a PRAGMA name: '" + std::string(name.substr(0, 32)) + "'");
    const std::string sql = "PRAGMA " + std::string(name);
    return p_->db.query_int(sql.c_str());
}

result<void> sqlite_store::integrity_check() {
    auto q = p_->prep("PRAGMA integrity_check");
    if (!q) return failure{q.err()};
    statement st(*q);
    const int rc = st.step();
    if (rc != SQLITE_ROW) return p_->db.error(rc, "database: integrity check");
    const std::string verdict = st.text(0);
    if (verdict != "ok") return fail(errc::corrupt_database, "integrity check failed: " + verdict.substr(0, 200));
    return {};
}

}  // namespace rollcall::store
