#include "app/params.hpp"

#include <chrono>

namespace rollcall::app {

result<params> params::parse(std::string_view json, std::string_view where) {
    params p;
    p.where_ = std::string(where);
    const auto blank = json.find_first_not_of(" \t\r\n");
    if (blank == std::string_view::npos) return p;
    p.parser_ = std::make_unique<simdjson::dom::parser>();
    simdjson::dom::element doc;
    if (auto e = p.parser_->parse(json.data(), json.size()).get(doc))
        return fail(errc::malformed_input, p.where_ + ": parameters are not JSON (" + simdjson::error_message(e) + ")");
    simdjson::dom::object obj;
    if (doc.get_object().get(obj)) return fail(errc::invalid_argument, p.where_ + ": parameters must be a JSON object");
    p.index(obj);
    return p;
}

params params::of(simdjson::dom::object obj, std::string where) {
    params p;
    p.where_ = std::move(where);
    p.index(obj);
    return p;
}

void params::index(simdjson::dom::object obj) {
    fields_.reserve(obj.size());
    for (auto [k, v] : obj) fields_.push_back(field{k, v, false});
}

failure params::bad(std::string_view key, std::string_view why) const {
    return fail(errc::invalid_value, where_ + "." + std::string(key) + ": " + std::string(why));
}

std::optional<simdjson::dom::element> params::get(std::string_view key) {
    // A repeated key counts once, as its first occurrence (what simdjson's at_key would give).
    for (auto& f : fields_) {
        if (f.key.size() != key.size() || f.key != key) continue;
        f.read = true;
        if (f.value.is_null()) return std::nullopt;
        return f.value;
    }
    return std::nullopt;
}

result<std::optional<std::string>> params::text(std::string_view key) {
    auto v = get(key);
    if (!v) return std::optional<std::string>{};
    std::string_view s;
    if (v->get_string().get(s)) return bad(key, "must be a string");
    return std::optional<std::string>{std::string(s)};
}

result<std::string> params::required_text(std::string_view key) {
    auto t = text(key);
    if (!t) return failure{t.err()};
    if (!*t || (*t)->empty()) return fail(errc::missing_field, where_ + "." + std::string(key) + ": required");
    return std::move(**t);
}

result<std::optional<instant>> params::time(std::string_view key) {
    auto v = get(key);
    if (!v) return std::optional<instant>{};
    std::int64_t ms = 0;
    if (!v->get_int64().get(ms)) return std::optional<instant>{from_unix_ms(ms)};
    std::string_view s;
    if (v->get_string().get(s)) return bad(key, "must be an RFC 3339 date-time or Unix milliseconds");
    auto t = parse_rfc3339(s);
    if (!t) return bad(key, t.err().message);
    return std::optional<instant>{*t};
}

result<instant> params::now() {
    auto t = time("now");
    if (!t) return failure{t.err()};
    if (*t) return **t;
    return std::chrono::time_point_cast<milliseconds>(std::chrono::system_clock::now());
}

result<std::optional<std::int64_t>> params::integer(std::string_view key, std::int64_t min, std::int64_t max) {
    auto v = get(key);
    if (!v) return std::optional<std::int64_t>{};
    std::int64_t n = 0;
    if (v->get_int64().get(n) || n < min || n > max)
        return bad(key, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return std::optional<std::int64_t>{n};
}

result<bool> params::flag(std::string_view key) {
    auto v = get(key);
    if (!v) return false;
    bool b = false;
    if (v->get_bool().get(b)) return bad(key, "must be true or false");
    return b;
}

result<std::optional<std::vector<std::string>>> params::texts(std::string_view key) {
    auto v = get(key);
    if (!v) return std::optional<std::vector<std::string>>{};
    simdjson::dom::array arr;
    if (v->get_array().get(arr)) return bad(key, "must be an array of strings");
    std::vector<std::string> out;
    for (simdjson::dom::element x : arr) {
        std::string_view s;
        if (x.get_string().get(s) || s.empty()) return bad(key, "must be an array of non-empty strings");
        out.emplace_back(s);
    }
    return std::optional<std::vector<std::string>>{std::move(out)};
}

result<params> params::object(std::string_view key) {
    auto v = get(key);
    if (!v) return fail(errc::missing_field, where_ + "." + std::string(key) + ": required");
    simdjson::dom::object obj;
    if (v->get_object().get(obj)) return bad(key, "must be an object");
    return of(obj, where_ + "." + std::string(key));
}

result<std::vector<params>> params::objects(std::string_view key) {
    auto v = get(key);
    if (!v) return fail(errc::missing_field, where_ + "." + std::string(key) + ": required (an array, possibly empty)");
    simdjson::dom::array arr;
    if (v->get_array().get(arr)) return bad(key, "must be an array of objects");
    std::vector<params> out;
    out.reserve(arr.size());
    for (simdjson::dom::element x : arr) {
        std::string at = where_ + "." + std::string(key) + "[" + std::to_string(out.size()) + "]";
        simdjson::dom::object obj;
        if (x.get_object().get(obj)) return fail(errc::invalid_value, at + ": must be an object");
        out.push_back(of(obj, std::move(at)));
    }
    return out;
}

result<void> params::finish() const {
    for (const auto& f : fields_) {
        if (f.read) continue;
        // A repeated key is read with its first occurrence.
        bool seen = false;
        for (const auto& g : fields_) {
            if (&g == &f) break;
            if (g.key == f.key) seen = true;
        }
        if (!seen) return fail(errc::invalid_argument, where_ + ": unknown parameter '" + std::string(f.key.substr(0, 64)) + "'");
    }
    return {};
}

}  // namespace rollcall::app
