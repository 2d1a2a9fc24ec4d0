// Helpers for the tests that run against a real MariaDB server (tests/store/with_mariadb.sh): the
// server's URL from the environment, a fresh table prefix per store so tests never see each other's
// rows, and plain SQL on the side for what the store API cannot do (plant another application's
// tables, read what the store left).
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "store/db_url.hpp"
#include "store/mysql_db.hpp"

namespace rollcall::test {

/// ROLLCALL_TEST_MARIADB, or nothing when the tests run without a server.
inline std::optional<std::string> mariadb_url() {
    const char* v = std::getenv("ROLLCALL_TEST_MARIADB");
    if (!v || !*v) return std::nullopt;
    return std::string(v);
}

/// A table prefix no other store of this test run uses: "t<pid>_<n>_".
inline std::string fresh_prefix() {
    static std::atomic<int> n{0};
    return "t" + std::to_string(::getpid()) + "_" + std::to_string(n++) + "_";
}

/// `url` with `&table_prefix=prefix` (or `?...`) appended.
inline std::string with_prefix(const std::string& url, const std::string& prefix) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "table_prefix=" + prefix;
}

/// The error of a failed result for a test message, "" for a success (doctest's -s evaluates
/// messages of passing checks too).
template <class R>
std::string why(const R& r) {
    return r.ok() ? std::string() : r.err().describe();
}

/// A side connection for plain SQL, through the store's own wrapper.
class sql_session {
public:
    explicit sql_session(const std::string& url) {
        auto u = store::parse_db_url(url);
        if (!u) return;
        store::detail::my::connect_params p;
        p.host = u->host;
        p.user = u->user;
        p.password = u->password;
        p.has_password = u->has_password;
        p.database = u->database;
        if (const auto* s = u->param("socket")) p.socket = *s;
        p.port = u->port.value_or(0);
        ok_ = c_.connect(p).ok();
    }
    bool ok() const { return ok_; }
    bool exec(const std::string& sql) { return ok_ && c_.exec(sql).ok(); }
    /// The first column of every row, as text (NULL: "NULL").
    std::vector<std::string> column(const std::string& sql) {
        std::vector<std::string> out;
        if (!ok_) return out;
        auto q = c_.prepare(sql);
        if (!q) return out;
        store::detail::my::statement st(c_, *q);
        if (!st.execute("test")) return out;
        for (;;) {
            auto row = st.next("test");
            if (!row || !*row) break;
            out.push_back(st.is_null(0) ? "NULL" : st.text(0));
        }
        return out;
    }
    /// Names of the tables starting with `prefix`, sorted.
    std::vector<std::string> tables(const std::string& prefix) {
        std::vector<std::string> out;
        for (auto& t : column("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() "
                              "ORDER BY table_name"))
            if (t.compare(0, prefix.size(), prefix) == 0) out.push_back(t);
        return out;
    }

private:
    store::detail::my::connection c_;
    bool ok_ = false;
};

}  // namespace rollcall::test
