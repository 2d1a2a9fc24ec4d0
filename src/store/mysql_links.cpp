// The MySQL/MariaDB store's tracked links (SPEC §6).
#include "store/mysql_store_impl.hpp"

namespace rollcall::store {

using detail::each_row;
using detail::bad_row;
using detail::in_range;
using detail::my_key;
using detail::opt_ms;

namespace {

#define RC_LINK_COLUMNS                                                                                               \
    "token, teacher, student, meeting_url, package, rate_kind, rate_minor, currency, sent_ms, session_id, status, " \
    "clicked_ms, last_heartbeat_ms, ended_ms"

result<link_record> link_from_row(const statement& st) {
    if (!in_range(st.i64(5), rate_kind::per_session) || !in_range(st.i64(10), link_status::expired))
        return bad_row("links");
    link_record l;
    l.token = st.text(0);
    l.teacher = st.text(1);
    l.student = st.text(2);
    l.meeting_url = st.text(3);
    l.package = st.text(4);
    l.rate = static_cast<rate_kind>(st.i64(5));
    l.rate_minor = st.i64(6);
    l.currency = st.text(7);
    l.sent_at = from_unix_ms(st.i64(8));
    l.session_id = st.opt_text(9);
    l.status = static_cast<link_status>(st.i64(10));
    if (auto v = st.opt_i64(11)) l.clicked_at = from_unix_ms(*v);
    if (auto v = st.opt_i64(12)) l.last_heartbeat = from_unix_ms(*v);
    if (auto v = st.opt_i64(13)) l.ended_at = from_unix_ms(*v);
    return l;
}

}  // namespace

result<void> mysql_store::insert_link(const link_record& l) {
    if (l.token.empty()) return fail(errc::invalid_argument, "link token: must not be empty");
    return transaction([&]() -> result<void> {
        if (auto existing = get_link(l.token); !existing) return failure{existing.err()};
        else if (*existing) return fail(errc::already_exists, "a link with this token exists");
        if (l.session_id)
            if (auto known = p_->require_session(*l.session_id); !known)
                return known.err().code == errc::not_found
                           ? fail(errc::not_found, "link session_id: no session '" + *l.session_id + "'")
                           : known;
        auto q = p_->prep("INSERT INTO {links} (token_key, " RC_LINK_COLUMNS
                          ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!q) return failure{q.err()};
        statement st(p_->db, *q);
        st.bind(my_key(l.token))
            .bind(l.token)
            .bind(l.teacher)
            .bind(l.student)
            .bind(l.meeting_url)
            .bind(l.package)
            .bind(static_cast<int>(l.rate))
            .bind(l.rate_minor)
            .bind(l.currency)
            .bind(to_unix_ms(l.sent_at))
            .bind_opt(l.session_id)
            .bind(static_cast<int>(l.status))
            .bind_opt(opt_ms(l.clicked_at))
            .bind_opt(opt_ms(l.last_heartbeat))
            .bind_opt(opt_ms(l.ended_at));
        return st.execute("database: storing a link");
    });
}

result<void> mysql_store::update_link(const link_record& l) {
    return transaction([&]() -> result<void> {
        auto before = get_link(l.token);
        if (!before) return failure{before.err()};
        if (!*before) return fail(errc::not_found, "no such link");
        auto q = p_->prep(
            "UPDATE {links} SET status = ?, clicked_ms = ?, last_heartbeat_ms = ?, ended_ms = ? WHERE token_key = ?");
        if (!q) return failure{q.err()};
        {
            statement st(p_->db, *q);
            st.bind(static_cast<int>(l.status))
                .bind_opt(opt_ms(l.clicked_at))
                .bind_opt(opt_ms(l.last_heartbeat))
                .bind_opt(opt_ms(l.ended_at))
                .bind(my_key(l.token));
            if (auto r = st.execute("database: updating a link"); !r) return r;
        }
        if ((*before)->status == l.status) return {};
        return append_change(link_status_change(**before, l));
    });
}

result<std::optional<link_record>> mysql_store::get_link(std::string_view token) {
    // Inside a writer's transaction, read the row as it is now (and keep it): a plain read there
    // would see the transaction's snapshot.
    auto q = p_->prep(p_->depth > 0 ? "SELECT " RC_LINK_COLUMNS " FROM {links} WHERE token_key = ? FOR UPDATE"
                                    : "SELECT " RC_LINK_COLUMNS " FROM {links} WHERE token_key = ?");
    if (!q) return failure{q.err()};
    statement st(p_->db, *q);
    st.bind(my_key(token));
    std::optional<link_record> out;
    auto r = each_row(st, "database: reading a link", [&]() -> result<void> {
        auto l = link_from_row(st);
        if (!l) return failure{l.err()};
        out = std::move(*l);
        return {};
    });
    if (!r) return failure{r.err()};
    return out;
}

result<std::vector<link_record>> mysql_store::active_links() {
    link_filter f;
    f.status = link_status::active;
    return list_links(f);
}

result<std::vector<link_record>> mysql_store::list_links(const link_filter& f) {
    std::string sql = "SELECT " RC_LINK_COLUMNS " FROM {links} WHERE 1";
    if (f.teacher) sql += " AND teacher = ?";
    if (f.student) sql += " AND student = ?";
    if (f.status) sql += " AND status = ?";
    if (f.session_id) sql += " AND session_id = ?";
    if (f.from) sql += " AND sent_ms >= ?";
    if (f.to) sql += " AND sent_ms < ?";
    sql += " ORDER BY sent_ms, token";
    auto q = p_->prep(sql);
    if (!q) return failure{q.err()};
    statement st(p_->db, *q);
    if (f.teacher) st.bind(*f.teacher);
    if (f.student) st.bind(*f.student);
    if (f.status) st.bind(static_cast<int>(*f.status));
    if (f.session_id) st.bind(*f.session_id);
    if (f.from) st.bind(to_unix_ms(*f.from));
    if (f.to) st.bind(to_unix_ms(*f.to));
    std::vector<link_record> out;
    auto r = each_row(st, "database: listing links", [&]() -> result<void> {
        auto l = link_from_row(st);
        if (!l) return failure{l.err()};
        out.push_back(std::move(*l));
        return {};
    });
    if (!r) return failure{r.err()};
    detail::sort_binary(out, [](const link_record& a, const link_record& b) {
        return a.sent_at != b.sent_at ? a.sent_at < b.sent_at : a.token < b.token;
    });
    return out;
}

}  // namespace rollcall::store
