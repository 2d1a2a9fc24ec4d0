// The PostgreSQL store's tracked links (SPEC §6).
#include "store/pg_store_impl.hpp"

namespace rollcall::store {

using detail::p_opt_instant;
using detail::bad_row;
using detail::in_range;

namespace {

constexpr const char* link_select =
    "SELECT token, teacher, student, meeting_url, package, rate_kind, rate_minor, currency, sent_ms, session_id, status, "
    "clicked_ms, last_heartbeat_ms, ended_ms FROM links ";

result<link_record> link_from_row(const pg_rows& r, int i) {
    if (!in_range(r.i64(i, 5), rate_kind::per_session) || !in_range(r.i64(i, 10), link_status::expired))
        return bad_row("links");
    link_record l;
    l.token = r.text(i, 0);
    l.teacher = r.text(i, 1);
    l.student = r.text(i, 2);
    l.meeting_url = r.text(i, 3);
    l.package = r.text(i, 4);
    l.rate = static_cast<rate_kind>(r.i64(i, 5));
    l.rate_minor = r.i64(i, 6);
    l.currency = r.text(i, 7);
    l.sent_at = from_unix_ms(r.i64(i, 8));
    l.session_id = r.opt_text(i, 9);
    l.status = static_cast<link_status>(r.i64(i, 10));
    if (auto v = r.opt_i64(i, 11)) l.clicked_at = from_unix_ms(*v);
    if (auto v = r.opt_i64(i, 12)) l.last_heartbeat = from_unix_ms(*v);
    if (auto v = r.opt_i64(i, 13)) l.ended_at = from_unix_ms(*v);
    return l;
}

}  // namespace

result<void> pg_store::insert_link(const link_record& l) {
    if (l.token.empty()) return fail(errc::invalid_argument, "link token: must not be empty");
    return transaction([&]() -> result<void> {
        // Checked first: a foreign-key failure would abort the whole PostgreSQL transaction.
        if (l.session_id) {
            auto known = p_->require_session(*l.session_id);
            if (!known && known.err().code == errc::not_found)
                return fail(errc::not_found, "link session_id: no session '" + *l.session_id + "'");
            if (!known) return known;
        }
        auto ins = p_->db.exec(
            "INSERT INTO links (token, teacher, student, meeting_url, package, rate_kind, rate_minor, currency, sent_ms, "
            "session_id, status, clicked_ms, last_heartbeat_ms, ended_ms) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING",
            {p_text(l.token), p_text(l.teacher), p_text(l.student), p_text(l.meeting_url), p_text(l.package),
             p_int(static_cast<int>(l.rate)), p_int(l.rate_minor), p_text(l.currency), p_int(to_unix_ms(l.sent_at)),
             p_opt(l.session_id), p_int(static_cast<int>(l.status)), p_opt_instant(l.clicked_at),
             p_opt_instant(l.last_heartbeat), p_opt_instant(l.ended_at)},
            "database: storing a link");
        if (!ins) return failure{ins.err()};
        if (ins->affected() == 0) return fail(errc::already_exists, "a link with this token exists");
        return {};
    });
}

result<void> pg_store::update_link(const link_record& l) {
    return transaction([&]() -> result<void> {
        auto before = get_link(l.token);
        if (!before) return failure{before.err()};
        if (!*before) return fail(errc::not_found, "no such link");
        auto up = p_->db.exec(
            "UPDATE links SET status = $2, clicked_ms = $3, last_heartbeat_ms = $4, ended_ms = $5 WHERE token = $1",
            {p_text(l.token), p_int(static_cast<int>(l.status)), p_opt_instant(l.clicked_at),
             p_opt_instant(l.last_heartbeat), p_opt_instant(l.ended_at)},
            "database: updating a link");
        if (!up) return failure{up.err()};
        if ((*before)->status == l.status) return {};
        return append_change(link_status_change(**before, l));
    });
}

result<std::optional<link_record>> pg_store::get_link(std::string_view token) {
    const std::string sql = std::string(link_select) + "WHERE token = $1";
    auto r = p_->q(sql.c_str(), {p_text(token)}, "database: reading a link");
    if (!r) return failure{r.err()};
    if (r->empty()) return std::optional<link_record>{};
    auto l = link_from_row(*r, 0);
    if (!l) return failure{l.err()};
    return std::optional<link_record>{std::move(*l)};
}

result<std::vector<link_record>> pg_store::active_links() {
    link_filter f;
    f.status = link_status::active;
    return list_links(f);
}

result<std::vector<link_record>> pg_store::list_links(const link_filter& f) {
    std::string sql = std::string(link_select) + "WHERE true";
    if (f.teacher) sql += " AND teacher = $1";
    if (f.student) sql += " AND student = $2";
    if (f.status) sql += " AND status = $3";
    if (f.session_id) sql += " AND session_id = $4";
    if (f.from) sql += " AND sent_ms >= $5";
    if (f.to) sql += " AND sent_ms < $6";
    sql += " ORDER BY sent_ms, token";
    auto r = p_->q(sql.c_str(),
                   {p_opt(f.teacher), p_opt(f.student), f.status ? p_int(static_cast<int>(*f.status)) : p_null_int(),
                    p_opt(f.session_id), p_opt_instant(f.from), p_opt_instant(f.to)},
                   "database: listing links");
    if (!r) return failure{r.err()};
    std::vector<link_record> out;
    for (int i = 0; i < r->size(); ++i) {
        auto l = link_from_row(*r, i);
        if (!l) return failure{l.err()};
        out.push_back(std::move(*l));
    }
    return out;
}

}  // namespace rollcall::store
