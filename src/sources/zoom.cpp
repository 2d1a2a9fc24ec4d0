#include "sources/zoom.hpp"

#include <simdjson.h>


#include "crypto/crypto.hpp"
#include "identity/normalise.hpp"
#include "rollcall/json_writer.hpp"
#include "sources/dedup_key.hpp"
#include "sources/event_slots.hpp"
#include "sources/json_util.hpp"
#include "sources/ondemand_fields.hpp"
#include "sources/ondemand_forward.hpp"

namespace rollcall::sources::zoom {
namespace {

namespace od = simdjson::ondemand;
using fields::text;

constexpr std::string_view sig_header = "x-zm-signature";
constexpr std::string_view ts_header = "x-zm-request-timestamp";

bool starts_with(std::string_view s, std::string_view p) noexcept { return s.substr(0, p.size()) == p; }

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// How a Zoom event name relates to attendance in the main meeting.
enum class kind_of_name { room_start, room_end, join, leave, recording, url_validation, side_room, other };

kind_of_name classify(std::string_view name) noexcept {
    if (is_key(name, "endpoint.url_validation")) return kind_of_name::url_validation;
    if (is_key(name, "recording.completed")) return kind_of_name::recording;
    std::string_view rest;
    if (starts_with(name, "meeting."))
        rest = name.substr(8);
    else if (starts_with(name, "webinar."))
        rest = name.substr(8);
    else
        return kind_of_name::other;
    if (is_key(rest, "started")) return kind_of_name::room_start;
    if (is_key(rest, "ended")) return kind_of_name::room_end;
    if (is_key(rest, "participant_joined")) return kind_of_name::join;
    if (is_key(rest, "participant_left")) return kind_of_name::leave;
    // Waiting room, join-before-host lobby and breakout rooms are not presence in the main meeting.
    if (rest.find("waiting_room") != std::string_view::npos || rest.find("breakout_room") != std::string_view::npos ||
        rest.find("jbh") != std::string_view::npos || rest == "participant_admitted")
        return kind_of_name::side_room;
    return kind_of_name::other;
}

// A time field's text (ISO 8601) or, when it is absent, the envelope's event_ts (ms).
result<instant> time_or_event_ts(std::string_view text_value, std::string_view path, std::optional<std::int64_t> event_ts,
                                 parse_outcome& out) {
    if (!text_value.empty()) {
        auto parsed = parse_rfc3339(text_value);
        if (!parsed.ok()) return fail(errc::invalid_value, std::string(path) + ": " + parsed.err().message);
        return parsed.value();
    }
    if (!event_ts) return fail(errc::missing_field, std::string(path) + " and event_ts are both absent");
    out.notes.push_back(std::string(path) + " absent: event_ts used");
    return from_unix_ms(*event_ts);
}

// What a webhook says, as read by either path; views into the parser's buffers.
struct webhook_view {
    std::string_view event_name, plain_token, uuid, id, host_id, start_time, end_time;
    std::optional<std::int64_t> event_ts, recording_count;
    bool has_object = false, has_participant = false;
    zoom::person_fields who;
    std::string_view user_id, participant_uuid, join_time, leave_time;
};

constexpr std::string_view join_path = "payload.object.participant.join_time";
constexpr std::string_view leave_path = "payload.object.participant.leave_time";

// A participant's join or leave, once the participant's fields have been read.
result<void> participant_event(const webhook_view& w, bool joined, event& e, parse_outcome& out) {
    const std::string_view connection = !w.participant_uuid.empty() ? w.participant_uuid : w.user_id;
    if (connection.empty())
        return fail(errc::missing_field, "payload.object.participant: neither participant_uuid nor user_id");
    const std::string_view time_path = joined ? join_path : leave_path;
    const std::string_view time_text = joined ? w.join_time : w.leave_time;
    instant at_time;
    if (!time_text.empty()) {
        auto parsed = parse_rfc3339(time_text);
        if (!parsed.ok()) return fail(errc::invalid_value, std::string(time_path) + ": " + parsed.err().message);
        at_time = parsed.value();
    } else if (w.event_ts) {
        at_time = from_unix_ms(*w.event_ts);
        out.notes.push_back(std::string(time_path) + " absent: event_ts used");
    } else {
        return fail(errc::missing_field, std::string(time_path) + " and event_ts are both absent");
    }
    e.kind = joined ? event_kind::join : event_kind::leave;
    e.at = at_time;
    e.connection.append(connection);
    identity_into(w.who, e);
    if (e.identity.empty()) e.identity = e.connection;  // nothing names the person: the connection does
    e.display_name.append(w.who.name);
    e.email.append(w.who.email);
    // The host is the platform's hint for the teacher; the session's own lists win downstream.
    const std::string_view account_id = !w.who.participant_user_id.empty() ? w.who.participant_user_id : w.who.id;
    if (!w.host_id.empty() && account_id == w.host_id) e.who = role::teacher;
    dedup_key_into(e.dedup_key, "zoom:", {w.event_name, e.room, e.connection}, e.at);
    return {};
}

// The participant's fields into `w`: `time_key` is the one time the event's kind uses (the checked
// path reads only that one), or empty for both.
std::string_view* participant_slot(webhook_view& w, std::string_view key, std::string_view time_key) {
    // A participant has a dozen keys: the length picks at most two candidates to compare.
    switch (key.size()) {
        case 2: return is_key(key, "id") ? &w.who.id : nullptr;
        case 5: return is_key(key, "email") ? &w.who.email : nullptr;
        case 7: return is_key(key, "user_id") ? &w.user_id : nullptr;
        case 9:
            if (key[0] == 'u') return is_key(key, "user_name") ? &w.who.name : nullptr;
            return time_key != "leave_time" && is_key(key, "join_time") ? &w.join_time : nullptr;
        case 10: return time_key != "join_time" && is_key(key, "leave_time") ? &w.leave_time : nullptr;
        case 12: return is_key(key, "customer_key") ? &w.who.customer_key : nullptr;
        case 13: return is_key(key, "registrant_id") ? &w.who.registrant_id : nullptr;
        case 16: return is_key(key, "participant_uuid") ? &w.participant_uuid : nullptr;
        case 19: return is_key(key, "participant_user_id") ? &w.who.participant_user_id : nullptr;
        default: return nullptr;
    }
}

// The participant object's paths, named only when a read fails.
std::string_view participant_path(std::string_view key) {
    thread_local std::string path;
    path.assign("payload.object.participant.").append(key);
    return path;
}

result<void> read_participant(od::object& object, bool joined, webhook_view& w) {
    auto host_id = text(object, "host_id", "payload.object.host_id");
    if (!host_id.ok()) return failure{host_id.err()};
    w.host_id = host_id.value().value_or(std::string_view{});

    auto part_r = fields::object(object, "participant", "payload.object.participant");
    if (!part_r.ok()) return failure{part_r.err()};
    if (!part_r.value()) return fail(errc::missing_field, "payload.object.participant is absent");
    od::object& p = *part_r.value();
    const std::string_view time_key = joined ? "join_time" : "leave_time";
    return fields::each_field(p, "payload.object.participant", [&](std::string_view key, od::value& v) -> result<void> {
        std::string_view* into = participant_slot(w, key, time_key);
        if (!into) return {};
        auto t = fields::optional_text(v, participant_path(key));
        if (!t.ok()) return failure{t.err()};
        *into = t.value().value_or(std::string_view{});
        return {};
    });
}

// The event of a meeting-level or participant webhook, from fields read by either path, into a slot that
// comes cleared (event_slots::next): its strings are filled by appending, which skips assign's overlap
// handling.
result<void> build_event(const webhook_view& w, kind_of_name kind, event& e, parse_outcome& out) {
    e.source = platform::zoom;
    e.room.append(w.uuid);
    e.room_alt.append(w.id);
    switch (kind) {
        case kind_of_name::room_start:
        case kind_of_name::room_end: {
            const bool start = kind == kind_of_name::room_start;
            auto at = time_or_event_ts(start ? w.start_time : w.end_time,
                                       start ? "payload.object.start_time" : "payload.object.end_time", w.event_ts, out);
            if (!at.ok()) return failure{at.err()};
            e.kind = start ? event_kind::room_start : event_kind::room_end;
            e.at = at.value();
            dedup_key_into(e.dedup_key, "zoom:", {w.event_name, e.room, {}}, e.at);
            return {};
        }
        case kind_of_name::join:
        case kind_of_name::leave: return participant_event(w, kind == kind_of_name::join, e, out);
        case kind_of_name::recording: {
            e.kind = event_kind::recording_ready;
            e.at = from_unix_ms(*w.event_ts);
            if (w.recording_count) {
                json_writer w_detail;
                w_detail.begin_object().field("recording_count", *w.recording_count).end_object();
                e.detail = std::move(w_detail).str();
            }
            dedup_key_into(e.dedup_key, "zoom:", {w.event_name, e.room, {}}, e.at);
            return {};
        }
        default: return {};
    }
}

// Everything but the meeting object's event: URL validation answers and events that are not presence.
result<void> envelope_only(const verify_config& config, const webhook_view& w, kind_of_name kind, parse_outcome& out) {
    if (kind == kind_of_name::url_validation) {
        if (w.plain_token.empty()) return fail(errc::missing_field, "payload.plainToken is absent");
        if (config.zoom_secret_token.empty())
            return fail(errc::config_error, "zoom_secret_token is not configured: cannot answer endpoint.url_validation");
        out.response_body = url_validation_response(config.zoom_secret_token, w.plain_token);
        out.notes.push_back("endpoint.url_validation: return response_body with HTTP 200");
        return {};
    }
    if (kind == kind_of_name::other && config.strict_events)
        return fail(errc::unsupported_event, "event '" + out.event_name + "' is not supported");
    out.ignored.push_back(out.event_name);
    if (kind == kind_of_name::side_room)
        out.notes.push_back(out.event_name + ": waiting room, lobby or breakout room, not presence in the main meeting");
    return {};
}

bool has_meeting_event(kind_of_name kind) noexcept {
    return kind != kind_of_name::url_validation && kind != kind_of_name::other && kind != kind_of_name::side_room;
}

// The checked path: the whole document validated first, then keyed lookups in the order that decides
// which error a document with several faults gets.
result<void> parse_checked(const verify_config& config, od::parser& parser, padded_buffer& buffer, std::string_view body,
                           event_slots& events, parse_outcome& out) {
    od::document doc;
    auto root_r = fields::open_root(parser, buffer, body, doc, "the body");
    if (!root_r.ok()) return failure{root_r.err()};
    od::object root = *root_r;

    webhook_view w;
    auto name = text(root, "event", "event");
    if (!name.ok()) return failure{name.err()};
    if (!name.value()) return fail(errc::missing_field, "event is absent");
    w.event_name = *name.value();
    out.event_name.assign(w.event_name);
    auto event_ts = fields::integer(root, "event_ts", "event_ts");
    if (!event_ts.ok()) return failure{event_ts.err()};
    w.event_ts = event_ts.value();

    const kind_of_name kind = classify(w.event_name);
    auto payload_r = fields::object(root, "payload", "payload");
    if (!payload_r.ok()) return failure{payload_r.err()};
    if (!payload_r.value()) return fail(errc::missing_field, "payload is absent");
    od::object& payload = *payload_r.value();

    if (!has_meeting_event(kind)) {
        if (kind == kind_of_name::url_validation) {
            auto token = text(payload, "plainToken", "payload.plainToken");
            if (!token.ok()) return failure{token.err()};
            w.plain_token = token.value().value_or(std::string_view{});
        }
        if (auto r = envelope_only(config, w, kind, out); !r.ok()) return r;
    } else {
        auto object_r = fields::object(payload, "object", "payload.object");
        if (!object_r.ok()) return failure{object_r.err()};
        if (!object_r.value()) return fail(errc::missing_field, "payload.object is absent");
        od::object& object = *object_r.value();

        auto uuid = text(object, "uuid", "payload.object.uuid");
        if (!uuid.ok()) return failure{uuid.err()};
        if (!uuid.value()) return fail(errc::missing_field, "payload.object.uuid is absent");
        w.uuid = *uuid.value();
        auto id = text(object, "id", "payload.object.id");
        if (!id.ok()) return failure{id.err()};
        w.id = id.value().value_or(std::string_view{});

        if (kind == kind_of_name::room_start || kind == kind_of_name::room_end) {
            const bool start = kind == kind_of_name::room_start;
            auto t = text(object, start ? "start_time" : "end_time",
                          start ? "payload.object.start_time" : "payload.object.end_time");
            if (!t.ok()) return failure{t.err()};
            (start ? w.start_time : w.end_time) = t.value().value_or(std::string_view{});
        } else if (kind == kind_of_name::join || kind == kind_of_name::leave) {
            if (auto r = read_participant(object, kind == kind_of_name::join, w); !r.ok()) return r;
        } else if (kind == kind_of_name::recording) {
            if (!w.event_ts) return fail(errc::missing_field, "event_ts is absent");
            auto count = fields::integer(object, "recording_count", "payload.object.recording_count");
            if (!count.ok()) return failure{count.err()};
            w.recording_count = count.value();
        }
        if (auto r = build_event(w, kind, events.next(), out); !r.ok()) return r;
    }
    return fields::check_complete(doc);
}

// ---- the forward pass (ondemand_forward.hpp): yes or no, the checked path names errors -----------

using forward::keys;
using forward::step;

// Every field any kind of event uses is read (the event name may come after the payload); a value the
// checked path would not have read, if unreadable, sends the document there.
bool read_object_fast(od::object& object, webhook_view& w) {
    forward::seen seen;
    return forward::each(object, 3, keys::lookup, [&](std::string_view key, od::value& v) {
        if (is_key(key, "participant")) {
            od::object p;
            if (!seen.first(0) || !forward::object(v, p, w.has_participant)) return step::fail;
            if (!w.has_participant) return step::read;
            return forward::each(p, 4, keys::unescaped, [&](std::string_view k, od::value& pv) {
                std::string_view* into = participant_slot(w, k, {});
                if (!into) return step::skip;
                return forward::text(pv, *into) ? step::read : step::fail;
            }) ? step::read : step::fail;
        }
        if (is_key(key, "recording_count"))
            return seen.first(1) && forward::integer(v, w.recording_count) ? step::read : step::fail;
        std::string_view* into = is_key(key, "uuid")         ? &w.uuid
                                 : is_key(key, "id")         ? &w.id
                                 : is_key(key, "host_id")    ? &w.host_id
                                 : is_key(key, "start_time") ? &w.start_time
                                 : is_key(key, "end_time")   ? &w.end_time
                                                             : nullptr;
        if (!into) return step::skip;
        const unsigned bit = into == &w.uuid ? 2 : into == &w.id ? 3 : into == &w.host_id ? 4 : into == &w.start_time ? 5 : 6;
        return seen.first(bit) && forward::text(v, *into) ? step::read : step::fail;
    });
}

bool read_payload_fast(od::object& payload, webhook_view& w) {
    forward::seen seen;
    return forward::each(payload, 2, keys::lookup, [&](std::string_view key, od::value& v) {
        if (is_key(key, "plainToken")) return seen.first(0) && forward::text(v, w.plain_token) ? step::read : step::fail;
        if (!is_key(key, "object")) return step::skip;
        od::object object;
        if (!seen.first(1) || !forward::object(v, object, w.has_object)) return step::fail;
        return !w.has_object || read_object_fast(object, w) ? step::read : step::fail;
    });
}

bool parse_fast(const verify_config& config, od::parser& parser, const padded_buffer& buffer, event_slots& events,
                parse_outcome& out) {
    od::document doc;
    od::object root;
    if (!forward::iterate(parser, buffer, doc) || doc.get_object().get(root) != simdjson::SUCCESS) return false;
    webhook_view w;
    forward::seen seen;
    bool has_payload = false;
    const bool read = forward::each(root, 1, keys::lookup, [&](std::string_view key, od::value& v) {
        if (is_key(key, "event")) return seen.first(0) && forward::text(v, w.event_name) ? step::read : step::fail;
        if (is_key(key, "event_ts")) return seen.first(1) && forward::integer(v, w.event_ts) ? step::read : step::fail;
        if (!is_key(key, "payload")) return step::skip;
        od::object payload;
        if (!seen.first(2) || !forward::object(v, payload, has_payload)) return step::fail;
        return !has_payload || read_payload_fast(payload, w) ? step::read : step::fail;
    });
    if (!read || !document_fully_consumed(doc) || w.event_name.empty() || !has_payload) return false;
    out.event_name.assign(w.event_name);
    const kind_of_name kind = classify(w.event_name);
    if (!has_meeting_event(kind)) return envelope_only(config, w, kind, out).ok();
    if (!w.has_object || w.uuid.empty()) return false;
    if (kind == kind_of_name::join || kind == kind_of_name::leave) {
        if (!w.has_participant) return false;
    } else if (kind == kind_of_name::recording && !w.event_ts) {
        return false;
    }
    return build_event(w, kind, events.next(), out).ok();
}

}  // namespace

result<void> verify_signature(const verify_config& config, const request& req) {
    if (config.zoom_secret_token.empty()) return fail(errc::config_error, "zoom_secret_token is not configured");
    const auto sig = req.headers.find(sig_header);
    if (!sig) return fail(errc::missing_signature, "header x-zm-signature is absent");
    const auto ts_text = req.headers.find(ts_header);
    if (!ts_text) return fail(errc::missing_signature, "header x-zm-request-timestamp is absent");

    const std::string_view sig_value = trim(*sig);
    if (!starts_with(sig_value, "v0="))
        return fail(errc::bad_signature, "x-zm-signature: unknown scheme (expected 'v0=')");
    const auto given = crypto::hex_decode(sig_value.substr(3));
    if (!given || given->size() != crypto::digest_size(crypto::hash_alg::sha256))
        return fail(errc::bad_signature, "x-zm-signature: not 64 hex digits after 'v0='");
    const std::string_view ts = trim(*ts_text);
    const auto seconds = parse_int64(ts);
    if (!seconds || *seconds < 0 || *seconds > INT64_MAX / 1000)
        return fail(errc::invalid_value, "x-zm-request-timestamp: not Unix seconds");

    thread_local std::string message;
    message.assign("v0:").append(ts).append(":").append(req.body);
    unsigned char expected[crypto::max_digest];
    if (!crypto::hmac(crypto::hash_alg::sha256, config.zoom_secret_token, message, expected))
        return fail(errc::internal_error, "HMAC-SHA256 failed");
    const std::string_view computed(reinterpret_cast<const char*>(expected),
                                    crypto::digest_size(crypto::hash_alg::sha256));
    if (!crypto::constant_time_equal(computed, *given))
        return fail(errc::bad_signature, "x-zm-signature does not match the body and timestamp");

    if (config.zoom_window_s > 0) {
        const std::int64_t age_ms = to_unix_ms(req.now) - *seconds * 1000;
        const std::int64_t window_ms = config.zoom_window_s * 1000;
        if (age_ms > window_ms || age_ms < -window_ms)
            return fail(errc::stale_timestamp, "x-zm-request-timestamp is " + std::to_string(age_ms / 1000) +
                                                   " s from now (window " + std::to_string(config.zoom_window_s) + " s)");
    }
    return {};
}

std::string url_validation_response(std::string_view secret_token, std::string_view plain_token) {
    json_writer w;
    w.begin_object()
        .field("plainToken", plain_token)
        .field("encryptedToken", crypto::hex_encode(crypto::hmac(crypto::hash_alg::sha256, secret_token, plain_token)))
        .end_object();
    return std::move(w).str();
}

void identity_into(const person_fields& p, event& e) {
    e.identity.clear();
    e.keys.clear();
    e.unresolved = false;
    // Rule 1: the host put its own user id in customer_key (registration or join URL).
    if (const std::string_view ck = trim(p.customer_key); !ck.empty()) {
        e.identity.assign(ck);
        return;
    }
    // Rules 2 and 3: every key an alias may name, in the order rule 3 tries them.
    const std::string_view registrant = trim(p.registrant_id);
    const std::string email = identity::email(p.email);
    const std::string_view user_id = !trim(p.participant_user_id).empty() ? trim(p.participant_user_id) : trim(p.id);
    const std::string name = identity::display_name(p.name);
    append_key(e.keys, key_kind::zoom_registrant_id, registrant);
    append_key(e.keys, key_kind::email, email);
    append_key(e.keys, key_kind::zoom_user_id, user_id);
    append_key(e.keys, key_kind::name, name);
    if (!registrant.empty()) e.identity.assign(registrant);
    else if (!email.empty()) e.identity.assign(email);
    else if (!user_id.empty()) e.identity.assign(user_id);
    else if (!name.empty()) e.identity = identity::name_identity(name);
    e.unresolved = true;
}

std::string identity_of(const person_fields& p) {
    event e;
    identity_into(p, e);
    return std::move(e.identity);
}

result<void> parse_body(const verify_config& config, std::string_view body, parse_outcome& out) {
    start_afresh(out);
    thread_local od::parser parser;
    thread_local padded_buffer buffer;
    buffer.assign(body);
    return forward::fast_then_checked(
        out, 0, [&](event_slots& events) { return parse_fast(config, parser, buffer, events, out); },
        [&](event_slots& events) { return parse_checked(config, parser, buffer, body, events, out); });
}

result<parse_outcome> parse_webhook(const verify_config& config, const request& req) {
    if (config.verify) {
        if (auto v = verify_signature(config, req); !v.ok()) return failure{v.err()};
    }
    parse_outcome out;
    if (auto r = parse_body(config, req.body, out); !r.ok()) return failure{r.err()};
    return out;
}

}  // namespace rollcall::sources::zoom
