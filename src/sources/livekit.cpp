// LiveKit webhooks. The body is protojson of `WebhookEvent`; one pass over it collects views of the
// fields attendance needs (keys may come in any order, so the event name can follow the participant),
// and only a complete, well-formed pass produces events, so a broken body never yields partial output.
#include "sources/livekit.hpp"

#include <array>
#include <charconv>
#include <cstring>
#include <string>

#include "crypto/crypto.hpp"
#include "identity/normalise.hpp"
#include "rollcall/json_writer.hpp"
#include "sources/event_slots.hpp"
#include "sources/json_util.hpp"
#include "sources/jwt.hpp"

namespace rollcall::sources::livekit {
namespace {

using sv = std::string_view;
namespace od = simdjson::ondemand;

// ---- protojson reading -------------------------------------------------------------------------

/// A protojson JSON name (lowerCamelCase) with its proto field name (snake_case), both fixed at compile
/// time, so matching a key against either is two fixed-size compares: no per-character walk, and no
/// data-dependent branches in the hot dispatch chains.
template <std::size_t N>
struct proto_name {
    char camel[N]{};
    char snake[2 * N]{};
    std::size_t snake_size = 0;

    consteval proto_name(const char (&name)[N]) {
        for (std::size_t i = 0; i < N; ++i) {
            camel[i] = name[i];
            if (name[i] >= 'A' && name[i] <= 'Z') {
                snake[snake_size++] = '_';
                snake[snake_size++] = static_cast<char>(name[i] - 'A' + 'a');
            } else if (i + 1 < N) {
                snake[snake_size++] = name[i];
            }
        }
    }
};

/// True when `key` is the field `Name` in either spelling (`createdAt` / `created_at`).
template <proto_name Name, std::size_t N = sizeof Name.camel>
[[gnu::always_inline]] inline bool key_is(sv key) noexcept {
    return (key.size() == N - 1 && std::memcmp(key.data(), Name.camel, N - 1) == 0) ||
           (key.size() == Name.snake_size && std::memcmp(key.data(), Name.snake, Name.snake_size) == 0);
}
static_assert(sv(proto_name("joinedAtMs").snake, proto_name("joinedAtMs").snake_size) == "joined_at_ms" &&
              sv(proto_name("sid").snake, proto_name("sid").snake_size) == "sid");

/// An enum field: a name, or an integer resolved to its name when the table knows it.
struct enum_value {
    sv name;                  ///< empty for an integer this build does not know
    std::int64_t number = -1;
    bool present = false;
};

template <std::size_t N>
using enum_table = std::array<sv, N>;

constexpr enum_table<4> state_names{"JOINING", "JOINED", "ACTIVE", "DISCONNECTED"};
constexpr enum_table<9> kind_names{"STANDARD", "INGRESS", "EGRESS", "SIP", "AGENT", "", "", "CONNECTOR", "BRIDGE"};
constexpr enum_table<17> reason_names{
    "UNKNOWN_REASON",  "CLIENT_INITIATED", "DUPLICATE_IDENTITY", "SERVER_SHUTDOWN", "PARTICIPANT_REMOVED",
    "ROOM_DELETED",    "STATE_MISMATCH",   "JOIN_FAILURE",       "MIGRATION",       "SIGNAL_CLOSE",
    "ROOM_CLOSED",     "USER_UNAVAILABLE", "USER_REJECTED",      "SIP_TRUNK_FAILURE", "CONNECTION_TIMEOUT",
    "MEDIA_FAILURE",   "AGENT_ERROR"};
constexpr enum_table<3> track_type_names{"AUDIO", "VIDEO", "DATA"};
constexpr enum_table<5> track_source_names{"UNKNOWN", "CAMERA", "MICROPHONE", "SCREEN_SHARE", "SCREEN_SHARE_AUDIO"};
constexpr enum_table<7> egress_status_names{"EGRESS_STARTING", "EGRESS_ACTIVE", "EGRESS_ENDING", "EGRESS_COMPLETE",
                                            "EGRESS_FAILED",   "EGRESS_ABORTED", "EGRESS_LIMIT_REACHED"};

/// Room for an enum number written as text.
using number_text = std::array<char, 24>;

/// The name to report: the known name, the proto3 default when absent, else the number as text
/// (written into `buf`).
template <std::size_t N>
sv enum_text(const enum_value& v, const enum_table<N>& table, number_text& buf) {
    if (!v.present) return table[0];
    if (!v.name.empty()) return v.name;
    const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v.number);
    return sv(buf.data(), static_cast<std::size_t>(r.ptr - buf.data()));
}

/// A small JSON object for an event's `detail`, composed in a local buffer and handed to the string
/// in one append (which keeps its capacity between events): appending piece by piece to the string
/// was a tenth of the parse.
class detail_writer {
public:
    explicit detail_writer(std::string& out) : out_(out) {
        out_.clear();
        put('{');
    }
    ~detail_writer() {
        put('}');
        out_.append(buf_.data(), used_);
    }
    detail_writer(const detail_writer&) = delete;
    detail_writer& operator=(const detail_writer&) = delete;

