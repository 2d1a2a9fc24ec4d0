#include "report/report_loader.hpp"

namespace rollcall::report {

result<loaded_sessions> load_sessions(tracker::tracker& t, const selection& sel, const zone& tz, instant now,
                                      bool with_events) {
    std::vector<store::session_record> records;
    if (sel.session) {
        auto rec = t.get_session(*sel.session);
        if (!rec.ok()) return failure{rec.err()};
        records.push_back(std::move(rec).value());
    } else {
        store::session_filter filter;
        filter.teacher = sel.teacher;
        if (sel.from && sel.to) {
            auto range = local_range(tz, *sel.from, *sel.to);
            if (!range.ok()) return failure{range.err()};
            filter.from = range->start;
            filter.to = range->end;
        }
        auto listed = t.list_sessions(filter);
        if (!listed.ok()) return failure{listed.err()};
        records = std::move(listed).value();
    }
    loaded_sessions out;
    out.results.reserve(records.size());
    for (const auto& rec : records) {
        const std::string& id = rec.spec.id;
        auto r = t.evaluate(id, now);
        if (!r.ok()) return failure{r.err()};
        // A session the sweep already settled evaluates with no transition of its own: its reason
        // (e.g. teacher_absent) is the stored one.
        if (r->status == rec.status && r->status_reason.empty()) r->status_reason = rec.status_reason;
        out.results.push_back(std::move(r).value());
        if (with_events) {
            auto ev = t.session_events(id);
            if (!ev.ok()) return failure{ev.err()};
            out.events.push_back(std::move(ev).value());
        }
    }
    return out;
}

}  // namespace rollcall::report
