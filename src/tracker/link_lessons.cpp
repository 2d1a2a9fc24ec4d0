// Tracked links as lessons (SPEC §6): a link sent without a session is a lesson in its own right, whose
// teacher is the sender, whose student is the recipient, whose package and rate are the link's, whose
// window is [first click, end) and which bills its student's time (nothing observes the teacher).
#include <algorithm>

#include "rollcall/evaluate.hpp"
#include "rollcall/room_naming.hpp"
#include "tracker/tracker_impl.hpp"

namespace rollcall::tracker {

namespace {

// The lesson a link stands for, before its events: the window is known once the link has ended.
session_spec lesson_spec(const store::link_record& l) {
    session_spec spec;
    spec.id = link_room_name(l.token);
    spec.type = std::string(link_lesson_type);
    if (!l.teacher.empty()) spec.teacher = l.teacher;
    spec.students = {l.student};
    spec.rooms = {spec.id};
    spec.package = l.package;
    spec.rate = l.rate;
    spec.rate_minor = l.rate_minor;
    spec.currency = l.currency;
    if (l.clicked_at && l.ended_at) {
        spec.scheduled_start = *l.clicked_at;
        // An end at the click's own instant still makes a window (of one second) rather than none.
        spec.scheduled_end = std::max(*l.ended_at, *l.clicked_at + std::chrono::seconds{1});
    }
    return spec;
}

}  // namespace

result<session_result> tracker::link_lesson(const store::link_record& l, instant now) {
    if (l.session_id)
        return fail(errc::invalid_argument, "the link belongs to session '" + *l.session_id +
                                                "': its presence is part of that session, not a lesson of its own");
    const session_spec spec = lesson_spec(l);
    auto stored = p_->db->events_for_rooms(spec.rooms);
    if (!stored) return failure{stored.err()};
    std::vector<event> events = std::move(*stored);
    // The link's status is the lesson's: sent (no time yet), clicked and alive (ongoing), or over,
    // when its end (the end call, or a timeout's last heartbeat) ends the lesson like a room's end.
    std::optional<session_status> current;
    std::string reason;
    switch (l.status) {
        case store::link_status::sent: current = session_status::unscheduled; reason = "link_sent"; break;
        case store::link_status::expired: current = session_status::cancelled; reason = "link_expired"; break;
        case store::link_status::active: current = session_status::ongoing; reason = "link_clicked"; break;
        case store::link_status::ended:
        case store::link_status::timeout: {
            current = session_status::ongoing;
            reason = "link_clicked";
            event end;
            end.kind = event_kind::room_end;
            end.source = platform::link;
            end.room = spec.id;
            end.at = *spec.scheduled_end;
            events.push_back(std::move(end));
            std::sort(events.begin(), events.end(), event_less);
            break;
        }
    }
    alias_table session_aliases;
    auto aliases = p_->aliases_for(spec.id, session_aliases);
    if (!aliases) return failure{aliases.err()};
    return evaluate_session(spec, events, p_->cfg.policies.for_type(spec.type), now, current, reason, *aliases);
}

result<std::vector<store::link_record>> tracker::lesson_links(const std::optional<std::string>& teacher,
                                                              std::optional<instant> clicked_from,
                                                              std::optional<instant> clicked_to) {
    store::link_filter f;
    f.teacher = teacher;
    // A link is clicked after it was sent: nothing sent at or after the range's end can fall in it.
    f.to = clicked_to;
    auto links = p_->db->list_links(f);
    if (!links) return failure{links.err()};
    std::vector<store::link_record> out;
    for (auto& l : *links) {
        if (l.session_id || !l.clicked_at) continue;
        if (clicked_from && *l.clicked_at < *clicked_from) continue;
        if (clicked_to && *l.clicked_at >= *clicked_to) continue;
        out.push_back(std::move(l));
    }
    std::sort(out.begin(), out.end(), [](const store::link_record& a, const store::link_record& b) {
        return std::tie(*a.clicked_at, a.token) < std::tie(*b.clicked_at, b.token);
    });
    return out;
}

}  // namespace rollcall::tracker