    /// A value from the payload: escaped.
    void string(sv key, sv value) {
        open(key);
        escape(value);
    }
    /// An enum label: a name from this file's tables (plain ASCII), or a name or number the payload
    /// sent, which is escaped like any payload text.
    void label(sv key, sv value, bool from_table) {
        open(key);
        if (from_table) {
            put('"');
            put(value);
            put('"');
        } else {
            escape(value);
        }
    }
    void number(sv key, std::int64_t value) {
        open(key);
        char text[24];
        const auto r = std::to_chars(text, text + sizeof text, value);
        put(sv(text, static_cast<std::size_t>(r.ptr - text)));
    }
    void strings(sv key, const sv* values, std::size_t n) {
        open(key);
        put('[');
        for (std::size_t i = 0; i < n; ++i) {
            if (i) put(',');
            escape(values[i]);
        }
        put(']');
    }

private:
    void put(char c) {
        if (used_ == buf_.size()) spill();
        buf_[used_++] = c;
    }
    void put(sv text) {
        if (text.size() > buf_.size() - used_) {
            spill();
            if (text.size() > buf_.size()) {  // a long payload value goes straight to the string
                out_.append(text);
                return;
            }
        }
        std::memcpy(buf_.data() + used_, text.data(), text.size());
        used_ += text.size();
    }
    void spill() {
        out_.append(buf_.data(), used_);
        used_ = 0;
    }

    /// Copies runs of plain bytes at once; only quotes, backslashes and control characters go
    /// through the general escaper.
    void escape(sv value) {
        put('"');
        std::size_t start = 0;
        for (std::size_t i = 0; i < value.size(); ++i) {
            const auto c = static_cast<unsigned char>(value[i]);
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            put(value.substr(start, i - start));
            std::string one;
            json_writer::escape_to(one, value.substr(i, 1));
            put(sv(one).substr(1, one.size() - 2));
            start = i + 1;
        }
        put(sv(value.data() + start, value.size() - start));
        put('"');
    }

    void open(sv key) {  // keys are constants of this file: no escaping needed
        if (used_ > 1 || !out_.empty()) put(',');
        put('"');
        put(key);
        put(sv("\":"));
    }

    std::string& out_;
    std::array<char, 256> buf_;
    std::size_t used_ = 0;
};

/// Reading state: the first error wins; later reads become no-ops.
class reader {
public:
    bool failed() const noexcept { return failed_; }
    const error& err() const noexcept { return err_; }

    /// A structural simdjson error: the body is not well-formed JSON. (The check runs for every member;
    /// only the message is built out of line.)
    simdjson_inline bool json(simdjson::error_code e) { return e == simdjson::SUCCESS || not_json(e); }
    /// A simdjson error while reading `field` as a given type.
    simdjson_inline bool typed(simdjson::error_code e, sv field, const char* expected) {
        return e == simdjson::SUCCESS || mistyped(e, field, expected);
    }
    bool set(errc code, std::string message) {
        if (!failed_) {
            failed_ = true;
            err_ = error{code, std::move(message)};
        }
        return false;
    }

    /// The JSON type of `v`, or nullopt on a structural error.
    std::optional<od::json_type> type_of(od::value& v) {
        od::json_type t{};
        if (!json(v.type().get(t))) return std::nullopt;
        return t;
    }

    /// After a scalar getter failed with INCORRECT_TYPE: a null is proto3's "default" and fine.
    bool null_or(simdjson::error_code e, od::value& v, sv field, const char* expected) {
        if (e == simdjson::INCORRECT_TYPE) {
            bool is_null = false;
            if (!json(v.is_null().get(is_null))) return false;
            if (is_null) return true;
        }
        return typed(e, field, expected);
    }

