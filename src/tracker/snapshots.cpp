// Host-fetched room snapshots (SPEC §3 step 3): the recovery loop's second half (docs/tracker.md,
// "Snapshots: closing lost leaves"). A snapshot is stored like a webhook, as its raw bytes with the
// events they gave, so that a later policy or engine replays it; its headers say it was fetched.
#include "rollcall/json_writer.hpp"
#include "sources/snapshot.hpp"
#include "tracker/tracker_impl.hpp"

namespace rollcall::tracker {

namespace {

/// The agreed marker of a host-fetched payload: what it is, and the context a parser needs again.
std::string fetched_headers(std::string_view kind, std::string_view room, instant at) {
    json_writer w;
    w.begin_object().field(fetched_header, kind).field("room", room).field("at_ms", to_unix_ms(at)).end_object();
    return std::move(w).str();
}

}  // namespace

result<ingest_result> tracker::ingest_snapshot(const snapshot_request& request) {
    const sources::snapshot_request req{request.body, request.at, request.room};
    result<sources::parse_outcome> parsed = fail(errc::invalid_argument, "");
    switch (request.source) {
        case platform::livekit: parsed = sources::parse_livekit_snapshot(req); break;
        case platform::bbb: parsed = sources::parse_bbb_snapshot(req); break;
        case platform::zoom:
        case platform::link:
            return fail(errc::invalid_argument, "snapshots come from livekit (ListParticipants) or bbb (getMeetingInfo), not " +
                                                    std::string(to_string(request.source)));
    }
    if (!parsed) return failure{parsed.err()};
    // The marker is the last event (sources/snapshot.hpp) and names the room as events key it.
    const event& marker = parsed->events.back();

    store::ingest_item item;
    item.payload.source = request.source;
    item.payload.headers_json = fetched_headers(parsed->event_name, marker.room, request.at);
    item.payload.body = request.body;
    item.payload.received_at = request.at;
    item.events = std::move(parsed->events);

    ingest_result res;
    res.event_name = std::move(parsed->event_name);
    auto r = p_->db->transaction([&]() -> result<void> {
        // A snapshot only closes connections the store knows; for a room it never saw it would be
        // evidence of nothing, and most likely the host polled the wrong room: refuse it.
        auto room = p_->db->get_room(marker.room);
        if (!room) return failure{room.err()};
        if (!*room)
            return fail(errc::not_found, "room '" + marker.room + "' has no stored event: a snapshot needs the room's webhooks first");
        auto out = p_->db->ingest(std::span<const store::ingest_item>(&item, 1));
        if (!out) return failure{out.err()};
        const store::item_outcome& o = out->front();
        res.events_stored = o.events_stored;
        res.events_duplicate = o.events_duplicate;
        res.status = o.events_stored == 0 ? ingest_status::duplicate : ingest_status::stored;
        return {};
    });
    if (!r) return failure{r.err()};
    return res;
}

}  // namespace rollcall::tracker
