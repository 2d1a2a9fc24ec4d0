// The MySQL/MariaDB store's ingest (payloads, events, rooms in one transaction) and event reads; the
// same rules as sqlite_ingest.cpp, through unique keys and INSERT ... ON DUPLICATE KEY UPDATE (which,
// unlike INSERT IGNORE, hides nothing but the duplicate).
#include <algorithm>
#include <set>

#include "crypto/crypto.hpp"
#include "rollcall/room_naming.hpp"
#include "store/event_order.hpp"
#include "store/mysql_store_impl.hpp"

namespace rollcall::store {

using detail::bad_row;
using detail::in_range;
using detail::my_key;

namespace {

std::string_view headers_or_empty(const std::string& h) {
    return h.empty() ? std::string_view("{}") : std::string_view(h);
}

struct room_row {
    int platform = 0;
    std::string room_alt;
    std::optional<std::int64_t> first_ms;
    std::optional<std::string> named_session;
    std::string named_type;
};

}  // namespace

result<std::vector<item_outcome>> mysql_store::ingest(std::span<const ingest_item> items) {
    std::vector<item_outcome> out;
    out.reserve(items.size());
    std::vector<std::string> new_rooms, new_alt_less, alt_learned;
    const bool outermost = p_->depth == 0;
    auto r = transaction([&]() -> result<void> {
        out.clear();
        auto& db = p_->db;
        std::int64_t rejected = 0, dup_events = 0, dup_payloads = 0;
        new_rooms.clear();
        new_alt_less.clear();
        alt_learned.clear();
        for (const auto& item : items) {
            item_outcome o;
            const auto& pl = item.payload;
            std::optional<std::int64_t> payload_id;
            if (!item.host_event) {
                auto q = p_->prep(
                    "INSERT INTO {payloads} (platform, body_sha256, body, headers, request_url, received_ms, rejected, "
                    "reject_message, has_events, is_rejected, eventless) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON DUPLICATE KEY UPDATE id = id");
                if (!q) return failure{q.err()};
                statement st(db, *q);
                const bool has_events = !item.events.empty();
                st.bind(static_cast<int>(pl.source))
                    .bind(crypto::digest(crypto::hash_alg::sha256, pl.body))
                    .bind(pl.body)
                    .bind(headers_or_empty(pl.headers_json))
                    .bind(pl.request_url)
                    .bind(to_unix_ms(pl.received_at))
                    .bind(static_cast<int>(pl.rejected))
                    .bind(pl.reject_message)
                    .bind(has_events ? 1 : 0)
                    .bind(pl.rejected != errc::ok ? 1 : 0);
                // Only payloads without events are unique by their bytes (the events decide for the others).
                if (has_events) st.bind_null();
                else st.bind(1);
                if (auto e = st.execute("database: storing a payload"); !e) return e;
                if (st.affected_rows() == 1) payload_id = static_cast<std::int64_t>(st.insert_id());
            }
            if (pl.rejected != errc::ok) {
                ++rejected;
                out.push_back(o);
                continue;
            }
            if (!payload_id && !item.host_event) {
                o.duplicate_payload = true;
                ++dup_payloads;
            }
            for (const auto& e : item.events) {
                const std::string fallback = e.dedup_key.empty() ? fallback_dedup_key(e) : std::string();
                const std::string_view dedup = e.dedup_key.empty() ? std::string_view(fallback) : std::string_view(e.dedup_key);
                auto q = p_->prep(
                    "INSERT INTO {events} (room_key, kind, connection_key, at_ms, dedup_key_hash, payload_id, platform, "
                    "room, room_alt, identity, connection, joined_at_ms, dedup_key, display_name, email, role, non_person, "
                    "detail, identity_keys, unresolved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON DUPLICATE KEY UPDATE kind = kind");
                if (!q) return failure{q.err()};
                statement st(db, *q);
                st.bind(my_key(e.room))
                    .bind(static_cast<int>(e.kind))
                    .bind(my_key(e.connection))
                    .bind(to_unix_ms(e.at))
                    .bind(my_key(dedup))
                    .bind_opt(payload_id)
                    .bind(static_cast<int>(e.source))
                    .bind(e.room)
                    .bind(e.room_alt)
                    .bind(e.identity)
                    .bind(e.connection)
                    .bind_opt(detail::opt_ms(e.joined_at))
                    .bind(dedup)
                    .bind(e.display_name)
                    .bind(e.email)
                    .bind(static_cast<int>(e.who))
                    .bind(e.non_person ? 1 : 0)
                    .bind(e.detail)
                    .bind(e.keys)
                    .bind(e.unresolved ? 1 : 0);
                if (auto x = st.execute("database: storing an event"); !x) return x;
                if (st.affected_rows() == 0) {
                    ++o.events_duplicate;
                    ++dup_events;
                    continue;
                }
                ++o.events_stored;
                if (p_->known_rooms.count(e.room) && (e.room_alt.empty() || !p_->rooms_without_alt.count(e.room)))
                    continue;
                new_rooms.push_back(e.room);
                if (e.room_alt.empty()) new_alt_less.push_back(e.room);
                else alt_learned.push_back(e.room);
                if (auto x = upsert_room_for(e); !x) return x;
            }
            // A payload with events is new only through a new event: one whose every event was stored
            // before is a replay (as in the SQLite store).
            if (payload_id && !item.events.empty() && o.events_stored == 0) {
                auto q = p_->prep("DELETE FROM {payloads} WHERE id = ?");
                if (!q) return failure{q.err()};
                statement del(db, *q);
                del.bind(*payload_id);
                if (auto x = del.execute("database: dropping a replayed payload"); !x) return x;
                o.duplicate_payload = true;
                ++dup_payloads;
            }
            out.push_back(o);
        }
        if (auto c = p_->add_counter("rejected", rejected); !c) return c;
        if (auto c = p_->add_counter("duplicates_skipped", dup_events); !c) return c;
        if (auto c = p_->add_counter("duplicate_payloads", dup_payloads); !c) return c;
        return {};
    });
    if (!r) return failure{r.err()};
    if (outermost) {
        for (auto& room : new_alt_less) p_->rooms_without_alt.insert(room);
        for (const auto& room : alt_learned) p_->rooms_without_alt.erase(room);
        for (auto& room : new_rooms) p_->known_rooms.insert(std::move(room));
    }
    return out;
}

// The room of a newly stored event, written once: the SQLite store's upsert, decided here (its
// expressions all read the row as it was before the update).
result<void> mysql_store::upsert_room_for(const event& e) {
    auto& db = p_->db;
    const std::string key = my_key(e.room);
    std::optional<room_row> row;
    {
        auto q = p_->prep("SELECT platform, room_alt, first_ms, named_session, named_type FROM {rooms} WHERE room_key = ? "
                          "FOR UPDATE");
        if (!q) return failure{q.err()};
        statement st(db, *q);
        st.bind(key);
        auto r = detail::each_row(st, "database: reading a room", [&]() -> result<void> {
            row = room_row{static_cast<int>(st.i64(0)), st.text(1), st.opt_i64(2), st.opt_text(3), st.text(4)};
            return {};
        });
        if (!r) return r;
    }
    const auto named = parse_room_name(e.room, e.room_alt);
    const std::optional<std::string> ex_named = named ? std::optional<std::string>(named->session_id) : std::nullopt;
    const std::string ex_type = named ? named->type : std::string();
    if (!row) {
        auto q = p_->prep("INSERT INTO {rooms} (room_key, room, platform, room_alt, first_ms, named_session, named_type) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?)");
        if (!q) return failure{q.err()};
        statement st(db, *q);
        st.bind(key).bind(e.room).bind(static_cast<int>(e.source)).bind(e.room_alt).bind(to_unix_ms(e.at));
        st.bind_opt(ex_named).bind(ex_type);
        return st.execute("database: storing a room");
    }
    if (!(!row->first_ms || (row->room_alt.empty() && !e.room_alt.empty()))) return {};
    auto q = p_->prep("UPDATE {rooms} SET first_ms = ?, platform = ?, room_alt = ?, named_type = ?, named_session = ? "
                      "WHERE room_key = ?");
    if (!q) return failure{q.err()};
    statement st(db, *q);
    st.bind(row->first_ms.value_or(to_unix_ms(e.at)))
        .bind(row->first_ms ? row->platform : static_cast<int>(e.source))
        .bind(row->room_alt.empty() ? e.room_alt : row->room_alt)
        .bind(row->named_session ? row->named_type : ex_type)
        .bind_opt(row->named_session ? row->named_session : ex_named)
        .bind(key);
    return st.execute("database: storing a room");
}

namespace {

// The columns detail::event_from_row takes, in its order.
constexpr const char* events_of_room_sql =
    "SELECT kind, platform, room_alt, identity, connection, at_ms, joined_at_ms, dedup_key, display_name, email, "
    "role, non_person, detail, identity_keys, unresolved FROM {events} WHERE room_key = ?";
constexpr const char* host_events_of_room_sql =
    "SELECT kind, platform, room_alt, identity, connection, at_ms, joined_at_ms, dedup_key, display_name, email, "
    "role, non_person, detail, identity_keys, unresolved FROM {events} WHERE room_key = ? AND payload_id IS NULL";


}  // namespace

result<std::vector<event>> mysql_store::events_for_rooms(std::span<const std::string> rooms) {
    return p_->read([&]() -> result<std::vector<event>> {
        auto q = p_->prep(events_of_room_sql);
        if (!q) return failure{q.err()};
        std::vector<event> out;
        std::set<std::string_view> seen;
        for (const auto& room : rooms) {
            if (!seen.insert(room).second) continue;
            statement st(p_->db, *q);
            st.bind(my_key(room));
            auto r = detail::each_row(st, "database: reading events", [&]() -> result<void> {
                auto e = detail::event_from_row(st, room);
                if (!e) return failure{e.err()};
                out.push_back(std::move(*e));
                return {};
            });
            if (!r) return failure{r.err()};
        }
        return in_event_order(std::move(out));
    });
}

result<room_sources> mysql_store::sources_for_rooms(std::span<const std::string> rooms) {
    return p_->read([&]() -> result<room_sources> {
        auto host_q = p_->prep(host_events_of_room_sql);
        auto ids_q = p_->prep("SELECT DISTINCT payload_id FROM {events} WHERE room_key = ? AND payload_id IS NOT NULL");
        auto payload_q = p_->prep("SELECT platform, headers, body, request_url, received_ms FROM {payloads} WHERE id = ?");
        if (!host_q) return failure{host_q.err()};
        if (!ids_q) return failure{ids_q.err()};
        if (!payload_q) return failure{payload_q.err()};
        room_sources out;
        std::set<std::int64_t> ids;  // ordered: payloads come back in the order they were stored
        std::set<std::string_view> seen;
        for (const auto& room : rooms) {
            if (!seen.insert(room).second) continue;
            statement id_st(p_->db, *ids_q);
            id_st.bind(my_key(room));
            auto r = detail::each_row(id_st, "database: reading payload ids", [&]() -> result<void> {
                ids.insert(id_st.i64(0));
                return {};
            });
            if (!r) return failure{r.err()};
            statement host_st(p_->db, *host_q);
            host_st.bind(my_key(room));
            r = detail::each_row(host_st, "database: reading host events", [&]() -> result<void> {
                auto e = detail::event_from_row(host_st, room);
                if (!e) return failure{e.err()};
                out.host_events.push_back(std::move(*e));
                return {};
            });
            if (!r) return failure{r.err()};
        }
        out.host_events = in_event_order(std::move(out.host_events));
        for (const auto id : ids) {
            statement st(p_->db, *payload_q);
            st.bind(id);
            bool found = false;
            auto r = detail::each_row(st, "database: reading payloads", [&]() -> result<void> {
                const auto plat = st.i64(0);
                if (!in_range(plat, platform::link)) return bad_row("payloads");
                raw_payload p;
                p.source = static_cast<platform>(plat);
                p.headers_json = st.text(1);
                p.body = st.text(2);
                p.request_url = st.text(3);
                p.received_at = from_unix_ms(st.i64(4));
                out.payloads.push_back(std::move(p));
                found = true;
                return {};
            });
            if (!r) return failure{r.err()};
            if (!found) return bad_row("events");  // an event naming a payload that is gone
        }
        return out;
    });
}

}  // namespace rollcall::store
