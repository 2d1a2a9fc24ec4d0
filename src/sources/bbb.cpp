#include "sources/bbb.hpp"

#include <openssl/crypto.h>
#include <simdjson.h>

#include <array>

#include "crypto/crypto.hpp"
#include "rollcall/json_writer.hpp"
#include "sources/bbb_analytics.hpp"
#include "identity/normalise.hpp"
#include "sources/dedup_key.hpp"
#include "sources/event_slots.hpp"
#include "sources/form.hpp"
#include "sources/json_util.hpp"
#include "sources/jwt.hpp"
#include "sources/ondemand_fields.hpp"
#include "sources/ondemand_forward.hpp"

namespace rollcall::sources::bbb {
namespace {

namespace od = simdjson::ondemand;
using fields::text;

bool starts_with(std::string_view s, std::string_view p) noexcept { return s.substr(0, p.size()) == p; }

// The credential of an `Authorization: Bearer <secret>` header; nullopt without the Bearer scheme.
std::optional<std::string_view> bearer_credential(std::optional<std::string_view> header) noexcept {
    if (!header) return std::nullopt;
    std::string_view v = *header;
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    constexpr std::string_view scheme = "bearer ";
    if (v.size() < scheme.size() || !ascii_iequals(v.substr(0, scheme.size()), scheme)) return std::nullopt;
    return jwt::strip_bearer(v);
}

std::optional<crypto::hash_alg> alg_for_hex_length(std::size_t n) noexcept {
    switch (n) {
        case 40: return crypto::hash_alg::sha1;
        case 64: return crypto::hash_alg::sha256;
        case 96: return crypto::hash_alg::sha384;
        case 128: return crypto::hash_alg::sha512;
        default: return std::nullopt;
    }
}

// H(url + middle + secret) compared with the given digest. The concatenation holds the secret, so the
// scratch buffer is wiped before it is reused or freed.
bool checksum_matches(crypto::hash_alg alg, std::string_view url, std::string_view middle, std::string_view secret,
                      std::string_view given) {
    thread_local std::string scratch;
    scratch.assign(url).append(middle).append(secret);
    const std::string computed = crypto::digest(alg, scratch);
    OPENSSL_cleanse(scratch.data(), scratch.size());
    return crypto::constant_time_equal(computed, given);
}

// JavaScript's JSON.stringify escaping of a string: only `"`, `\` and control characters are escaped,
// with the short forms where JSON has them and lowercase \u00xx otherwise; everything else is verbatim.
void append_js_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out.push_back(hex[c >> 4]);
                    out.push_back(hex[c & 15]);
                } else {
                    out.push_back(ch);
                }
        }
    }
    out.push_back('"');
}

