// Deterministic replay (SPEC §8): a session's events derived again from the raw payloads they were
// stored from, by this build's parsers, and evaluated exactly as the stored events are. It answers
// "do the stored events still say what the payloads say?" after an upgrade, and shows what a parser
// fix changes in a past lesson before anyone re-ingests anything.
#include <simdjson.h>

#include "sources/snapshot.hpp"
#include "sources/zoom_report.hpp"
#include "store/memory_store.hpp"
#include "tracker/report_merge.hpp"
#include "tracker/tracker_impl.hpp"

namespace rollcall::tracker {
namespace {

result<simdjson::dom::object> headers_object(simdjson::dom::parser& parser, std::string_view headers_json) {
    simdjson::dom::object headers;
    if (parser.parse(headers_json.data(), headers_json.size()).get_object().get(headers))
        return fail(errc::malformed_input, "headers_json: not a JSON object");
    return headers;
}

result<std::vector<event>> reparse_snapshot(const store::raw_payload& payload, std::string_view kind,
                                            simdjson::dom::object headers) {
    std::string_view room;
    std::int64_t at_ms = 0;
    if (headers["room"].get_string().get(room) || headers["at_ms"].get_int64().get(at_ms))
        return fail(errc::missing_field, "headers_json: a snapshot needs \"room\" and \"at_ms\"");
    const sources::snapshot_request req{payload.body, from_unix_ms(at_ms), room};
    auto parsed = kind == sources::livekit_snapshot_kind ? sources::parse_livekit_snapshot(req)
                                                         : sources::parse_bbb_snapshot(req);
    if (!parsed) return failure{parsed.err()};
    return std::move(parsed->events);
}

// A webhook as ingest parsed it, with `trusted` (verify off) instead of the signature check.
result<std::vector<event>> reparse_webhook(const sources::verify_config& trusted, const store::raw_payload& payload,
                                           simdjson::dom::object headers) {
    sources::request req;
    req.source = payload.source;
    for (auto [name, value] : headers) {
        std::string_view v;
        if (value.get_string().get(v)) return fail(errc::malformed_input, "headers_json: a header value is not a string");
        req.headers.add(std::string(name), std::string(v));
    }
    req.body = payload.body;
    req.request_url = payload.request_url;
    req.now = payload.received_at;
    auto parsed = sources::parse_request(trusted, req);
    if (!parsed) return failure{parsed.err()};
    return std::move(parsed->events);
}

}  // namespace

result<std::vector<event>> reparse_fetched(const store::raw_payload& payload) {
    simdjson::dom::parser parser;
    auto headers = headers_object(parser, payload.headers_json);
    if (!headers) return failure{headers.err()};
    std::string_view kind;
    if ((*headers)[fetched_header].get_string().get(kind))
        return fail(errc::invalid_argument, "headers_json: no \"x-rollcall-fetched\": not a host-fetched payload");
    if (kind == sources::livekit_snapshot_kind || kind == sources::bbb_snapshot_kind)
        return reparse_snapshot(payload, kind, *headers);
    if (kind != zoom_report_kind)
        return fail(errc::unsupported_event, "headers_json: x-rollcall-fetched '" + std::string(kind) + "' is not known here");
    std::string_view uuid, meeting_id;
    if ((*headers)["meeting"].get_string().get(uuid) || uuid.empty())
        return fail(errc::missing_field, "headers_json: \"meeting\" (the meeting uuid) is absent");
    // Optional: absent when neither the host nor a webhook named the numeric id.
    if ((*headers)["meeting_id"].get_string().get(meeting_id)) meeting_id = {};
    auto page = sources::zoom::parse_participants_page(payload.body, uuid);
    if (!page) return failure{page.err()};
    for (auto& e : page->events) e.room_alt = std::string(meeting_id);
    return std::move(page->events);
}

namespace {

// Any stored payload: a host-fetched one from its stored context, a webhook without its signature.
result<std::vector<event>> reparse(const sources::verify_config& trusted, simdjson::dom::parser& parser,
                                   const store::raw_payload& payload) {
    auto headers = headers_object(parser, payload.headers_json);
    if (!headers) return failure{headers.err()};
    std::string_view kind;
    if ((*headers)[fetched_header].get_string().get(kind)) return reparse_webhook(trusted, payload, *headers);
    return reparse_fetched(payload);
}

}  // namespace

result<replay_result> tracker::replay(std::string_view id, instant now) {
    auto rec = p_->db->get_session(id);
    if (!rec) return failure{rec.err()};
    if (!*rec) return fail(errc::not_found, "no session '" + std::string(id) + "'");
    return replay(**rec, now);
}

result<replay_result> tracker::replay(const store::session_record& rec, instant now) {
    auto spec = p_->full_spec(rec);
    if (!spec) return failure{spec.err()};
    replay_result out;
    std::vector<event> events;
    if (!spec->rooms.empty()) {
        auto sources = p_->db->sources_for_rooms(spec->rooms);
        if (!sources) return failure{sources.err()};
        sources::verify_config trusted = p_->cfg.verify;
        trusted.verify = false;
        // The re-parsed events go through a scratch store's ingest, in the order the payloads were
        // stored, so that duplicates are dropped by the very rules that dropped them the first time.
        std::vector<store::ingest_item> items;
        items.reserve(sources->payloads.size() + 1);
        simdjson::dom::parser parser;
        for (auto& payload : sources->payloads) {
            auto parsed = reparse(trusted, parser, payload);
            if (!parsed || parsed->empty()) {
                replay_failure f{payload.source, payload.received_at, parsed ? errc::ok : parsed.err().code,
                                 parsed ? "the payload gave no event this time" : parsed.err().message};
                out.failures.push_back(std::move(f));
                continue;
            }
            ++out.payloads;
            store::ingest_item item;
            item.payload = std::move(payload);
            item.events = std::move(*parsed);
            items.push_back(std::move(item));
        }
        out.host_events = sources->host_events.size();
        if (!sources->host_events.empty()) {
            store::ingest_item host;
            host.host_event = true;
            host.events = std::move(sources->host_events);
            items.push_back(std::move(host));
        }
        store::memory_store scratch;
        if (auto r = scratch.ingest(items); !r) return failure{r.err()};
        auto replayed = scratch.events_for_rooms(spec->rooms);
        if (!replayed) return failure{replayed.err()};
        events = std::move(*replayed);
        merge_report_rows(events);
    }
    auto r = p_->evaluate(*spec, rec, now, events);
    if (!r) return failure{r.err()};
    out.replayed = std::move(*r);
    return out;
}

}  // namespace rollcall::tracker
