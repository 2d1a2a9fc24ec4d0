// The fast path of the BBB and Zoom parsers: one forward On-Demand pass (`for (field : object)`, never
// simdjson's unordered field search) that reads the wanted fields and fully validates every other value,
// so a document it accepts is one simdjson's DOM parser accepts too (same scalar, escape and depth
// checks). It answers only yes or no: on any failure, or on anything unusual (a wanted key given twice),
// the caller runs its checked path (ondemand_fields.hpp, DOM validation first), which produces the exact
// error. The readers mirror the checked ones (`fields::optional_text`, `boolean_of`, `integer`), so both
// paths read the same values from an accepted document. Internal.
#pragma once

#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>

#include "rollcall/error.hpp"
#include "rollcall/time.hpp"
#include "sources/event_slots.hpp"
#include "sources/json_util.hpp"

namespace rollcall::sources::forward {

namespace od = simdjson::ondemand;
using sv = std::string_view;

/// For tests and fuzzers: while true on a thread, the parsers skip the forward pass there and run only
/// their checked path, so that both can be run on the same input and their outcomes compared.
inline thread_local bool checked_only = false;
/// For tests: how many times the checked path ran on this thread (a fixture that should take the
/// forward pass must not move it).
inline thread_local std::size_t checked_runs = 0;

/// simdjson's DOM parser refuses documents nested deeper than this (the root container is level 1).
inline constexpr std::size_t max_depth = simdjson::DEFAULT_MAX_DEPTH;

/// How keys are matched. `lookup`: as `find_field_unordered` does, on the raw bytes (an escaped key
/// matches no plain name). `unescaped`: on the unescaped key, as `fields::each_field` does.
enum class keys : bool { lookup, unescaped };

/// What a field handler did with the value it was given.
enum class step : std::uint8_t { read, skip, fail };

inline bool check(od::value& v, std::size_t level);

/// The key of `f` per `mode`; an empty view matches no wanted name. Escaped keys are validated.
simdjson_inline bool key_of(od::field& f, keys mode, sv& out) {
    bool escaped = false;
    if (member_key(f, out, &escaped) != simdjson::SUCCESS) return false;
    if (escaped && mode == keys::lookup) out = {};
    return true;
}

/// Calls `on(key, value)` for every member of `o` (at nesting `level`) in document order; members the
/// handler skips are validated whole.
template <class F>
bool each(od::object& o, std::size_t level, keys mode, F&& on) {
    for (auto member : o) {
        sv key;
        if (member.error() != simdjson::SUCCESS) return false;
        od::field& f = member.value_unsafe();  // in place: copying a field costs a store-forwarding stall
        if (!key_of(f, mode, key)) return false;
        od::value& v = f.value();
        switch (on(key, v)) {
            case step::read: break;
            case step::skip:
                if (!check(v, level + 1)) return false;
                break;
            case step::fail: return false;
        }
    }
    return true;
}

/// A value already known to be a string, unescaped. Most strings have no escape: they are viewed where
/// they stand in the padded buffer (stage 1 found their closing quote); one with a backslash is
/// unescaped, which also validates its escapes.
simdjson_inline bool string_value(od::value& v, sv& out) {
    const sv raw = v.raw_json_token();
    const std::size_t n = string_end(raw.data() + 1);
    // The value must still be consumed: one left unread lets the object's iteration skip past damage
    // after it (`"a":"b":"c"` would pass).
    od::raw_json_string consumed;
    if (raw.data()[n + 1] == '"' && v.get_raw_json_string().get(consumed) == simdjson::SUCCESS) {
        out = sv(raw.data() + 1, n);
        return true;
    }
    return v.get_string().get(out) == simdjson::SUCCESS;
}

/// `fields::optional_text`: a string (unescaped), or a number's or boolean's token; null and "" give
/// an empty view. Objects and arrays fail.
simdjson_inline bool text(od::value& v, sv& out) {
    od::json_type t{};
    if (v.type().get(t) != simdjson::SUCCESS) return false;
    switch (t) {
        case od::json_type::string: return string_value(v, out);
        case od::json_type::number:
        case od::json_type::boolean: {
            const bool valid = t == od::json_type::boolean ? v.get_bool().error() == simdjson::SUCCESS
                                                           : v.get_number().error() == simdjson::SUCCESS;
            if (!valid) return false;
            sv tok = v.raw_json_token();
            while (!tok.empty() && (tok.back() == ' ' || tok.back() == '\n' || tok.back() == '\r' || tok.back() == '\t'))
                tok.remove_suffix(1);
            out = tok;
            return true;
        }
        case od::json_type::null: {
            bool is_null = false;
            out = {};
            return v.is_null().get(is_null) == simdjson::SUCCESS && is_null;
        }
        default: return false;
    }
}

/// `fields::boolean_of`: true/false, "true"/"false" (any case), 1/0; null or "" give nullopt.
inline bool boolean(od::value& v, std::optional<bool>& out) {
    sv x;
    if (!text(v, x)) return false;
    if (x.empty()) {
        out.reset();
        return true;
    }
    auto is = [&](sv w) {
        if (x.size() != w.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if ((x[i] | 0x20) != w[i]) return false;
        return true;
    };
    if (is("true") || x == "1") out = true;
    else if (is("false") || x == "0") out = false;
    else return false;
    return true;
}

/// `fields::integer`: an integral JSON number (or a double with no fraction) or a decimal string; null
/// or "" give nullopt.
inline bool integer(od::value& v, std::optional<std::int64_t>& out) {
    od::json_type t{};
    if (v.type().get(t) != simdjson::SUCCESS) return false;
    if (t == od::json_type::number) {
        od::number num;
        if (v.get_number().get(num) != simdjson::SUCCESS) return false;
        if (num.is_int64()) {
            out = num.get_int64();
            return true;
        }
        if (num.is_uint64()) return false;
        const double d = num.get_double();
        if (!(d >= -9.2e18 && d <= 9.2e18 && static_cast<double>(static_cast<std::int64_t>(d)) == d)) return false;
        out = static_cast<std::int64_t>(d);
        return true;
    }
    if (t == od::json_type::string) {
        sv s;
        if (v.get_string().get(s) != simdjson::SUCCESS) return false;
        if (s.empty()) {
            out.reset();
            return true;
        }
        out = parse_int64(s);
        return out.has_value();
    }
    if (t == od::json_type::null) {
        bool is_null = false;
        out.reset();
        return v.is_null().get(is_null) == simdjson::SUCCESS && is_null;
    }
    return false;
}

/// An optional object: `present` is false for null; anything else but an object fails.
simdjson_inline bool object(od::value& v, od::object& out, bool& present) {
    od::json_type t{};
    if (v.type().get(t) != simdjson::SUCCESS) return false;
    if (t == od::json_type::null) {
        bool is_null = false;
        present = false;
        return v.is_null().get(is_null) == simdjson::SUCCESS && is_null;
    }
    present = true;
    return t == od::json_type::object && v.get_object().get(out) == simdjson::SUCCESS;
}

/// Validates a value nobody reads, as the DOM parser would: every scalar is parsed.
inline bool check(od::value& v, std::size_t level) {
    od::json_type t{};
    if (v.type().get(t) != simdjson::SUCCESS) return false;
    switch (t) {
        case od::json_type::object: {
            od::object o;
            if (level > max_depth || v.get_object().get(o) != simdjson::SUCCESS) return false;
            return each(o, level, keys::unescaped, [](sv, od::value&) { return step::skip; });
        }
        case od::json_type::array: {
            od::array a;
            if (level > max_depth || v.get_array().get(a) != simdjson::SUCCESS) return false;
            for (auto item : a) {
                od::value x;
                if (item.get(x) != simdjson::SUCCESS || !check(x, level + 1)) return false;
            }
            return true;
        }
        case od::json_type::string: {
            sv s;
            return string_value(v, s);  // only a string with an escape needs unescaping to be validated
        }
        case od::json_type::number: return v.get_number().error() == simdjson::SUCCESS;
        case od::json_type::boolean: return v.get_bool().error() == simdjson::SUCCESS;
        case od::json_type::null: {
            bool is_null = false;
            return v.is_null().get(is_null) == simdjson::SUCCESS && is_null;
        }
    }
    return false;
}

/// A set of wanted keys of a `keys::lookup` object already met. The checked path's keyed search may
/// take either copy of a repeated key, so a repeat sends the document to that path.
class seen {
public:
    /// False when `bit` was met before.
    bool first(unsigned bit) noexcept {
        const unsigned m = 1u << bit;
        if (bits_ & m) return false;
        bits_ |= m;
        return true;
    }

private:
    unsigned bits_ = 0;
};

/// Runs `fast(events)` (the forward pass, a yes or no) and, only when it says no, `checked(events)`
/// (the checked path, which names the error); each writes events from `out.events[first]` on. What a
/// failed attempt added is taken back, so on failure `out` holds no events from `first` on.
template <class Fast, class Checked>
result<void> fast_then_checked(parse_outcome& out, std::size_t first, Fast&& fast, Checked&& checked) {
    const outcome_mark mark(out, first);
    {
        event_slots events(out.events, first);
        if (!checked_only && fast(events)) {
            events.finish();
            return {};
        }
    }
    ++checked_runs;
    mark.rewind(out);
    event_slots events(out.events, first);
    auto r = checked(events);
    if (r.ok()) events.finish();
    else mark.rewind(out);
    return r;
}

/// Opens the document in `buffer` (already assigned) for a forward pass.
inline bool iterate(od::parser& parser, const padded_buffer& buffer, od::document& doc) {
    // The pass refuses values nested deeper than `max_depth` itself, the way the DOM parser counts; the
    // On-Demand iterator counts the document as one level more, and with its development checks on
    // (any build without NDEBUG) it asserts when it reaches its own max_depth. So the parser gets a few
    // levels of headroom, and the pass's own limit is what refuses a deep document.
    constexpr std::size_t headroom = 8;
    if (parser.max_depth() < max_depth + headroom &&
        parser.allocate(std::max<std::size_t>(buffer.size(), 1), max_depth + headroom) != simdjson::SUCCESS)
        return false;
    return parser.iterate(buffer.data(), buffer.size(), buffer.capacity()).get(doc) == simdjson::SUCCESS;
}

}  // namespace rollcall::sources::forward
