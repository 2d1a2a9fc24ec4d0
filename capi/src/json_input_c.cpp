#include "json_input_c.hpp"

#include <simdjson.h>

#include "rollcall/time.hpp"

namespace rollcall::capi {
namespace {

using simdjson::dom::element;

result<std::string> text(element v, std::string_view key) {
    std::string_view s;
    if (v.get(s) != simdjson::SUCCESS) return fail(errc::invalid_value, std::string(key) + ": expected a string");
    return std::string(s);
}

result<instant> time_value(element v, std::string_view key) {
    std::int64_t ms = 0;
    if (v.get(ms) == simdjson::SUCCESS) return from_unix_ms(ms);
    std::string_view s;
    if (v.get(s) != simdjson::SUCCESS)
        return fail(errc::invalid_value, std::string(key) + ": expected RFC 3339 text or Unix milliseconds");
    auto t = parse_rfc3339(s);
    if (!t) return fail(errc::invalid_value, std::string(key) + ": " + t.err().message);
    return *t;
}

result<std::vector<std::string>> text_list(element v, std::string_view key) {
    simdjson::dom::array a;
    if (v.get(a) != simdjson::SUCCESS) return fail(errc::invalid_value, std::string(key) + ": expected an array of strings");
    std::vector<std::string> out;
    std::size_t i = 0;
    for (element item : a) {
        auto s = text(item, std::string(key) + "[" + std::to_string(i++) + "]");
        if (!s) return failure{s.err()};
        out.push_back(std::move(*s));
    }
    return out;
}

result<std::int64_t> integer(element v, std::string_view key) {
    std::int64_t n = 0;
    if (v.get(n) != simdjson::SUCCESS) return fail(errc::invalid_value, std::string(key) + ": expected an integer");
    return n;
}

result<rate_kind> rate(element v) {
    auto s = text(v, "rate");
    if (!s) return failure{s.err()};
    auto r = parse_rate_kind(*s);
    if (!r) return fail(errc::invalid_value, "rate: '" + s->substr(0, 32) + "' is not none, per_hour or per_session");
    return *r;
}

/// Parses `json` as one object and calls `field(key, value)` for each member.
template <class F>
result<void> each_member(std::string_view json, std::string_view what, F&& field) {
    simdjson::dom::parser parser;
    simdjson::padded_string padded(json);
    element doc;
    if (auto e = parser.parse(padded).get(doc); e != simdjson::SUCCESS)
        return fail(errc::malformed_input, std::string(what) + ": not JSON (" + simdjson::error_message(e) + ")");
    simdjson::dom::object obj;
    if (doc.get(obj) != simdjson::SUCCESS) return fail(errc::malformed_input, std::string(what) + ": expected a JSON object");
    for (auto [key, value] : obj) {
        auto r = field(key, value);
        if (!r) return r;
    }
    return {};
}

#define ROLLCALL_TAKE(target, expr)              \
    do {                                         \
        auto r_ = (expr);                        \
        if (!r_) return failure{r_.err()};       \
        target = std::move(*r_);                 \
    } while (0)

}  // namespace

result<session_spec> parse_session_json(std::string_view json) {
    session_spec s;
    bool has_id = false, has_type = false;
    auto r = each_member(json, "session", [&](std::string_view key, element v) -> result<void> {
        if (key == "id") {
            ROLLCALL_TAKE(s.id, text(v, "id"));
            has_id = true;
        }
        else if (key == "type") {
            ROLLCALL_TAKE(s.type, text(v, "type"));
            has_type = true;
        }
        else if (key == "teacher") {
            if (!v.is_null()) ROLLCALL_TAKE(s.teacher, text(v, "teacher"));
        } else if (key == "students") ROLLCALL_TAKE(s.students, text_list(v, "students"));
        else if (key == "scheduled_start") {
            if (!v.is_null()) ROLLCALL_TAKE(s.scheduled_start, time_value(v, "scheduled_start"));
        } else if (key == "scheduled_end") {
            if (!v.is_null()) ROLLCALL_TAKE(s.scheduled_end, time_value(v, "scheduled_end"));
        } else if (key == "rooms") ROLLCALL_TAKE(s.rooms, text_list(v, "rooms"));
        else if (key == "package") ROLLCALL_TAKE(s.package, text(v, "package"));
        else if (key == "rate") ROLLCALL_TAKE(s.rate, rate(v));
        else if (key == "rate_minor") ROLLCALL_TAKE(s.rate_minor, integer(v, "rate_minor"));
        else if (key == "currency") ROLLCALL_TAKE(s.currency, text(v, "currency"));
        else return fail(errc::invalid_value, "session: unknown key '" + std::string(key.substr(0, 64)) + "'");
        return {};
    });
    if (!r) return failure{r.err()};
    if (!has_id) return fail(errc::missing_field, "session.id");
    if (!has_type) return fail(errc::missing_field, "session.type");
    return s;
}

result<tracker::link_spec> parse_link_json(std::string_view json) {
    tracker::link_spec l;
    bool has_student = false;
    auto r = each_member(json, "link", [&](std::string_view key, element v) -> result<void> {
        if (key == "teacher") ROLLCALL_TAKE(l.teacher, text(v, "teacher"));
        else if (key == "student") {
            ROLLCALL_TAKE(l.student, text(v, "student"));
            has_student = true;
        }
        else if (key == "meeting_url") ROLLCALL_TAKE(l.meeting_url, text(v, "meeting_url"));
        else if (key == "package") ROLLCALL_TAKE(l.package, text(v, "package"));
        else if (key == "rate") ROLLCALL_TAKE(l.rate, rate(v));
        else if (key == "rate_minor") ROLLCALL_TAKE(l.rate_minor, integer(v, "rate_minor"));
        else if (key == "currency") ROLLCALL_TAKE(l.currency, text(v, "currency"));
        else if (key == "session_id") {
            if (!v.is_null()) ROLLCALL_TAKE(l.session_id, text(v, "session_id"));
        } else return fail(errc::invalid_value, "link: unknown key '" + std::string(key.substr(0, 64)) + "'");
        return {};
    });
    if (!r) return failure{r.err()};
    if (!has_student) return fail(errc::missing_field, "link.student");
    return l;
}

}  // namespace rollcall::capi
