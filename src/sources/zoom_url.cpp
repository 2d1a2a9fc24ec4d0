#include "sources/zoom_url.hpp"

#include "sources/form.hpp"

namespace rollcall::sources::zoom {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

bool iends_with(std::string_view s, std::string_view suffix) noexcept {
    return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

// Meeting ids are 9 (legacy), 10 or 11 digits long.
std::optional<std::string> valid_id(std::string_view digits) {
    if (digits.size() < 9 || digits.size() > 11) return std::nullopt;
    for (const char c : digits)
        if (!is_digit(c)) return std::nullopt;
    return std::string(digits);
}

bool is_zoom_host(std::string_view host) noexcept {
    for (const std::string_view domain : {"zoom.us", "zoom.com", "zoomgov.com"}) {
        if (iequals(host, domain)) return true;
        if (host.size() > domain.size() + 1 && iends_with(host, domain) &&
            host[host.size() - domain.size() - 1] == '.')
            return true;
    }
    return false;
}

// "857 4635 2910" or "857-4635-2910" as people paste it from an invitation.
std::optional<std::string> displayed_id(std::string_view text) {
    std::string digits;
    for (const char c : text) {
        if (is_digit(c))
            digits.push_back(c);
        else if (c != ' ' && c != '-')
            return std::nullopt;
    }
    return valid_id(digits);
}

// The id that is a whole path segment: digits up to the end of the segment.
std::optional<std::string> segment_id(std::string_view segment) { return valid_id(segment); }

}  // namespace

std::optional<std::string> meeting_id_from_url(std::string_view url) {
    while (!url.empty() && (url.front() == ' ' || url.front() == '\t')) url.remove_prefix(1);
    while (!url.empty() && (url.back() == ' ' || url.back() == '\t' || url.back() == '\n' || url.back() == '\r'))
        url.remove_suffix(1);
    if (url.empty()) return std::nullopt;
    if (auto id = displayed_id(url)) return id;

    bool client_scheme = false;
    if (const std::size_t sep = url.find("://"); sep != std::string_view::npos) {
        const std::string_view scheme = url.substr(0, sep);
        if (iequals(scheme, "zoommtg") || iequals(scheme, "zoomus"))
            client_scheme = true;
        else if (!iequals(scheme, "https") && !iequals(scheme, "http"))
            return std::nullopt;
        url.remove_prefix(sep + 3);
    }
    std::size_t host_end = url.find_first_of("/?#");
    if (host_end == std::string_view::npos) host_end = url.size();
    std::string_view host = url.substr(0, host_end);
    if (const std::size_t at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
    if (const std::size_t colon = host.find(':'); colon != std::string_view::npos) host = host.substr(0, colon);
    if (!is_zoom_host(host)) return std::nullopt;

    std::string_view rest = url.substr(host_end);
    const std::string_view query = form::query_of(rest);
    std::string_view path = rest.substr(0, rest.find_first_of("?#"));

    // Client links and the web `/join?confno=` form carry the id in the query.
    if (const auto confno = form::find_raw(query, "confno")) {
        if (client_scheme || path == "/join" || path == "/start") return valid_id(*confno);
    }
    if (client_scheme) return std::nullopt;

    // Split the path into segments: /j/ID, /s/ID, /w/ID, /wc/join/ID, /wc/ID/join.
    std::string_view seg[3];
    std::size_t n = 0;
    while (!path.empty() && n < 3) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        const std::size_t slash = path.find('/');
        seg[n++] = path.substr(0, slash);
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
    }
    if (n >= 2 && (seg[0] == "j" || seg[0] == "s" || seg[0] == "w")) return segment_id(seg[1]);
    if (n >= 3 && seg[0] == "wc" && seg[1] == "join") return segment_id(seg[2]);
    if (n >= 3 && seg[0] == "wc" && seg[2] == "join") return segment_id(seg[1]);
    return std::nullopt;
}

std::string encode_uuid_for_path(std::string_view uuid) {
    std::string once = form::encode_component(uuid);
    const bool twice = (!uuid.empty() && uuid.front() == '/') || uuid.find("//") != std::string_view::npos;
    return twice ? form::encode_component(once) : once;
}

}  // namespace rollcall::sources::zoom
