// Host-fetched Zoom participant reports (the recovery loop for lost webhooks, docs/tracker.md): the
// pages stored as raw payloads marked host-fetched, and which ended meetings still wait for theirs.
#include <algorithm>

#include "rollcall/json_writer.hpp"
#include "sources/zoom_report.hpp"
#include "sources/zoom_url.hpp"
#include "tracker/report_merge.hpp"
#include "tracker/tracker_impl.hpp"

namespace rollcall::tracker {
namespace {

// Zoom stamps the meeting's start and its participants' joins from clocks a little apart; a row this
// far outside the instance's own start and end is not a row of that instance.
constexpr auto bounds_slack = std::chrono::seconds(60);


std::string fetched_headers(std::string_view uuid, std::string_view meeting_id) {
    json_writer w;
    w.begin_object().field(fetched_header, zoom_report_kind).field("meeting", uuid);
    if (!meeting_id.empty()) w.field("meeting_id", meeting_id);
    w.end_object();
    return std::move(w).str();
}

bool numeric_id(std::string_view id) {
    return id.size() >= 9 && id.size() <= 11 && std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct instance_bounds {
    std::optional<instant> start, end;  // from the instance's webhooks (meeting.started / meeting.ended)
};

result<instance_bounds> bounds_of(store::store& db, const std::string& uuid) {
    instance_bounds b;
    auto events = db.events_for_rooms(std::span<const std::string>(&uuid, 1));
    if (!events) return failure{events.err()};
    for (const auto& e : *events) {
        if (e.kind == event_kind::room_start && (!b.start || e.at < *b.start)) b.start = e.at;
        if (e.kind == event_kind::room_end && (!b.end || e.at < *b.end)) b.end = e.at;
    }
    return b;
}

// A row outside the instance that the host named is a page of another meeting (or another instance).
result<void> check_bounds(const std::vector<event>& events, const instance_bounds& b, std::size_t page,
                          std::string_view uuid) {
    for (const auto& e : events) {
        const bool early = e.kind == event_kind::join && b.start && e.at + bounds_slack < *b.start;
        const bool late = e.kind == event_kind::leave && b.end && e.at > *b.end + bounds_slack;
        if (!early && !late) continue;
        return fail(errc::invalid_value,
                    "pages[" + std::to_string(page) + "]: " + (early ? "a join at " : "a leave at ") +
                        format_rfc3339(e.at) + " (" + e.identity + ") is " + (early ? "before meeting " : "after meeting ") +
                        std::string(uuid) + (early ? " started (" + format_rfc3339(*b.start) + ")" : " ended (" + format_rfc3339(*b.end) + ")") +
                        ": is this a page of another meeting?");
    }
    return {};
}

}  // namespace

result<batch_result> tracker::ingest_zoom_report(const zoom_report_request& rq) {
    if (rq.meeting_uuid.empty()) return fail(errc::invalid_argument, "meeting: the meeting uuid the pages were fetched for is required");
    if (rq.pages.empty()) return fail(errc::invalid_argument, "pages: at least one report page is required");
    if (!rq.meeting_id.empty() && !numeric_id(rq.meeting_id))
        return fail(errc::invalid_value, "meeting_id: '" + rq.meeting_id.substr(0, 40) + "' is not a numeric meeting id (9 to 11 digits)");

    auto room = p_->db->get_room(rq.meeting_uuid);
    if (!room) return failure{room.err()};
    std::string alt = rq.meeting_id;
    if (*room && (*room)->source != platform::zoom && (*room)->first_at != instant{})
        return fail(errc::invalid_value, "meeting: '" + rq.meeting_uuid + "' is a room of " +
                                             std::string(to_string((*room)->source)) + ", not a Zoom meeting");
    if (*room && !(*room)->room_alt.empty()) {
        if (alt.empty()) alt = (*room)->room_alt;
        else if (alt != (*room)->room_alt)
            return fail(errc::invalid_value, "meeting_id: " + alt + " is not the id of meeting '" + rq.meeting_uuid +
                                                 "', whose webhooks said " + (*room)->room_alt);
    }
    auto bounds = bounds_of(*p_->db, rq.meeting_uuid);
    if (!bounds) return failure{bounds.err()};

    // Every page is parsed and checked before anything is stored: a bad page stores nothing.
    batch_result b;
    b.requests = rq.pages.size();
    b.items.resize(rq.pages.size());
    std::vector<store::ingest_item> items(rq.pages.size());
    const std::string headers = fetched_headers(rq.meeting_uuid, alt);
    for (std::size_t i = 0; i < rq.pages.size(); ++i) {
        auto page = sources::zoom::parse_participants_page(rq.pages[i], rq.meeting_uuid);
        if (!page) return fail(page.err().code, "pages[" + std::to_string(i) + "]: " + page.err().message);
        for (auto& e : page->events) e.room_alt = alt;
        if (auto c = check_bounds(page->events, *bounds, i, rq.meeting_uuid); !c) return failure{c.err()};
        auto& item = items[i];
        item.payload.source = platform::zoom;
        item.payload.headers_json = headers;
        item.payload.body = rq.pages[i];
        item.payload.received_at = rq.received_at;
        item.events = std::move(page->events);
        b.items[i].event_name = std::string(zoom_report_kind);
        if (!item.events.empty()) b.items[i].rooms.push_back(room_key{rq.meeting_uuid, alt});
    }
    std::vector<store::item_outcome> outcomes;
    auto stored = p_->db->transaction([&]() -> result<void> {
        auto out = p_->db->ingest(items);
        if (!out) return failure{out.err()};
        outcomes = std::move(*out);
        return p_->db->mark_report(rq.meeting_uuid, rq.received_at);
    });
    if (!stored) return failure{stored.err()};
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        auto& r = b.items[i];
        finish_ingest(r, outcomes[i]);
        b.events_stored += r.events_stored;
        b.events_duplicate += r.events_duplicate;
        if (r.status == ingest_status::stored) ++b.stored;
        else ++b.duplicates;
    }
    return b;
}

result<std::vector<report_due>> tracker::zoom_reports_due(instant now, milliseconds delay) {
    if (delay < milliseconds{0}) return fail(errc::invalid_argument, "delay: must not be negative");
    auto rooms = p_->db->rooms_report_due(platform::zoom, now - delay);
    if (!rooms) return failure{rooms.err()};
    std::vector<report_due> out;
    for (const auto& r : *rooms) {
        // Built whole: assigning the optional afterwards drew a false -Wmaybe-uninitialized from GCC 12 -O2.
        report_due d{r.room, r.room_alt,
                     r.first_at != instant{} ? std::optional<instant>(r.first_at) : std::nullopt, r.last_at,
                     "/past_meetings/" + sources::zoom::encode_uuid_for_path(r.room) + "/participants", {}};
        auto rec = p_->db->get_room(r.room);
        if (!rec) return failure{rec.err()};
        if (*rec && (*rec)->session_id) d.sessions.push_back(*(*rec)->session_id);
        if (*rec && !(*rec)->session_id && !r.room_alt.empty()) {
            auto candidates = p_->candidates_of("zoom:" + r.room_alt, nullptr);
            if (!candidates) return failure{candidates.err()};
            if (auto owner = owner_of_instance(*candidates, (*rec)->first_at)) d.sessions.push_back(*owner);
        }
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace rollcall::tracker