    simdjson_inline bool string(od::value& v, sv field, sv& out) {
        // Most strings have no escape: view them where they stand in the (padded, stage-1 validated)
        // buffer instead of unescaping a copy. Anything with a backslash is unescaped properly.
        const sv raw = v.raw_json_token();
        if (!raw.empty() && raw[0] == '"') {
            const std::size_t i = 1 + string_end(raw.data() + 1);
            if (i < raw.size() && raw[i] == '"') {
                out = sv(raw.data() + 1, i - 1);  // not substr: its range check is a call
                return true;
            }
        }
        const auto e = v.get_string().get(out);
        return e == simdjson::SUCCESS || null_or(e, v, field, "a string");
    }

    bool boolean(od::value& v, sv field, bool& out) {
        const auto e = v.get_bool().get(out);
        return e == simdjson::SUCCESS || null_or(e, v, field, "a boolean");
    }

    /// int64 as protojson writes it (a decimal string) or as a plain integer; never through a double,
    /// because nanosecond timestamps exceed 2^53.
    simdjson_inline bool int64(od::value& v, sv field, std::optional<std::int64_t>& out) {
        // Fast path for protojson's quoted decimal: read the digits where they stand, no unescaping.
        // Up to 18 digits cannot overflow an int64; anything else takes the general reader.
        const sv raw = v.raw_json_token();
        if (raw.size() > 2 && raw[0] == '"') {
            const bool negative = raw[1] == '-';
            std::uint64_t acc = 0;
            const std::size_t digits = digit_run(raw.data() + 1 + negative, acc);
            const std::size_t end = 1 + negative + digits;
            if (end < raw.size() && raw[end] == '"' && digits > 0 && digits <= 18) {
                out = negative ? -static_cast<std::int64_t>(acc) : static_cast<std::int64_t>(acc);
                return true;
            }
        }
        return int64_general(v, raw, field, out);
    }

    template <std::size_t N>
    bool enumeration(od::value& v, sv field, const enum_table<N>& table, enum_value& out) {
        const sv raw = v.raw_json_token();
        if (!raw.empty() && raw[0] == '"') {
            if (!string(v, field, out.name)) return false;
            out.present = true;
            for (std::size_t i = 0; i < N; ++i) {
                if (is_key(out.name, table[i])) {
                    out.number = static_cast<std::int64_t>(i);
                    break;
                }
            }
            return true;  // an unknown name is kept as it is: new values keep appearing
        }
        std::int64_t n = 0;
        const auto e = v.get_int64().get(n);
        if (e == simdjson::SUCCESS) {
            out.present = true;
            out.number = n;
            out.name = n >= 0 && static_cast<std::uint64_t>(n) < N ? table[static_cast<std::size_t>(n)] : sv{};
            return true;
        }
        return null_or(e, v, field, "an enum name or number");
    }

    /// Calls `on_field(key, value)` for each member of the object `v` (null = empty object).
    template <class F>
    bool object(od::value& v, sv field, F&& on_field) {
        const auto t = type_of(v);
        if (!t) return false;
        if (*t == od::json_type::null) return true;
        od::object obj;
        if (!typed(v.get_object().get(obj), field, "an object")) return false;
        for (auto member : obj) {
            sv key;
            if (!json(member.error())) return false;
            od::field& f = member.value_unsafe();  // in place: copying a field costs a store-forwarding stall
            if (!json(member_key(f, key))) return false;
            if (!on_field(key, f.value())) return false;
        }
        return !failed_;
    }

    /// Calls `on_item(value)` for each element of the array `v` (null = empty array).
    template <class F>
    bool array(od::value& v, sv field, F&& on_item) {
        const auto t = type_of(v);
        if (!t) return false;
        if (*t == od::json_type::null) return true;
        od::array arr;
        if (!typed(v.get_array().get(arr), field, "an array")) return false;
        for (auto element : arr) {
            od::value value;
            if (!json(element.get(value))) return false;
            if (!on_item(value)) return false;
        }
        return !failed_;
    }

private:
    /// Long or escaped digits in a string, a plain JSON number, null, or something else.
    [[gnu::noinline]] bool int64_general(od::value& v, sv raw, sv field, std::optional<std::int64_t>& out) {
        if (!raw.empty() && raw[0] == '"') {
            sv text;  // escaped digits are legal JSON, if odd: the string reader unescapes them
            if (!string(v, field, text)) return false;
            const auto n = parse_int64(text);
            if (!n) return set(errc::invalid_value, std::string(field) + " is not an integer");
            out = *n;
            return true;
        }
        std::int64_t n = 0;
        const auto e = v.get_int64().get(n);
        if (e == simdjson::SUCCESS) {
            out = n;
            return true;
        }
        return null_or(e, v, field, "an integer");
    }

