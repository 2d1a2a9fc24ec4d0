// Turning C request arguments (platform name, header block, body, options) into a sources::request.
#pragma once

#include <chrono>
#include <string_view>

#include "capi_internal.hpp"
#include "rollcall/time.hpp"
#include "sources/sources.hpp"

namespace rollcall::capi {

inline instant clock_or(int64_t now_ms) {
    if (now_ms != ROLLCALL_NOW) return from_unix_ms(now_ms);
    return std::chrono::time_point_cast<milliseconds>(std::chrono::system_clock::now());
}

/// Parses an HTTP header block ("Name: value" lines, "\n" or "\r\n"); blank lines are skipped.
inline result<sources::header_list> parse_header_block(std::string_view block) {
    sources::header_list headers;
    std::size_t line_no = 0;
    while (!block.empty()) {
        ++line_no;
        const auto nl = block.find('\n');
        std::string_view line = block.substr(0, nl);
        block = nl == std::string_view::npos ? std::string_view{} : block.substr(nl + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            return fail(errc::invalid_argument, "headers line " + std::to_string(line_no) + " is not 'Name: value'");
        std::string_view name = line.substr(0, colon), value = line.substr(colon + 1);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
        headers.add(std::string(name), std::string(value));
    }
    return headers;
}

/// Builds the request; `body` must outlive it. Errors name the offending argument.
inline result<sources::request> make_request(const char* platform_name, const char* headers, size_t headers_len,
                                             const char* body, size_t body_len,
                                             const rollcall_request_options* options) {
    if (platform_name == nullptr) return fail(errc::invalid_argument, "platform is NULL");
    const auto p = parse_platform(platform_name);
    if (!p || *p == platform::link)
        return fail(errc::invalid_argument, "platform '" + std::string(platform_name).substr(0, 32) +
                                                "' is not one of livekit, bbb, zoom");
    std::string_view header_text, body_text;
    if (!view_arg(headers, headers_len, header_text)) return fail(errc::invalid_argument, "headers is NULL");
    if (!view_arg(body, body_len, body_text)) return fail(errc::invalid_argument, "body is NULL");
    if (options != nullptr && options->version < 1)
        return fail(errc::invalid_argument, "options->version is 0: initialise with ROLLCALL_REQUEST_OPTIONS_INIT");
    auto parsed = parse_header_block(header_text);
    if (!parsed) return failure{parsed.err()};
    sources::request req;
    req.source = *p;
    req.headers = std::move(*parsed);
    req.body = body_text;
    if (options != nullptr && options->request_url != nullptr) req.request_url = options->request_url;
    req.now = clock_or(options != nullptr ? options->now_ms : ROLLCALL_NOW);
    return req;
}

}  // namespace rollcall::capi