// A JS number prints as its shortest decimal digits: no sign, no leading zero.
bool is_js_integer_text(std::string_view s) noexcept {
    if (s.empty() || s.size() > 15 || (s.size() > 1 && s[0] == '0')) return false;
    for (const char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// Event ids bbb-webhooks can send (v3.5 OUTPUT_EVENTS, plus v2's legacy names): anything else is
// "unsupported" when the host asks for strict handling.
bool known_event(std::string_view id) noexcept {
    static constexpr std::array<std::string_view, 23> plain = {
        "meeting-created", "meeting-ended", "meeting-recording-started", "meeting-recording-stopped",
        "meeting-recording-unhandled", "meeting-recording-changed", "meeting-screenshare-started",
        "meeting-screenshare-stopped", "meeting-presentation-changed", "user-joined", "user-left",
        "transcript-updated", "chat-group-message-sent", "pad-content", "poll-started", "poll-responded",
        "rap-published", "rap-unpublished", "rap-deleted", "user_joined_message", "user_left_message",
        "user_listening_only", "user_status_changed_message"};
    for (const auto k : plain)
        if (is_key(id, k)) return true;
    if (starts_with(id, "user-")) return true;  // audio, cam, presenter, emoji, raise-hand variants
    if (starts_with(id, "rap-") && (id.ends_with("-started") || id.ends_with("-ended"))) return true;
    return false;
}

enum class mapped { room_start, room_end, join, leave, evidence, recording, ignored };

struct element_view {
    std::string_view id;
    std::string_view meeting;       // internal-meeting-id
    std::string_view meeting_ext;   // external-meeting-id
    std::string_view user;          // internal-user-id
    std::string_view user_ext;      // external-user-id
    std::string_view name;
    std::string_view role;
    std::string_view record_id;
    std::optional<bool> guest;
    std::optional<bool> breakout;
    std::optional<bool> success;
    std::string_view parent;
    std::optional<std::int64_t> ts;
};

mapped map_event(const element_view& v) noexcept {
    const std::string_view id = v.id;
    if (is_key(id, "meeting-created")) return mapped::room_start;
    if (is_key(id, "meeting-ended")) return mapped::room_end;
    if (is_key(id, "user-joined") || is_key(id, "user_joined_message")) return mapped::join;
    if (is_key(id, "user-left") || is_key(id, "user_left_message")) return mapped::leave;
    // Dial-in callers (`v_` ids) may never get user-joined/user-left: their voice connection is their
    // presence. Everyone else's voice events are only signs of life.
    if (is_key(id, "user-audio-voice-enabled") && starts_with(v.user, "v_")) return mapped::join;
    if (is_key(id, "user-audio-voice-disabled") && starts_with(v.user, "v_")) return mapped::leave;
    if (is_key(id, "rap-publish-ended")) return v.success == false ? mapped::ignored : mapped::recording;
    if (starts_with(id, "user") && !v.user.empty()) return mapped::evidence;
    return mapped::ignored;
}

std::string path_of(std::size_t index, std::string_view rest) {
    std::string path = "event[";
    path.append(std::to_string(index)).append("].").append(rest);
    return path;
}

// `data.event.ts` is the webhooks process's clock in ms, except rap-* events, which carry the
// recording pipeline's Unix seconds. The magnitude tells them apart for every event: a value below
// 1e11 is seconds (as milliseconds it would fall in 1973).
std::int64_t ts_to_ms(std::int64_t ts) noexcept { return ts < 100'000'000'000 ? ts * 1000 : ts; }

result<void> read_element(od::value item, std::size_t index, element_view& v) {
    auto obj_r = item.get_object();
    if (obj_r.error() == simdjson::INCORRECT_TYPE)
        return fields::wrong_type("event[" + std::to_string(index) + "]", "an object");
    if (obj_r.error()) return fields::broken("event[" + std::to_string(index) + "]", obj_r.error());
    od::object obj = obj_r.value_unsafe();
    // Paths are only read when a lookup fails, so they are built in one reused buffer, not allocated
    // per field.
    thread_local std::string path_buf;
    std::string prefix = "event[";
    prefix.append(std::to_string(index)).append("].");
    auto P = [&](std::string_view rest, std::string_view more = {}) -> std::string_view {
        path_buf.assign(prefix).append(rest).append(more);
        return path_buf;
    };
    // The path of an object read field by field must outlive the P() calls made inside the loop.
    thread_local std::string object_path_buf;
    auto Q = [&](std::string_view rest) -> std::string_view {
        object_path_buf.assign(prefix).append(rest);
        return object_path_buf;
    };
    auto data_r = fields::object(obj, "data", P("data"));
    if (!data_r.ok()) return failure{data_r.err()};
    if (!data_r.value()) return fail(errc::missing_field, path_of(index, "data") + " is absent");
    od::object& data = *data_r.value();

    auto id = text(data, "id", P("data.id"));
    if (!id.ok()) return failure{id.err()};
    if (!id.value()) return fail(errc::missing_field, path_of(index, "data.id") + " is absent");
    v.id = *id.value();

    auto attrs_r = fields::object(data, "attributes", P("data.attributes"));
    if (!attrs_r.ok()) return failure{attrs_r.err()};
    if (attrs_r.value()) {
        od::object& attrs = *attrs_r.value();
        auto meeting_r = fields::object(attrs, "meeting", P("data.attributes.meeting"));
        if (!meeting_r.ok()) return failure{meeting_r.err()};
        if (meeting_r.value()) {
            od::object& m = *meeting_r.value();
            auto read = fields::each_field(m, Q("data.attributes.meeting"), [&](std::string_view key, od::value& val) -> result<void> {
                if (key == "internal-meeting-id" || key == "external-meeting-id" || key == "parent-id") {
                    auto t = fields::optional_text(val, P("data.attributes.meeting.", key));
                    if (!t.ok()) return failure{t.err()};
                    const std::string_view got = t.value().value_or(std::string_view{});
                    (key == "parent-id" ? v.parent : key == "internal-meeting-id" ? v.meeting : v.meeting_ext) = got;
                } else if (key == "is-breakout") {
                    auto b = fields::boolean_of(val, P("data.attributes.meeting.is-breakout"));
                    if (!b.ok()) return failure{b.err()};
                    v.breakout = b.value();
                }
                return {};
            });
            if (!read.ok()) return failure{read.err()};
        }
        auto user_r = fields::object(attrs, "user", P("data.attributes.user"));
        if (!user_r.ok()) return failure{user_r.err()};
        if (user_r.value()) {
            od::object& u = *user_r.value();
            struct slot {
                std::string_view key;
                std::string_view* into;
            };
            const slot slots[] = {{"internal-user-id", &v.user},
                                  {"external-user-id", &v.user_ext},
                                  {"name", &v.name},
                                  {"role", &v.role}};
            auto read = fields::each_field(u, Q("data.attributes.user"), [&](std::string_view key, od::value& val) -> result<void> {
                if (key == "guest") {
                    auto g = fields::boolean_of(val, P("data.attributes.user.guest"));
                    if (!g.ok()) return failure{g.err()};
                    v.guest = g.value();
                    return {};
                }
                for (const slot& s : slots) {
                    if (key != s.key) continue;
                    auto t = fields::optional_text(val, P("data.attributes.user.", key));
                    if (!t.ok()) return failure{t.err()};
                    *s.into = t.value().value_or(std::string_view{});
                    break;
                }
                return {};
            });
            if (!read.ok()) return failure{read.err()};
        }
        if (starts_with(v.id, "rap-")) {
            auto rec = text(attrs, "record-id", P("data.attributes.record-id"));
            if (!rec.ok()) return failure{rec.err()};
            v.record_id = rec.value().value_or(std::string_view{});
            auto ok = fields::boolean(attrs, "success", P("data.attributes.success"));
            if (!ok.ok()) return failure{ok.err()};
            v.success = ok.value();
        }
    }
    auto ev_r = fields::object(data, "event", P("data.event"));
    if (!ev_r.ok()) return failure{ev_r.err()};
    if (ev_r.value()) {
        auto ts = fields::integer(*ev_r.value(), "ts", P("data.event.ts"));
        if (!ts.ok()) return failure{ts.err()};
        v.ts = ts.value();
    }
    return {};
}

// ---- the forward pass (ondemand_forward.hpp): yes or no, the checked reader above names errors -----

using forward::keys;
using forward::step;

// The levels below are nesting depths: the array is 1, an element 2, its `data` 3.
bool read_meeting_fast(od::object& m, element_view& v) {
    return forward::each(m, 5, keys::unescaped, [&](std::string_view key, od::value& val) {
        std::string_view* into = is_key(key, "internal-meeting-id")   ? &v.meeting
                                 : is_key(key, "external-meeting-id") ? &v.meeting_ext
                                 : is_key(key, "parent-id")           ? &v.parent
                                                                : nullptr;
        if (into) return forward::text(val, *into) ? step::read : step::fail;
        if (is_key(key, "is-breakout")) return forward::boolean(val, v.breakout) ? step::read : step::fail;
        return step::skip;
    });
}

bool read_user_fast(od::object& u, element_view& v) {
    return forward::each(u, 5, keys::unescaped, [&](std::string_view key, od::value& val) {
        std::string_view* into = is_key(key, "internal-user-id")   ? &v.user
                                 : is_key(key, "external-user-id") ? &v.user_ext
                                 : is_key(key, "name")             ? &v.name
                                 : is_key(key, "role")             ? &v.role
                                                             : nullptr;
        if (into) return forward::text(val, *into) ? step::read : step::fail;
        if (is_key(key, "guest")) return forward::boolean(val, v.guest) ? step::read : step::fail;
        return step::skip;
    });
}

// `record-id` and `success` are read whatever the event (the id may come later) and kept for rap-*
// events only, as the checked reader does; a value it would never have read sends the element there.
bool read_attributes_fast(od::object& attrs, element_view& v) {
    forward::seen seen;
    return forward::each(attrs, 4, keys::lookup, [&](std::string_view key, od::value& val) {
        const bool meeting = is_key(key, "meeting");
        if (meeting || is_key(key, "user")) {
            od::object o;
            bool present = false;
            if (!seen.first(meeting ? 0 : 1) || !forward::object(val, o, present)) return step::fail;
            if (!present) return step::read;
            return (meeting ? read_meeting_fast(o, v) : read_user_fast(o, v)) ? step::read : step::fail;
        }
        if (is_key(key, "record-id")) return seen.first(2) && forward::text(val, v.record_id) ? step::read : step::fail;
        if (is_key(key, "success")) return seen.first(3) && forward::boolean(val, v.success) ? step::read : step::fail;
        return step::skip;
    });
}

bool read_data_fast(od::object& data, element_view& v) {
    forward::seen seen;
    return forward::each(data, 3, keys::lookup, [&](std::string_view key, od::value& val) {
        if (is_key(key, "id")) return seen.first(0) && forward::text(val, v.id) ? step::read : step::fail;
        const bool attributes = is_key(key, "attributes");
        if (!attributes && !is_key(key, "event")) return step::skip;
        od::object o;
        bool present = false;
        if (!seen.first(attributes ? 1 : 2) || !forward::object(val, o, present)) return step::fail;
        if (!present) return step::read;
        if (attributes) return read_attributes_fast(o, v) ? step::read : step::fail;
        forward::seen seen_ts;
        return forward::each(o, 4, keys::lookup, [&](std::string_view k, od::value& ts) {
            if (!is_key(k, "ts")) return step::skip;
            return seen_ts.first(0) && forward::integer(ts, v.ts) ? step::read : step::fail;
        }) ? step::read : step::fail;
    });
}

bool read_element_fast(od::value& item, element_view& v) {
    od::object obj;
    bool present = false;
    if (!forward::object(item, obj, present) || !present) return false;
    forward::seen seen;
    bool has_data = false;
    const bool read = forward::each(obj, 2, keys::lookup, [&](std::string_view key, od::value& val) {
        if (!is_key(key, "data")) return step::skip;
        od::object data;
        if (!seen.first(0) || !forward::object(val, data, has_data)) return step::fail;
        return !has_data || read_data_fast(data, v) ? step::read : step::fail;
    });
    if (!read || !has_data || v.id.empty()) return false;
    if (!starts_with(v.id, "rap-")) {
        v.record_id = {};
        v.success.reset();
    }
    return true;
}

role role_of(const element_view& v) noexcept {
    if (v.guest == true) return role::guest;
    if (v.role == "MODERATOR" || v.role == "moderator") return role::teacher;
    if (v.role == "VIEWER" || v.role == "viewer") return role::student;
    return role::other;
}

result<void> normalise(const element_view& v, std::size_t index, std::optional<std::int64_t> fallback_ms,
                       bool strict, event_slots& events, parse_outcome& out) {
    if (strict && !known_event(v.id))
        return fail(errc::unsupported_event, "event '" + std::string(v.id) + "' is not supported");
    const mapped m = map_event(v);
    if (m == mapped::ignored) {
        out.ignored.emplace_back(v.id);
        if (v.id == "rap-publish-ended") out.notes.push_back("rap-publish-ended with success=false: no recording");
        return {};
    }
    event& e = events.next();
    // The slot comes cleared (event_slots::next): its strings are filled by appending, which skips
    // the overlap handling of assign.
    e.source = platform::bbb;
    e.room.append(v.meeting);
    e.room_alt.append(v.meeting_ext);
    if (e.room.empty() && m == mapped::recording) e.room.append(v.record_id);  // the record id is the meeting id
    if (e.room.empty())
        return fail(errc::missing_field, path_of(index, "data.attributes.meeting.internal-meeting-id") + " is absent");
    if (v.ts) {
        e.at = from_unix_ms(ts_to_ms(*v.ts));
    } else if (fallback_ms) {
        e.at = from_unix_ms(*fallback_ms);
        out.notes.push_back(path_of(index, "data.event.ts") + " absent: the form timestamp was used");
    } else {
        return fail(errc::missing_field, path_of(index, "data.event.ts") + " is absent");
    }
    switch (m) {
        case mapped::room_start: {
            e.kind = event_kind::room_start;
            if (v.breakout == true) {
                json_writer w;
                w.begin_object().field("breakout", true);
                if (!v.parent.empty() && v.parent != "bbb-none") w.field("parent", v.parent);
                w.end_object();
                e.detail = std::move(w).str();
            }
            break;
        }
        case mapped::room_end: e.kind = event_kind::room_end; break;
        case mapped::recording: {
            e.kind = event_kind::recording_ready;
            if (!v.record_id.empty()) {
                json_writer w;
                w.begin_object().field("record_id", v.record_id).end_object();
                e.detail = std::move(w).str();
            }
            break;
        }
        case mapped::join:
        case mapped::leave:
        case mapped::evidence: {
            e.kind = m == mapped::join ? event_kind::join : m == mapped::leave ? event_kind::leave : event_kind::evidence;
            if (v.user.empty())
                return fail(errc::missing_field, path_of(index, "data.attributes.user.internal-user-id") + " is absent");
            e.connection.append(v.user);
            // SPEC §11: the external id is the host's own user id; without one (no userID at join, or
            // the webhooks app missed the mapping) the person is a fallback an alias may still name.
            identity::identify_bbb(v.user_ext, v.user, v.name, e);
            e.display_name.append(v.name);
            e.who = role_of(v);
            break;
        }
        case mapped::ignored: break;
    }
    dedup_key_into(e.dedup_key, "bbb:", {v.id, v.meeting.empty() ? v.record_id : v.meeting, v.user}, e.at);
    return {};
}

}  // namespace

std::string_view to_string(proof p) noexcept {
    switch (p) {
        case proof::unverified: return "unverified";
        case proof::v3_url_body: return "checksum v3.4+ (url + body + secret)";
        case proof::v3_unbound: return "checksum v3.0-v3.3 (url + {} + secret; does not cover the body)";
        case proof::v2_json: return "checksum v2 (url + JSON.stringify + secret)";
        case proof::bearer: return "bearer secret";
    }
    return "?";
}

result<std::string> v2_signed_json(std::string_view form_body) {
    std::string out = "{";
    std::string name, value;
    bool first = true, ok = true;
    form::for_each_field(form_body, [&](std::string_view raw_name, std::string_view raw_value) {
        if (!ok) return;
        name.clear();
        value.clear();
        if (!form::percent_decode(raw_name, name) || !form::percent_decode(raw_value, value)) {
            ok = false;
            return;
        }
        if (!first) out.push_back(',');
        first = false;
        append_js_string(out, name);
        out.push_back(':');
        if (name == "timestamp" && is_js_integer_text(value))
            out += value;
        else
            append_js_string(out, value);
    });
    if (!ok) return fail(errc::malformed_input, "form body: malformed percent escape");
    out.push_back('}');
    return out;
}

result<proof> verify_webhook(const verify_config& config, const request& req) {
    const std::uint8_t modes = config.bbb_checksum_modes;
    const std::uint8_t checksum_modes = modes & (bit(bbb_checksum_mode::v3_url_body) | bit(bbb_checksum_mode::v2_json) |
                                                 bit(checksum_v3_unbound));
    if ((modes & (checksum_modes | bit(bbb_checksum_mode::bearer))) == 0)
        return fail(errc::config_error, "bbb_checksum_modes enables no verification mode");
    if (config.bbb_shared_secret.empty()) return fail(errc::config_error, "bbb_shared_secret is not configured");
    const std::string_view secret = config.bbb_shared_secret;

    const auto checksum = form::find_raw(form::query_of(req.request_url), "checksum", true);
    const auto credential = (modes & bit(bbb_checksum_mode::bearer)) != 0
                                ? bearer_credential(req.headers.find("authorization"))
                                : std::nullopt;
    const bool bearer_ok = credential.has_value();

    if (checksum && checksum_modes != 0) {
        const auto alg = alg_for_hex_length(checksum->size());
        const auto given = crypto::hex_decode(*checksum);
        if (!alg || !given)
            return fail(errc::bad_signature,
                        "checksum: not 40, 64, 96 or 128 hex digits (sha1/sha256/sha384/sha512)");
        if (config.bbb_callback_url.empty())
            return fail(errc::config_error, "bbb_callback_url is not configured");
        const std::string_view url = config.bbb_callback_url;
        if ((modes & bit(bbb_checksum_mode::v3_url_body)) && checksum_matches(*alg, url, req.body, secret, *given))
            return proof::v3_url_body;
        if ((modes & bit(bbb_checksum_mode::v2_json)) && *alg == crypto::hash_alg::sha1) {
            auto signed_text = v2_signed_json(req.body);
            if (!signed_text.ok()) return failure{signed_text.err()};
            if (checksum_matches(*alg, url, signed_text.value(), secret, *given)) return proof::v2_json;
        }
        if ((modes & bit(checksum_v3_unbound)) && checksum_matches(*alg, url, "{}", secret, *given))
            return proof::v3_unbound;
        if (!bearer_ok) return fail(errc::bad_signature, "checksum does not match the callback URL, body and secret");
    }
    if (bearer_ok) {
        if (crypto::constant_time_equal(*credential, secret)) return proof::bearer;
        return fail(errc::bad_signature, "Authorization bearer does not match the shared secret");
    }
    if (checksum) return fail(errc::bad_signature, "a checksum was sent but no checksum mode is enabled");
    return fail(errc::missing_signature, "no 'checksum' parameter in the request URL and no Authorization bearer");
}

namespace {

// The forward pass over the array in `buffer`; false sends the caller to the checked path.
bool event_array_fast(od::parser& parser, const padded_buffer& buffer, std::optional<std::int64_t> fallback_ms,
                      bool strict_events, event_slots& events, parse_outcome& out) {
    od::document doc;
    od::array arr;
    if (!forward::iterate(parser, buffer, doc) || doc.get_array().get(arr) != simdjson::SUCCESS) return false;
    std::size_t index = 0;
    for (auto item : arr) {
        od::value value;
        element_view v;
        if (item.get(value) != simdjson::SUCCESS || !read_element_fast(value, v)) return false;
        if (!normalise(v, index, fallback_ms, strict_events, events, out).ok()) return false;
        if (out.event_name.empty()) out.event_name.assign(v.id);
        ++index;
    }
    return index > 0 && document_fully_consumed(doc);
}

// The checked path: the whole document validated first, then read with keyed lookups that name what
// is wrong.
result<void> event_array_checked(od::parser& parser, const padded_buffer& buffer, std::optional<std::int64_t> fallback_ms,
                                 bool strict_events, event_slots& events, parse_outcome& out) {
    if (auto valid = fields::validate_json(buffer, "event"); !valid.ok()) return failure{valid.err()};
    auto doc_r = parser.iterate(buffer.data(), buffer.size(), buffer.capacity());
    if (doc_r.error()) return fields::broken("event", doc_r.error());
    od::document& doc = doc_r.value_unsafe();
    auto type = doc.type();
    if (type.error()) return fields::broken("event", type.error());
    if (type.value_unsafe() != od::json_type::array)
        return fail(errc::malformed_input, "form field 'event' is not a JSON array");
    auto arr = doc.get_array();
    if (arr.error()) return fields::broken("event", arr.error());

    std::size_t index = 0;
    for (auto item : arr.value_unsafe()) {
        if (item.error()) return fields::broken("event[" + std::to_string(index) + "]", item.error());
        element_view v;
        if (auto r = read_element(item.value_unsafe(), index, v); !r.ok()) return failure{r.err()};
        if (auto r = normalise(v, index, fallback_ms, strict_events, events, out); !r.ok()) return failure{r.err()};
        if (out.event_name.empty()) out.event_name.assign(v.id);
        ++index;
    }
    if (index == 0) return fail(errc::malformed_input, "form field 'event' is an empty array");
    return fields::check_complete(doc);
}

// Events are written from `out.events[first]` on (later ones are slots to reuse); all or nothing.
result<void> parse_events_from(std::string_view event_json, std::optional<std::int64_t> fallback_ms,
                               bool strict_events, parse_outcome& out, std::size_t first) {
    thread_local od::parser parser;
    thread_local padded_buffer buffer;
    buffer.assign(event_json);
    return forward::fast_then_checked(
        out, first,
        [&](event_slots& events) { return event_array_fast(parser, buffer, fallback_ms, strict_events, events, out); },
        [&](event_slots& events) { return event_array_checked(parser, buffer, fallback_ms, strict_events, events, out); });
}

}  // namespace

result<void> parse_event_array(std::string_view event_json, std::optional<std::int64_t> fallback_ms,
                               bool strict_events, parse_outcome& out) {
    return parse_events_from(event_json, fallback_ms, strict_events, out, out.events.size());
}

result<void> parse_event_array_reusing(std::string_view event_json, std::optional<std::int64_t> fallback_ms,
                                       bool strict_events, parse_outcome& out) {
    start_afresh(out);
    return parse_events_from(event_json, fallback_ms, strict_events, out, 0);
}

result<parse_outcome> parse_webhook(const verify_config& config, const request& req) {
    parse_outcome out;
    if (config.verify) {
        auto p = verify_webhook(config, req);
        if (!p.ok()) return failure{p.err()};
        if (p.value() == proof::v3_unbound || p.value() == proof::bearer)
            out.notes.push_back(std::string("verified by ") + std::string(to_string(p.value())));
    }
    thread_local std::string event_json;
    if (auto r = form::get(req.body, "event", event_json); !r.ok()) return failure{r.err()};
    std::optional<std::int64_t> fallback;
    std::string stamp;
    if (form::get(req.body, "timestamp", stamp).ok()) fallback = parse_int64(stamp);
    if (auto r = parse_event_array(event_json, fallback, config.strict_events, out); !r.ok()) return failure{r.err()};
    return out;
}

result<parse_outcome> parse_request(const verify_config& config, const request& req) {
    std::string_view b = req.body;
    while (!b.empty() && (b.front() == ' ' || b.front() == '\n' || b.front() == '\r' || b.front() == '\t'))
        b.remove_prefix(1);
    if (!b.empty() && b.front() == '{') return parse_analytics_callback(config, req);
    return parse_webhook(config, req);
}

}  // namespace rollcall::sources::bbb