    [[gnu::cold, gnu::noinline]] bool not_json(simdjson::error_code e) {
        return set(errc::malformed_input, std::string("body is not valid JSON (") + simdjson::error_message(e) + ")");
    }
    [[gnu::cold, gnu::noinline]] bool mistyped(simdjson::error_code e, sv field, const char* expected) {
        if (e == simdjson::INCORRECT_TYPE || e == simdjson::NUMBER_ERROR || e == simdjson::NUMBER_OUT_OF_RANGE)
            return set(errc::invalid_value, std::string(field) + " is not " + expected);
        return not_json(e);
    }

    error err_{errc::ok, {}};
    bool failed_ = false;
};

/// Writes an enum's label; only a name this build does not know came from the payload unchecked.
template <std::size_t N>
void label(detail_writer& d, sv key, const enum_value& v, const enum_table<N>& table) {
    number_text buf;
    const bool unknown_name = v.present && v.number < 0 && !v.name.empty();
    d.label(key, enum_text(v, table, buf), !unknown_name);
}

// ---- the fields attendance needs -----------------------------------------------------------------

struct room_info {
    sv sid, name;
    std::optional<std::int64_t> creation_s, creation_ms;
};

struct participant_info {
    bool present = false;
    sv sid, identity, name;
    enum_value state, kind, reason;
    std::optional<std::int64_t> joined_at_s, joined_at_ms;
    bool recorder = false, agent = false;  ///< deprecated permission flags of older servers
    sv metadata;                           ///< the host's free text (often JSON): a role hint may be in it
    std::array<std::pair<sv, sv>, 8> attributes;  ///< the first `attribute_count` (role hints, SPEC §11)
    std::size_t attribute_count = 0;

    void add_attribute(sv key, sv value) {
        if (attribute_count < attributes.size()) attributes[attribute_count++] = {key, value};
    }
};

struct track_info {
    bool present = false;
    sv sid;
    enum_value type, source;
};

struct egress_info {
    bool present = false;
    sv egress_id, room_id, room_name;
    enum_value status;
    std::optional<std::int64_t> started_ns, ended_ns, updated_ns;
    std::array<sv, 8> files;  ///< only the first `file_count` are set (left unfilled: zeroing cost every parse)
    std::size_t file_count = 0;

