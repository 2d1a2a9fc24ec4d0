#include "rollcall/policy_json.hpp"

#include <simdjson.h>

#include <string>

namespace rollcall {
namespace {

using simdjson::dom::element;

struct reader {
    std::string where;

    failure bad(std::string_view key, std::string_view why) const {
        return fail(errc::config_error, where + "." + std::string(key) + ": " + std::string(why));
    }
};

result<std::int64_t> read_seconds(const reader& rd, std::string_view key, element v) {
    std::int64_t out = 0;
    if (v.get_int64().get(out) != simdjson::SUCCESS) return rd.bad(key, "expected an integer number of seconds");
    if (out < 0) return rd.bad(key, "must not be negative");
    return out;
}

}  // namespace

result<policy> parse_policy_json(std::string_view json_object, const policy& base, std::string_view where) {
    reader rd{std::string(where)};
    if (json_object.empty()) return fail(errc::config_error, rd.where + ": not valid JSON (empty)");
    simdjson::dom::parser parser;
    element doc;
    if (parser.parse(json_object.data(), json_object.size()).get(doc) != simdjson::SUCCESS)
        return fail(errc::config_error, rd.where + ": not valid JSON");
    simdjson::dom::object obj;
    if (doc.get_object().get(obj) != simdjson::SUCCESS) return fail(errc::config_error, rd.where + ": expected an object");

    policy p = base;
    for (auto field_entry : obj) {
        // Plain variables, not structured bindings: clang 14 cannot capture bindings in a lambda.
        const std::string_view key = field_entry.key;
        const element value = field_entry.value;
        auto seconds_into = [&](std::int64_t& field) -> result<void> {
            auto v = read_seconds(rd, key, value);
            if (!v) return failure{v.err()};
            field = *v;
            return {};
        };
        result<void> step;
        if (key == "reconnect_grace_s") step = seconds_into(p.reconnect_grace_s);
        else if (key == "stale_after_s") step = seconds_into(p.stale_after_s);
        else if (key == "heartbeat_timeout_s") step = seconds_into(p.heartbeat_timeout_s);
        else if (key == "session_timeout_s") step = seconds_into(p.session_timeout_s);
        else if (key == "link_expiry_s") step = seconds_into(p.link_expiry_s);
        else if (key == "late_grace_s") step = seconds_into(p.late_grace_s);
        else if (key == "min_presence_s") step = seconds_into(p.min_presence_s);
        else if (key == "creation_window_s") step = seconds_into(p.creation_window_s);
        else if (key == "cleanup_delay_s") step = seconds_into(p.cleanup_delay_s);
        else if (key == "clip_to_schedule") {
            if (value.get_bool().get(p.clip_to_schedule) != simdjson::SUCCESS) return rd.bad(key, "expected true or false");
        } else if (key == "partial_below_ratio") {
            double r = 0;
            if (value.get_double().get(r) != simdjson::SUCCESS) return rd.bad(key, "expected a number");
            if (r < 0 || r > 1) return rd.bad(key, "must be between 0 and 1");
            p.partial_below_ratio = r;
        } else if (key == "billable_basis") {
            std::string_view s;
            if (value.get_string().get(s) != simdjson::SUCCESS) return rd.bad(key, "expected a string");
            auto b = parse_billable_basis(s);
            if (!b) return rd.bad(key, "unknown basis '" + std::string(s) + "' (co_presence, student, teacher, scheduled)");
            p.basis = *b;
        } else if (key == "rounding") {
            simdjson::dom::object r;
            if (value.get_object().get(r) != simdjson::SUCCESS) return rd.bad(key, "expected an object {mode, unit_s, min_s}");
            reader inner{rd.where + ".rounding"};
            for (auto [rk, rv] : r) {
                if (rk == "mode") {
                    std::string_view s;
                    if (rv.get_string().get(s) != simdjson::SUCCESS) return inner.bad(rk, "expected a string");
                    auto m = parse_rounding_mode(s);
                    if (!m) return inner.bad(rk, "unknown mode '" + std::string(s) + "' (exact, floor, ceil, nearest)");
                    p.rounding.mode = *m;
                } else if (rk == "unit_s" || rk == "min_s") {
                    auto v = read_seconds(inner, rk, rv);
                    if (!v) return failure{v.err()};
                    (rk == "unit_s" ? p.rounding.unit_s : p.rounding.min_s) = *v;
                } else {
                    return inner.bad(rk, "unknown key");
                }
            }
            if (p.rounding.mode != rounding_mode::exact && p.rounding.unit_s <= 0)
                return inner.bad("unit_s", "must be positive when rounding");
        } else {
            return rd.bad(key, "unknown key");
        }
        if (!step) return failure{step.err()};
    }
    return p;
}

}  // namespace rollcall
