// The PostgreSQL store's change feed (SPEC §8). A sequence would hand out numbers in call order, not
// commit order (T1 takes 5, T2 takes 6 and commits first: a reader at cursor 6 never sees 5). Instead
// each append increments the one row of change_seq inside the appending transaction: the row lock it
// takes serialises appenders until that transaction ends, so numbers become visible in order. The
// number of a rolled-back append is handed out again, which is invisible to readers: nobody saw it.
#include "store/pg_store_impl.hpp"

#include <algorithm>
#include <cstdint>

namespace rollcall::store {

result<void> pg_store::append_change(const change_record& c) {
    return transaction([&]() -> result<void> {
        auto r = p_->db.exec(
            "WITH next AS (UPDATE change_seq SET last = last + 1 RETURNING last) "
            "INSERT INTO changes (seq, at_ms, type, session_id, subject, from_value, to_value, reason) "
            "SELECT last, $1, $2, $3, $4, $5, $6, $7 FROM next",
            {p_int(to_unix_ms(c.at)), p_text(to_string(c.type)), p_text(c.session_id), p_text(c.subject), p_text(c.from),
             p_text(c.to), p_text(c.reason)},
            "database: appending to the change feed");
        if (!r) return failure{r.err()};
        if (r->affected() != 1) return detail::bad_row("change_seq");
        return {};
    });
}

result<std::vector<change_record>> pg_store::changes(std::int64_t after, std::size_t limit) {
    const auto n = static_cast<std::int64_t>(std::min<std::size_t>(limit, static_cast<std::size_t>(INT64_MAX)));
    auto r = p_->q(
        "SELECT seq, at_ms, type, session_id, subject, from_value, to_value, reason FROM changes "
        "WHERE seq > $1 ORDER BY seq LIMIT $2",
        {p_int(after), p_int(n)}, "database: reading the change feed");
    if (!r) return failure{r.err()};
    std::vector<change_record> out;
    for (int i = 0; i < r->size(); ++i) {
        const auto type = parse_change_type(r->text(i, 2));
        if (!type) return detail::bad_row("changes");
        out.push_back(change_record{r->i64(i, 0), from_unix_ms(r->i64(i, 1)), *type, r->text(i, 3), r->text(i, 4),
                                    r->text(i, 5), r->text(i, 6), r->text(i, 7)});
    }
    return out;
}

result<std::int64_t> pg_store::last_change_seq() {
    auto r = p_->q("SELECT last FROM change_seq", {}, "database: reading the change feed");
    if (!r) return failure{r.err()};
    if (r->size() != 1) return detail::bad_row("change_seq");
    return r->i64(0, 0);
}

result<std::int64_t> pg_store::change_cursor(std::string_view consumer) {
    auto r = p_->q("SELECT seq FROM change_cursors WHERE consumer = $1", {p_text(consumer)},
                   "database: reading a change cursor");
    if (!r) return failure{r.err()};
    if (r->empty()) return std::int64_t{0};
    return r->i64(0, 0);
}

result<void> pg_store::set_change_cursor(std::string_view consumer, std::int64_t seq) {
    return transaction([&]() -> result<void> {
        auto r = p_->db.exec(
            "INSERT INTO change_cursors (consumer, seq) VALUES ($1, $2) ON CONFLICT (consumer) DO UPDATE SET seq = excluded.seq",
            {p_text(consumer), p_int(seq)}, "database: storing a change cursor");
        if (!r) return failure{r.err()};
        return {};
    });
}

}  // namespace rollcall::store