    void add_file(sv location) {
        if (location.empty() || file_count == files.size()) return;
        for (std::size_t i = 0; i < file_count; ++i)
            if (files[i] == location) return;  // `fileResults` and the legacy `file` repeat each other
        files[file_count++] = location;
    }
};

struct webhook {
    sv event, id;
    std::optional<std::int64_t> created_at;
    room_info room;
    participant_info participant;
    track_info track;
    egress_info egress;
};

bool read_room(reader& r, od::value& v, room_info& room) {
    return r.object(v, "room", [&](sv k, od::value& f) {
        if (is_key(k, "sid")) return r.string(f, "room.sid", room.sid);
        if (is_key(k, "name")) return r.string(f, "room.name", room.name);
        if (key_is<"creationTime">(k)) return r.int64(f, "room.creationTime", room.creation_s);
        if (key_is<"creationTimeMs">(k)) return r.int64(f, "room.creationTimeMs", room.creation_ms);
        return true;
    });
}

bool read_participant(reader& r, od::value& v, participant_info& p) {
    p.present = true;
    return r.object(v, "participant", [&](sv k, od::value& f) {
        if (is_key(k, "sid")) return r.string(f, "participant.sid", p.sid);
        if (is_key(k, "identity")) return r.string(f, "participant.identity", p.identity);
        if (is_key(k, "name")) return r.string(f, "participant.name", p.name);
        if (key_is<"metadata">(k)) return r.string(f, "participant.metadata", p.metadata);
        if (key_is<"attributes">(k))
            return r.object(f, "participant.attributes", [&](sv ak, od::value& av) {
                sv value;
                if (!r.string(av, "participant.attributes", value)) return false;
                p.add_attribute(ak, value);
                return true;
            });
        if (is_key(k, "state")) return r.enumeration(f, "participant.state", state_names, p.state);
        if (is_key(k, "kind")) return r.enumeration(f, "participant.kind", kind_names, p.kind);
        if (key_is<"disconnectReason">(k))
            return r.enumeration(f, "participant.disconnectReason", reason_names, p.reason);
        if (key_is<"joinedAt">(k)) return r.int64(f, "participant.joinedAt", p.joined_at_s);
        if (key_is<"joinedAtMs">(k)) return r.int64(f, "participant.joinedAtMs", p.joined_at_ms);
        if (is_key(k, "permission"))
            return r.object(f, "participant.permission", [&](sv pk, od::value& pf) {
                if (is_key(pk, "recorder")) return r.boolean(pf, "participant.permission.recorder", p.recorder);
                if (is_key(pk, "agent")) return r.boolean(pf, "participant.permission.agent", p.agent);
                return true;
            });
        return true;
    });
}

// SPEC §11: the host's role hint, from the attribute named `key`, else the member `key` of the
// metadata when that is a JSON object (hosts put either there when they mint the token).
role role_hint(const participant_info& p, sv key) {
    for (std::size_t i = 0; i < p.attribute_count; ++i)
        if (p.attributes[i].first == key) return identity::role_of_hint(p.attributes[i].second);
    if (p.metadata.empty() || p.metadata.front() != '{') return role::other;
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(p.metadata.data(), p.metadata.size()).get(doc) != simdjson::SUCCESS) return role::other;
    sv value;
    if (doc[key].get_string().get(value) != simdjson::SUCCESS) return role::other;
    return identity::role_of_hint(value);
}

bool read_track(reader& r, od::value& v, track_info& t) {
    t.present = true;
    return r.object(v, "track", [&](sv k, od::value& f) {
        if (is_key(k, "sid")) return r.string(f, "track.sid", t.sid);
        if (is_key(k, "type")) return r.enumeration(f, "track.type", track_type_names, t.type);
        if (is_key(k, "source")) return r.enumeration(f, "track.source", track_source_names, t.source);
        return true;
    });
}

bool read_file_info(reader& r, od::value& v, egress_info& e, sv field) {
    sv location, filename;
    const bool ok = r.object(v, field, [&](sv k, od::value& f) {
        if (is_key(k, "location")) return r.string(f, field, location);
        if (is_key(k, "filename")) return r.string(f, field, filename);
        return true;
    });
    e.add_file(location.empty() ? filename : location);
    return ok;
}

bool read_egress(reader& r, od::value& v, egress_info& e) {
    e.present = true;
    return r.object(v, "egressInfo", [&](sv k, od::value& f) {
        if (key_is<"egressId">(k)) return r.string(f, "egressInfo.egressId", e.egress_id);
        if (key_is<"roomId">(k)) return r.string(f, "egressInfo.roomId", e.room_id);
        if (key_is<"roomName">(k)) return r.string(f, "egressInfo.roomName", e.room_name);
        if (is_key(k, "status")) return r.enumeration(f, "egressInfo.status", egress_status_names, e.status);
        if (key_is<"startedAt">(k)) return r.int64(f, "egressInfo.startedAt", e.started_ns);
        if (key_is<"endedAt">(k)) return r.int64(f, "egressInfo.endedAt", e.ended_ns);
        if (key_is<"updatedAt">(k)) return r.int64(f, "egressInfo.updatedAt", e.updated_ns);
        if (key_is<"fileResults">(k))
            return r.array(f, "egressInfo.fileResults",
                           [&](od::value& item) { return read_file_info(r, item, e, "egressInfo.fileResults"); });
        if (is_key(k, "file")) return read_file_info(r, f, e, "egressInfo.file");
        return true;
    });
}

