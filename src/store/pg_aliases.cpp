// The PostgreSQL store's identity aliases (SPEC §11 rule 2).
#include "store/pg_store_impl.hpp"

namespace rollcall::store {

namespace {
constexpr const char* alias_counter = "alias_changes";
}  // namespace

result<bool> pg_store::put_alias(const alias& a) {
    if (a.person.empty() || a.value.empty()) return fail(errc::invalid_argument, "alias: person and value must not be empty");
    bool added = false;
    auto r = transaction([&]() -> result<void> {
        auto cur = p_->db.exec("SELECT person FROM aliases WHERE session = $1 AND kind = $2 AND value = $3",
                               {p_text(a.session), p_int(static_cast<int>(a.kind)), p_text(a.value)},
                               "database: reading aliases");
        if (!cur) return failure{cur.err()};
        if (!cur->empty()) {
            const std::string current = cur->text(0, 0);
            if (current == a.person) return {};
            return fail(errc::already_exists, std::string(to_string(a.kind)) + " '" + a.value + "' already names '" +
                                                  current + "'" + (a.session.empty() ? "" : " in session '" + a.session + "'") +
                                                  ": remove that alias first");
        }
        auto ins = p_->db.exec("INSERT INTO aliases (session, kind, value, person) VALUES ($1, $2, $3, $4)",
                               {p_text(a.session), p_int(static_cast<int>(a.kind)), p_text(a.value), p_text(a.person)},
                               "database: storing an alias");
        if (!ins) return failure{ins.err()};
        added = true;
        return p_->add_counter(alias_counter, 1);
    });
    if (!r) return failure{r.err()};
    return added;
}

result<bool> pg_store::remove_alias(key_kind kind, std::string_view value, std::string_view session) {
    bool removed = false;
    auto r = transaction([&]() -> result<void> {
        auto del = p_->db.exec("DELETE FROM aliases WHERE session = $1 AND kind = $2 AND value = $3",
                               {p_text(session), p_int(static_cast<int>(kind)), p_text(value)},
                               "database: removing an alias");
        if (!del) return failure{del.err()};
        removed = del->affected() > 0;
        return removed ? p_->add_counter(alias_counter, 1) : result<void>{};
    });
    if (!r) return failure{r.err()};
    return removed;
}

result<std::vector<alias>> pg_store::list_aliases(const alias_filter& filter) {
    // One statement per shape, so that each can use the primary key or the person index.
    const char* sql = filter.session ? (filter.person ? "SELECT session, kind, value, person FROM aliases "
                                                        "WHERE person = $1 AND session = $2 ORDER BY session, kind, value"
                                                      : "SELECT session, kind, value, person FROM aliases "
                                                        "WHERE session = $2 ORDER BY session, kind, value")
                                     : (filter.person ? "SELECT session, kind, value, person FROM aliases "
                                                        "WHERE person = $1 ORDER BY session, kind, value"
                                                      : "SELECT session, kind, value, person FROM aliases "
                                                        "ORDER BY session, kind, value");
    auto r = p_->q(sql, {p_opt(filter.person), p_opt(filter.session)}, "database: reading aliases");
    if (!r) return failure{r.err()};
    std::vector<alias> out;
    for (int i = 0; i < r->size(); ++i) {
        if (!detail::in_range(r->i64(i, 1), key_kind::identity)) return detail::bad_row("aliases");
        alias a;
        a.session = r->text(i, 0);
        a.kind = static_cast<key_kind>(r->i64(i, 1));
        a.value = r->text(i, 2);
        a.person = r->text(i, 3);
        out.push_back(std::move(a));
    }
    return out;
}

result<std::int64_t> pg_store::alias_stamp() {
    auto r = p_->q("SELECT coalesce((SELECT value FROM counters WHERE name = 'alias_changes'), 0)", {},
                   "database: reading aliases");
    if (!r) return failure{r.err()};
    return r->i64(0, 0);
}

}  // namespace rollcall::store
