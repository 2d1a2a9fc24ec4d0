// The SQLite store's change feed (SPEC §8). Writers append inside their own BEGIN IMMEDIATE
// transaction, and SQLite lets one writer commit at a time, so sequence numbers become visible in
// order: a reader at cursor N can never miss an entry that commits later with a number below N.
#include "store/sqlite_store_impl.hpp"

namespace rollcall::store {


result<void> sqlite_store::append_change(const change_record& c) {
    return transaction([&]() -> result<void> {
        auto q = p_->prep(
            "INSERT INTO changes (at_ms, type, session_id, subject, from_value, to_value, reason) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        if (!q) return failure{q.err()};
        statement st(*q);
        st.bind(1, to_unix_ms(c.at))
            .bind(2, to_string(c.type))
            .bind(3, c.session_id)
            .bind(4, c.subject)
            .bind(5, c.from)
            .bind(6, c.to)
            .bind(7, c.reason);
        if (int rc = st.step(); rc != SQLITE_DONE) return p_->db.error(rc, "database: appending to the change feed");
        return {};
    });
}

result<std::vector<change_record>> sqlite_store::changes(std::int64_t after, std::size_t limit) {
    if (schema_version_ < 3) return std::vector<change_record>{};  // read-only over an older schema: no feed yet
    auto q = p_->prep(
        "SELECT seq, at_ms, type, session_id, subject, from_value, to_value, reason FROM changes "
        "WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    if (!q) return failure{q.err()};
    statement st(*q);
    st.bind(1, after).bind(2, static_cast<std::int64_t>(limit));
    std::vector<change_record> out;
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) {
        const auto type = parse_change_type(st.text(2));
        if (!type) return detail::bad_row("changes");
        out.push_back(change_record{st.i64(0), from_unix_ms(st.i64(1)), *type, st.text(3), st.text(4), st.text(5),
                                    st.text(6), st.text(7)});
    }
    if (rc != SQLITE_DONE) return p_->db.error(rc, "database: reading the change feed");
    return out;
}

result<std::int64_t> sqlite_store::last_change_seq() {
    if (schema_version_ < 3) return std::int64_t{0};
    // sqlite_sequence remembers the highest number ever handed out, even if those rows were deleted.
    return p_->db.query_int("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0)");
}

result<std::int64_t> sqlite_store::change_cursor(std::string_view consumer) {
    if (schema_version_ < 3) return std::int64_t{0};
    auto q = p_->prep("SELECT seq FROM change_cursors WHERE consumer = ?1");
    if (!q) return failure{q.err()};
    statement st(*q);
    st.bind(1, consumer);
    const int rc = st.step();
    if (rc == SQLITE_DONE) return std::int64_t{0};
    if (rc != SQLITE_ROW) return p_->db.error(rc, "database: reading a change cursor");
    return st.i64(0);
}

result<void> sqlite_store::set_change_cursor(std::string_view consumer, std::int64_t seq) {
    return transaction([&]() -> result<void> {
        auto q = p_->prep(
            "INSERT INTO change_cursors (consumer, seq) VALUES (?1, ?2) "
            "ON CONFLICT (consumer) DO UPDATE SET seq = excluded.seq");
        if (!q) return failure{q.err()};
        statement st(*q);
        st.bind(1, consumer).bind(2, seq);
        if (int rc = st.step(); rc != SQLITE_DONE) return p_->db.error(rc, "database: storing a change cursor");
        return {};
    });
}

}  // namespace rollcall::store
