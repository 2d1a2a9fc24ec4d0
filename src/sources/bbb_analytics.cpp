#include "sources/bbb_analytics.hpp"

#include <simdjson.h>

#include <algorithm>
#include <vector>

#include "identity/normalise.hpp"
#include "sources/dedup_key.hpp"
#include "sources/event_slots.hpp"
#include "sources/json_util.hpp"
#include "sources/jwt.hpp"
#include "sources/ondemand_fields.hpp"
#include "sources/ondemand_forward.hpp"

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

struct room_view {
    std::string_view room;      // internal_meeting_id
    std::string_view room_alt;  // meeting_id
};

struct attendee_view {
    std::string_view ext_id;
    std::string_view name;
    std::optional<bool> moderator;
};

void room_event(event_kind kind, instant at, event_slots& events) {
    event& e = events.next();
    e.source = platform::bbb;
    e.kind = kind;
    e.at = at;
}

// One session is one internal user id; the pipeline's synthetic closing left names "system", so the
// session's connection comes from its joins first. Empty when no stamp names one.
std::string_view connection_of(const stamp* joins, std::size_t n_joins, const stamp* lefts, std::size_t n_lefts) noexcept {
    for (const auto& [list, n] : {std::pair{joins, n_joins}, std::pair{lefts, n_lefts}})
        for (std::size_t i = 0; i < n; ++i)
            if (!list[i].userid.empty() && list[i].userid != "system") return list[i].userid;
    return {};
}

// A session's joins and lefts, without their room (see place_in_room). Slots come cleared
// (event_slots::next): their strings are filled by appending, which skips the overlap handling of assign.
void session_events(const attendee_view& a, std::string_view connection, const stamp* joins, std::size_t n_joins,
                    const stamp* lefts, std::size_t n_lefts, event_slots& events) {
    auto person = [&](event_kind kind, instant at) -> event& {
        event& e = events.next();
        e.source = platform::bbb;
        e.connection.append(connection);
        identity::identify_bbb(a.ext_id, connection, a.name, e);
        e.display_name.append(a.name);
        e.who = a.moderator == true ? role::teacher : a.moderator == false ? role::student : role::other;
        e.kind = kind;
        e.at = at;
        return e;
    };
    for (std::size_t i = 0; i < n_joins; ++i) person(event_kind::join, joins[i].at);
    for (std::size_t i = 0; i < n_lefts; ++i) {
        event& e = person(event_kind::leave, lefts[i].at);
        // bbbevents pairs the i-th join of a session with its i-th left.
        if (i < n_joins && joins[i].at <= e.at) e.joined_at = joins[i].at;
    }
}

// The room and dedup key of every event from `from` on, once the room's ids are known (the forward
// pass may meet the attendees before them).
void place_in_room(const room_view& room, std::vector<event>& events, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
        event& e = events[i];
        e.room.append(room.room);
        e.room_alt.append(room.room_alt);
        const std::string_view what = e.kind == event_kind::join         ? "join"
                                      : e.kind == event_kind::leave      ? "left"
                                      : e.kind == event_kind::room_start ? "start"
                                                                         : "finish";
        dedup_key_into(e.dedup_key, "bbb:analytics-", {what, room.room, e.connection}, e.at);
    }
}

result<void> read_attendee(od::object& a, std::size_t index, event_slots& events) {
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
        const std::string_view connection = connection_of(joins.data(), joins.size(), lefts.data(), lefts.size());
        if (connection.empty()) return fail(errc::missing_field, spath + ": no userid in joins or lefts");
        session_events(v, connection, joins.data(), joins.size(), lefts.data(), lefts.size(), events);
    }
    return {};
}

// The checked path: the whole document validated first, then keyed lookups that name what is wrong.
result<void> analytics_checked(od::parser& parser, padded_buffer& buffer, std::string_view body, parse_outcome& out,
                               std::size_t first, event_slots& events) {
    od::document doc;
    auto root_r = fields::open_root(parser, buffer, body, doc, "the analytics body");
    if (!root_r.ok()) return failure{root_r.err()};
    od::object root = *root_r;

    room_view room;
    auto internal = text(root, "internal_meeting_id", "internal_meeting_id");
    if (!internal.ok()) return failure{internal.err()};
    if (!internal.value()) return fail(errc::missing_field, "internal_meeting_id is absent");
    room.room = *internal.value();
    auto external = text(root, "meeting_id", "meeting_id");
    if (!external.ok()) return failure{external.err()};
    room.room_alt = external.value().value_or(std::string_view{});

    auto data_r = fields::object(root, "data", "data");
    if (!data_r.ok()) return failure{data_r.err()};
    if (!data_r.value()) return fail(errc::missing_field, "data is absent");
    od::object& d = *data_r.value();

    for (const auto& [key, kind] : {std::pair{"start", event_kind::room_start}, std::pair{"finish", event_kind::room_end}}) {
        auto t = text(d, key, std::string("data.") + key);
        if (!t.ok()) return failure{t.err()};
        if (!t.value()) continue;
        auto at = time_of(*t.value(), std::string("data.") + key);
        if (!at.ok()) return failure{at.err()};
        room_event(kind, at.value(), events);
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
            if (auto r = read_attendee(a, i, events); !r.ok()) return failure{r.err()};
            ++i;
        }
    }
    if (auto done = fields::check_complete(doc); !done.ok()) return failure{done.err()};
    place_in_room(room, out.events, first, events.end());
    if (out.event_name.empty()) out.event_name = "analytics-callback";
    return {};
}

