// LiveKit RoomService `ListParticipants` responses as snapshots. The response is small (one room's
// participants) and polled at most every few seconds, so the DOM API is used: it validates the whole
// document before anything is read, so a broken body never yields partial output.
#include <simdjson.h>

#include <optional>
#include <string>

#include "sources/snapshot.hpp"

namespace rollcall::sources {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::string_view prefix = "lk-snapshot";

/// A field, if present. Every field read here is spelled the same in twirp's default (proto names) and
/// in protojson's lowerCamelCase, so both encodings of the response are read alike.
std::optional<element> field(object o, std::string_view key) {
    element v;
    if (o.at_key(key).get(v) == simdjson::SUCCESS) return v;
    return std::nullopt;
}

result<std::string_view> text(object o, std::string_view key, const std::string& path, bool required) {
    const auto v = field(o, key);
    if (!v || v->is_null()) {
        if (required) return fail(errc::missing_field, path + "." + std::string(key) + " is absent");
        return std::string_view{};
    }
    std::string_view s;
    if (v->get_string().get(s) != simdjson::SUCCESS) return fail(errc::invalid_value, path + "." + std::string(key) + ": expected a string");
    return s;
}

/// An enum field: the name, or its number (protojson accepts both). `names[i]` is value i.
template <std::size_t N>
result<std::string_view> enum_name(object o, std::string_view key, const std::string_view (&names)[N], const std::string& path) {
    const auto v = field(o, key);
    if (!v || v->is_null()) return names[0];  // proto3 default, omitted by skip-defaults servers
    std::string_view s;
    if (v->get_string().get(s) == simdjson::SUCCESS) return s;
    std::int64_t n;
    if (v->get_int64().get(n) == simdjson::SUCCESS) return n >= 0 && static_cast<std::size_t>(n) < N ? names[static_cast<std::size_t>(n)] : std::string_view{};
    return fail(errc::invalid_value, path + "." + std::string(key) + ": expected an enum name or number");
}

result<bool> flag(object o, std::string_view key, const std::string& path) {
    const auto v = field(o, key);
    if (!v || v->is_null()) return false;
    bool b;
    if (v->get_bool().get(b) != simdjson::SUCCESS) return fail(errc::invalid_value, path + "." + std::string(key) + ": expected a boolean");
    return b;
}

constexpr std::string_view state_names[] = {"JOINING", "JOINED", "ACTIVE", "DISCONNECTED"};
constexpr std::string_view kind_names[] = {"STANDARD", "INGRESS", "EGRESS", "SIP", "AGENT", "", "", "CONNECTOR", "BRIDGE"};

}  // namespace

result<parse_outcome> parse_livekit_snapshot(const snapshot_request& req) {
    if (req.room.empty())
        return fail(errc::invalid_argument, "room: a LiveKit snapshot needs the room name (ListParticipants does not name it)");
    simdjson::dom::parser parser;
    element doc;
    if (auto err = parser.parse(req.body.data(), req.body.size()).get(doc); err != simdjson::SUCCESS)
        return fail(errc::malformed_input, std::string("not valid JSON: ") + simdjson::error_message(err));
    object root;
    if (doc.get_object().get(root) != simdjson::SUCCESS)
        return fail(errc::malformed_input, "expected a ListParticipantsResponse JSON object");

    parse_outcome out;
    out.event_name = std::string(livekit_snapshot_kind);
    event marker = detail::snapshot_marker(platform::livekit, prefix, std::string(req.room), {}, req.at);
    // An empty list is omitted by servers that skip defaults: nobody is in the room.
    if (const auto list = field(root, "participants"); list && !list->is_null()) {
        simdjson::dom::array arr;
        if (list->get_array().get(arr) != simdjson::SUCCESS) return fail(errc::invalid_value, "participants: expected an array");
        std::size_t i = 0;
        for (element item : arr) {
            const std::string path = "participants[" + std::to_string(i++) + "]";
            object p;
            if (item.get_object().get(p) != simdjson::SUCCESS) return fail(errc::invalid_value, path + ": expected an object");
            auto sid = text(p, "sid", path, true);
            if (!sid) return failure{sid.err()};
            auto identity = text(p, "identity", path, true);
            if (!identity) return failure{identity.err()};
            if (sid->empty() || identity->empty())
                return fail(errc::missing_field, path + ": sid and identity must not be empty");
            auto name = text(p, "name", path, false);
            if (!name) return failure{name.err()};
            auto state = enum_name(p, "state", state_names, path);
            if (!state) return failure{state.err()};
            auto kind = enum_name(p, "kind", kind_names, path);
            if (!kind) return failure{kind.err()};
            bool recorder = false, agent = false;
            if (const auto perm = field(p, "permission"); perm && !perm->is_null()) {
                object po;
                if (perm->get_object().get(po) != simdjson::SUCCESS) return fail(errc::invalid_value, path + ".permission: expected an object");
                auto r = flag(po, "recorder", path + ".permission");
                if (!r) return failure{r.err()};
                auto a = flag(po, "agent", path + ".permission");
                if (!a) return failure{a.err()};
                recorder = *r;
                agent = *a;
            }
            // A participant on its way out is no longer there: leaving it out lets the snapshot close it.
            if (*state == "DISCONNECTED") {
                out.ignored.push_back("participant " + std::string(*sid) + " is DISCONNECTED: not listed");
                continue;
            }
            event e = detail::listed_connection(marker, prefix, std::string(*identity), std::string(*sid));
            e.display_name = std::string(*name);
            // The same rule as the webhook parser: recorders and agents are never attendees.
            e.non_person = *kind == "EGRESS" || *kind == "AGENT" || recorder || agent;
            out.events.push_back(std::move(e));
        }
    }
    out.events.push_back(std::move(marker));
    return out;
}

}  // namespace rollcall::sources
