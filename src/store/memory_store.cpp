#include "store/memory_store.hpp"

#include <algorithm>

#include "rollcall/lifecycle.hpp"
#include "rollcall/room_naming.hpp"

namespace rollcall::store {

struct memory_store::state {
    std::set<std::pair<platform, std::string>> eventless_bodies;  // accepted payloads that produced no event
    std::int64_t payloads = 0;                                     // accepted payloads kept
    std::set<std::pair<platform, std::string>> rejected_bodies;
    std::vector<event> events;
    std::vector<raw_payload> kept;          // accepted payloads, in the order stored
    std::vector<std::int64_t> payload_of;  // per event: its payload's index in `kept`, -1 for a host event
    std::set<std::tuple<platform, std::string, event_kind>> dedup_keys;
    std::set<std::tuple<event_kind, std::string, std::string, instant>> facts;
    std::map<std::string, std::vector<std::size_t>, std::less<>> events_by_room;
    std::map<std::string, room_record, std::less<>> rooms;
    std::map<std::string, session_record, std::less<>> sessions;
    std::map<std::string, std::string, std::less<>> usage_package;  // session id -> package
    std::map<std::string, link_record, std::less<>> links;
    std::int64_t rejected = 0, duplicates_skipped = 0, duplicate_payloads = 0;
    std::vector<change_record> changes;
    std::int64_t last_seq = 0;
    std::map<std::string, std::int64_t, std::less<>> cursors;
    std::set<std::pair<std::string, std::string>, std::less<>> meeting_links;  // (meeting, session id)
    std::map<std::string, instant, std::less<>> reports;                      // room -> first report stored
    std::map<std::tuple<std::string, key_kind, std::string>, std::string, std::less<>> aliases;  // (session, kind, value) -> person
    std::int64_t alias_changes = 0;
};

memory_store::memory_store() : s_(std::make_unique<state>()) {}
memory_store::~memory_store() = default;

result<void> memory_store::transaction(const std::function<result<void>()>& fn) {
    if (depth_ > 0) return fn();
    auto snapshot = std::make_unique<state>(*s_);
    ++depth_;
    result<void> r;
    try {
        r = fn();
    } catch (...) {
        --depth_;
        s_ = std::move(snapshot);
        throw;
    }
    --depth_;
    if (!r) s_ = std::move(snapshot);
    return r;
}

namespace {

void touch_room(std::map<std::string, room_record, std::less<>>& rooms, const event& e, bool first_event) {
    auto it = rooms.find(e.room);
    if (it == rooms.end()) {
        room_record r;
        r.room = e.room;
        r.source = e.source;
        r.room_alt = e.room_alt;
        r.first_at = r.last_at = e.at;
        if (auto n = parse_room_name(e.room, e.room_alt)) {
            r.named_session = n->session_id;
            r.named_type = n->type;
        }
        rooms.emplace(e.room, std::move(r));
        return;
    }
    auto& r = it->second;
    if (r.room_alt.empty()) r.room_alt = e.room_alt;
    if (first_event) {  // linked before any event arrived
        r.source = e.source;
        if (!r.named_session)
            if (auto n = parse_room_name(e.room, e.room_alt)) {
                r.named_session = n->session_id;
                r.named_type = n->type;
            }
        r.first_at = r.last_at = e.at;
        return;
    }
    r.first_at = std::min(r.first_at, e.at);
    r.last_at = std::max(r.last_at, e.at);
}

}  // namespace

result<std::vector<item_outcome>> memory_store::ingest(std::span<const ingest_item> items) {
    std::vector<item_outcome> out;
    out.reserve(items.size());
    for (const auto& item : items) {
        item_outcome o;
        const auto key = std::make_pair(item.payload.source, item.payload.body);
        if (item.payload.rejected != errc::ok) {
            ++s_->rejected;
            s_->rejected_bodies.insert(key);
            out.push_back(o);
            continue;
        }
        // As in SQLite schema 2: a payload with events is a replay exactly when all its events are,
        // one without events when its bytes were kept before.
        if (!item.host_event && item.events.empty()) {
            if (s_->eventless_bodies.insert(key).second) {
                ++s_->payloads;
                s_->kept.push_back(item.payload);
            } else {
                o.duplicate_payload = true;
            }
        }
        const std::int64_t payload_index = item.host_event ? -1 : static_cast<std::int64_t>(s_->kept.size());
        for (const auto& e : item.events) {
            const std::string dk = e.dedup_key.empty() ? fallback_dedup_key(e) : e.dedup_key;
            const auto fact = std::make_tuple(e.kind, e.room, e.connection, e.at);
            if (s_->dedup_keys.count({e.source, dk, e.kind}) || s_->facts.count(fact)) {
                ++o.events_duplicate;
                ++s_->duplicates_skipped;
                continue;
            }
            s_->dedup_keys.insert({e.source, dk, e.kind});
            s_->facts.insert(fact);
            event stored = e;
            stored.dedup_key = dk;
            auto& in_room = s_->events_by_room[e.room];
            in_room.push_back(s_->events.size());
            s_->events.push_back(std::move(stored));
            s_->payload_of.push_back(payload_index);
            touch_room(s_->rooms, e, in_room.size() == 1);
            ++o.events_stored;
        }
        if (!item.host_event && !item.events.empty()) {
            if (o.events_stored > 0) {
                ++s_->payloads;
                s_->kept.push_back(item.payload);
            } else {
                o.duplicate_payload = true;
            }
        }
        if (o.duplicate_payload) ++s_->duplicate_payloads;
        out.push_back(o);
    }
    return out;
}

result<std::vector<event>> memory_store::events_for_rooms(std::span<const std::string> rooms) {
    std::vector<event> out;
    std::set<std::string_view> seen;
    for (const auto& r : rooms) {
        if (!seen.insert(r).second) continue;
        auto it = s_->events_by_room.find(r);
        if (it == s_->events_by_room.end()) continue;
        for (auto i : it->second) out.push_back(s_->events[i]);
    }
    std::sort(out.begin(), out.end(), event_less);
    return out;
}

result<room_sources> memory_store::sources_for_rooms(std::span<const std::string> rooms) {
    room_sources out;
    std::set<std::int64_t> payloads;  // ordered: the order they were stored
    std::set<std::string_view> seen;
    for (const auto& r : rooms) {
        if (!seen.insert(r).second) continue;
        auto it = s_->events_by_room.find(r);
        if (it == s_->events_by_room.end()) continue;
        for (auto i : it->second) {
            if (s_->payload_of[i] < 0) out.host_events.push_back(s_->events[i]);
            else payloads.insert(s_->payload_of[i]);
        }
    }
    std::sort(out.host_events.begin(), out.host_events.end(), event_less);
    for (const auto i : payloads) out.payloads.push_back(s_->kept[static_cast<std::size_t>(i)]);
    return out;
}

result<std::optional<room_record>> memory_store::get_room(std::string_view room) {
    auto it = s_->rooms.find(room);
    if (it == s_->rooms.end()) return std::optional<room_record>{};
    return std::optional<room_record>{it->second};
}

result<std::vector<std::string>> memory_store::rooms_of_session(std::string_view session_id, std::string_view type) {
    std::vector<std::string> out;
    for (const auto& [name, r] : s_->rooms) {
        const bool linked = r.session_id && *r.session_id == session_id;
        const bool named = !r.session_id && r.named_session && *r.named_session == session_id && r.named_type == type;
        if (linked || named) out.push_back(name);
    }
    return out;
}

result<void> memory_store::link_room(std::string_view room, std::string_view session_id) {
    if (room.empty()) return fail(errc::invalid_argument, "room: must not be empty");
    if (!s_->sessions.count(session_id)) return fail(errc::not_found, "no session '" + std::string(session_id) + "'");
    auto it = s_->rooms.find(room);
    if (it == s_->rooms.end()) {
        room_record r;
        r.room = std::string(room);
        if (auto n = parse_room_name(room)) {
            r.named_session = n->session_id;
            r.named_type = n->type;
        }
        it = s_->rooms.emplace(std::string(room), std::move(r)).first;
    }
    if (it->second.session_id && *it->second.session_id != session_id)
        return fail(errc::already_exists, "room '" + std::string(room) + "' is linked to session '" +
                                              *it->second.session_id + "'");
    it->second.session_id = std::string(session_id);
    return {};
}

result<void> memory_store::link_meeting(std::string_view meeting, std::string_view session_id) {
    if (meeting.empty()) return fail(errc::invalid_argument, "meeting: must not be empty");
    if (!s_->sessions.count(session_id)) return fail(errc::not_found, "no session '" + std::string(session_id) + "'");
    s_->meeting_links.emplace(std::string(meeting), std::string(session_id));
    return {};
}

result<std::vector<std::string>> memory_store::sessions_of_meeting(std::string_view meeting) {
    std::vector<std::string> out;
    for (const auto& [m, id] : s_->meeting_links)
        if (m == meeting) out.push_back(id);
    return out;
}

result<std::vector<room_record>> memory_store::rooms_with_alt(platform source, std::string_view alt) {
    std::vector<room_record> out;
    if (alt.empty()) return out;
    for (const auto& [name, r] : s_->rooms)
        if (r.source == source && r.room_alt == alt && s_->events_by_room.count(name)) out.push_back(r);
    return out;
}

result<void> memory_store::mark_report(std::string_view room, instant at) {
    if (room.empty()) return fail(errc::invalid_argument, "room: must not be empty");
    s_->reports.emplace(std::string(room), at);
    return {};
}

result<std::vector<room_record>> memory_store::rooms_report_due(platform source, instant ended_by) {
    std::map<std::string, room_record, std::less<>> ended;  // room -> record with last_at = its first room_end
    for (const auto& e : s_->events) {
        if (e.kind != event_kind::room_end || e.source != source || e.at > ended_by || s_->reports.count(e.room)) continue;
        auto [it, fresh] = ended.try_emplace(e.room);
        room_record& r = it->second;
        if (fresh || e.at < r.last_at) r.last_at = e.at;
        if (r.room_alt.empty()) r.room_alt = e.room_alt;
        r.room = e.room;
        r.source = source;
        if (auto room = s_->rooms.find(e.room); room != s_->rooms.end()) {
            r.first_at = room->second.first_at;
            if (r.room_alt.empty()) r.room_alt = room->second.room_alt;
        }
    }
    std::vector<room_record> out;
    for (auto& [name, r] : ended) out.push_back(std::move(r));
    std::stable_sort(out.begin(), out.end(), [](const room_record& a, const room_record& b) { return a.last_at < b.last_at; });
    return out;
}

result<void> memory_store::insert_session(const session_record& rec) {
    if (rec.spec.id.empty()) return fail(errc::invalid_argument, "session id: must not be empty");
    if (s_->sessions.count(rec.spec.id)) return fail(errc::already_exists, "session '" + rec.spec.id + "' exists");
    return transaction([&]() -> result<void> {
        session_record copy = rec;
        std::sort(copy.spec.rooms.begin(), copy.spec.rooms.end());
        copy.spec.rooms.erase(std::unique(copy.spec.rooms.begin(), copy.spec.rooms.end()), copy.spec.rooms.end());
        copy.spec.meetings.clear();  // kept in meeting_links, like rooms in the rooms map
        s_->sessions.emplace(copy.spec.id, copy);
        for (const auto& room : copy.spec.rooms)
            if (auto r = link_room(room, copy.spec.id); !r) return r;
        for (const auto& meeting : rec.spec.meetings)
            if (auto r = link_meeting(meeting, copy.spec.id); !r) return r;
        return {};
    });
}

result<void> memory_store::update_session_spec(const session_spec& spec, instant updated_at) {
    auto it = s_->sessions.find(spec.id);
    if (it == s_->sessions.end()) return fail(errc::not_found, "no session '" + spec.id + "'");
    return transaction([&]() -> result<void> {
        for (const auto& room : spec.rooms)
            if (auto r = link_room(room, spec.id); !r) return r;
        for (const auto& meeting : spec.meetings)
            if (auto r = link_meeting(meeting, spec.id); !r) return r;
        auto& rec = s_->sessions.find(spec.id)->second;
        std::vector<std::string> rooms = rec.spec.rooms;
        rooms.insert(rooms.end(), spec.rooms.begin(), spec.rooms.end());
        std::sort(rooms.begin(), rooms.end());
        rooms.erase(std::unique(rooms.begin(), rooms.end()), rooms.end());
        rec.spec = spec;
        rec.spec.rooms = std::move(rooms);
        rec.spec.meetings.clear();
        rec.updated_at = updated_at;
        return {};
    });
}

result<std::optional<session_record>> memory_store::get_session(std::string_view id) {
    auto it = s_->sessions.find(id);
    if (it == s_->sessions.end()) return std::optional<session_record>{};
    session_record rec = it->second;
    rec.spec.rooms.clear();
    for (const auto& [name, r] : s_->rooms)
        if (r.session_id && *r.session_id == id) rec.spec.rooms.push_back(name);
    rec.spec.meetings.clear();
    for (const auto& [meeting, session] : s_->meeting_links)
        if (session == id) rec.spec.meetings.push_back(meeting);
    return std::optional<session_record>{std::move(rec)};
}

result<std::vector<session_record>> memory_store::list_sessions(const session_filter& f) {
    std::vector<session_record> out;
    for (const auto& [id, rec] : s_->sessions) {
        const auto& sp = rec.spec;
        if (f.teacher && (!sp.teacher || *sp.teacher != *f.teacher)) continue;
        if (f.type && sp.type != *f.type) continue;
        if (f.status && rec.status != *f.status) continue;
        if (f.only_open && is_terminal(rec.status)) continue;
        if (f.only_unscheduled && sp.scheduled_start) continue;
        if ((f.from || f.to) && !sp.scheduled_start) continue;
        if (f.from && *sp.scheduled_start < *f.from) continue;
        if (f.to && *sp.scheduled_start >= *f.to) continue;
        auto full = get_session(id);
        if (!full) return failure{full.err()};
        out.push_back(std::move(**full));
    }
    std::stable_sort(out.begin(), out.end(), [](const session_record& a, const session_record& b) {
        const auto& sa = a.spec.scheduled_start;
        const auto& sb = b.spec.scheduled_start;
        if (sa.has_value() != sb.has_value()) return sa.has_value();
        if (sa && *sa != *sb) return *sa < *sb;
        return a.spec.id < b.spec.id;
    });
    return out;
}

result<bool> memory_store::record_transition(std::string_view id, const status_change& change) {
    auto it = s_->sessions.find(id);
    if (it == s_->sessions.end()) return fail(errc::not_found, "no session '" + std::string(id) + "'");
    if (it->second.status != change.from) return false;
    it->second.status = change.to;
    it->second.status_reason = change.reason;
    it->second.history.push_back(change);
    it->second.updated_at = std::max(it->second.updated_at, change.at);
    if (auto r = append_change(session_status_change(id, change)); !r) return failure{r.err()};
    return true;
}

result<bool> memory_store::count_usage(std::string_view session_id, std::string_view package, instant at) {
    if (!s_->sessions.count(session_id)) return fail(errc::not_found, "no session '" + std::string(session_id) + "'");
    if (!s_->usage_package.emplace(std::string(session_id), std::string(package)).second) return false;
    if (auto r = append_change(usage_change(session_id, package, s_->sessions.find(session_id)->second.status, at)); !r)
        return failure{r.err()};
    return true;
}

result<package_usage> memory_store::usage(std::string_view package) {
    package_usage u;
    u.package = std::string(package);
    for (const auto& [id, pkg] : s_->usage_package)
        if (pkg == package) u.session_ids.push_back(id);
    return u;
}

result<void> memory_store::insert_link(const link_record& link) {
    if (link.token.empty()) return fail(errc::invalid_argument, "link token: must not be empty");
    if (link.session_id && !s_->sessions.count(*link.session_id))
        return fail(errc::not_found, "link session_id: no session '" + *link.session_id + "'");
    if (!s_->links.emplace(link.token, link).second) return fail(errc::already_exists, "a link with this token exists");
    return {};
}

result<void> memory_store::update_link(const link_record& link) {
    auto it = s_->links.find(link.token);
    if (it == s_->links.end()) return fail(errc::not_found, "no such link");
    auto& l = it->second;
    if (l.status != link.status)
        if (auto r = append_change(link_status_change(l, link)); !r) return r;
    l.status = link.status;
    l.clicked_at = link.clicked_at;
    l.last_heartbeat = link.last_heartbeat;
    l.ended_at = link.ended_at;
    return {};
}

result<std::optional<link_record>> memory_store::get_link(std::string_view token) {
    auto it = s_->links.find(token);
    if (it == s_->links.end()) return std::optional<link_record>{};
    return std::optional<link_record>{it->second};
}

result<std::vector<link_record>> memory_store::active_links() {
    link_filter f;
    f.status = link_status::active;
    return list_links(f);
}

result<std::vector<link_record>> memory_store::list_links(const link_filter& f) {
    std::vector<link_record> out;
    for (const auto& [token, l] : s_->links) {
        if (f.teacher && l.teacher != *f.teacher) continue;
        if (f.student && l.student != *f.student) continue;
        if (f.status && l.status != *f.status) continue;
        if (f.session_id && l.session_id != f.session_id) continue;
        if (f.from && l.sent_at < *f.from) continue;
        if (f.to && l.sent_at >= *f.to) continue;
        out.push_back(l);
    }
    std::stable_sort(out.begin(), out.end(), [](const link_record& a, const link_record& b) {
        return a.sent_at != b.sent_at ? a.sent_at < b.sent_at : a.token < b.token;
    });
    return out;
}

result<void> memory_store::append_change(const change_record& change) {
    s_->changes.push_back(change);
    s_->changes.back().seq = ++s_->last_seq;
    return {};
}

result<std::vector<change_record>> memory_store::changes(std::int64_t after, std::size_t limit) {
    auto it = std::upper_bound(s_->changes.begin(), s_->changes.end(), after,
                               [](std::int64_t seq, const change_record& c) { return seq < c.seq; });
    std::vector<change_record> out;
    for (; it != s_->changes.end() && out.size() < limit; ++it) out.push_back(*it);
    return out;
}

result<std::int64_t> memory_store::last_change_seq() { return s_->last_seq; }

result<std::int64_t> memory_store::change_cursor(std::string_view consumer) {
    auto it = s_->cursors.find(consumer);
    return it == s_->cursors.end() ? std::int64_t{0} : it->second;
}

result<void> memory_store::set_change_cursor(std::string_view consumer, std::int64_t seq) {
    s_->cursors.insert_or_assign(std::string(consumer), seq);
    return {};
}

result<store_stats> memory_store::stats() {
    store_stats st;
    st.payloads = s_->payloads;
    st.rejected = s_->rejected;
    st.rejected_payloads = static_cast<std::int64_t>(s_->rejected_bodies.size());
    st.events = static_cast<std::int64_t>(s_->events.size());
    st.duplicates_skipped = s_->duplicates_skipped;
    st.duplicate_payloads = s_->duplicate_payloads;
    st.rooms = static_cast<std::int64_t>(s_->rooms.size());
    st.sessions = static_cast<std::int64_t>(s_->sessions.size());
    st.links = static_cast<std::int64_t>(s_->links.size());
    st.counted_sessions = static_cast<std::int64_t>(s_->usage_package.size());
    st.changes = s_->last_seq;
    st.schema_version = 0;
    return st;
}

result<bool> memory_store::put_alias(const alias& a) {
    if (a.person.empty() || a.value.empty()) return fail(errc::invalid_argument, "alias: person and value must not be empty");
    auto [it, inserted] = s_->aliases.try_emplace({a.session, a.kind, a.value}, a.person);
    if (inserted) {
        ++s_->alias_changes;
        return true;
    }
    if (it->second == a.person) return false;
    return fail(errc::already_exists, std::string(to_string(a.kind)) + " '" + a.value + "' already names '" + it->second +
                                          "'" + (a.session.empty() ? "" : " in session '" + a.session + "'") +
                                          ": remove that alias first");
}

result<bool> memory_store::remove_alias(key_kind kind, std::string_view value, std::string_view session) {
    const bool removed = s_->aliases.erase({std::string(session), kind, std::string(value)}) > 0;
    if (removed) ++s_->alias_changes;
    return removed;
}

result<std::vector<alias>> memory_store::list_aliases(const alias_filter& filter) {
    std::vector<alias> out;
    for (const auto& [key, person] : s_->aliases) {
        const auto& [session, kind, value] = key;
        if (filter.person && *filter.person != person) continue;
        if (filter.session && *filter.session != session) continue;
        out.push_back({person, kind, value, session});
    }
    return out;  // the map's order: session, kind, value
}

result<std::int64_t> memory_store::alias_stamp() { return s_->alias_changes; }

}  // namespace rollcall::store