// ---- the forward pass (ondemand_forward.hpp): yes or no, the checked path names errors -----------

using forward::keys;
using forward::step;

// An optional array at `level` whose items are read by `on_item(value)`; null is an empty array.
template <class F>
bool each_item(od::value& v, std::size_t level, F&& on_item) {
    od::json_type t{};
    if (v.type().get(t) != simdjson::SUCCESS) return false;
    if (t == od::json_type::null) return forward::check(v, level);
    od::array arr;
    if (t != od::json_type::array || v.get_array().get(arr) != simdjson::SUCCESS) return false;
    for (auto item : arr) {
        od::value iv;
        if (item.get(iv) != simdjson::SUCCESS || !on_item(iv)) return false;
    }
    return true;
}

// One `joins`/`lefts` list (level 7) of stamp objects (level 8).
bool read_stamps_fast(od::value& list, std::vector<stamp>& out) {
    return each_item(list, 7, [&](od::value& item) {
        od::object o;
        bool present = false;
        if (!forward::object(item, o, present) || !present) return false;
        forward::seen seen;
        std::string_view when, userid;
        const bool read = forward::each(o, 8, keys::lookup, [&](std::string_view key, od::value& v) {
            std::string_view* into = is_key(key, "timestamp") ? &when : is_key(key, "userid") ? &userid : nullptr;
            if (!into) return step::skip;
            return seen.first(into == &when ? 0 : 1) && forward::text(v, *into) ? step::read : step::fail;
        });
        if (!read || when.empty()) return false;
        auto at = parse_rfc3339(when);
        if (!at.ok()) return false;
        out.push_back({at.value(), trim(userid)});
        return true;
    });
}

// An attendee (level 4). Its sessions may come before its own fields, so their stamps are collected
// (with where each session ends) and turned into events once the object is read.
bool read_attendee_fast(od::value& item, event_slots& events) {
    od::object a;
    bool present = false;
    if (!forward::object(item, a, present) || !present) return false;
    thread_local std::vector<stamp> joins, lefts;
    thread_local std::vector<std::size_t> ends;  // per session: the end of its joins, then of its lefts
    joins.clear();
    lefts.clear();
    ends.clear();
    attendee_view v;
    forward::seen seen;
    bool has_sessions = false;
    const bool read = forward::each(a, 4, keys::lookup, [&](std::string_view key, od::value& val) {
        if (is_key(key, "ext_user_id")) return seen.first(0) && forward::text(val, v.ext_id) ? step::read : step::fail;
        if (is_key(key, "name")) return seen.first(1) && forward::text(val, v.name) ? step::read : step::fail;
        if (is_key(key, "moderator")) return seen.first(2) && forward::boolean(val, v.moderator) ? step::read : step::fail;
        if (!is_key(key, "sessions")) return step::skip;
        od::json_type t{};
        if (!seen.first(3) || val.type().get(t) != simdjson::SUCCESS || t != od::json_type::array) return step::fail;
        has_sessions = true;
        return each_item(val, 5, [&](od::value& session) {
            od::object so;
            bool is_object = false;
            if (!forward::object(session, so, is_object) || !is_object) return false;
            forward::seen seen_lists;
            const bool ok = forward::each(so, 6, keys::lookup, [&](std::string_view k, od::value& list) {
                const bool is_joins = is_key(k, "joins");
                if (!is_joins && !is_key(k, "lefts")) return step::skip;
                if (!seen_lists.first(is_joins ? 0 : 1)) return step::fail;
                return read_stamps_fast(list, is_joins ? joins : lefts) ? step::read : step::fail;
            });
            ends.push_back(joins.size());
            ends.push_back(lefts.size());
            return ok;
        }) ? step::read : step::fail;
    });
    if (!read || !has_sessions) return false;
    std::size_t j0 = 0, l0 = 0;
    for (std::size_t i = 0; i < ends.size(); i += 2) {
        const stamp* js = joins.data() + j0;
        const stamp* ls = lefts.data() + l0;
        const std::size_t nj = ends[i] - j0, nl = ends[i + 1] - l0;
        const std::string_view connection = connection_of(js, nj, ls, nl);
        if (connection.empty()) return false;
        session_events(v, connection, js, nj, ls, nl, events);
        j0 = ends[i];
        l0 = ends[i + 1];
    }
    return true;
}

