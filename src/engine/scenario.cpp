#include "rollcall/scenario.hpp"

#include <simdjson.h>

#include "rollcall/evaluate.hpp"
#include "rollcall/policy_json.hpp"
#include "rollcall/result_json.hpp"

namespace rollcall {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

failure missing(const std::string& path) { return fail(errc::missing_field, path + ": required field is missing"); }
failure wrong_type(const std::string& path, std::string_view expected) {
    return fail(errc::invalid_value, path + ": expected " + std::string(expected));
}

result<std::string> required_string(object o, std::string_view key, const std::string& path) {
    element v;
    if (o[key].get(v) != simdjson::SUCCESS) return missing(path);
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) return wrong_type(path, "a string");
    return std::string(s);
}

result<std::optional<std::string>> optional_string(object o, std::string_view key, const std::string& path) {
    element v;
    if (o[key].get(v) != simdjson::SUCCESS || v.is_null()) return std::optional<std::string>{};
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) return wrong_type(path, "a string");
    return std::optional<std::string>{std::string(s)};
}

result<instant> required_instant(object o, std::string_view key, const std::string& path) {
    auto s = required_string(o, key, path);
    if (!s) return failure{s.err()};
    auto t = parse_rfc3339(*s);
    if (!t) return fail(errc::invalid_value, path + ": " + t.err().message);
    return *t;
}

result<std::optional<instant>> optional_instant(object o, std::string_view key, const std::string& path) {
    auto s = optional_string(o, key, path);
    if (!s) return failure{s.err()};
    if (!*s) return std::optional<instant>{};
    auto t = parse_rfc3339(**s);
    if (!t) return fail(errc::invalid_value, path + ": " + t.err().message);
    return std::optional<instant>{*t};
}

result<session_spec> read_session(object o) {
    session_spec s;
    auto id = required_string(o, "id", "session.id");
    if (!id) return failure{id.err()};
    s.id = *id;
    auto type = optional_string(o, "type", "session.type");
    if (!type) return failure{type.err()};
    s.type = type->value_or("");
    auto teacher = optional_string(o, "teacher", "session.teacher");
    if (!teacher) return failure{teacher.err()};
    s.teacher = *teacher;
    element students;
    if (o["students"].get(students) == simdjson::SUCCESS) {
        simdjson::dom::array arr;
        if (students.get_array().get(arr) != simdjson::SUCCESS) return wrong_type("session.students", "an array of strings");
        std::size_t i = 0;
        for (element st : arr) {
            std::string_view v;
            if (st.get_string().get(v) != simdjson::SUCCESS)
                return wrong_type("session.students[" + std::to_string(i) + "]", "a string");
            s.students.emplace_back(v);
            ++i;
        }
    }
    auto start = optional_instant(o, "scheduled_start", "session.scheduled_start");
    if (!start) return failure{start.err()};
    auto end = optional_instant(o, "scheduled_end", "session.scheduled_end");
    if (!end) return failure{end.err()};
    if (start->has_value() != end->has_value())
        return fail(errc::missing_field, "session: scheduled_start and scheduled_end go together");
    if (*start && **end <= **start) return fail(errc::invalid_value, "session.scheduled_end: must be after scheduled_start");
    s.scheduled_start = *start;
    s.scheduled_end = *end;
    return s;
}

