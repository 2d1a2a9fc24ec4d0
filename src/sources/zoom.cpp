#include "sources/zoom.hpp"

#include <simdjson.h>

#include "crypto/crypto.hpp"
#include "sources/fast_crypto.hpp"
#include "rollcall/json_writer.hpp"
#include "sources/json_util.hpp"
#include "sources/ondemand_fields.hpp"

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

std::string lowercase(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

// How a Zoom event name relates to attendance in the main meeting.
enum class kind_of_name { room_start, room_end, join, leave, recording, url_validation, side_room, other };

kind_of_name classify(std::string_view name) noexcept {
    if (name == "endpoint.url_validation") return kind_of_name::url_validation;
    if (name == "recording.completed") return kind_of_name::recording;
    std::string_view rest;
    if (starts_with(name, "meeting."))
        rest = name.substr(8);
    else if (starts_with(name, "webinar."))
        rest = name.substr(8);
    else
        return kind_of_name::other;
    if (rest == "started") return kind_of_name::room_start;
    if (rest == "ended") return kind_of_name::room_end;
    if (rest == "participant_joined") return kind_of_name::join;
    if (rest == "participant_left") return kind_of_name::leave;
    // Waiting room, join-before-host lobby and breakout rooms are not presence in the main meeting.
    if (rest.find("waiting_room") != std::string_view::npos || rest.find("breakout_room") != std::string_view::npos ||
        rest.find("jbh") != std::string_view::npos || rest == "participant_admitted")
        return kind_of_name::side_room;
    return kind_of_name::other;
}

// A time field (ISO 8601) or, when absent, the envelope's event_ts (ms).
result<instant> time_or_event_ts(od::object& o, std::string_view key, std::string_view path,
                                 std::optional<std::int64_t> event_ts, parse_outcome& out) {
    auto t = text(o, key, path);
    if (!t.ok()) return failure{t.err()};
    if (t.value()) {
        auto parsed = parse_rfc3339(*t.value());
        if (!parsed.ok()) return fail(errc::invalid_value, std::string(path) + ": " + parsed.err().message);
        return parsed.value();
    }
    if (!event_ts) return fail(errc::missing_field, std::string(path) + " and event_ts are both absent");
    out.notes.push_back(std::string(path) + " absent: event_ts used");
    return from_unix_ms(*event_ts);
}

std::string dedup_key(std::string_view event_name, std::string_view uuid, std::string_view participant, instant at) {
    std::string key;
    key.reserve(6 + event_name.size() + uuid.size() + participant.size() + 24);
    key.append("zoom:").append(event_name).append(":").append(uuid).append(":").append(participant).append(":");
    key.append(std::to_string(to_unix_ms(at)));
    return key;
}

result<void> parse_participant(od::object& object, std::string_view event_name, bool joined,
                               std::optional<std::int64_t> event_ts, event& e, parse_outcome& out) {
    auto host_id = text(object, "host_id", "payload.object.host_id");
    if (!host_id.ok()) return failure{host_id.err()};
    const std::string host(host_id.value().value_or(std::string_view{}));

    auto part_r = fields::object(object, "participant", "payload.object.participant");
    if (!part_r.ok()) return failure{part_r.err()};
    if (!part_r.value()) return fail(errc::missing_field, "payload.object.participant is absent");
    od::object& p = *part_r.value();

    person_fields who;
    std::string_view user_id, participant_uuid;
    struct slot {
        std::string_view key;
        std::string_view path;
        std::string_view* into;
    };
    std::string_view join_or_leave;
    const std::string_view time_key = joined ? "join_time" : "leave_time";
    const std::string_view time_path = joined ? "payload.object.participant.join_time" : "payload.object.participant.leave_time";
    const slot slots[] = {
        {"user_id", "payload.object.participant.user_id", &user_id},
        {"participant_uuid", "payload.object.participant.participant_uuid", &participant_uuid},
        {"registrant_id", "payload.object.participant.registrant_id", &who.registrant_id},
        {"participant_user_id", "payload.object.participant.participant_user_id", &who.participant_user_id},
        {"id", "payload.object.participant.id", &who.id},
        {"customer_key", "payload.object.participant.customer_key", &who.customer_key},
        {"email", "payload.object.participant.email", &who.email},
        {"user_name", "payload.object.participant.user_name", &who.name},
        {time_key, time_path, &join_or_leave}};
    auto read = fields::each_field(p, "payload.object.participant", [&](std::string_view key, od::value& v) -> result<void> {
        for (const slot& s : slots) {
            if (key != s.key) continue;
            auto t = fields::optional_text(v, s.path);
            if (!t.ok()) return failure{t.err()};
            *s.into = t.value().value_or(std::string_view{});
            break;
        }
        return {};
    });
    if (!read.ok()) return failure{read.err()};
    const std::string_view connection = !participant_uuid.empty() ? participant_uuid : user_id;
    if (connection.empty())
        return fail(errc::missing_field, "payload.object.participant: neither participant_uuid nor user_id");

    instant at_time;
    if (!join_or_leave.empty()) {
        auto parsed = parse_rfc3339(join_or_leave);
        if (!parsed.ok()) return fail(errc::invalid_value, std::string(time_path) + ": " + parsed.err().message);
        at_time = parsed.value();
    } else if (event_ts) {
        at_time = from_unix_ms(*event_ts);
        out.notes.push_back(std::string(time_path) + " absent: event_ts used");
    } else {
        return fail(errc::missing_field, std::string(time_path) + " and event_ts are both absent");
    }

    e.kind = joined ? event_kind::join : event_kind::leave;
    e.at = at_time;
    e.connection.assign(connection);
    e.identity = identity_of(who);
    if (e.identity.empty()) e.identity = e.connection;
    e.display_name.assign(who.name);
    e.email.assign(who.email);
    // The host is the platform's hint for the teacher; the session's own lists win downstream.
    const std::string_view account_id = !who.participant_user_id.empty() ? who.participant_user_id : who.id;
    if (!host.empty() && account_id == host) e.who = role::teacher;
    e.dedup_key = dedup_key(event_name, e.room, e.connection, e.at);
    return {};
}

result<parse_outcome> parse_body(const verify_config& config, std::string_view body) {
    thread_local od::parser parser;
    thread_local padded_buffer buffer;
    od::document doc;
    auto root_r = fields::open_root(parser, buffer, body, doc, "the body");
    if (!root_r.ok()) return failure{root_r.err()};
    od::object root = *root_r;

    parse_outcome out;
    auto name = text(root, "event", "event");
    if (!name.ok()) return failure{name.err()};
    if (!name.value()) return fail(errc::missing_field, "event is absent");
    out.event_name.assign(*name.value());
    auto event_ts = fields::integer(root, "event_ts", "event_ts");
    if (!event_ts.ok()) return failure{event_ts.err()};

    const kind_of_name kind = classify(out.event_name);
    auto payload_r = fields::object(root, "payload", "payload");
    if (!payload_r.ok()) return failure{payload_r.err()};
    if (!payload_r.value()) return fail(errc::missing_field, "payload is absent");
    od::object& payload = *payload_r.value();

    if (kind == kind_of_name::url_validation) {
        auto token = text(payload, "plainToken", "payload.plainToken");
        if (!token.ok()) return failure{token.err()};
        if (!token.value()) return fail(errc::missing_field, "payload.plainToken is absent");
        if (config.zoom_secret_token.empty())
            return fail(errc::config_error, "zoom_secret_token is not configured: cannot answer endpoint.url_validation");
        out.response_body = url_validation_response(config.zoom_secret_token, *token.value());
        out.notes.push_back("endpoint.url_validation: return response_body with HTTP 200");
    } else if (kind == kind_of_name::other || kind == kind_of_name::side_room) {
        if (kind == kind_of_name::other && config.strict_events)
            return fail(errc::unsupported_event, "event '" + out.event_name + "' is not supported");
        out.ignored.push_back(out.event_name);
        if (kind == kind_of_name::side_room)
            out.notes.push_back(out.event_name + ": waiting room, lobby or breakout room, not presence in the main meeting");
    } else {
        auto object_r = fields::object(payload, "object", "payload.object");
        if (!object_r.ok()) return failure{object_r.err()};
        if (!object_r.value()) return fail(errc::missing_field, "payload.object is absent");
        od::object& object = *object_r.value();

        event e;
        e.source = platform::zoom;
        auto uuid = text(object, "uuid", "payload.object.uuid");
        if (!uuid.ok()) return failure{uuid.err()};
        if (!uuid.value()) return fail(errc::missing_field, "payload.object.uuid is absent");
        e.room.assign(*uuid.value());
        auto id = text(object, "id", "payload.object.id");
        if (!id.ok()) return failure{id.err()};
        if (id.value()) e.room_alt.assign(*id.value());

        switch (kind) {
            case kind_of_name::room_start:
            case kind_of_name::room_end: {
                const bool start = kind == kind_of_name::room_start;
                auto at = time_or_event_ts(object, start ? "start_time" : "end_time",
                                           start ? "payload.object.start_time" : "payload.object.end_time",
                                           event_ts.value(), out);
                if (!at.ok()) return failure{at.err()};
                e.kind = start ? event_kind::room_start : event_kind::room_end;
                e.at = at.value();
                e.dedup_key = dedup_key(out.event_name, e.room, {}, e.at);
                break;
            }
            case kind_of_name::join:
            case kind_of_name::leave: {
                auto r = parse_participant(object, out.event_name, kind == kind_of_name::join, event_ts.value(), e, out);
                if (!r.ok()) return failure{r.err()};
                break;
            }
            case kind_of_name::recording: {
                if (!event_ts.value()) return fail(errc::missing_field, "event_ts is absent");
                e.kind = event_kind::recording_ready;
                e.at = from_unix_ms(*event_ts.value());
                auto count = fields::integer(object, "recording_count", "payload.object.recording_count");
                if (!count.ok()) return failure{count.err()};
                if (count.value()) {
                    json_writer w;
                    w.begin_object().field("recording_count", *count.value()).end_object();
                    e.detail = std::move(w).str();
                }
                e.dedup_key = dedup_key(out.event_name, e.room, {}, e.at);
                break;
            }
            default: break;
        }
        out.events.push_back(std::move(e));
    }
    if (auto done = fields::check_complete(doc); !done.ok()) return failure{done.err()};
    return out;
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
    unsigned char expected[fast::max_digest];
    if (!fast::hmac(fast::sha::sha256, config.zoom_secret_token, message, expected))
        return fail(errc::internal_error, "HMAC-SHA256 failed");
    const std::string_view computed(reinterpret_cast<const char*>(expected), fast::digest_size(fast::sha::sha256));
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

std::string identity_of(const person_fields& p) {
    for (const std::string_view id : {p.registrant_id, p.participant_user_id, p.id, p.customer_key})
        if (!trim(id).empty()) return std::string(trim(id));
    if (!trim(p.email).empty()) return lowercase(trim(p.email));
    const std::string_view name = trim(p.name);
    if (name.empty()) return {};
    std::string out = "name:";
    bool space = false;
    for (const char c : name) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(ascii_lower(c));
    }
    return out;
}

result<parse_outcome> parse_webhook(const verify_config& config, const request& req) {
    if (config.verify) {
        if (auto v = verify_signature(config, req); !v.ok()) return failure{v.err()};
    }
    return parse_body(config, req.body);
}

}  // namespace rollcall::sources::zoom
