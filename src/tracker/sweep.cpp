// The periodic sweep (SPEC §5, §6): what hosts run from cron every minute today, as one transaction.
#include <algorithm>

#include "tracker/tracker_impl.hpp"

namespace rollcall::tracker {

result<sweep_result> tracker::sweep(instant now) {
    sweep_result out;
    // One write transaction: a second process sweeping at the same time waits, then finds the work
    // done (statuses moved, usage rows present), so nothing is counted twice.
    auto r = p_->db->transaction([&]() -> result<void> {
        out = sweep_result{};
        store::link_filter unclicked;
        unclicked.status = store::link_status::sent;
        auto sent = p_->db->list_links(unclicked);
        if (!sent) return failure{sent.err()};
        for (auto& l : *sent) {
            if (!link_has_expired(l, p_->link_policy(l), now)) continue;
            if (auto e = p_->expire(l); !e) return e;
            ++out.links_expired;
        }
        auto links = p_->db->active_links();
        if (!links) return failure{links.err()};
        for (auto& l : *links) {
            if (!link_is_silent(l, p_->link_policy(l), now)) continue;
            if (auto t = p_->time_out(l); !t) return t;
            ++out.links_timed_out;
        }

        store::session_filter open;
        open.only_open = true;
        auto sessions = p_->db->list_sessions(open);
        if (!sessions) return failure{sessions.err()};
        for (const auto& rec : *sessions) {
            ++out.sessions_checked;
            auto ev = p_->evaluate(rec, now);
            if (!ev) return failure{ev.err()};
            if (ev->transitions.empty()) continue;
            auto done = p_->persist(rec, *ev, now);
            if (!done) return failure{done.err()};
            if (done->first > 0) {
                ++out.sessions_changed;
                out.transitions += done->first;
                out.changed.push_back(rec.spec.id);
            }
            if (done->second) ++out.sessions_counted;
        }

        // Sessions made terminal by other means (an action whose counting was interrupted, an older
        // version) are counted here too; counting is idempotent.
        for (auto st : {session_status::completed, session_status::absent}) {
            store::session_filter f;
            f.status = st;
            auto done = p_->db->list_sessions(f);
            if (!done) return failure{done.err()};
            for (const auto& rec : *done) {
                auto c = p_->db->count_usage(rec.spec.id, rec.spec.package, now);
                if (!c) return failure{c.err()};
                if (*c) ++out.sessions_counted;
            }
        }
        return {};
    });
    if (!r) return failure{r.err()};
    std::sort(out.changed.begin(), out.changed.end());
    return out;
}

}  // namespace rollcall::tracker
