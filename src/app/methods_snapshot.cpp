// ingest.snapshot: a room snapshot the host fetched (LiveKit ListParticipants, BBB getMeetingInfo),
// stored as evidence at the instant it polled (SPEC §3 step 3). Answers with the ingest result shape.
#include "app/methods.hpp"
#include "app/shapes.hpp"

namespace rollcall::app::methods {

result<std::string> ingest_snapshot(tracker::tracker& t, params& p) {
    tracker::snapshot_request rq;
    RC_TRY(source, p.name("platform", parse_platform, "livekit, bbb"));
    if (!*source) return fail(errc::missing_field, p.where() + ".platform: required");
    if (**source != platform::livekit && **source != platform::bbb)
        return p.bad("platform", "must be livekit or bbb (the platforms with a participant-list API)");
    rq.source = **source;
    RC_TRY(body, p.required_text("body"));
    rq.body = std::move(*body);
    RC_TRY(room, p.text("room"));
    rq.room = room->value_or("");
    RC_TRY(at, p.time("at"));
    if (!*at) return fail(errc::missing_field, p.where() + ".at: required (when the host polled: RFC 3339 or Unix ms)");
    rq.at = **at;
    if (auto f = p.finish(); !f) return failure{f.err()};
    RC_TRY(r, t.ingest_snapshot(rq));
    return written([&](json_writer& w) -> result<void> {
        write_ingest_result(w, *r);
        return {};
    });
}

}  // namespace rollcall::app::methods
