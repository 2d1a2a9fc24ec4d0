// The MySQL/MariaDB store's identity aliases (SPEC §11 rule 2).
#include "store/mysql_store_impl.hpp"

namespace rollcall::store {

using detail::each_row;
using detail::my_key;

namespace {
constexpr const char* alias_counter = "alias_changes";

std::string alias_key(std::string_view session, key_kind kind, std::string_view value) {
    const std::string k = std::to_string(static_cast<int>(kind));
    return my_key({session, k, value});
}
}  // namespace

result<bool> mysql_store::put_alias(const alias& a) {
    if (a.person.empty() || a.value.empty()) return fail(errc::invalid_argument, "alias: person and value must not be empty");
    bool added = false;
    auto r = transaction([&]() -> result<void> {
        const std::string key = alias_key(a.session, a.kind, a.value);
        auto q = p_->prep("SELECT person FROM {aliases} WHERE alias_key = ? FOR UPDATE");
        if (!q) return failure{q.err()};
        std::optional<std::string> current;
        {
            statement st(p_->db, *q);
            st.bind(key);
            auto x = each_row(st, "database: reading aliases", [&]() -> result<void> {
                current = st.text(0);
                return {};
            });
            if (!x) return x;
        }
        if (current) {
            if (*current == a.person) return {};
            return fail(errc::already_exists, std::string(to_string(a.kind)) + " '" + a.value + "' already names '" +
                                                  *current + "'" + (a.session.empty() ? "" : " in session '" + a.session + "'") +
                                                  ": remove that alias first");
        }
        auto ins = p_->prep("INSERT INTO {aliases} (alias_key, session, kind, value, person) VALUES (?, ?, ?, ?, ?)");
        if (!ins) return failure{ins.err()};
        {
            statement st(p_->db, *ins);
            st.bind(key).bind(a.session).bind(static_cast<int>(a.kind)).bind(a.value).bind(a.person);
            if (auto x = st.execute("database: storing an alias"); !x) return x;
        }
        added = true;
        return p_->add_counter(alias_counter, 1);
    });
    if (!r) return failure{r.err()};
    return added;
}

result<bool> mysql_store::remove_alias(key_kind kind, std::string_view value, std::string_view session) {
    bool removed = false;
    auto r = transaction([&]() -> result<void> {
        auto q = p_->prep("DELETE FROM {aliases} WHERE alias_key = ?");
        if (!q) return failure{q.err()};
        {
            statement st(p_->db, *q);
            st.bind(alias_key(session, kind, value));
            if (auto x = st.execute("database: removing an alias"); !x) return x;
            removed = st.affected_rows() > 0;
        }
        return removed ? p_->add_counter(alias_counter, 1) : result<void>{};
    });
    if (!r) return failure{r.err()};
    return removed;
}

result<std::vector<alias>> mysql_store::list_aliases(const alias_filter& filter) {
    const char* sql = filter.session ? (filter.person ? "SELECT session, kind, value, person FROM {aliases} "
                                                        "WHERE person = ? AND session = ? ORDER BY session, kind, value"
                                                      : "SELECT session, kind, value, person FROM {aliases} "
                                                        "WHERE session = ? ORDER BY session, kind, value")
                                     : (filter.person ? "SELECT session, kind, value, person FROM {aliases} "
                                                        "WHERE person = ? ORDER BY session, kind, value"
                                                      : "SELECT session, kind, value, person FROM {aliases} "
                                                        "ORDER BY session, kind, value");
    auto q = p_->prep(sql);
    if (!q) return failure{q.err()};
    statement st(p_->db, *q);
    if (filter.person) st.bind(*filter.person);
    if (filter.session) st.bind(*filter.session);
    std::vector<alias> out;
    auto r = each_row(st, "database: reading aliases", [&]() -> result<void> {
        if (!detail::in_range(st.i64(1), key_kind::identity)) return detail::bad_row("aliases");
        alias a;
        a.session = st.text(0);
        a.kind = static_cast<key_kind>(st.i64(1));
        a.value = st.text(2);
        a.person = st.text(3);
        out.push_back(std::move(a));
        return {};
    });
    if (!r) return failure{r.err()};
    detail::sort_binary(out, [](const alias& a, const alias& b) {
        if (a.session != b.session) return a.session < b.session;
        if (a.kind != b.kind) return a.kind < b.kind;
        return a.value < b.value;
    });
    return out;
}

result<std::int64_t> mysql_store::alias_stamp() {
    return p_->query_int("SELECT coalesce((SELECT value FROM {counters} WHERE name = 'alias_changes'), 0)",
                         "database: reading aliases");
}

}  // namespace rollcall::store