// A snapshot entry (SPEC §3 step 3): the room-level `snapshot` marker at `at` and one `evidence` event
// per listed connection at the same instant, the same events the snapshot parsers produce.
result<void> read_snapshot(object o, const std::string& path, instant at, std::vector<event>& out) {
    auto room = optional_string(o, "room", path + ".room");
    if (!room) return failure{room.err()};
    element list;
    if (o["connections"].get(list) != simdjson::SUCCESS) return missing(path + ".connections");
    simdjson::dom::array arr;
    if (list.get_array().get(arr) != simdjson::SUCCESS) return wrong_type(path + ".connections", "an array of objects");
    event marker;
    marker.kind = event_kind::snapshot;
    marker.source = platform::livekit;
    marker.room = room->value_or("");
    marker.at = at;
    std::size_t i = 0;
    for (element c : arr) {
        const std::string cpath = path + ".connections[" + std::to_string(i++) + "]";
        object co;
        if (c.get_object().get(co) != simdjson::SUCCESS) return wrong_type(cpath, "an object");
        auto who = required_string(co, "participant", cpath + ".participant");
        if (!who) return failure{who.err()};
        auto conn = required_string(co, "connection", cpath + ".connection");
        if (!conn) return failure{conn.err()};
        event e = marker;
        e.kind = event_kind::evidence;
        e.identity = std::move(*who);
        e.connection = std::move(*conn);
        out.push_back(std::move(e));
    }
    out.push_back(std::move(marker));
    return {};
}

result<void> read_event(element v, std::size_t index, std::vector<event>& out) {
    const std::string path = "events[" + std::to_string(index) + "]";
    object o;
    if (v.get_object().get(o) != simdjson::SUCCESS) return wrong_type(path, "an object");
    auto type = required_string(o, "type", path + ".type");
    if (!type) return failure{type.err()};
    auto kind = parse_event_kind(*type);
    if (!kind || *kind == event_kind::recording_ready)
        return fail(errc::invalid_value, path + ".type: unknown event type '" + *type +
                                             "' (room_start, room_end, join, leave, heartbeat, evidence, snapshot)");
    if (*kind == event_kind::snapshot) {
        auto at = required_instant(o, "at", path + ".at");
        if (!at) return failure{at.err()};
        return read_snapshot(o, path, *at, out);
    }
    event e;
    e.kind = *kind;
    auto at = required_instant(o, "at", path + ".at");
    if (!at) return failure{at.err()};
    e.at = *at;
    const bool person = *kind != event_kind::room_start && *kind != event_kind::room_end;
    if (person) {
        auto who = required_string(o, "participant", path + ".participant");
        if (!who) return failure{who.err()};
        auto conn = required_string(o, "connection", path + ".connection");
        if (!conn) return failure{conn.err()};
        e.identity = *who;
        e.connection = *conn;
    }
    auto id = optional_string(o, "id", path + ".id");
    if (!id) return failure{id.err()};
    e.dedup_key = id->value_or("");
    auto joined = optional_instant(o, "joined_at", path + ".joined_at");
    if (!joined) return failure{joined.err()};
    e.joined_at = *joined;
    // A scenario's heartbeat connections are tracked links (SPEC §6).
    e.source = *kind == event_kind::heartbeat ? platform::link : platform::livekit;
    auto room = optional_string(o, "room", path + ".room");
    if (!room) return failure{room.err()};
    e.room = room->value_or("");
    out.push_back(std::move(e));
    return {};
}

}  // namespace

result<scenario> load_scenario(std::string_view json) {
    if (json.empty()) return fail(errc::malformed_input, "not valid JSON: the input is empty");
    simdjson::dom::parser parser;
    element doc;
    if (auto err = parser.parse(json.data(), json.size()).get(doc); err != simdjson::SUCCESS)
        return fail(errc::malformed_input, std::string("not valid JSON: ") + simdjson::error_message(err));
    object root;
    if (doc.get_object().get(root) != simdjson::SUCCESS) return fail(errc::malformed_input, "expected a JSON object");

    scenario sc;
    auto name = optional_string(root, "name", "name");
    if (!name) return failure{name.err()};
    sc.name = name->value_or("");

    element pol;
    if (root["policy"].get(pol) == simdjson::SUCCESS) {
        auto p = parse_policy_json(simdjson::minify(pol), policy{}, "policy");
        if (!p) return failure{error{errc::invalid_value, p.err().message}};
        sc.pol = *p;
    }
    element session;
    if (root["session"].get(session) != simdjson::SUCCESS) return missing("session");
    object so;
    if (session.get_object().get(so) != simdjson::SUCCESS) return wrong_type("session", "an object");
    auto spec = read_session(so);
    if (!spec) return failure{spec.err()};
    sc.session = std::move(*spec);

    element events;
    if (root["events"].get(events) != simdjson::SUCCESS) return missing("events");
    simdjson::dom::array arr;
    if (events.get_array().get(arr) != simdjson::SUCCESS) return wrong_type("events", "an array");
    std::size_t i = 0;
    for (element e : arr) {
        if (auto ok = read_event(e, i++, sc.events); !ok) return failure{ok.err()};
    }
    auto now = required_instant(root, "now", "now");
    if (!now) return failure{now.err()};
    sc.now = *now;

    element expect;
    if (root["expect"].get(expect) == simdjson::SUCCESS) {
        if (!expect.is_object()) return wrong_type("expect", "an object");
        sc.expect_json = simdjson::minify(expect);
    }
    return sc;
}

