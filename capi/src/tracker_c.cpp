// rollcall_tracker_open/free/ingest and the ingest result.
#include "tracker_c.hpp"

#include "request_c.hpp"
#include "app/shapes.hpp"

// The tracker's own result, moved in (the accessors read it), and its JSON text.
struct rollcall_ingest_result {
    rollcall::tracker::ingest_result r;
    std::string json;
};

using namespace rollcall::capi;

extern "C" {

rollcall_status rollcall_tracker_open(const char* path, const rollcall_open_options* options, rollcall_tracker** out) {
    if (out != nullptr) *out = nullptr;
    return guard([&]() -> rollcall_status {
        if (out == nullptr) return null_argument("out");
        if (path == nullptr) return null_argument("path");
        if (options != nullptr && options->version < 1)
            return set_error(ROLLCALL_INVALID_ARGUMENT, "options->version is 0: initialise with ROLLCALL_OPEN_OPTIONS_INIT");
        rollcall::tracker::tracker_config config;
        if (options != nullptr && options->config_json != nullptr) {
            auto parsed = rollcall::tracker::parse_config(options->config_json);
            if (!parsed) return set_error(parsed.err());
            config = std::move(*parsed);
        }
        // ":memory:" is the tracker's in-memory store (SQLite's own in-memory databases have no WAL).
        if (std::string_view(path) == ":memory:") {
            *out = new rollcall_tracker(rollcall::tracker::tracker::in_memory(std::move(config)));
            return ROLLCALL_OK;
        }
        const auto storage = config.storage;
        // A SQLite path, or a server URL (postgresql://...): store::open_store decides.
        auto t = rollcall::tracker::tracker::open(path, std::move(config), storage);
        if (!t) return set_error(t.err());
        *out = new rollcall_tracker(std::move(*t));
        return ROLLCALL_OK;
    });
}

void rollcall_tracker_free(rollcall_tracker* tracker) { delete tracker; }

rollcall_status rollcall_tracker_ingest(rollcall_tracker* tracker, const char* platform, const char* headers,
                                        size_t headers_len, const char* body, size_t body_len,
                                        const rollcall_request_options* options, rollcall_ingest_result** out) {
    if (out != nullptr) *out = nullptr;
    return guard([&]() -> rollcall_status {
        if (tracker == nullptr) return null_argument("tracker");
        if (out == nullptr) return null_argument("out");
        auto req = make_request(platform, headers, headers_len, body, body_len, options);
        if (!req) return set_error(req.err());
        rollcall::tracker::ingest_request in;
        in.source = req->source;
        in.headers = std::move(req->headers);
        in.body.assign(req->body);
        in.request_url = std::move(req->request_url);
        in.received_at = req->now;
        std::unique_lock lock(tracker->mutex);
        auto r = tracker->impl.ingest(in);
        lock.unlock();
        if (!r) return set_error(r.err());
        if (r->status == rollcall::tracker::ingest_status::rejected)
            return set_error(static_cast<rollcall_status>(r->code), r->message);
        auto res = std::make_unique<rollcall_ingest_result>();
        rollcall::json_writer w;
        rollcall::app::write_ingest_result(w, *r);
        res->json = std::move(w).str();
        res->r = std::move(*r);
        *out = res.release();
        return ROLLCALL_OK;
    });
}

int32_t rollcall_ingest_result_outcome(const rollcall_ingest_result* result) {
    if (result == nullptr) return -1;
    return result->r.status == rollcall::tracker::ingest_status::duplicate ? ROLLCALL_INGEST_DUPLICATE : ROLLCALL_INGEST_STORED;
}
size_t rollcall_ingest_result_stored(const rollcall_ingest_result* result) {
    return result == nullptr ? 0 : result->r.events_stored;
}
size_t rollcall_ingest_result_duplicates(const rollcall_ingest_result* result) {
    return result == nullptr ? 0 : result->r.events_duplicate;
}
const char* rollcall_ingest_result_event(const rollcall_ingest_result* result) {
    return result == nullptr ? "" : result->r.event_name.c_str();
}
const char* rollcall_ingest_result_response(const rollcall_ingest_result* result) {
    return result == nullptr || !result->r.response_body ? nullptr : result->r.response_body->c_str();
}
const char* rollcall_ingest_result_json(const rollcall_ingest_result* result) {
    return result == nullptr ? "" : result->json.c_str();
}
void rollcall_ingest_result_free(rollcall_ingest_result* result) { delete result; }
size_t rollcall_ingest_result_room_count(const rollcall_ingest_result* result) {
    return result == nullptr ? 0 : result->r.rooms.size();
}
const char* rollcall_ingest_result_room(const rollcall_ingest_result* result, size_t index) {
    return result == nullptr || index >= result->r.rooms.size() ? nullptr : result->r.rooms[index].room.c_str();
}
const char* rollcall_ingest_result_room_alt(const rollcall_ingest_result* result, size_t index) {
    return result == nullptr || index >= result->r.rooms.size() ? nullptr : result->r.rooms[index].room_alt.c_str();
}

}  // extern "C"
