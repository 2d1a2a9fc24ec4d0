#include "sources/bbb_analytics.hpp"

#include <simdjson.h>

#include <vector>

#include "sources/json_util.hpp"
#include "sources/jwt.hpp"
#include "sources/ondemand_fields.hpp"

namespace rollcall::sources::bbb {
namespace {

namespace od = simdjson::ondemand;
using fields::text;

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

struct stamp {
    instant at;
    std::string_view userid;
};

result<instant> time_of(std::string_view text_value, const std::string& path) {
    auto t = parse_rfc3339(text_value);
    if (!t.ok()) return fail(errc::invalid_value, path + ": " + t.err().message);
    return t.value();
}

// One `joins` or `lefts` list of a session: [{"timestamp","userid","ext_userid","event"}].
result<void> read_stamps(od::object& session, std::string_view key, const std::string& path, std::vector<stamp>& out) {
    auto list = fields::find(session, key, path);
    if (!list.ok()) return failure{list.err()};
    if (!list.value()) return {};
    auto arr = list.value()->get_array();
    if (arr.error() == simdjson::INCORRECT_TYPE) return fields::wrong_type(path, "an array");
    if (arr.error()) return fields::broken(path, arr.error());
    std::size_t i = 0;
    for (auto item : arr.value_unsafe()) {
        const std::string at_path = path + "[" + std::to_string(i++) + "]";
        auto obj = item.get_object();
        if (obj.error() == simdjson::INCORRECT_TYPE) return fields::wrong_type(at_path, "an object");
        if (obj.error()) return fields::broken(at_path, obj.error());
        od::object o = obj.value_unsafe();
        auto ts = text(o, "timestamp", at_path + ".timestamp");
        if (!ts.ok()) return failure{ts.err()};
        if (!ts.value()) return fail(errc::missing_field, at_path + ".timestamp is absent");
        auto at = time_of(*ts.value(), at_path + ".timestamp");
        if (!at.ok()) return failure{at.err()};
        auto uid = text(o, "userid", at_path + ".userid");
        if (!uid.ok()) return failure{uid.err()};
        out.push_back({at.value(), trim(uid.value().value_or(std::string_view{}))});
    }
    return {};
}

std::string key_of(std::string_view what, std::string_view meeting, std::string_view user, instant at) {
    std::string key = "bbb:analytics-";
    key.append(what).append(":").append(meeting).append(":").append(user).append(":");
    key.append(std::to_string(to_unix_ms(at)));
    return key;
}

struct attendee_view {
    std::string_view ext_id;
    std::string_view name;
    std::optional<bool> moderator;
};

result<void> read_attendee(od::object& a, std::size_t index, const event& room, std::vector<event>& events) {
    const std::string base = "data.attendees[" + std::to_string(index) + "]";
    attendee_view v;
    auto ext = text(a, "ext_user_id", base + ".ext_user_id");
    if (!ext.ok()) return failure{ext.err()};
    v.ext_id = ext.value().value_or(std::string_view{});
    auto name = text(a, "name", base + ".name");
    if (!name.ok()) return failure{name.err()};
    v.name = name.value().value_or(std::string_view{});
    auto mod = fields::boolean(a, "moderator", base + ".moderator");
    if (!mod.ok()) return failure{mod.err()};
    v.moderator = mod.value();

    auto sessions = fields::find(a, "sessions", base + ".sessions");
    if (!sessions.ok()) return failure{sessions.err()};
    if (!sessions.value()) return fail(errc::missing_field, base + ".sessions is absent");
    auto arr = sessions.value()->get_array();
    if (arr.error() == simdjson::INCORRECT_TYPE) return fields::wrong_type(base + ".sessions", "an array");
    if (arr.error()) return fields::broken(base + ".sessions", arr.error());
    std::size_t s = 0;
    std::vector<stamp> joins, lefts;
    for (auto item : arr.value_unsafe()) {
        const std::string spath = base + ".sessions[" + std::to_string(s++) + "]";
        auto obj = item.get_object();
        if (obj.error() == simdjson::INCORRECT_TYPE) return fields::wrong_type(spath, "an object");
        if (obj.error()) return fields::broken(spath, obj.error());
        od::object so = obj.value_unsafe();
        joins.clear();
        lefts.clear();
        if (auto r = read_stamps(so, "joins", spath + ".joins", joins); !r.ok()) return failure{r.err()};
        if (auto r = read_stamps(so, "lefts", spath + ".lefts", lefts); !r.ok()) return failure{r.err()};
        // One session is one internal user id; the pipeline's synthetic closing left names "system",
        // so the session's connection comes from its joins first.
        std::string_view connection;
        for (const auto* list : {&joins, &lefts})
            for (const stamp& st : *list)
                if (connection.empty() && !st.userid.empty() && st.userid != "system") connection = st.userid;
        if (connection.empty()) return fail(errc::missing_field, spath + ": no userid in joins or lefts");

        event person = room;
        person.connection.assign(connection);
        person.identity.assign(!v.ext_id.empty() ? v.ext_id : connection);
        person.display_name.assign(v.name);
        person.who = v.moderator == true ? role::teacher : v.moderator == false ? role::student : role::other;
        person.detail.clear();
        for (std::size_t i = 0; i < joins.size(); ++i) {
            event j = person;
            j.kind = event_kind::join;
            j.at = joins[i].at;
            j.dedup_key = key_of("join", room.room, connection, j.at);
            events.push_back(std::move(j));
        }
        for (std::size_t i = 0; i < lefts.size(); ++i) {
            event l = person;
            l.kind = event_kind::leave;
            l.at = lefts[i].at;
            // bbbevents pairs the i-th join of a session with its i-th left.
            if (i < joins.size() && joins[i].at <= l.at) l.joined_at = joins[i].at;
            l.dedup_key = key_of("left", room.room, connection, l.at);
            events.push_back(std::move(l));
        }
    }
    return {};
}

}  // namespace

result<void> parse_analytics_body(std::string_view body, parse_outcome& out) {
    thread_local od::parser parser;
    thread_local padded_buffer buffer;
    od::document doc;
    auto root_r = fields::open_root(parser, buffer, body, doc, "the analytics body");
    if (!root_r.ok()) return failure{root_r.err()};
    od::object root = *root_r;

    event room;
    room.source = platform::bbb;
    auto internal = text(root, "internal_meeting_id", "internal_meeting_id");
    if (!internal.ok()) return failure{internal.err()};
    if (!internal.value()) return fail(errc::missing_field, "internal_meeting_id is absent");
    room.room.assign(*internal.value());
    auto external = text(root, "meeting_id", "meeting_id");
    if (!external.ok()) return failure{external.err()};
    room.room_alt.assign(external.value().value_or(std::string_view{}));

    auto data_r = fields::object(root, "data", "data");
    if (!data_r.ok()) return failure{data_r.err()};
    if (!data_r.value()) return fail(errc::missing_field, "data is absent");
    od::object& d = *data_r.value();

    std::vector<event> events;
    for (const auto& [key, kind] : {std::pair{"start", event_kind::room_start}, std::pair{"finish", event_kind::room_end}}) {
        auto t = text(d, key, std::string("data.") + key);
        if (!t.ok()) return failure{t.err()};
        if (!t.value()) continue;
        auto at = time_of(*t.value(), std::string("data.") + key);
        if (!at.ok()) return failure{at.err()};
        event e = room;
        e.kind = kind;
        e.at = at.value();
        e.dedup_key = key_of(key, room.room, {}, e.at);
        events.push_back(std::move(e));
    }

    auto attendees = fields::find(d, "attendees", "data.attendees");
    if (!attendees.ok()) return failure{attendees.err()};
    if (attendees.value()) {
        auto arr = attendees.value()->get_array();
        if (arr.error() == simdjson::INCORRECT_TYPE) return fields::wrong_type("data.attendees", "an array");
        if (arr.error()) return fields::broken("data.attendees", arr.error());
        std::size_t i = 0;
        for (auto item : arr.value_unsafe()) {
            auto obj = item.get_object();
            const std::string path = "data.attendees[" + std::to_string(i) + "]";
            if (obj.error() == simdjson::INCORRECT_TYPE) return fields::wrong_type(path, "an object");
            if (obj.error()) return fields::broken(path, obj.error());
            od::object a = obj.value_unsafe();
            if (auto r = read_attendee(a, i, room, events); !r.ok()) return failure{r.err()};
            ++i;
        }
    }
    if (auto done = fields::check_complete(doc); !done.ok()) return failure{done.err()};
    if (out.event_name.empty()) out.event_name = "analytics-callback";
    for (auto& e : events) out.events.push_back(std::move(e));
    return {};
}

result<parse_outcome> parse_analytics_callback(const verify_config& config, const request& req) {
    parse_outcome out;
    if (config.verify) {
        if (config.bbb_shared_secret.empty()) return fail(errc::config_error, "bbb_shared_secret is not configured");
        const auto header = req.headers.find("authorization");
        if (!header) return fail(errc::missing_signature, "header Authorization (Bearer JWT) is absent");
        jwt::options opts;
        opts.alg = jwt::algorithm::hs512;
        opts.now = req.now;
        opts.leeway_s = analytics_leeway_s;
        opts.require_exp = true;
        auto claims = jwt::verify(jwt::strip_bearer(*header), opts, std::string_view(config.bbb_shared_secret));
        if (!claims.ok()) return failure{claims.err()};
        out.notes.push_back("analytics token verified; it does not bind the body");
    }
    if (auto r = parse_analytics_body(req.body, out); !r.ok()) return failure{r.err()};
    return out;
}

}  // namespace rollcall::sources::bbb