bool read_webhook(reader& r, od::document& doc, webhook& w) {
    od::object root;
    od::json_type t{};
    if (!r.json(doc.type().get(t))) return false;
    if (t != od::json_type::object) return r.set(errc::malformed_input, "body is not a JSON object");
    if (!r.json(doc.get_object().get(root))) return false;
    for (auto member : root) {
        sv key;
        if (!r.json(member.error())) return false;
        od::field& f = member.value_unsafe();  // in place, as in reader::object
        if (!r.json(member_key(f, key))) return false;
        od::value& v = f.value();
        bool ok = true;
        if (is_key(key, "event")) ok = r.string(v, "event", w.event);
        else if (is_key(key, "id")) ok = r.string(v, "id", w.id);
        else if (key_is<"createdAt">(key)) ok = r.int64(v, "createdAt", w.created_at);
        else if (is_key(key, "room")) ok = read_room(r, v, w.room);
        else if (is_key(key, "participant")) ok = read_participant(r, v, w.participant);
        else if (is_key(key, "track")) ok = read_track(r, v, w.track);
        else if (key_is<"egressInfo">(key)) ok = read_egress(r, v, w.egress);
        if (!ok) return false;
    }
    if (r.failed()) return false;
    if (!document_fully_consumed(doc)) return r.set(errc::malformed_input, "body has trailing content after the JSON object");
    return true;
}

// ---- normalisation -------------------------------------------------------------------------------

/// Seconds to an instant, refusing values whose milliseconds would overflow.
std::optional<instant> from_seconds(std::int64_t s) {
    if (s <= -9'000'000'000'000'000 / 1000 || s >= 9'000'000'000'000'000 / 1000) return std::nullopt;
    return from_unix_s(s);
}

class normaliser {
public:
    normaliser(const verify_config& config, const webhook& w, parse_outcome& out)
        : config_(config), w_(w), out_(out), slots_(out.events, 0) {}

    /// Maps the webhook; on success `out.events` holds exactly the events produced.
    result<void> run() {
        auto r = dispatch();
        if (r) slots_.finish();
        else out_.events.clear();
        return r;
    }

private:
    result<void> dispatch() {
        const sv name = w_.event;
        if (name.empty()) return fail(errc::missing_field, "event");
        if (is_key(name, "room_started")) return room_level(event_kind::room_start);
        if (is_key(name, "room_finished")) return room_level(event_kind::room_end);
        if (is_key(name, "participant_joined")) return joined();
        if (is_key(name, "participant_left")) return left();
        if (is_key(name, "participant_connection_aborted")) return aborted();
        if (name.substr(0, 6) == "track_") return track();
        if (is_key(name, "egress_ended")) return egress_ended();
        if (is_key(name, "egress_started") || is_key(name, "egress_updated") || is_key(name, "ingress_started") ||
            is_key(name, "ingress_ended") || is_key(name, "agent_job_started") || is_key(name, "agent_job_ended")) {
            out_.ignored.emplace_back(name);
            return {};
        }
        if (config_.strict_events)
            return fail(errc::unsupported_event, "event '" + std::string(name.substr(0, 64)) + "' is not supported");
        out_.ignored.emplace_back(name.substr(0, 64));
        return {};
    }

    /// The next event slot: slots left in `out.events` by an earlier call are reused, so their strings
    /// keep their capacity and a steady stream of webhooks allocates nothing here.
    event& next_event() { return slots_.next(); }

    // The slot's strings come cleared (event_slots::next), so they are filled by appending: cheaper than
    // assign, which must allow for overlap and an old value.
    result<void> base(event_kind kind, event& e) {
        e.kind = kind;
        e.source = platform::livekit;
        const sv room = !w_.room.name.empty() ? w_.room.name : w_.egress.room_name;
        if (room.empty()) return fail(errc::missing_field, "room.name");
        e.room.append(room);
        e.room_alt.append(!w_.room.sid.empty() ? w_.room.sid : w_.egress.room_id);
        if (!w_.id.empty()) {
            e.dedup_key.append(w_.id);
        } else {
            // Servers before late 2021 send no `id`; derive a key that a redelivery reproduces.
            e.dedup_key = "lk:" + std::string(w_.event) + ":" + e.room_alt + ":" + std::string(w_.participant.sid) +
                          ":" + (w_.created_at ? std::to_string(*w_.created_at) : std::string());
        }
        return {};
    }

    result<instant> created_at() const {
        if (!w_.created_at) return fail(errc::missing_field, "createdAt");
        const auto t = from_seconds(*w_.created_at);
        if (!t) return fail(errc::invalid_value, "createdAt is out of range");
        return *t;
    }

