// The SQLite store's ingest hot path (payloads, events, rooms in one transaction) and event reads.
#include "store/sqlite_store_impl.hpp"

#include <algorithm>
#include <set>

#include "crypto/crypto.hpp"
#include "rollcall/room_naming.hpp"
#include "store/event_order.hpp"

namespace rollcall::store {

using detail::in_range;
using detail::bad_row;
using detail::bind_opt_instant;

// ---------------------------------------------------------------------------------------------- ingest

namespace {

std::string_view headers_or_empty(const std::string& h) {
    return h.empty() ? std::string_view("{}") : std::string_view(h);
}

// crypto::digest fetches the algorithm once per process: a per-call lookup cost more than hashing the
// body itself.
std::string body_sha256(std::string_view body) { return crypto::digest(crypto::hash_alg::sha256, body); }

}  // namespace

result<std::vector<item_outcome>> sqlite_store::ingest(std::span<const ingest_item> items) {
    std::vector<item_outcome> out;
    out.reserve(items.size());
    std::vector<std::string> new_rooms, new_alt_less, alt_learned;
    const bool outermost = p_->depth == 0;
    auto r = transaction([&]() -> result<void> {
        out.clear();
        auto& db = p_->db;
        auto ins_payload = p_->held(p_->ins_payload,
            "INSERT OR IGNORE INTO payloads (platform, body_sha256, body, headers, request_url, received_ms, rejected, "
            "reject_message, has_events) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
        auto del_payload = p_->held(p_->del_payload, "DELETE FROM payloads WHERE id = ?1");
        auto ins_event = p_->held(p_->ins_event,
            "INSERT OR IGNORE INTO events (payload_id, kind, platform, room, room_alt, identity, connection, at_ms, "
            "joined_at_ms, dedup_key, display_name, email, role, non_person, detail, keys, unresolved) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
        auto upsert_room = p_->held(p_->upsert_room,
            // Written once per room: a known room costs a read, not a page write, per event.
            "INSERT INTO rooms (room, platform, room_alt, first_ms, named_session, named_type) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (room) DO UPDATE SET "
            // A room first seen without its other id (a Zoom report page names only the uuid) learns it
            // from the first later event that carries one (see rooms_without_alt).
            "first_ms = coalesce(first_ms, excluded.first_ms), "
            "platform = CASE WHEN first_ms IS NULL THEN excluded.platform ELSE platform END, "
            "room_alt = CASE WHEN room_alt = '' THEN excluded.room_alt ELSE room_alt END, "
            "named_type = CASE WHEN named_session IS NULL THEN excluded.named_type ELSE named_type END, "
            "named_session = coalesce(named_session, excluded.named_session) "
            "WHERE first_ms IS NULL OR (room_alt = '' AND excluded.room_alt <> '')");
        if (!ins_payload) return failure{ins_payload.err()};
        if (!ins_event) return failure{ins_event.err()};
        if (!upsert_room) return failure{upsert_room.err()};
        if (!del_payload) return failure{del_payload.err()};
        std::int64_t rejected = 0, dup_events = 0, dup_payloads = 0;
        new_rooms.clear();
        new_alt_less.clear();
        alt_learned.clear();
        for (const auto& item : items) {
            item_outcome o;
            const auto& pl = item.payload;
            std::optional<std::int64_t> payload_id;
            if (!item.host_event) {
                const std::string hash = body_sha256(pl.body);
                const std::string_view headers = headers_or_empty(pl.headers_json);
                statement st(*ins_payload);
                st.bind(1, static_cast<int>(pl.source))
                    .bind_blob(2, hash)
                    .bind_blob(3, pl.body)
                    .bind(4, headers)
                    .bind(5, pl.request_url)
                    .bind(6, to_unix_ms(pl.received_at))
                    .bind(7, static_cast<int>(pl.rejected))
                    .bind(8, pl.reject_message)
                    .bind(9, item.events.empty() ? 0 : 1);
                if (int rc = st.step(); rc != SQLITE_DONE) return db.error(rc, "database: storing a payload");
                if (sqlite3_changes(db.handle()) == 1) payload_id = sqlite3_last_insert_rowid(db.handle());
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
                statement st(*ins_event);
                st.bind_opt(1, payload_id)
                    .bind(2, static_cast<int>(e.kind))
                    .bind(3, static_cast<int>(e.source))
                    .bind(4, e.room)
                    .bind(5, e.room_alt)
                    .bind(6, e.identity)
                    .bind(7, e.connection)
                    .bind(8, to_unix_ms(e.at));
                if (e.joined_at) st.bind(9, to_unix_ms(*e.joined_at));
                else st.bind_null(9);
                st.bind(10, e.dedup_key.empty() ? std::string_view(fallback) : std::string_view(e.dedup_key))
                    .bind(11, e.display_name)
                    .bind(12, e.email)
                    .bind(13, static_cast<int>(e.who))
                    .bind(14, e.non_person ? 1 : 0)
                    .bind(15, e.detail)
                    .bind(16, e.keys)
                    .bind(17, e.unresolved ? 1 : 0);
                if (int rc = st.step(); rc != SQLITE_DONE) return db.error(rc, "database: storing an event");
                if (sqlite3_changes(db.handle()) == 0) {
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
                statement rs(*upsert_room);
                const auto named = parse_room_name(e.room, e.room_alt);
                rs.bind(1, e.room).bind(2, static_cast<int>(e.source)).bind(3, e.room_alt).bind(4, to_unix_ms(e.at));
                if (named) rs.bind(5, named->session_id).bind(6, named->type);
                else rs.bind_null(5).bind(6, std::string_view());
                if (int rc = rs.step(); rc != SQLITE_DONE) return db.error(rc, "database: storing a room");
            }
            // A payload with events is new only through a new event (schema 2 indexes the bytes of
            // payloads without events alone): one whose every event was stored before is a replay.
            if (payload_id && !item.events.empty() && o.events_stored == 0) {
                statement del(*del_payload);
                del.bind(1, *payload_id);
                if (int rc = del.step(); rc != SQLITE_DONE) return db.error(rc, "database: dropping a replayed payload");
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
    // Inside an outer transaction the commit is not ours to see: leave the cache alone.
    if (outermost) {
        for (auto& room : new_alt_less) p_->rooms_without_alt.insert(room);
        for (const auto& room : alt_learned) p_->rooms_without_alt.erase(room);
        for (auto& room : new_rooms) p_->known_rooms.insert(std::move(room));
    }
    return out;
}

namespace {

// The columns every event read selects, in the order detail::event_from_row takes them; a schema before
// 4 (no identity keys yet: a read-only open of an old file) lacks the last two, and its events keep
// their identity.
constexpr const char* event_columns_v4 =
    "kind, platform, room_alt, identity, connection, at_ms, joined_at_ms, dedup_key, display_name, email, role, "
    "non_person, detail, keys, unresolved";
constexpr const char* event_columns_v1 =
    "kind, platform, room_alt, identity, connection, at_ms, joined_at_ms, dedup_key, display_name, email, role, "
    "non_person, detail";


}  // namespace

result<std::vector<event>> sqlite_store::events_for_rooms(std::span<const std::string> rooms) {
    return p_->read([&]() -> result<std::vector<event>> {
        const bool has_keys = schema_version_ >= 4;
        const std::string sql = std::string("SELECT ") + (has_keys ? event_columns_v4 : event_columns_v1) +
                                " FROM events WHERE room = ?1";
        auto q = p_->prep(sql.c_str());
        if (!q) return failure{q.err()};
        std::vector<event> out;
        std::set<std::string_view> seen;
        for (const auto& room : rooms) {
            if (!seen.insert(room).second) continue;
            statement st(*q);
            st.bind(1, room);
            int rc;
            while ((rc = st.step()) == SQLITE_ROW) {
                auto e = detail::event_from_row(st, room, has_keys);
                if (!e) return failure{e.err()};
                out.push_back(std::move(*e));
            }
            if (rc != SQLITE_DONE) return p_->db.error(rc, "database: reading events");
        }
        return in_event_order(std::move(out));
    });
}

result<room_sources> sqlite_store::sources_for_rooms(std::span<const std::string> rooms) {
    return p_->read([&]() -> result<room_sources> {
        const bool has_keys = schema_version_ >= 4;
        const std::string host_sql = std::string("SELECT ") + (has_keys ? event_columns_v4 : event_columns_v1) +
                                     " FROM events WHERE room = ?1 AND payload_id IS NULL";
        auto host_q = p_->prep(host_sql.c_str());
        auto ids_q = p_->prep("SELECT DISTINCT payload_id FROM events WHERE room = ?1 AND payload_id IS NOT NULL");
        auto payload_q = p_->prep("SELECT platform, headers, body, request_url, received_ms FROM payloads WHERE id = ?1");
        if (!host_q) return failure{host_q.err()};
        if (!ids_q) return failure{ids_q.err()};
        if (!payload_q) return failure{payload_q.err()};
        room_sources out;
        std::set<std::int64_t> ids;  // ordered: payloads come back in the order they were stored
        std::set<std::string_view> seen;
        for (const auto& room : rooms) {
            if (!seen.insert(room).second) continue;
            statement ids_st(*ids_q);
            ids_st.bind(1, room);
            int rc;
            while ((rc = ids_st.step()) == SQLITE_ROW) ids.insert(ids_st.i64(0));
            if (rc != SQLITE_DONE) return p_->db.error(rc, "database: reading payload ids");
            statement host_st(*host_q);
            host_st.bind(1, room);
            while ((rc = host_st.step()) == SQLITE_ROW) {
                auto e = detail::event_from_row(host_st, room, has_keys);
                if (!e) return failure{e.err()};
                out.host_events.push_back(std::move(*e));
            }
            if (rc != SQLITE_DONE) return p_->db.error(rc, "database: reading host events");
        }
        out.host_events = in_event_order(std::move(out.host_events));
        for (const auto id : ids) {
            statement st(*payload_q);
            st.bind(1, id);
            if (const int rc = st.step(); rc != SQLITE_ROW) {
                if (rc == SQLITE_DONE) return bad_row("events");  // an event naming a payload that is gone
                return p_->db.error(rc, "database: reading payloads");
            }
            const auto plat = st.i64(0);
            if (!in_range(plat, platform::link)) return bad_row("payloads");
            raw_payload p;
            p.source = static_cast<platform>(plat);
            p.headers_json = st.text(1);
            p.body = st.text(2);
            p.request_url = st.text(3);
            p.received_at = from_unix_ms(st.i64(4));
            out.payloads.push_back(std::move(p));
        }
        return out;
    });
}

}  // namespace rollcall::store