bool analytics_fast(od::parser& parser, const padded_buffer& buffer, parse_outcome& out, std::size_t first,
                    event_slots& events) {
    od::document doc;
    od::object root;
    if (!forward::iterate(parser, buffer, doc) || doc.get_object().get(root) != simdjson::SUCCESS) return false;
    room_view room;
    std::string_view start, finish;
    forward::seen seen;
    bool has_data = false;
    // The room's own events come first, as the checked path writes them: those whose times precede
    // the attendees (the usual order) are written before them, any later one is moved up at the end.
    std::size_t room_events = 0;
    bool start_done = false, finish_done = false;
    auto room_event_of = [&](std::string_view text_value, event_kind kind, bool& done) {
        done = true;
        if (text_value.empty()) return true;
        auto at = parse_rfc3339(text_value);
        if (!at.ok()) return false;
        room_event(kind, at.value(), events);
        ++room_events;
        return true;
    };
    const bool read = forward::each(root, 1, keys::lookup, [&](std::string_view key, od::value& v) {
        if (is_key(key, "internal_meeting_id")) return seen.first(0) && forward::text(v, room.room) ? step::read : step::fail;
        if (is_key(key, "meeting_id")) return seen.first(1) && forward::text(v, room.room_alt) ? step::read : step::fail;
        if (!is_key(key, "data")) return step::skip;
        od::object d;
        if (!seen.first(2) || !forward::object(v, d, has_data)) return step::fail;
        if (!has_data) return step::read;
        forward::seen seen_data;
        return forward::each(d, 2, keys::lookup, [&](std::string_view k, od::value& dv) {
            if (is_key(k, "start")) return seen_data.first(0) && forward::text(dv, start) ? step::read : step::fail;
            if (is_key(k, "finish")) return seen_data.first(1) && forward::text(dv, finish) ? step::read : step::fail;
            if (!is_key(k, "attendees")) return step::skip;
            if (!seen_data.first(2)) return step::fail;
            if (!start.empty()) {
                if (!room_event_of(start, event_kind::room_start, start_done)) return step::fail;
                if (!finish.empty() && !room_event_of(finish, event_kind::room_end, finish_done)) return step::fail;
            }
            return each_item(dv, 3, [&](od::value& item) { return read_attendee_fast(item, events); }) ? step::read
                                                                                                       : step::fail;
        }) ? step::read : step::fail;
    });
    if (!read || !has_data || room.room.empty() || !document_fully_consumed(doc)) return false;
    const std::size_t early = room_events;
    if (!start_done && !room_event_of(start, event_kind::room_start, start_done)) return false;
    if (!finish_done && !room_event_of(finish, event_kind::room_end, finish_done)) return false;
    const auto end = out.events.begin() + static_cast<std::ptrdiff_t>(events.end());
    if (room_events > early)
        std::rotate(out.events.begin() + static_cast<std::ptrdiff_t>(first + early),
                    end - static_cast<std::ptrdiff_t>(room_events - early), end);
    place_in_room(room, out.events, first, events.end());
    if (out.event_name.empty()) out.event_name = "analytics-callback";
    return true;
}

// Events are written from `out.events[first]` on (later ones are slots to reuse); all or nothing.
result<void> analytics_from(std::string_view body, parse_outcome& out, std::size_t first) {
    thread_local od::parser parser;
    thread_local padded_buffer buffer;
    buffer.assign(body);
    return forward::fast_then_checked(
        out, first, [&](event_slots& events) { return analytics_fast(parser, buffer, out, first, events); },
        [&](event_slots& events) { return analytics_checked(parser, buffer, body, out, first, events); });
}

}  // namespace

result<void> parse_analytics_body(std::string_view body, parse_outcome& out) {
    return analytics_from(body, out, out.events.size());
}

result<void> parse_analytics_body_reusing(std::string_view body, parse_outcome& out) {
    start_afresh(out);
    return analytics_from(body, out, 0);
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
