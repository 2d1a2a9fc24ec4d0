// Tracked join links (SPEC §6): a token per link, a `link` connection per click, heartbeats as
// evidence, and a presence that ends at the last heartbeat when the page goes silent.
#include <chrono>

#include "crypto/crypto.hpp"
#include "rollcall/room_naming.hpp"
#include "tracker/tracker_impl.hpp"

namespace rollcall::tracker {


bool link_is_silent(const store::link_record& l, const policy& p, instant now) {
    if (l.status != store::link_status::active || !l.last_heartbeat) return false;
    return now - *l.last_heartbeat > std::chrono::seconds{p.session_timeout_s};
}

bool link_has_expired(const store::link_record& l, const policy& p, instant now) {
    return l.status == store::link_status::sent && now >= l.sent_at + std::chrono::seconds{p.link_expiry_s};
}

result<void> tracker::impl::expire(store::link_record& l) {
    l.status = store::link_status::expired;
    l.ended_at = l.sent_at + std::chrono::seconds{link_policy(l).link_expiry_s};
    return db->update_link(l);
}

const policy& tracker::impl::link_policy(const store::link_record& l) {
    if (l.session_id) {
        if (auto rec = db->get_session(*l.session_id); rec && *rec) return cfg.policies.for_type((*rec)->spec.type);
    }
    return cfg.policies.default_policy;
}

result<void> tracker::impl::activate_link(store::link_record& l, instant now) {
    l.status = store::link_status::active;
    l.clicked_at = l.last_heartbeat = now;
    if (auto u = db->update_link(l); !u) return u;
    return store_link_event(l, event_kind::join, now);
}

result<void> tracker::impl::store_link_event(const store::link_record& l, event_kind kind, instant at) {
    store::ingest_item item;
    event e;
    e.kind = kind;
    e.source = platform::link;
    e.room = link_room_name(l.token);
    e.room_alt = l.meeting_url;
    e.identity = l.student;
    e.connection = l.token;
    e.at = at;
    e.who = role::student;
    // Join and leave happen once per link; heartbeats once per instant.
    e.dedup_key.append(link_room_prefix).append(l.token).append(1, ':').append(to_string(kind));
    if (kind == event_kind::heartbeat) e.dedup_key.append(1, ':').append(std::to_string(to_unix_ms(at)));
    item.events.push_back(std::move(e));
    // A link event has no webhook behind it: the host's own call is its evidence.
    item.host_event = true;
    auto out = db->ingest(std::span<const store::ingest_item>(&item, 1));
    if (!out) return failure{out.err()};
    return {};
}

result<void> tracker::impl::time_out(store::link_record& l) {
    l.status = store::link_status::timeout;
    l.ended_at = l.last_heartbeat;
    if (auto r = db->update_link(l); !r) return r;
    return store_link_event(l, event_kind::leave, *l.last_heartbeat);
}

namespace {

result<store::link_record> find_link(store::store& db, std::string_view token) {
    auto l = db.get_link(token);
    if (!l) return failure{l.err()};
    if (!*l) return fail(errc::not_found, "no tracked link with this token");
    return std::move(**l);
}

failure closed(const store::link_record& l) {
    const char* what = l.status == store::link_status::timeout   ? "timed out"
                       : l.status == store::link_status::expired ? "expired: it was never opened in time"
                                                                 : "ended";
    return fail(errc::link_closed, std::string("the tracked link has ") + what);
}

}  // namespace

result<store::link_record> tracker::create_link(const link_spec& spec, instant now) {
    if (spec.student.empty()) return fail(errc::invalid_argument, "link student: must not be empty");
    if (spec.rate_minor < 0) return fail(errc::invalid_argument, "link rate: must not be negative");
    store::link_record l;
    l.token = crypto::base64url_encode(crypto::random_bytes(24));
    l.teacher = spec.teacher;
    l.student = spec.student;
    l.meeting_url = spec.meeting_url;
    l.package = spec.package;
    l.rate = spec.rate;
    l.rate_minor = spec.rate_minor;
    l.currency = spec.currency;
    l.sent_at = now;
    l.session_id = spec.session_id;
    auto r = p_->db->transaction([&]() -> result<void> {
        if (auto i = p_->db->insert_link(l); !i) return i;
        if (l.session_id) return p_->db->link_room(link_room_name(l.token), *l.session_id);
        return {};
    });
    if (!r) return failure{r.err()};
    return l;
}

result<store::link_record> tracker::click(std::string_view token, instant now) {
    store::link_record out;
    bool again = false;
    auto r = p_->db->transaction([&]() -> result<void> {
        auto l = find_link(*p_->db, token);
        if (!l) return failure{l.err()};
        if (l->status == store::link_status::active) {
            again = true;  // a second click (another tab, a reload) is a heartbeat
            return {};
        }
        if (link_has_expired(*l, p_->link_policy(*l), now)) {
            // As the sweep would have: the result never depends on when the sweep last ran.
            if (auto e = p_->expire(*l); !e) return e;
            out = std::move(*l);
            return {};
        }
        if (l->status != store::link_status::sent) return closed(*l);
        if (auto a = p_->activate_link(*l, now); !a) return a;
        out = std::move(*l);
        return {};
    });
    if (!r) return failure{r.err()};
    if (again) return heartbeat(token, now);
    if (out.status == store::link_status::expired) return closed(out);
    return out;
}

result<store::link_record> tracker::heartbeat(std::string_view token, instant now) {
    store::link_record out;
    bool closed_now = false;  // timed out or expired by this call: kept, and the caller told
    auto r = p_->db->transaction([&]() -> result<void> {
        auto l = find_link(*p_->db, token);
        if (!l) return failure{l.err()};
        if (link_has_expired(*l, p_->link_policy(*l), now)) {
            if (auto e = p_->expire(*l); !e) return e;
            closed_now = true;
            out = std::move(*l);
            return {};
        }
        if (l->status == store::link_status::sent) {
            if (auto a = p_->activate_link(*l, now); !a) return a;
            out = std::move(*l);
            return {};
        }
        if (l->status != store::link_status::active) return closed(*l);
        // Silent too long: the sweep would have closed it; do the same so the result never depends on
        // when the sweep last ran.
        if (link_is_silent(*l, p_->link_policy(*l), now)) {
            if (auto t = p_->time_out(*l); !t) return t;
            closed_now = true;
            out = std::move(*l);
            return {};
        }
        if (*l->last_heartbeat < now) l->last_heartbeat = now;
        if (auto u = p_->db->update_link(*l); !u) return u;
        if (auto e = p_->store_link_event(*l, event_kind::heartbeat, now); !e) return e;
        out = std::move(*l);
        return {};
    });
    if (!r) return failure{r.err()};
    if (closed_now) return closed(out);
    return out;
}

result<store::link_record> tracker::end(std::string_view token, instant now) {
    store::link_record out;
    auto r = p_->db->transaction([&]() -> result<void> {
        auto l = find_link(*p_->db, token);
        if (!l) return failure{l.err()};
        if (l->status == store::link_status::ended || l->status == store::link_status::timeout ||
            l->status == store::link_status::expired)
            return closed(*l);
        const bool was_active = l->status == store::link_status::active;
        if (was_active && link_is_silent(*l, p_->link_policy(*l), now)) {
            if (auto t = p_->time_out(*l); !t) return t;
            out = std::move(*l);
            return {};
        }
        l->status = store::link_status::ended;
        // Never before the click: an end with a clock behind the click would make a negative interval.
        l->ended_at = was_active && *l->clicked_at > now ? *l->clicked_at : now;
        if (auto u = p_->db->update_link(*l); !u) return u;
        if (was_active)
            if (auto e = p_->store_link_event(*l, event_kind::leave, *l->ended_at); !e) return e;
        out = std::move(*l);
        return {};
    });
    if (!r) return failure{r.err()};
    if (out.status == store::link_status::timeout) return closed(out);
    return out;
}

result<link_view> tracker::link_status(std::string_view token, instant now) {
    auto l = find_link(*p_->db, token);
    if (!l) return failure{l.err()};
    return p_->view_of(std::move(*l), now);
}

result<std::vector<link_view>> tracker::list_links(const store::link_filter& filter, instant now) {
    auto links = p_->db->list_links(filter);
    if (!links) return failure{links.err()};
    std::vector<link_view> out;
    out.reserve(links->size());
    for (auto& l : *links) out.push_back(p_->view_of(std::move(l), now));
    return out;
}

link_view tracker::impl::view_of(store::link_record l, instant now) {
    link_view v;
    v.room = link_room_name(l.token);
    const policy& pol = link_policy(l);
    if (l.clicked_at) {
        instant end = now;
        switch (l.status) {
            case store::link_status::ended:
            case store::link_status::timeout: end = l.ended_at.value_or(*l.clicked_at); break;
            case store::link_status::active:
                // SPEC §3.3 rule 2: a silent page stops counting at its last heartbeat.
                if (now - *l.last_heartbeat > std::chrono::seconds{pol.heartbeat_timeout_s}) end = *l.last_heartbeat;
                break;
            case store::link_status::sent:
            case store::link_status::expired: break;  // never clicked: no presence
        }
        if (end < *l.clicked_at) end = *l.clicked_at;
        v.presence_end = end;
        v.duration = end - *l.clicked_at;
    }
    v.link = std::move(l);
    return v;
}

}  // namespace rollcall::tracker
