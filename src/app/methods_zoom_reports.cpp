// ingest.zoom_report and the report-due list: the recovery loop for lost Zoom webhooks
// (docs/tracker.md "Recovering lost webhooks: Zoom report pages").
#include "app/methods.hpp"
#include "app/shapes.hpp"

namespace rollcall::app::methods {

result<std::string> ingest_zoom_report(tracker::tracker& t, params& p) {
    tracker::zoom_report_request rq;
    RC_TRY(meeting, p.required_text("meeting"));
    RC_TRY(meeting_id, p.text("meeting_id"));
    RC_TRY(pages, p.texts("pages"));
    RC_TRY(received_at, p.time("received_at"));
    RC_TRY(now, p.now());
    if (auto f = p.finish(); !f) return failure{f.err()};
    if (!*pages || (*pages)->empty())
        return fail(errc::missing_field, p.where() + ".pages: required (the page bodies, as text)");
    rq.meeting_uuid = std::move(*meeting);
    if (*meeting_id) rq.meeting_id = std::move(**meeting_id);
    rq.pages = std::move(**pages);
    rq.received_at = received_at->value_or(*now);
    RC_TRY(b, t.ingest_zoom_report(rq));
    return written([&](json_writer& w) -> result<void> {
        write_batch_result(w, *b);
        return {};
    });
}

result<std::string> sessions_report_due(tracker::tracker& t, params& p) {
    // A day is far longer than Zoom takes to publish a report; more is a typo, not a policy.
    RC_TRY(delay, p.integer("delay_s", 0, 86400));
    RC_TRY(now, p.now());
    if (auto f = p.finish(); !f) return failure{f.err()};
    RC_TRY(due, t.zoom_reports_due(*now, std::chrono::seconds(delay->value_or(600))));
    return written([&](json_writer& w) -> result<void> {
        write_reports_due(w, *due);
        return {};
    });
}

}  // namespace rollcall::app::methods
