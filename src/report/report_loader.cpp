#include "report/report_loader.hpp"

#include "rollcall/room_naming.hpp"

namespace rollcall::report {

namespace {

result<void> evaluate_into(tracker::tracker& t, const store::session_record& rec, instant now, bool with_events,
                           loaded_sessions& out) {
    auto r = t.evaluate(rec, now);
    if (!r.ok()) return failure{r.err()};
    out.results.push_back(std::move(r).value());
    if (with_events) {
        auto ev = t.session_events(rec);
        if (!ev.ok()) return failure{ev.err()};
        out.events.push_back(std::move(ev).value());
    }
    return {};
}

// A link lesson (SPEC §6) evaluated, with the events of its link room when asked.
result<void> evaluate_link_into(tracker::tracker& t, const store::link_record& l, instant now, bool with_events,
                                loaded_sessions& out) {
    auto r = t.link_lesson(l, now);
    if (!r.ok()) return failure{r.err()};
    if (with_events) {
        auto ev = t.storage().events_for_rooms(r->session.rooms);
        if (!ev.ok()) return failure{ev.err()};
        out.events.push_back(std::move(ev).value());
    }
    out.results.push_back(std::move(r).value());
    return {};
}

// The link lessons of a selection: links sent without a session, clicked inside the range.
result<void> add_link_lessons(tracker::tracker& t, const selection& sel, const std::optional<instant_range>& range,
                              instant now, bool with_events, loaded_sessions& out) {
    auto links = t.lesson_links(sel.teacher, range ? std::optional<instant>(range->start) : std::nullopt,
                                range ? std::optional<instant>(range->end) : std::nullopt);
    if (!links.ok()) return failure{links.err()};
    for (const auto& l : *links)
        if (auto done = evaluate_link_into(t, l, now, with_events, out); !done.ok()) return done;
    return {};
}

}  // namespace

result<loaded_sessions> load_sessions(tracker::tracker& t, const selection& sel, const zone& tz, instant now,
                                      bool with_events) {
    loaded_sessions out;
    if (sel.session) {
        auto rec = t.get_session(*sel.session);
        // A link lesson is named by its room, link:<token> (SPEC §6), and is no stored session.
        if (!rec.ok() && rec.err().code == errc::not_found && is_link_room(*sel.session)) {
            auto link = t.link_status(sel.session->substr(link_room_prefix.size()), now);
            if (!link.ok()) return failure{link.err()};
            if (auto done = evaluate_link_into(t, link->link, now, with_events, out); !done.ok()) return failure{done.err()};
            return out;
        }
        if (!rec.ok()) return failure{rec.err()};
        if (auto done = evaluate_into(t, *rec, now, with_events, out); !done.ok()) return failure{done.err()};
        return out;
    }
    store::session_filter filter;
    filter.teacher = sel.teacher;
    std::optional<instant_range> range;
    if (sel.from && sel.to) {
        auto r = local_range(tz, *sel.from, *sel.to);
        if (!r.ok()) return failure{r.err()};
        range = *r;
        filter.from = range->start;
        filter.to = range->end;
    }
    auto listed = t.list_sessions(filter);
    if (!listed.ok()) return failure{listed.err()};
    out.results.reserve(listed->size());
    for (const auto& rec : *listed)
        if (auto done = evaluate_into(t, rec, now, with_events, out); !done.ok()) return failure{done.err()};
    if (!range) {
        if (auto done = add_link_lessons(t, sel, range, now, with_events, out); !done.ok()) return failure{done.err()};
        return out;
    }

    // The store selects by scheduled start, so an ad-hoc (unscheduled) session never matches a range;
    // a report places it at its first activity instead (docs/reports.md), so look at those too.
    filter.from.reset();
    filter.to.reset();
    filter.only_unscheduled = true;
    auto unscheduled = t.list_sessions(filter);
    if (!unscheduled.ok()) return failure{unscheduled.err()};
    for (const auto& rec : *unscheduled) {
        loaded_sessions one;
        if (auto done = evaluate_into(t, rec, now, with_events, one); !done.ok()) return failure{done.err()};
        const auto& started = one.results.front().started_at;
        if (!started || !range->contains(*started)) continue;
        out.results.push_back(std::move(one.results.front()));
        if (with_events) out.events.push_back(std::move(one.events.front()));
    }
    if (auto done = add_link_lessons(t, sel, range, now, with_events, out); !done.ok()) return failure{done.err()};
    return out;
}

}  // namespace rollcall::report
