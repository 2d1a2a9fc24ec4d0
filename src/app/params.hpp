// The one reader of method parameters: a JSON object whose keys are checked as they are read, so that
// a key nobody asked for (a typo, a filter rollcall does not have) is an error naming it instead of
// being silently ignored. Every interface hands its arguments to the application layer in this form.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "rollcall/error.hpp"
#include "rollcall/time.hpp"

namespace rollcall::app {

class params {
public:
    /// Parses `json` (empty text: no parameters). `where` prefixes every message ("sessions.list").
    /// Errors: malformed_input (not JSON), invalid_argument (not an object).
    static result<params> parse(std::string_view json, std::string_view where);
    /// A value of an already parsed document (e.g. one element of an array), read the same way.
    static params of(simdjson::dom::object obj, std::string where);

    params(params&&) noexcept = default;
    params& operator=(params&&) noexcept = default;

    /// The value under `key`, marking it as read; nullopt when absent or null.
    std::optional<simdjson::dom::element> get(std::string_view key);

    result<std::optional<std::string>> text(std::string_view key);
    result<std::string> required_text(std::string_view key);
    /// A string that must be one of the names `parse` accepts (an enum); the message lists `choices`.
    template <class Parse>
    auto name(std::string_view key, Parse&& parse_name, std::string_view choices)
        -> result<std::optional<std::remove_cvref_t<decltype(*parse_name(std::string_view{}))>>>;
    /// RFC 3339 text or Unix milliseconds.
    result<std::optional<instant>> time(std::string_view key);
    /// "now": the instant to act or evaluate at; the system clock when absent.
    result<instant> now();
    result<std::optional<std::int64_t>> integer(std::string_view key, std::int64_t min, std::int64_t max);
    result<bool> flag(std::string_view key);
    result<std::optional<std::vector<std::string>>> texts(std::string_view key);
    /// A nested object, read with the same rules ("where.key"). Errors: missing_field, invalid_value.
    result<params> object(std::string_view key);
    /// A required array of objects, each read with the same rules ("where.key[i]").
    result<std::vector<params>> objects(std::string_view key);

    /// Fails with invalid_argument naming the first key that was never read.
    result<void> finish() const;

    const std::string& where() const noexcept { return where_; }
    /// An invalid_value error about `key`.
    failure bad(std::string_view key, std::string_view why) const;

private:
    /// One member of the object, and whether a reader asked for it.
    struct field {
        std::string_view key;
        simdjson::dom::element value;
        bool read = false;
    };

    params() = default;
    void index(simdjson::dom::object obj);

    std::unique_ptr<simdjson::dom::parser> parser_;  // owns the document `fields_` point into
    // The members listed once when the object is opened: every lookup compares lengths before bytes
    // and marks what it found, so `finish` needs no set of names (evaluate reads 48 events of 15
    // members each: a std::set of the names read was half of its time).
    std::vector<field> fields_;
    std::string where_;
};

template <class Parse>
auto params::name(std::string_view key, Parse&& parse_name, std::string_view choices)
    -> result<std::optional<std::remove_cvref_t<decltype(*parse_name(std::string_view{}))>>> {
    using value_type = std::remove_cvref_t<decltype(*parse_name(std::string_view{}))>;
    auto t = text(key);
    if (!t) return failure{t.err()};
    if (!*t) return std::optional<value_type>{};
    auto v = parse_name(**t);
    if (!v) return bad(key, "must be one of " + std::string(choices) + ", not '" + (*t)->substr(0, 32) + "'");
    return std::optional<value_type>{*v};
}

}  // namespace rollcall::app
