#include "store/sqlite_db.hpp"

namespace rollcall::store::detail {

errc map_sqlite_error(int rc) noexcept {
    switch (rc & 0xff) {
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB: return errc::corrupt_database;
        case SQLITE_READONLY: return errc::read_only;
        case SQLITE_CANTOPEN: return errc::io_error;
        default: return errc::storage_error;
    }
}

connection::~connection() {
    for (auto& [sql, s] : cache_) sqlite3_finalize(s);
    if (db_) sqlite3_close_v2(db_);
}

result<void> connection::open(const std::string& path, int flags, const char* vfs) {
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, vfs);
    if (rc != SQLITE_OK) {
        auto code = map_sqlite_error(rc);
        if (code == errc::storage_error) code = errc::io_error;
        std::string msg = "cannot open database '" + path + "'";
        if (db_) msg += std::string(": ") + sqlite3_errmsg(db_);
        return fail(code, msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    return {};
}

failure connection::error(int rc, std::string_view what) const {
    std::string msg(what);
    msg += ": ";
    msg += db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    return fail(map_sqlite_error(rc), std::move(msg));
}

result<void> connection::exec(const char* sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        return fail(map_sqlite_error(rc), "database: " + msg);
    }
    return {};
}

result<sqlite3_stmt*> connection::prepare(const std::string& sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
    sqlite3_stmt* s = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &s,
                                      nullptr);
    if (rc != SQLITE_OK) return error(rc, "database: preparing a statement");
    cache_.emplace(sql, s);
    return s;
}

result<std::int64_t> connection::query_int(const char* sql) {
    auto p = prepare(sql);
    if (!p) return failure{p.err()};
    statement st(*p);
    const int rc = st.step();
    if (rc != SQLITE_ROW) return error(rc, "database: reading");
    return st.i64(0);
}

}  // namespace rollcall::store::detail
