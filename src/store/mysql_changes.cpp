// The MySQL/MariaDB store's change feed (SPEC §8). An AUTO_INCREMENT sequence would hand out numbers in
// the order transactions start, not the order they commit: T1 takes 5, T2 takes 6 and commits first,
// and a reader that has seen 6 moves its cursor past 5 before 5 is visible. Here the appending
// transaction takes the next number by updating the counter row 'change_seq', whose row lock it holds
// until it commits or rolls back: the next appender waits on that row, so numbers become visible in
// the order they were handed out. (Every write transaction also holds the writer lock; the row lock
// keeps the rule even for a writer that did not.)
#include "store/mysql_store_impl.hpp"

namespace rollcall::store {

using detail::each_row;
using detail::my_key;

result<void> mysql_store::append_change(const change_record& c) {
    return transaction([&]() -> result<void> {
        auto bump = p_->prep("UPDATE {counters} SET value = value + 1 WHERE name = 'change_seq'");
        if (!bump) return failure{bump.err()};
        {
            statement st(p_->db, *bump);
            if (auto r = st.execute("database: numbering a change"); !r) return r;
            if (st.affected_rows() != 1) return detail::bad_row("counters");
        }
        auto q = p_->prep(
            "INSERT INTO {changes} (seq, at_ms, type, session_id, subject, from_value, to_value, reason) "
            "SELECT value, ?, ?, ?, ?, ?, ?, ? FROM {counters} WHERE name = 'change_seq'");
        if (!q) return failure{q.err()};
        statement st(p_->db, *q);
        st.bind(to_unix_ms(c.at)).bind(to_string(c.type)).bind(c.session_id).bind(c.subject).bind(c.from).bind(c.to).bind(c.reason);
        return st.execute("database: appending to the change feed");
    });
}

result<std::vector<change_record>> mysql_store::changes(std::int64_t after, std::size_t limit) {
    auto q = p_->prep(
        "SELECT seq, at_ms, type, session_id, subject, from_value, to_value, reason FROM {changes} "
        "WHERE seq > ? ORDER BY seq LIMIT ?");
    if (!q) return failure{q.err()};
    statement st(p_->db, *q);
    const auto cap = static_cast<std::int64_t>(std::min<std::size_t>(limit, static_cast<std::size_t>(INT64_MAX)));
    st.bind(after).bind(cap);
    std::vector<change_record> out;
    auto r = each_row(st, "database: reading the change feed", [&]() -> result<void> {
        const auto type = parse_change_type(st.text(2));
        if (!type) return detail::bad_row("changes");
        out.push_back(change_record{st.i64(0), from_unix_ms(st.i64(1)), *type, st.text(3), st.text(4), st.text(5),
                                    st.text(6), st.text(7)});
        return {};
    });
    if (!r) return failure{r.err()};
    return out;
}

result<std::int64_t> mysql_store::last_change_seq() {
    // The counter remembers the highest number ever handed out, even if those rows were deleted.
    return p_->query_int("SELECT coalesce((SELECT value FROM {counters} WHERE name = 'change_seq'), 0)",
                         "database: reading the change feed");
}

result<std::int64_t> mysql_store::change_cursor(std::string_view consumer) {
    auto q = p_->prep("SELECT seq FROM {change_cursors} WHERE consumer_key = ?");
    if (!q) return failure{q.err()};
    statement st(p_->db, *q);
    st.bind(my_key(consumer));
    std::int64_t seq = 0;
    auto r = each_row(st, "database: reading a change cursor", [&]() -> result<void> {
        seq = st.i64(0);
        return {};
    });
    if (!r) return failure{r.err()};
    return seq;
}

result<void> mysql_store::set_change_cursor(std::string_view consumer, std::int64_t seq) {
    return transaction([&]() -> result<void> {
        auto q = p_->prep(
            "INSERT INTO {change_cursors} (consumer_key, consumer, seq) VALUES (?, ?, ?) "
            "ON DUPLICATE KEY UPDATE seq = VALUES(seq)");
        if (!q) return failure{q.err()};
        statement st(p_->db, *q);
        st.bind(my_key(consumer)).bind(consumer).bind(seq);
        return st.execute("database: storing a change cursor");
    });
}

}  // namespace rollcall::store
