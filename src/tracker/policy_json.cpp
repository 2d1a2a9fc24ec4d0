#include "tracker/policy_json.hpp"

#include <cmath>
#include <string>

namespace rollcall::tracker {
namespace {

failure bad(std::string_view where, std::string_view key, std::string_view why) {
    return fail(errc::config_error, std::string(where) + "." + std::string(key) + ": " + std::string(why));
}

// Durations are whole seconds, never negative: a negative grace or window has no meaning.
result<std::int64_t> seconds_value(simdjson::dom::element v, std::string_view where, std::string_view key) {
    std::int64_t out = 0;
    if (v.is_int64()) {
        out = v.get_int64().value();
    } else if (v.is_uint64()) {
        return bad(where, key, "out of range");
    } else if (v.is_double()) {
        const double d = v.get_double().value();
        if (d != std::floor(d) || std::fabs(d) > 9.0e15) return bad(where, key, "must be a whole number of seconds");
        out = static_cast<std::int64_t>(d);
    } else {
        return bad(where, key, "must be a number of seconds");
    }
    if (out < 0) return bad(where, key, "must not be negative");
    return out;
}

result<void> apply_rounding(struct rounding& r, simdjson::dom::element v, std::string_view where) {
    simdjson::dom::object obj;
    if (v.get_object().get(obj)) return bad(where, "rounding", "must be an object {mode, unit_s, min_s}");
    const std::string sub = std::string(where) + ".rounding";
    for (auto [k, val] : obj) {
        if (k == "mode") {
            std::string_view s;
            if (val.get_string().get(s)) return bad(sub, k, "must be a string");
            auto m = parse_rounding_mode(s);
            if (!m) return bad(sub, k, "must be one of exact, floor, ceil, nearest");
            r.mode = *m;
        } else if (k == "unit_s") {
            auto s = seconds_value(val, sub, k);
            if (!s) return failure{s.err()};
            if (*s == 0) return bad(sub, k, "must be at least 1");
            r.unit_s = *s;
        } else if (k == "min_s") {
            auto s = seconds_value(val, sub, k);
            if (!s) return failure{s.err()};
            r.min_s = *s;
        } else {
            return bad(sub, k, "unknown key");
        }
    }
    return {};
}

}  // namespace

result<policy> apply_policy_overrides(policy base, simdjson::dom::element overrides, std::string_view where) {
    simdjson::dom::object obj;
    if (overrides.get_object().get(obj))
        return fail(errc::config_error, std::string(where) + ": must be an object");
    policy p = base;
    for (auto [k, v] : obj) {
        std::int64_t* seconds_field = nullptr;
        if (k == "reconnect_grace_s") seconds_field = &p.reconnect_grace_s;
        else if (k == "stale_after_s") seconds_field = &p.stale_after_s;
        else if (k == "heartbeat_timeout_s") seconds_field = &p.heartbeat_timeout_s;
        else if (k == "session_timeout_s") seconds_field = &p.session_timeout_s;
        else if (k == "late_grace_s") seconds_field = &p.late_grace_s;
        else if (k == "min_presence_s") seconds_field = &p.min_presence_s;
        else if (k == "creation_window_s") seconds_field = &p.creation_window_s;
        else if (k == "cleanup_delay_s") seconds_field = &p.cleanup_delay_s;
        if (seconds_field) {
            auto s = seconds_value(v, where, k);
            if (!s) return failure{s.err()};
            *seconds_field = *s;
        } else if (k == "clip_to_schedule") {
            bool b = false;
            if (v.get_bool().get(b)) return bad(where, k, "must be true or false");
            p.clip_to_schedule = b;
        } else if (k == "partial_below_ratio") {
            double d = 0;
            if (v.is_int64()) d = static_cast<double>(v.get_int64().value());
            else if (v.get_double().get(d)) return bad(where, k, "must be a number");
            if (!(d >= 0.0 && d <= 1.0)) return bad(where, k, "must be between 0 and 1");
            p.partial_below_ratio = d;
        } else if (k == "billable_basis") {
            std::string_view s;
            if (v.get_string().get(s)) return bad(where, k, "must be a string");
            auto b = parse_billable_basis(s);
            if (!b) return bad(where, k, "must be one of co_presence, student, teacher, scheduled");
            p.basis = *b;
        } else if (k == "rounding") {
            if (auto r = apply_rounding(p.rounding, v, where); !r) return failure{r.err()};
        } else {
            return bad(where, k, "unknown key");
        }
    }
    return p;
}

result<policy> apply_policy_overrides(policy base, std::string_view json_text, std::string_view where) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (auto e = parser.parse(json_text.data(), json_text.size()).get(doc))
        return fail(errc::config_error, std::string(where) + ": not valid JSON (" + simdjson::error_message(e) + ")");
    return apply_policy_overrides(base, doc, where);
}

void write_policy(json_writer& w, const policy& p) {
    w.begin_object()
        .field("reconnect_grace_s", p.reconnect_grace_s)
        .field("stale_after_s", p.stale_after_s)
        .field("heartbeat_timeout_s", p.heartbeat_timeout_s)
        .field("session_timeout_s", p.session_timeout_s)
        .field("clip_to_schedule", p.clip_to_schedule)
        .field("late_grace_s", p.late_grace_s)
        .field("min_presence_s", p.min_presence_s)
        .field("partial_below_ratio", p.partial_below_ratio)
        .field("creation_window_s", p.creation_window_s)
        .field("cleanup_delay_s", p.cleanup_delay_s)
        .field("billable_basis", to_string(p.basis));
    w.key("rounding")
        .begin_object()
        .field("mode", to_string(p.rounding.mode))
        .field("unit_s", p.rounding.unit_s)
        .field("min_s", p.rounding.min_s)
        .end_object();
    w.end_object();
}

}  // namespace rollcall::tracker