    result<void> person(event& e) {
        const participant_info& p = w_.participant;
        if (!p.present || p.sid.empty()) return fail(errc::missing_field, "participant.sid");
        if (p.identity.empty()) return fail(errc::missing_field, "participant.identity");
        e.connection.append(p.sid);
        e.identity.append(p.identity);
        e.display_name.append(p.name);
        if (!config_.livekit_role_attribute.empty()) e.who = role_hint(p, config_.livekit_role_attribute);
        // Recorders and AI agents are participants on the wire but never attendees; older servers mark
        // them only with the deprecated permission flags.
        e.non_person = p.kind.name == "EGRESS" || p.kind.name == "AGENT" || p.recorder || p.agent;
        if (e.non_person) {
            number_text buf;
            out_.notes.push_back("participant " + e.connection + " (" + e.identity + ") is kind " +
                                 std::string(enum_text(p.kind, kind_names, buf)) +
                                 ": not a person, kept out of attendance");
        }
        return {};
    }

    void participant_detail(event& e, bool with_reason) const {
        const participant_info& p = w_.participant;
        detail_writer d(e.detail);
        label(d, "state", p.state, state_names);
        label(d, "kind", p.kind, kind_names);
        if (with_reason) label(d, "disconnect_reason", p.reason, reason_names);
    }

    /// The join instant a participant object carries: joinedAtMs, else joinedAt (s).
    result<std::optional<instant>> carried_join() const {
        const participant_info& p = w_.participant;
        if (p.joined_at_ms) return std::optional<instant>(from_unix_ms(*p.joined_at_ms));
        if (p.joined_at_s) {
            const auto t = from_seconds(*p.joined_at_s);
            if (!t) return fail(errc::invalid_value, "participant.joinedAt is out of range");
            return std::optional<instant>(*t);
        }
        return std::optional<instant>();
    }

    result<void> room_level(event_kind kind) {
        event& e = next_event();
        if (auto r = base(kind, e); !r) return r;
        // A room starts when it was created; the webhook's own createdAt is only when it was queued.
        if (kind == event_kind::room_start && w_.room.creation_ms) {
            e.at = from_unix_ms(*w_.room.creation_ms);
        } else if (kind == event_kind::room_start && w_.room.creation_s) {
            const auto t = from_seconds(*w_.room.creation_s);
            if (!t) return fail(errc::invalid_value, "room.creationTime is out of range");
            e.at = *t;
        } else {
            auto t = created_at();
            if (!t) return failure{t.err()};
            e.at = *t;
        }
        return {};
    }

    result<void> joined() {
        event& e = next_event();
        if (auto r = base(event_kind::join, e); !r) return r;
        if (auto r = person(e); !r) return r;
        auto carried = carried_join();
        if (!carried) return failure{carried.err()};
        if (carried->has_value()) {
            e.at = **carried;
        } else {
            auto t = created_at();
            if (!t) return failure{t.err()};
            e.at = *t;
        }
        participant_detail(e, false);
        return {};
    }

    result<void> left() {
        event& e = next_event();
        if (auto r = base(event_kind::leave, e); !r) return r;
        if (auto r = person(e); !r) return r;
        // There is no "left at" field: the leave happens when the event was queued.
        auto t = created_at();
        if (!t) return failure{t.err()};
        e.at = *t;
        auto carried = carried_join();
        if (!carried) return failure{carried.err()};
        e.joined_at = *carried;
        participant_detail(e, true);
        return {};
    }

    result<void> aborted() {
        const participant_info& p = w_.participant;
        out_.ignored.emplace_back(w_.event);
        out_.notes.push_back("participant_connection_aborted: connection " + std::string(p.sid) + " (" +
                             std::string(p.identity) + ") never became active; nothing credited");
        return {};
    }

    result<void> track() {
        event& e = next_event();
        if (auto r = base(event_kind::evidence, e); !r) return r;
        if (auto r = person(e); !r) return r;
        auto t = created_at();
        if (!t) return failure{t.err()};
        e.at = *t;
        detail_writer d(e.detail);
        d.string("event", w_.event);
        d.string("track_sid", w_.track.sid);
        label(d, "track_type", w_.track.type, track_type_names);
        label(d, "track_source", w_.track.source, track_source_names);
        return {};
    }

