// The SQLite store's tracked links (SPEC §6).
#include "store/sqlite_store_impl.hpp"


namespace rollcall::store {

using detail::in_range;
using detail::bad_row;
using detail::bind_opt_instant;

// ---------------------------------------------------------------------------------------------- links

namespace {

constexpr const char* link_columns =
    "token, teacher, student, meeting_url, package, rate_kind, rate_minor, currency, sent_ms, session_id, status, "
    "clicked_ms, last_heartbeat_ms, ended_ms";

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

result<void> sqlite_store::insert_link(const link_record& l) {
    if (l.token.empty()) return fail(errc::invalid_argument, "link token: must not be empty");
    return transaction([&]() -> result<void> {
        auto q = p_->db.prepare(std::string("INSERT INTO links (") + link_columns +
                                ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
        if (!q) return failure{q.err()};
        statement st(*q);
        st.bind(1, l.token)
            .bind(2, l.teacher)
            .bind(3, l.student)
            .bind(4, l.meeting_url)
            .bind(5, l.package)
            .bind(6, static_cast<int>(l.rate))
            .bind(7, l.rate_minor)
            .bind(8, l.currency)
            .bind(9, to_unix_ms(l.sent_at))
            .bind_opt(10, l.session_id)
            .bind(11, static_cast<int>(l.status));
        bind_opt_instant(st, 12, l.clicked_at);
        bind_opt_instant(st, 13, l.last_heartbeat);
        bind_opt_instant(st, 14, l.ended_at);
        const int rc = st.step();
        if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) return fail(errc::already_exists, "a link with this token exists");
        if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
            return fail(errc::not_found, "link session_id: no session '" + l.session_id.value_or("") + "'");
        if (rc != SQLITE_DONE) return p_->db.error(rc, "database: storing a link");
        return {};
    });
}

result<void> sqlite_store::update_link(const link_record& l) {
    return transaction([&]() -> result<void> {
        auto before = get_link(l.token);
        if (!before) return failure{before.err()};
        if (!*before) return fail(errc::not_found, "no such link");
        auto q = p_->prep(
            "UPDATE links SET status = ?2, clicked_ms = ?3, last_heartbeat_ms = ?4, ended_ms = ?5 WHERE token = ?1");
        if (!q) return failure{q.err()};
        statement st(*q);
        st.bind(1, l.token).bind(2, static_cast<int>(l.status));
        bind_opt_instant(st, 3, l.clicked_at);
        bind_opt_instant(st, 4, l.last_heartbeat);
        bind_opt_instant(st, 5, l.ended_at);
        if (int rc = st.step(); rc != SQLITE_DONE) return p_->db.error(rc, "database: updating a link");
        if ((*before)->status == l.status) return {};
        return append_change(link_status_change(**before, l));
    });
}

result<std::optional<link_record>> sqlite_store::get_link(std::string_view token) {
    auto q = p_->db.prepare(std::string("SELECT ") + link_columns + " FROM links WHERE token = ?1");
    if (!q) return failure{q.err()};
    statement st(*q);
    st.bind(1, token);
    const int rc = st.step();
    if (rc == SQLITE_DONE) return std::optional<link_record>{};
    if (rc != SQLITE_ROW) return p_->db.error(rc, "database: reading a link");
    auto l = link_from_row(st);
    if (!l) return failure{l.err()};
    return std::optional<link_record>{std::move(*l)};
}

result<std::vector<link_record>> sqlite_store::active_links() {
    link_filter f;
    f.status = link_status::active;
    return list_links(f);
}

result<std::vector<link_record>> sqlite_store::list_links(const link_filter& f) {
    std::string sql = std::string("SELECT ") + link_columns + " FROM links WHERE 1";
    if (f.teacher) sql += " AND teacher = ?1";
    if (f.student) sql += " AND student = ?2";
    if (f.status) sql += " AND status = ?3";
    if (f.session_id) sql += " AND session_id = ?4";
    if (f.from) sql += " AND sent_ms >= ?5";
    if (f.to) sql += " AND sent_ms < ?6";
    sql += " ORDER BY sent_ms, token";
    auto q = p_->db.prepare(sql);
    if (!q) return failure{q.err()};
    statement st(*q);
    if (f.teacher) st.bind(1, *f.teacher);
    if (f.student) st.bind(2, *f.student);
    if (f.status) st.bind(3, static_cast<int>(*f.status));
    if (f.session_id) st.bind(4, *f.session_id);
    if (f.from) st.bind(5, to_unix_ms(*f.from));
    if (f.to) st.bind(6, to_unix_ms(*f.to));
    std::vector<link_record> out;
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) {
        auto l = link_from_row(st);
        if (!l) return failure{l.err()};
        out.push_back(std::move(*l));
    }
    if (rc != SQLITE_DONE) return p_->db.error(rc, "database: listing links");
    return out;
}

}  // namespace rollcall::store
