// The PostgreSQL store's ingest path (payloads, events, rooms in one transaction) and event reads. The
// dedup rules are the SQLite store's, statement for statement: INSERT ... ON CONFLICT DO NOTHING on the
// same UNIQUE indexes.
#include "store/pg_store_impl.hpp"

#include <algorithm>

#include "crypto/crypto.hpp"
#include "rollcall/room_naming.hpp"
#include "store/event_order.hpp"

namespace rollcall::store {

using detail::bad_row;
using detail::in_range;

namespace {

std::string_view headers_or_empty(const std::string& h) {
    return h.empty() ? std::string_view("{}") : std::string_view(h);
}

}  // namespace

result<std::vector<item_outcome>> pg_store::ingest(std::span<const ingest_item> items) {
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
                const std::string hash = crypto::digest(crypto::hash_alg::sha256, pl.body);
                auto ins = db.exec(
                    "INSERT INTO payloads (platform, body_sha256, body, headers, request_url, received_ms, rejected, "
                    "reject_message, has_events) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                    "ON CONFLICT DO NOTHING RETURNING id",
                    {p_int(static_cast<int>(pl.source)), p_bytea(hash), p_bytea(pl.body),
                     p_bytea(headers_or_empty(pl.headers_json)), p_bytea(pl.request_url), p_int(to_unix_ms(pl.received_at)),
                     p_int(static_cast<int>(pl.rejected)), p_bytea(pl.reject_message), p_int(item.events.empty() ? 0 : 1)},
                    "database: storing a payload");
                if (!ins) return failure{ins.err()};
                if (ins->size() == 1) payload_id = ins->i64(0, 0);
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
                auto ins = db.exec(
                    "INSERT INTO events (payload_id, kind, platform, room, room_alt, identity, connection, at_ms, "
                    "joined_at_ms, dedup_key, display_name, email, role, non_person, detail, keys, unresolved) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) "
                    "ON CONFLICT DO NOTHING",
                    {p_opt(payload_id), p_int(static_cast<int>(e.kind)), p_int(static_cast<int>(e.source)), p_text(e.room),
                     p_text(e.room_alt), p_text(e.identity), p_text(e.connection), p_int(to_unix_ms(e.at)),
                     detail::p_opt_instant(e.joined_at),
                     p_text(e.dedup_key.empty() ? std::string_view(fallback) : std::string_view(e.dedup_key)),
                     p_bytea(e.display_name), p_bytea(e.email), p_int(static_cast<int>(e.who)), p_int(e.non_person ? 1 : 0),
                     p_bytea(e.detail), p_bytea(e.keys), p_int(e.unresolved ? 1 : 0)},
                    "database: storing an event");
                if (!ins) return failure{ins.err()};
                if (ins->affected() == 0) {
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
                const auto named = parse_room_name(e.room, e.room_alt);
                auto room = db.exec(
                    // Written once per room; a room first seen without its other id learns it from the
                    // first later event that carries one (as in the SQLite store).
                    "INSERT INTO rooms AS r (room, platform, room_alt, first_ms, named_session, named_type) "
                    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (room) DO UPDATE SET "
                    "first_ms = coalesce(r.first_ms, excluded.first_ms), "
                    "platform = CASE WHEN r.first_ms IS NULL THEN excluded.platform ELSE r.platform END, "
                    "room_alt = CASE WHEN r.room_alt = '' THEN excluded.room_alt ELSE r.room_alt END, "
                    "named_type = CASE WHEN r.named_session IS NULL THEN excluded.named_type ELSE r.named_type END, "
                    "named_session = coalesce(r.named_session, excluded.named_session) "
                    "WHERE r.first_ms IS NULL OR (r.room_alt = '' AND excluded.room_alt <> '')",
                    {p_text(e.room), p_int(static_cast<int>(e.source)), p_text(e.room_alt), p_int(to_unix_ms(e.at)),
                     named ? p_text(named->session_id) : p_null_text(),
                     named ? p_text(named->type) : p_text(std::string_view())},
                    "database: storing a room");
                if (!room) return failure{room.err()};
            }
            // A payload with events is new only through a new event: one whose every event was stored
            // before is a replay.
            if (payload_id && !item.events.empty() && o.events_stored == 0) {
                auto del = db.exec("DELETE FROM payloads WHERE id = $1", {p_int(*payload_id)},
                                   "database: dropping a replayed payload");
                if (!del) return failure{del.err()};
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

// The columns detail::event_from_row takes, in its order, in the SQLite store's row order (its primary
// key) so that ties of the sort fall the same way and reports stay byte-identical.
constexpr const char* events_of_room_sql =
    "SELECT kind, platform, room_alt, identity, connection, at_ms, joined_at_ms, dedup_key, display_name, email, "
    "role, non_person, detail, keys, unresolved FROM events WHERE room = $1 ORDER BY kind, connection, at_ms";
constexpr const char* host_events_of_room_sql =
    "SELECT kind, platform, room_alt, identity, connection, at_ms, joined_at_ms, dedup_key, display_name, email, "
    "role, non_person, detail, keys, unresolved FROM events WHERE room = $1 AND payload_id IS NULL "
    "ORDER BY kind, connection, at_ms";

// Row i of a result, as detail::event_from_row reads a row.
struct row_of {
    const detail::pg_rows& rows;
    int i;
    std::int64_t i64(int col) const noexcept { return rows.i64(i, col); }
    std::optional<std::int64_t> opt_i64(int col) const noexcept { return rows.opt_i64(i, col); }
    std::string text(int col) const { return rows.text(i, col); }
};


}  // namespace

result<std::vector<event>> pg_store::events_for_rooms(std::span<const std::string> rooms) {
    return p_->read([&]() -> result<std::vector<event>> {
        std::vector<event> out;
        std::set<std::string_view> seen;
        for (const auto& room : rooms) {
            if (!seen.insert(room).second) continue;
            auto rows = p_->db.exec(events_of_room_sql, {p_text(room)}, "database: reading events");
            if (!rows) return failure{rows.err()};
            for (int i = 0; i < rows->size(); ++i) {
                auto e = detail::event_from_row(row_of{*rows, i}, room);
                if (!e) return failure{e.err()};
                out.push_back(std::move(*e));
            }
        }
        return in_event_order(std::move(out));
    });
}

result<room_sources> pg_store::sources_for_rooms(std::span<const std::string> rooms) {
    return p_->read([&]() -> result<room_sources> {
        room_sources out;
        std::set<std::int64_t> ids;  // ordered: payloads come back in the order they were stored
        std::set<std::string_view> seen;
        for (const auto& room : rooms) {
            if (!seen.insert(room).second) continue;
            auto id_rows = p_->db.exec("SELECT DISTINCT payload_id FROM events WHERE room = $1 AND payload_id IS NOT NULL",
                                       {p_text(room)}, "database: reading payload ids");
            if (!id_rows) return failure{id_rows.err()};
            for (int i = 0; i < id_rows->size(); ++i) ids.insert(id_rows->i64(i, 0));
            auto host = p_->db.exec(host_events_of_room_sql, {p_text(room)}, "database: reading host events");
            if (!host) return failure{host.err()};
            for (int i = 0; i < host->size(); ++i) {
                auto e = detail::event_from_row(row_of{*host, i}, room);
                if (!e) return failure{e.err()};
                out.host_events.push_back(std::move(*e));
            }
        }
        out.host_events = in_event_order(std::move(out.host_events));
        for (const auto id : ids) {
            auto row = p_->db.exec("SELECT platform, headers, body, request_url, received_ms FROM payloads WHERE id = $1",
                                   {p_int(id)}, "database: reading payloads");
            if (!row) return failure{row.err()};
            if (row->empty()) return bad_row("events");  // an event naming a payload that is gone
            const auto plat = row->i64(0, 0);
            if (!in_range(plat, platform::link)) return bad_row("payloads");
            raw_payload p;
            p.source = static_cast<platform>(plat);
            p.headers_json = row->text(0, 1);
            p.body = row->text(0, 2);
            p.request_url = row->text(0, 3);
            p.received_at = from_unix_ms(row->i64(0, 4));
            out.payloads.push_back(std::move(p));
        }
        return out;
    });
}

}  // namespace rollcall::store
