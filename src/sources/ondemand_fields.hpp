// Typed, drift-tolerant field reads over simdjson On-Demand for the BBB and Zoom parsers. Platforms
// send the same field as a number in one version and a string in another (`"id": 1234567890` vs
// `"1234567890"`, `false` vs `"false"`), so every read here accepts both spellings and reports the
// remaining cases as errors that name the JSON path. Internal.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rollcall/error.hpp"
#include "rollcall/time.hpp"
#include "sources/json_util.hpp"

namespace rollcall::sources::fields {

namespace od = simdjson::ondemand;

// Messages are built with append: GCC 12 at -O3 reports a false -Wrestrict on `"lit" + std::string`.
inline failure broken(std::string_view path, simdjson::error_code e) {
    std::string m = "invalid JSON at '";
    m.append(path).append("' (").append(simdjson::error_message(e)).append(")");
    return fail(errc::malformed_input, std::move(m));
}

inline failure wrong_type(std::string_view path, std::string_view wanted) {
    std::string m = "'";
    m.append(path).append("' is not ").append(wanted);
    return fail(errc::invalid_value, std::move(m));
}

/// Validates the whole document before any field is looked up. simdjson 3.0's unordered field search
/// assumes a well-formed object on its second sweep (SIMDJSON_ASSUME: undefined behaviour otherwise),
/// which the BBB fuzzer reached with a damaged event; a full DOM pass over the padded bytes first
/// turns every malformed document into malformed_input before On-Demand touches it.
inline result<void> validate_json(const padded_buffer& buffer, std::string_view where) {
    thread_local simdjson::dom::parser validator;
    simdjson::dom::element ignored;
    if (auto e = validator.parse(buffer.data(), buffer.size(), false).get(ignored); e) return broken(where, e);
    return {};
}

/// Starts an On-Demand pass over `body` (copied, padded, into `buffer`) and opens its root object.
/// `doc` is the caller's: the returned object reads through it, so it must outlive the object.
/// `what` names the document in the error ("the body", "the analytics body").
inline result<od::object> open_root(od::parser& parser, padded_buffer& buffer, std::string_view body, od::document& doc,
                                    std::string_view what) {
    const char* data = buffer.assign(body);
    if (auto valid = validate_json(buffer, "$"); !valid.ok()) return failure{valid.err()};
    auto doc_r = parser.iterate(data, buffer.size(), buffer.capacity());
    if (doc_r.error()) return broken("$", doc_r.error());
    doc = std::move(doc_r.value_unsafe());
    auto root = doc.get_object();
    if (root.error()) {
        std::string m(what);
        m.append(" is not a JSON object");
        return fail(errc::malformed_input, std::move(m));
    }
    return root.value_unsafe();
}

/// Looks a key up in `o` (any key order). nullopt when absent or null.
inline result<std::optional<od::value>> find(od::object& o, std::string_view key, std::string_view path) {
    auto v = o.find_field_unordered(key);
    if (v.error() == simdjson::NO_SUCH_FIELD) return std::optional<od::value>{};
    if (v.error()) return broken(path, v.error());
    od::value val = v.value_unsafe();
    auto is_null = val.is_null();
    if (is_null.error()) return broken(path, is_null.error());
    if (is_null.value_unsafe()) return std::optional<od::value>{};
    return std::optional<od::value>{val};
}

/// A scalar as text: strings unescaped, numbers and booleans as their JSON token. The view lives
/// until the parser's next document. Objects and arrays are invalid_value.
inline result<std::string_view> text_of(od::value& v, std::string_view path) {
    auto t = v.type();
    if (t.error()) return broken(path, t.error());
    switch (t.value_unsafe()) {
        case od::json_type::string: {
            auto s = v.get_string();
            if (s.error()) return broken(path, s.error());
            return s.value_unsafe();
        }
        case od::json_type::number:
        case od::json_type::boolean: {
            // Typed reads validate the token; raw_json_token alone would accept `12ab`.
            if (t.value_unsafe() == od::json_type::boolean) {
                if (auto b = v.get_bool(); b.error()) return broken(path, b.error());
            } else if (auto d = v.get_number(); d.error()) {
                return broken(path, d.error());
            }
            std::string_view tok = v.raw_json_token();
            while (!tok.empty() && (tok.back() == ' ' || tok.back() == '\n' || tok.back() == '\r' || tok.back() == '\t'))
                tok.remove_suffix(1);
            return tok;
        }
        default: return wrong_type(path, "a string or a number");
    }
}

/// A scalar value as optional text: null and "" are absent (platforms send empty strings for unknown ids).
inline result<std::optional<std::string_view>> optional_text(od::value& v, std::string_view path) {
    auto is_null = v.is_null();
    if (is_null.error()) return broken(path, is_null.error());
    if (is_null.value_unsafe()) return std::optional<std::string_view>{};
    auto s = text_of(v, path);
    if (!s.ok()) return failure{s.err()};
    if (s.value().empty()) return std::optional<std::string_view>{};
    return std::optional<std::string_view>{s.value()};
}

/// Reads an object in one pass, calling `f(key, value)` for every field in document order; `f`
/// returns result<void>. One pass beats a keyed lookup per wanted field when several are wanted:
/// each lookup may rescan the object.
template <class F>
result<void> each_field(od::object& o, std::string_view path, F&& f) {
    for (auto field : o) {
        if (field.error()) return broken(path, field.error());
        std::string_view key;
        if (auto e = field.unescaped_key().get(key)) return broken(path, e);
        od::value v = field.value();
        if (auto r = f(key, v); !r.ok()) return r;
    }
    return {};
}

/// An optional scalar field as text; "" counts as absent (platforms send empty strings for unknown ids).
inline result<std::optional<std::string_view>> text(od::object& o, std::string_view key, std::string_view path) {
    auto v = find(o, key, path);
    if (!v.ok()) return failure{v.err()};
    if (!v.value()) return std::optional<std::string_view>{};
    auto s = text_of(*v.value(), path);
    if (!s.ok()) return failure{s.err()};
    if (s.value().empty()) return std::optional<std::string_view>{};
    return std::optional<std::string_view>{s.value()};
}

/// An integer given as a JSON number (integral, or a double with no fraction) or a decimal string.
inline result<std::optional<std::int64_t>> integer(od::object& o, std::string_view key, std::string_view path) {
    auto v = find(o, key, path);
    if (!v.ok()) return failure{v.err()};
    if (!v.value()) return std::optional<std::int64_t>{};
    od::value& val = *v.value();
    auto t = val.type();
    if (t.error()) return broken(path, t.error());
    if (t.value_unsafe() == od::json_type::number) {
        auto n = val.get_number();
        if (n.error()) return broken(path, n.error());
        const od::number num = n.value_unsafe();
        if (num.is_int64()) return std::optional<std::int64_t>{num.get_int64()};
        if (num.is_uint64()) return wrong_type(path, "an integer in range");
        const double d = num.get_double();
        if (d >= -9.2e18 && d <= 9.2e18 && static_cast<double>(static_cast<std::int64_t>(d)) == d)
            return std::optional<std::int64_t>{static_cast<std::int64_t>(d)};
        return wrong_type(path, "an integer");
    }
    if (t.value_unsafe() == od::json_type::string) {
        auto s = val.get_string();
        if (s.error()) return broken(path, s.error());
        if (s.value_unsafe().empty()) return std::optional<std::int64_t>{};
        if (auto i = parse_int64(s.value_unsafe())) return std::optional<std::int64_t>{*i};
        return wrong_type(path, "an integer");
    }
    return wrong_type(path, "an integer");
}

/// A boolean value given as true/false, "true"/"false" (any case) or 1/0; null is absent.
inline result<std::optional<bool>> boolean_of(od::value& v, std::string_view path) {
    auto t = optional_text(v, path);
    if (!t.ok()) return failure{t.err()};
    if (!t.value()) return std::optional<bool>{};
    const std::string_view x = *t.value();
    auto is = [&](std::string_view w) {
        if (x.size() != w.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if ((x[i] | 0x20) != w[i]) return false;
        return true;
    };
    if (is("true") || x == "1") return std::optional<bool>{true};
    if (is("false") || x == "0") return std::optional<bool>{false};
    return wrong_type(path, "a boolean");
}

/// An optional boolean field (see boolean_of).
inline result<std::optional<bool>> boolean(od::object& o, std::string_view key, std::string_view path) {
    auto v = find(o, key, path);
    if (!v.ok()) return failure{v.err()};
    if (!v.value()) return std::optional<bool>{};
    return boolean_of(*v.value(), path);
}

/// An optional object field.
inline result<std::optional<od::object>> object(od::object& o, std::string_view key, std::string_view path) {
    auto v = find(o, key, path);
    if (!v.ok()) return failure{v.err()};
    if (!v.value()) return std::optional<od::object>{};
    auto obj = v.value()->get_object();
    if (obj.error() == simdjson::INCORRECT_TYPE) return wrong_type(path, "an object");
    if (obj.error()) return broken(path, obj.error());
    return std::optional<od::object>{obj.value_unsafe()};
}

/// After the fields of interest were read: rewinds and skips the whole document, so that a body
/// truncated or damaged after those fields is still rejected, and nothing may follow the root value.
inline result<void> check_complete(od::document& doc) {
    doc.rewind();
    auto raw = doc.raw_json();
    if (raw.error()) return broken("$", raw.error());
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS)
        return fail(errc::malformed_input, "trailing content after the JSON document");
    return {};
}

}  // namespace rollcall::sources::fields
