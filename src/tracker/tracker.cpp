#include "tracker/tracker.hpp"

#include <algorithm>

#include "rollcall/evaluate.hpp"
#include "rollcall/json_writer.hpp"
#include "store/memory_store.hpp"
#include "store/open_store.hpp"
#include "tracker/meetings.hpp"
#include "tracker/report_merge.hpp"
#include "tracker/tracker_impl.hpp"

namespace rollcall::tracker {

tracker::tracker(std::unique_ptr<store::store> db, tracker_config config) : p_(std::make_unique<impl>()) {
    p_->db = std::move(db);
    p_->cfg = std::move(config);
}
tracker::tracker(tracker&&) noexcept = default;
tracker& tracker::operator=(tracker&&) noexcept = default;
tracker::~tracker() = default;

result<tracker> tracker::open_sqlite(const std::string& path, tracker_config config, const store::sqlite_options& options) {
    auto db = store::sqlite_store::open(path, options);
    if (!db) return failure{db.err()};
    return tracker(std::move(*db), std::move(config));
}

result<tracker> tracker::open(const std::string& location, tracker_config config, const store::sqlite_options& options) {
    auto db = store::open_store(location, options);
    if (!db) return failure{db.err()};
    return tracker(std::move(*db), std::move(config));
}

tracker tracker::in_memory(tracker_config config) {
    return tracker(std::make_unique<store::memory_store>(), std::move(config));
}

const tracker_config& tracker::config() const noexcept { return p_->cfg; }
store::store& tracker::storage() noexcept { return *p_->db; }
const policy& tracker::policy_for(std::string_view type) const { return p_->cfg.policies.for_type(type); }
result<store::store_stats> tracker::stats() { return p_->db->stats(); }
result<store::package_usage> tracker::usage(std::string_view package) { return p_->db->usage(package); }

// ---------------------------------------------------------------------------------------------- ingest

namespace {

std::string headers_json(const sources::header_list& headers) {
    json_writer w;
    w.begin_object();
    for (const auto& [k, v] : headers.items()) w.field(k, v);
    w.end_object();
    return std::move(w).str();
}

// Verifies and parses; a failure becomes a rejected item, never an error.
store::ingest_item prepare(const tracker_config& cfg, const ingest_request& rq, ingest_result& res) {
    store::ingest_item item;
    item.payload.source = rq.source;
    item.payload.headers_json = headers_json(rq.headers);
    item.payload.body = rq.body;
    item.payload.request_url = rq.request_url;
    item.payload.received_at = rq.received_at;
    sources::request req;
    req.source = rq.source;
    req.headers = rq.headers;
    req.body = rq.body;
    req.request_url = rq.request_url;
    req.now = rq.received_at;
    auto parsed = sources::parse_request(cfg.verify, req);
    if (!parsed) {
        res.status = ingest_status::rejected;
        res.code = parsed.err().code;
        res.message = parsed.err().message;
        item.payload.rejected = res.code == errc::ok ? errc::internal_error : res.code;
        item.payload.reject_message = res.message;
        return item;
    }
    res.event_name = parsed->event_name;
    res.response_body = std::move(parsed->response_body);
    item.events = std::move(parsed->events);
    for (const auto& e : item.events) {
        room_key k{e.room, e.room_alt};
        if (std::find(res.rooms.begin(), res.rooms.end(), k) == res.rooms.end()) res.rooms.push_back(std::move(k));
    }
    std::sort(res.rooms.begin(), res.rooms.end());
    return item;
}

}  // namespace

void finish_ingest(ingest_result& res, const store::item_outcome& o) {
    if (res.status == ingest_status::rejected) return;
    res.events_stored = o.events_stored;
    res.events_duplicate = o.events_duplicate;
    // A replayed payload, or one whose every event was known: nothing new.
    const bool nothing_new = o.events_stored == 0 && (o.duplicate_payload || o.events_duplicate > 0);
    res.status = nothing_new ? ingest_status::duplicate : ingest_status::stored;
}

result<ingest_result> tracker::ingest(const ingest_request& request) {
    ingest_result res;
    const store::ingest_item item = prepare(p_->cfg, request, res);
    auto out = p_->db->ingest(std::span<const store::ingest_item>(&item, 1));
    if (!out) return failure{out.err()};
    finish_ingest(res, out->front());
    return res;
}

result<batch_result> tracker::ingest_batch(std::span<const ingest_request> requests) {
    batch_result b;
    b.requests = requests.size();
    b.items.resize(requests.size());
    std::vector<store::ingest_item> items;
    items.reserve(requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i) items.push_back(prepare(p_->cfg, requests[i], b.items[i]));
    auto out = p_->db->ingest(items);
    if (!out) return failure{out.err()};
    for (std::size_t i = 0; i < requests.size(); ++i) {
        auto& r = b.items[i];
        finish_ingest(r, (*out)[i]);
        b.events_stored += r.events_stored;
        b.events_duplicate += r.events_duplicate;
        switch (r.status) {
            case ingest_status::stored: ++b.stored; break;
            case ingest_status::duplicate: ++b.duplicates; break;
            case ingest_status::rejected: ++b.rejected; break;
        }
    }
    return b;
}

// ---------------------------------------------------------------------------------------------- sessions

namespace {

result<void> check_spec(const session_spec& spec) {
    if (spec.id.empty()) return fail(errc::invalid_argument, "session id: must not be empty");
    if (spec.type.empty()) return fail(errc::invalid_argument, "session type: must not be empty");
    if (spec.scheduled_start.has_value() != spec.scheduled_end.has_value())
        return fail(errc::invalid_argument, "session schedule: give both scheduled_start and scheduled_end, or neither");
    if (spec.scheduled_start && *spec.scheduled_end <= *spec.scheduled_start)
        return fail(errc::invalid_argument, "session scheduled_end: must be after scheduled_start");
    if (spec.rate_minor < 0) return fail(errc::invalid_argument, "session rate: must not be negative");
    if (spec.rate != rate_kind::none && spec.currency.empty())
        return fail(errc::invalid_argument, "session currency: required with a rate");
    for (const auto& room : spec.rooms)
        if (room.empty()) return fail(errc::invalid_argument, "session rooms: a room name must not be empty");
    return {};
}

}  // namespace

result<session_spec> tracker::impl::full_spec(const store::session_record& rec) {
    session_spec spec = rec.spec;
    auto rooms = db->rooms_of_session(spec.id, spec.type);
    if (!rooms) return failure{rooms.err()};
    spec.rooms = std::move(*rooms);
    auto instances = meeting_instances(rec);
    if (!instances) return failure{instances.err()};
    if (!instances->empty()) {
        spec.rooms.insert(spec.rooms.end(), instances->begin(), instances->end());
        std::sort(spec.rooms.begin(), spec.rooms.end());
        spec.rooms.erase(std::unique(spec.rooms.begin(), spec.rooms.end()), spec.rooms.end());
    }
    return spec;
}

result<std::vector<std::string>> tracker::impl::meeting_instances(const store::session_record& rec) {
    std::vector<std::string> out;
    for (const auto& meeting : rec.spec.meetings) {
        const std::string_view id = zoom_meeting_id(meeting);
        if (id.empty()) continue;
        auto instances = db->rooms_with_alt(platform::zoom, id);
        if (!instances) return failure{instances.err()};
        if (instances->empty()) continue;
        auto candidates = candidates_of(meeting, &rec);
        if (!candidates) return failure{candidates.err()};
        for (const auto& room : *instances) {
            if (room.session_id) continue;  // linked explicitly: rooms_of_session has it where it belongs
            if (owner_of_instance(*candidates, room.first_at) == rec.spec.id) out.push_back(room.room);
        }
    }
    return out;
}

result<std::vector<meeting_candidate>> tracker::impl::candidates_of(std::string_view meeting,
                                                                     const store::session_record* self) {
    // Every session linked to the meeting competes for each instance, so that a recurring meeting's
    // instances are shared out the same way whichever session is asked.
    auto linked = db->sessions_of_meeting(meeting);
    if (!linked) return failure{linked.err()};
    std::vector<meeting_candidate> candidates;
    for (const auto& sid : *linked) {
        store::session_record other;
        if (self && sid == self->spec.id) {
            other = *self;
        } else {
            auto got = db->get_session(sid);
            if (!got) return failure{got.err()};
            if (!*got) continue;
            other = std::move(**got);
        }
        candidates.push_back({other.spec.id, other.spec.has_schedule() ? other.spec.scheduled_start : std::nullopt,
                              other.created_at,
                              window_of(other.spec, other.created_at, cfg.policies.for_type(other.spec.type))});
    }
    return candidates;
}

std::vector<std::string> tracker::impl::unlinked_rooms(const session_spec& spec, std::span<const event> events) {
    std::vector<std::string> seen, alts, out;
    for (const auto& e : events) {
        seen.push_back(e.room);
        if (e.source == platform::zoom && !e.room_alt.empty()) alts.push_back(e.room_alt);
    }
    std::sort(seen.begin(), seen.end());
    std::sort(alts.begin(), alts.end());
    for (const auto& room : spec.rooms)
        if (!std::binary_search(seen.begin(), seen.end(), room)) out.push_back(room);
    for (const auto& meeting : spec.meetings)
        if (!std::binary_search(alts.begin(), alts.end(), std::string(zoom_meeting_id(meeting)))) out.push_back(meeting);
    std::sort(out.begin(), out.end());
    return out;
}

result<std::vector<event>> tracker::impl::events_of(const session_spec& spec) {
    if (spec.rooms.empty()) return std::vector<event>{};
    auto events = db->events_for_rooms(spec.rooms);
    if (!events) return events;
    merge_report_rows(*events);
    return events;
}

result<session_result> tracker::impl::evaluate(const store::session_record& rec, instant now) {
    auto spec = full_spec(rec);
    if (!spec) return failure{spec.err()};
    return evaluate(*spec, rec, now);
}

result<session_result> tracker::impl::evaluate(const session_spec& spec, const store::session_record& rec, instant now) {
    auto events = events_of(spec);
    if (!events) return failure{events.err()};
    return evaluate(spec, rec, now, *events);
}

result<session_result> tracker::impl::evaluate(const session_spec& spec, const store::session_record& rec, instant now,
                                               std::span<const event> events) {
    alias_table session_aliases;
    auto aliases = aliases_for(spec.id, session_aliases);
    if (!aliases) return failure{aliases.err()};
    auto r = evaluate_session(spec, events, cfg.policies.for_type(spec.type), now, rec.status, rec.status_reason, *aliases);
    r.unlinked_rooms = unlinked_rooms(spec, events);
    return r;
}

result<std::pair<std::size_t, bool>> tracker::impl::persist(const store::session_record& rec, const session_result& r,
                                                           instant now) {
    std::size_t recorded = 0;
    for (const auto& change : r.transitions) {
        auto ok = db->record_transition(rec.spec.id, change);
        if (!ok) return failure{ok.err()};
        if (!*ok) break;  // someone else moved it first; their history stands
        ++recorded;
    }
    if (recorded > 0 && recorded == r.transitions.size() && is_terminal(r.status))
        if (auto f = append_final_statuses(r, r.transitions.back().at); !f) return failure{f.err()};
    bool counted = false;
    if (recorded == r.transitions.size() && counts_toward_subscription(r.status, r.status_reason)) {
        auto c = db->count_usage(rec.spec.id, rec.spec.package, now);
        if (!c) return failure{c.err()};
        counted = *c;
    }
    return std::make_pair(recorded, counted);
}

result<void> tracker::impl::append_final_statuses(const session_result& r, instant at) {
    for (const auto& p : r.participants) {
        store::change_record c;
        c.at = at;
        c.type = store::change_type::participant_status;
        c.session_id = r.session.id;
        c.subject = p.identity;
        c.to = std::string(to_string(p.status));
        c.reason = std::string(to_string(r.status));
        if (auto a = db->append_change(c); !a) return a;
    }
    return {};
}

result<store::session_record> tracker::create_session(const session_spec& given, instant now) {
    if (auto c = check_spec(given); !c) return failure{c.err()};
    session_spec spec = given;
    if (auto m = split_meeting_links(spec, p_->cfg.zoom_hosts); !m) return failure{m.err()};
    store::session_record rec;
    rec.spec = spec;
    rec.status = spec.has_schedule() ? session_status::scheduled : session_status::unscheduled;
    rec.status_reason = "created";
    rec.created_at = rec.updated_at = now;
    if (auto r = p_->db->insert_session(rec); !r) return failure{r.err()};
    return get_session(spec.id);
}

result<store::session_record> tracker::update_session(const session_spec& given, instant now) {
    if (auto c = check_spec(given); !c) return failure{c.err()};
    session_spec spec = given;
    if (auto m = split_meeting_links(spec, p_->cfg.zoom_hosts); !m) return failure{m.err()};
    auto r = p_->db->transaction([&]() -> result<void> {
        auto cur = p_->db->get_session(spec.id);
        if (!cur) return failure{cur.err()};
        if (!*cur) return fail(errc::not_found, "no session '" + spec.id + "'");
        if (auto u = p_->db->update_session_spec(spec, now); !u) return u;
        if ((*cur)->status == session_status::unscheduled && spec.has_schedule()) {
            auto t = p_->db->record_transition(
                spec.id, status_change{session_status::unscheduled, session_status::scheduled, now, "schedule_set"});
            if (!t) return failure{t.err()};
        }
        return {};
    });
    if (!r) return failure{r.err()};
    return get_session(spec.id);
}

result<store::session_record> tracker::get_session(std::string_view id) {
    auto rec = p_->db->get_session(id);
    if (!rec) return failure{rec.err()};
    if (!*rec) return fail(errc::not_found, "no session '" + std::string(id) + "'");
    auto spec = p_->full_spec(**rec);
    if (!spec) return failure{spec.err()};
    (*rec)->spec = std::move(*spec);
    return std::move(**rec);
}

result<std::vector<store::session_record>> tracker::list_sessions(const store::session_filter& filter) {
    auto list = p_->db->list_sessions(filter);
    if (!list) return failure{list.err()};
    for (auto& rec : *list) {
        auto spec = p_->full_spec(rec);
        if (!spec) return failure{spec.err()};
        rec.spec = std::move(*spec);
    }
    return list;
}

result<void> tracker::link_room(std::string_view room, std::string_view session_id) {
    auto meeting = meeting_key_of(room, p_->cfg.zoom_hosts);
    if (!meeting) return failure{meeting.err()};
    if (*meeting) return p_->db->link_meeting(**meeting, session_id);
    return p_->db->link_room(room, session_id);
}

result<std::vector<event>> tracker::session_events(std::string_view id) {
    auto rec = get_session(id);
    if (!rec) return failure{rec.err()};
    return session_events(*rec);
}

result<std::vector<event>> tracker::session_events(const store::session_record& rec) { return p_->events_of(rec.spec); }

result<session_result> tracker::evaluate(const store::session_record& rec, instant now) {
    return p_->evaluate(rec.spec, rec, now);
}

result<session_result> tracker::evaluate(std::string_view id, instant now) {
    auto rec = p_->db->get_session(id);
    if (!rec) return failure{rec.err()};
    if (!*rec) return fail(errc::not_found, "no session '" + std::string(id) + "'");
    return p_->evaluate(**rec, now);
}

result<store::session_record> tracker::act(std::string_view id, session_action action, instant now, bool chargeable) {
    auto r = p_->db->transaction([&]() -> result<void> {
        auto rec = p_->db->get_session(id);
        if (!rec) return failure{rec.err()};
        if (!*rec) return fail(errc::not_found, "no session '" + std::string(id) + "'");
        const session_spec& spec = (*rec)->spec;
        if (chargeable && spec.rate == rate_kind::per_hour && !spec.has_schedule())
            return fail(errc::invalid_argument, "chargeable: a per-hour session bills its scheduled length when "
                                                "cancelled chargeable, and session '" + spec.id + "' has no schedule");
        // Catch up with what the events already say, so the action applies to the real status.
        auto ev = p_->evaluate(**rec, now);
        if (!ev) return failure{ev.err()};
        auto done = p_->persist(**rec, *ev, now);
        if (!done) return failure{done.err()};
        auto change = apply_action(ev->status, action, now, chargeable);
        if (!change) return failure{change.err()};
        auto ok = p_->db->record_transition(id, *change);
        if (!ok) return failure{ok.err()};
        if (!*ok) return fail(errc::illegal_transition, "the session changed status meanwhile; try again");
        if (is_terminal(change->to)) {
            session_result ended = *ev;
            ended.status = change->to;
            if (auto f = p_->append_final_statuses(ended, now); !f) return f;
        }
        if (counts_toward_subscription(change->to, change->reason)) {
            auto c = p_->db->count_usage(id, (*rec)->spec.package, now);
            if (!c) return failure{c.err()};
        }
        return {};
    });
    if (!r) return failure{r.err()};
    return get_session(id);
}

// ---- change feed ------------------------------------------------------------------------------

namespace {

constexpr std::size_t max_change_page = 10000;

result<void> check_limit(std::size_t limit) {
    if (limit < 1 || limit > max_change_page)
        return fail(errc::invalid_argument, "limit: must be between 1 and " + std::to_string(max_change_page));
    return {};
}

change_page page_of(std::vector<store::change_record> changes, std::int64_t after) {
    change_page p;
    p.cursor = changes.empty() ? after : changes.back().seq;
    p.changes = std::move(changes);
    return p;
}

}  // namespace

result<change_page> tracker::changes(std::int64_t after, std::size_t limit) {
    if (auto l = check_limit(limit); !l) return failure{l.err()};
    if (after < 0) return fail(errc::invalid_argument, "after: a cursor is never negative");
    auto last = p_->db->last_change_seq();
    if (!last) return failure{last.err()};
    if (after > *last)
        return fail(errc::invalid_argument, "after: cursor " + std::to_string(after) + " is beyond the newest change (" +
                                                std::to_string(*last) + "): it belongs to another database");
    auto c = p_->db->changes(after, limit);
    if (!c) return failure{c.err()};
    return page_of(std::move(*c), after);
}

result<change_page> tracker::claim_changes(std::string_view consumer, std::size_t limit) {
    if (auto l = check_limit(limit); !l) return failure{l.err()};
    if (consumer.empty()) return fail(errc::invalid_argument, "consumer: must not be empty");
    change_page page;
    auto r = p_->db->transaction([&]() -> result<void> {
        auto after = p_->db->change_cursor(consumer);
        if (!after) return failure{after.err()};
        auto c = p_->db->changes(*after, limit);
        if (!c) return failure{c.err()};
        page = page_of(std::move(*c), *after);
        if (page.cursor == *after) return {};
        return p_->db->set_change_cursor(consumer, page.cursor);
    });
    if (!r) return failure{r.err()};
    return page;
}

}  // namespace rollcall::tracker
