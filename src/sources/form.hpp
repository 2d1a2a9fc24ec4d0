// application/x-www-form-urlencoded bodies and URL query strings (bbb-webhooks posts its callbacks as
// forms; the BBB checksum travels in the callback URL's query). Decoding is strict: a `%` that is not
// followed by two hex digits is an error rather than literal text, because a body that a real encoder
// could not have produced is more likely tampering than a client quirk.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "rollcall/error.hpp"

namespace rollcall::sources::form {

/// Appends the percent-decoded `in` to `out`; with `plus_as_space`, `+` decodes to a space (forms),
/// otherwise it stays `+` (URL paths). Returns false on a malformed escape; `out` is then unspecified.
bool percent_decode(std::string_view in, std::string& out, bool plus_as_space = true);

/// Percent-encodes like JavaScript's encodeURIComponent: everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
std::string encode_component(std::string_view in);

/// The query of a URL: the text after the first `?` up to a `#` (empty if there is none).
std::string_view query_of(std::string_view url) noexcept;

/// The raw (still encoded) value of the first field named `name` in a form body or query string;
/// nullopt when absent. `last` picks the last occurrence instead (a checksum appended to a URL that
/// already carried one must win).
std::optional<std::string_view> find_raw(std::string_view body, std::string_view name, bool last = false);

/// The decoded value of the first field named `name` into `out`. Errors: missing_field when absent,
/// malformed_input on a bad escape (both name the field).
result<void> get(std::string_view body, std::string_view name, std::string& out);

/// Calls `f(raw_name, raw_value)` for every `&`-separated field in order (empty pieces skipped).
template <class F>
void for_each_field(std::string_view body, F&& f) {
    std::size_t pos = 0;
    while (pos <= body.size()) {
        std::size_t amp = body.find('&', pos);
        if (amp == std::string_view::npos) amp = body.size();
        const std::string_view piece = body.substr(pos, amp - pos);
        if (!piece.empty()) {
            const std::size_t eq = piece.find('=');
            if (eq == std::string_view::npos)
                f(piece, std::string_view{});
            else
                f(piece.substr(0, eq), piece.substr(eq + 1));
        }
        pos = amp + 1;
    }
}

}  // namespace rollcall::sources::form
