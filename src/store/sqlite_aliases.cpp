// The SQLite store's identity aliases (SPEC §11 rule 2).
#include "store/sqlite_store_impl.hpp"

namespace rollcall::store {

namespace {
constexpr const char* alias_counter = "alias_changes";
}  // namespace

result<bool> sqlite_store::put_alias(const alias& a) {
    if (a.person.empty() || a.value.empty()) return fail(errc::invalid_argument, "alias: person and value must not be empty");
    bool added = false;
    auto r = transaction([&]() -> result<void> {
        auto q = p_->prep("SELECT person FROM aliases WHERE session = ?1 AND kind = ?2 AND value = ?3");
        if (!q) return failure{q.err()};
        {
            statement st(*q);
            st.bind(1, a.session).bind(2, static_cast<int>(a.kind)).bind(3, a.value);
            const int rc = st.step();
            if (rc == SQLITE_ROW) {
                const std::string current = st.text(0);
                if (current == a.person) return {};
                return fail(errc::already_exists, std::string(to_string(a.kind)) + " '" + a.value + "' already names '" +
                                                      current + "'" + (a.session.empty() ? "" : " in session '" + a.session + "'") +
                                                      ": remove that alias first");
            }
            if (rc != SQLITE_DONE) return p_->db.error(rc, "database: reading aliases");
        }
        auto ins = p_->prep("INSERT INTO aliases (session, kind, value, person) VALUES (?1, ?2, ?3, ?4)");
        if (!ins) return failure{ins.err()};
        statement st(*ins);
        st.bind(1, a.session).bind(2, static_cast<int>(a.kind)).bind(3, a.value).bind(4, a.person);
        if (int rc = st.step(); rc != SQLITE_DONE) return p_->db.error(rc, "database: storing an alias");
        added = true;
        return p_->add_counter(alias_counter, 1);
    });
    if (!r) return failure{r.err()};
    return added;
}

result<bool> sqlite_store::remove_alias(key_kind kind, std::string_view value, std::string_view session) {
    bool removed = false;
    auto r = transaction([&]() -> result<void> {
        auto q = p_->prep("DELETE FROM aliases WHERE session = ?1 AND kind = ?2 AND value = ?3");
        if (!q) return failure{q.err()};
        statement st(*q);
        st.bind(1, session).bind(2, static_cast<int>(kind)).bind(3, value);
        if (int rc = st.step(); rc != SQLITE_DONE) return p_->db.error(rc, "database: removing an alias");
        removed = sqlite3_changes(p_->db.handle()) > 0;
        return removed ? p_->add_counter(alias_counter, 1) : result<void>{};
    });
    if (!r) return failure{r.err()};
    return removed;
}

result<std::vector<alias>> sqlite_store::list_aliases(const alias_filter& filter) {
    if (schema_version_ < 4) return std::vector<alias>{};  // read-only over an older schema: no aliases yet
    // One statement per shape: an "(?2 IS NULL OR session = ?2)" filter cannot use the primary key, and
    // every evaluation reads its session's aliases (a monthly report: thousands of times).
    const char* sql = filter.session ? (filter.person ? "SELECT session, kind, value, person FROM aliases "
                                                        "WHERE person = ?1 AND session = ?2 ORDER BY session, kind, value"
                                                      : "SELECT session, kind, value, person FROM aliases "
                                                        "WHERE session = ?2 ORDER BY session, kind, value")
                                     : (filter.person ? "SELECT session, kind, value, person FROM aliases "
                                                        "WHERE person = ?1 ORDER BY session, kind, value"
                                                      : "SELECT session, kind, value, person FROM aliases "
                                                        "ORDER BY session, kind, value");
    auto q = p_->prep(sql);
    if (!q) return failure{q.err()};
    statement st(*q);
    if (filter.person) st.bind(1, *filter.person);
    if (filter.session) st.bind(2, *filter.session);
    std::vector<alias> out;
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) {
        if (!detail::in_range(st.i64(1), key_kind::identity)) return detail::bad_row("aliases");
        alias a;
        a.session = st.text(0);
        a.kind = static_cast<key_kind>(st.i64(1));
        a.value = st.text(2);
        a.person = st.text(3);
        out.push_back(std::move(a));
    }
    if (rc != SQLITE_DONE) return p_->db.error(rc, "database: reading aliases");
    return out;
}

result<std::int64_t> sqlite_store::alias_stamp() {
    if (schema_version_ < 4) return std::int64_t{0};
    return p_->db.query_int("SELECT coalesce((SELECT value FROM counters WHERE name = 'alias_changes'), 0)");
}

}  // namespace rollcall::store