std::string replay_scenario_json(const scenario& sc) {
    const session_result r = evaluate_session(sc.session, sc.events, sc.pol, sc.now);
    json_writer w;
    write_session_result_json(w, r);
    std::string out = std::move(w).str();
    // The scenario's name leads the object, so a replay says what it replayed.
    json_writer head;
    head.begin_object().field("name", sc.name);
    std::string prefix = std::move(head).str();
    return prefix + "," + out.substr(1);
}

namespace {

std::string render(element v) { return simdjson::minify(v); }

void compare(element expected, element actual, const std::string& path, std::vector<expectation_mismatch>& out) {
    using simdjson::dom::element_type;
    if (expected.type() == element_type::OBJECT) {
        if (actual.type() != element_type::OBJECT) {
            out.push_back({path, render(expected), render(actual)});
            return;
        }
        object expected_obj, actual_obj;
        if (expected.get_object().get(expected_obj) != simdjson::SUCCESS ||
            actual.get_object().get(actual_obj) != simdjson::SUCCESS)
            return;
        for (auto [key, value] : expected_obj) {
            const std::string sub = path.empty() ? std::string(key) : path + "." + std::string(key);
            element a;
            if (actual_obj.at_key(key).get(a) != simdjson::SUCCESS) {
                out.push_back({sub, render(value), "(missing)"});
                continue;
            }
            compare(value, a, sub, out);
        }
        return;
    }
    if (expected.is_number() && actual.is_number()) {
        if (expected.get_double().value_unsafe() != actual.get_double().value_unsafe())
            out.push_back({path, render(expected), render(actual)});
        return;
    }
    if (expected.is_string() && actual.is_string()) {
        const auto e = expected.get_string().value_unsafe(), a = actual.get_string().value_unsafe();
        auto te = parse_rfc3339(e), ta = parse_rfc3339(a);
        const bool same = (te.ok() && ta.ok()) ? *te == *ta : e == a;
        if (!same) out.push_back({path, render(expected), render(actual)});
        return;
    }
    if (render(expected) != render(actual)) out.push_back({path, render(expected), render(actual)});
}

}  // namespace

std::vector<expectation_mismatch> check_expectations(std::string_view expect_json, std::string_view actual_json) {
    std::vector<expectation_mismatch> out;
    simdjson::dom::parser pe, pa;
    element e, a;
    if (expect_json.empty() || actual_json.empty()) {
        out.push_back({"", std::string(expect_json), std::string(actual_json)});
        return out;
    }
    if (pe.parse(expect_json.data(), expect_json.size()).get(e) != simdjson::SUCCESS) {
        out.push_back({"expect", "(invalid JSON)", ""});
        return out;
    }
    if (pa.parse(actual_json.data(), actual_json.size()).get(a) != simdjson::SUCCESS) {
        out.push_back({"", "", "(invalid JSON)"});
        return out;
    }
    compare(e, a, "", out);
    return out;
}

}  // namespace rollcall