    result<void> egress_ended() {
        const egress_info& g = w_.egress;
        const sv status = g.status.name;
        if (status == "EGRESS_FAILED" || status == "EGRESS_ABORTED") {
            out_.ignored.emplace_back(w_.event);
            out_.notes.push_back("egress_ended: egress " + std::string(g.egress_id) + " ended with " +
                                 std::string(status) + "; no recording");
            return {};
        }
        event& e = next_event();
        if (auto r = base(event_kind::recording_ready, e); !r) return r;
        // Egress times are nanoseconds; integer division keeps them exact down to the millisecond.
        if (g.ended_ns) e.at = from_unix_ms(*g.ended_ns / 1'000'000);
        else if (g.updated_ns) e.at = from_unix_ms(*g.updated_ns / 1'000'000);
        else {
            auto t = created_at();
            if (!t) return failure{t.err()};
            e.at = *t;
        }
        detail_writer d(e.detail);
        d.string("egress_id", g.egress_id);
        label(d, "status", g.status, egress_status_names);
        if (g.started_ns) d.number("started_at_ns", *g.started_ns);
        if (g.ended_ns) d.number("ended_at_ns", *g.ended_ns);
        d.strings("files", g.files.data(), g.file_count);
        return {};
    }

    const verify_config& config_;
    const webhook& w_;
    parse_outcome& out_;
    event_slots slots_;
};

struct body_scratch {
    padded_buffer buffer;
    od::parser parser;
};

body_scratch& local_scratch() {
    thread_local body_scratch s;
    return s;
}

}  // namespace

result<void> verify_webhook(const verify_config& config, const request& req) {
    const auto header = req.headers.find("Authorization");
    const sv token = header ? jwt::strip_bearer(*header) : sv{};
    if (token.empty()) return fail(errc::missing_signature, "Authorization header with the webhook token is missing");

    jwt::options opts;
    opts.alg = jwt::algorithm::hs256;
    opts.now = req.now;
    opts.leeway_s = config.livekit_leeway_s;
    const jwt::key_lookup keys = [&config](sv iss) -> std::optional<sv> {
        const auto it = config.livekit_keys.find(iss);
        if (it == config.livekit_keys.end()) return std::nullopt;
        return sv(it->second);
    };
    auto claims = jwt::verify(token, opts, keys);
    if (!claims) return failure{claims.err()};

    // The claim is standard base64 of the digest; compare decoded bytes (url-safe or unpadded
    // encodings of the same digest are accepted too).
    const sv claim = claims->sha256;
    if (claim.empty()) return fail(errc::bad_signature, "token has no sha256 claim binding the body");
    if (claim.size() > 88) return fail(errc::bad_signature, "body does not match the token's sha256 claim");
    char claimed[88 * 3 / 4 + 3];
    std::size_t claimed_len = 0;
    unsigned char digest[32];
    if (!crypto::digest(crypto::hash_alg::sha256, req.body, digest))
        return fail(errc::internal_error, "sha256 failed");
    if (!crypto::base64_decode(claim, claimed, claimed_len) ||
        !crypto::constant_time_equal(sv(claimed, claimed_len), sv(reinterpret_cast<const char*>(digest), sizeof digest)))
        return fail(errc::bad_signature, "body does not match the token's sha256 claim");
    return {};
}

result<void> parse_body(const verify_config& config, sv body, parse_outcome& out) {
    start_afresh(out);  // `out.events` stays: the normaliser reuses its slots and trims it

    body_scratch& s = local_scratch();
    s.buffer.assign(body);
    od::document doc;
    reader r;
    webhook w;
    if (!r.json(s.parser.iterate(s.buffer.data(), s.buffer.size(), s.buffer.capacity()).get(doc)) ||
        !read_webhook(r, doc, w)) {
        out.events.clear();
        return failure{r.err()};
    }
    out.event_name.assign(w.event);
    return normaliser(config, w, out).run();
}

result<parse_outcome> parse_webhook(const verify_config& config, const request& req) {
    if (config.verify) {
        if (auto v = verify_webhook(config, req); !v) return failure{v.err()};
    }
    parse_outcome out;
    if (auto p = parse_body(config, req.body, out); !p) return failure{p.err()};
    return out;
}

}  // namespace rollcall::sources::livekit
