// The handlers behind app.cpp's method table, one file per room: methods_sessions.cpp,
// methods_links.cpp, methods_ingest.cpp, methods_feed.cpp (sweep, stats, changes), methods_reports.cpp,
// methods_evaluate.cpp (the stateless ones), methods_identities.cpp (aliases), methods_replay.cpp.
#pragma once

#include <string>

#include "app/params.hpp"
#include "rollcall/json_writer.hpp"
#include "tracker/tracker.hpp"

namespace rollcall::app::methods {

using tracker_handler = result<std::string> (*)(tracker::tracker&, params&);
using stateless_handler = result<std::string> (*)(params&);

result<std::string> sessions_create(tracker::tracker&, params&);
result<std::string> sessions_update(tracker::tracker&, params&);
result<std::string> sessions_list(tracker::tracker&, params&);
result<std::string> sessions_get(tracker::tracker&, params&);
result<std::string> sessions_act(tracker::tracker&, params&);
result<std::string> sessions_link(tracker::tracker&, params&);
/// sessions.replay: sessions evaluated from their stored payloads parsed again (methods_replay.cpp).
result<std::string> sessions_replay(tracker::tracker&, params&);
result<std::string> packages_usage(tracker::tracker&, params&);

result<std::string> links_create(tracker::tracker&, params&);
result<std::string> links_click(tracker::tracker&, params&);
result<std::string> links_heartbeat(tracker::tracker&, params&);
result<std::string> links_end(tracker::tracker&, params&);
result<std::string> links_get(tracker::tracker&, params&);
result<std::string> links_list(tracker::tracker&, params&);

result<std::string> ingest_batch(tracker::tracker&, params&);
result<std::string> ingest_snapshot(tracker::tracker&, params&);
result<std::string> ingest_zoom_report(tracker::tracker&, params&);
/// sessions.list with "report_due": Zoom meetings that ended and wait for their report.
result<std::string> sessions_report_due(tracker::tracker&, params&);

result<std::string> sweep(tracker::tracker&, params&);
result<std::string> stats(tracker::tracker&, params&);
result<std::string> changes(tracker::tracker&, params&);
result<std::string> changes_claim(tracker::tracker&, params&);

result<std::string> reports_session(tracker::tracker&, params&);
result<std::string> reports_teacher(tracker::tracker&, params&);
result<std::string> reports_trends(tracker::tracker&, params&);
result<std::string> reports_links(tracker::tracker&, params&);

result<std::string> identities_add(tracker::tracker&, params&);
result<std::string> identities_list(tracker::tracker&, params&);
result<std::string> identities_remove(tracker::tracker&, params&);

result<std::string> evaluate(params&);
result<std::string> replay(params&);

/// `RC_TRY(x, expr);` declares x = expr and returns its error from the handler when it failed.
#define RC_TRY(decl, expr)   \
    auto decl = (expr);      \
    if (!decl) return failure { decl.err() }

/// Runs `fn(writer)` and hands back what it wrote: the usual tail of a handler.
template <class F>
result<std::string> written(F&& fn) {
    json_writer w;
    if (auto r = fn(w); !r) return failure{r.err()};
    return std::move(w).str();
}

}  // namespace rollcall::app::methods
