#include "sources/zoom_url.hpp"

#include <uriparser/Uri.h>

#include <memory>
#include <vector>

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

// `host` is `domain` or a name under it: the character before the suffix must be a label dot.
bool under_domain(std::string_view host, std::string_view domain) noexcept {
    if (domain.empty()) return false;
    if (iequals(host, domain)) return true;
    return host.size() > domain.size() + 1 && iequals(host.substr(host.size() - domain.size()), domain) &&
           host[host.size() - domain.size() - 1] == '.';
}

// A DNS name in its plain ASCII spelling: letters, digits, hyphens, non-empty labels. Anything else
// (percent-encoding, an IP literal, empty labels) is not a name a Zoom link uses, and refusing it
// keeps look-alikes from reaching the domain comparison at all.
bool is_plain_host_name(std::string_view host) noexcept {
    if (host.empty() || host.front() == '.' || host.back() == '.') return false;
    char prev = '.';
    for (const char c : host) {
        const bool ok = is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'z') || c == '-' || c == '.';
        if (!ok || (c == '.' && prev == '.')) return false;
        prev = c;
    }
    return true;
}

failure bad(std::string_view text, std::string_view why) {
    return failure{error{errc::invalid_value,
                         "zoom join link '" + std::string(text.substr(0, 200)) + "': " + std::string(why)}};
}

// Meeting ids are 9 (legacy), 10 or 11 digits long.
result<std::string> valid_id(std::string_view text, std::string_view digits) {
    for (const char c : digits)
        if (!is_digit(c)) return bad(text, "'" + std::string(digits.substr(0, 40)) + "' is not a numeric meeting id");
    if (digits.size() < 9 || digits.size() > 11)
        return bad(text, "'" + std::string(digits.substr(0, 40)) + "' is not a meeting id (9 to 11 digits)");
    return std::string(digits);
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
    if (digits.size() < 9 || digits.size() > 11) return std::nullopt;
    return digits;
}

std::string_view range(const UriTextRangeA& r) noexcept {
    if (r.first == nullptr || r.afterLast == nullptr) return {};
    return {r.first, static_cast<std::size_t>(r.afterLast - r.first)};
}

struct uri_holder {
    UriUriA uri{};
    bool parsed = false;
    ~uri_holder() {
        if (parsed) uriFreeUriMembersA(&uri);
    }
};

struct query_holder {
    UriQueryListA* list = nullptr;
    ~query_holder() {
        if (list) uriFreeQueryListA(list);
    }
};

// The decoded value of query parameter `name`, if present.
result<std::optional<std::string>> query_param(std::string_view text, const UriUriA& uri, std::string_view name) {
    const std::string_view q = range(uri.query);
    if (q.empty()) return std::optional<std::string>{};
    query_holder h;
    int count = 0;
    if (uriDissectQueryMallocA(&h.list, &count, q.data(), q.data() + q.size()) != URI_SUCCESS)
        return bad(text, "malformed query string");
    for (const UriQueryListA* it = h.list; it; it = it->next)
        if (it->key && name == it->key) return std::optional<std::string>{it->value ? it->value : ""};
    return std::optional<std::string>{};
}

}  // namespace

bool is_zoom_host(std::string_view host, std::span<const std::string> extra_hosts) {
    if (!is_plain_host_name(host)) return false;
    for (const std::string_view domain : {"zoom.us", "zoom.com", "zoomgov.com"})
        if (under_domain(host, domain)) return true;
    for (const auto& domain : extra_hosts)
        if (under_domain(host, domain)) return true;
    return false;
}

result<std::string> parse_join_link(std::string_view text, std::span<const std::string> extra_hosts) {
    const std::string_view original = text;
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r'))
        text.remove_suffix(1);
    if (text.empty()) return bad(original, "empty");
    if (auto id = displayed_id(text)) return std::move(*id);

    // Pasted text often drops the scheme; without one the host would parse as a path.
    std::string url(text);
    if (url.find("://") == std::string::npos) url.insert(0, "https://");
    uri_holder h;
    const char* error_pos = nullptr;
    if (uriParseSingleUriExA(&h.uri, url.data(), url.data() + url.size(), &error_pos) != URI_SUCCESS)
        return bad(original, "malformed URL (at offset " +
                                 std::to_string(error_pos ? error_pos - url.data() : 0) + ")");
    h.parsed = true;

    const std::string_view scheme = range(h.uri.scheme);
    const bool client_scheme = iequals(scheme, "zoommtg") || iequals(scheme, "zoomus");
    if (!client_scheme && !iequals(scheme, "https") && !iequals(scheme, "http"))
        return bad(original, "scheme '" + std::string(scheme.substr(0, 20)) + "' is not accepted (http, https, zoommtg, zoomus)");
    if (h.uri.userInfo.first != nullptr)
        return bad(original, "a user name before the host ('user@host') is not accepted");
    if (h.uri.hostData.ip4 || h.uri.hostData.ip6 || h.uri.hostData.ipFuture.first)
        return bad(original, "an IP address is not a Zoom host");
    const std::string_view host = range(h.uri.hostText);
    if (!is_zoom_host(host, extra_hosts))
        return bad(original, "host '" + std::string(host.substr(0, 100)) + "' is not a Zoom host (zoom.us, zoom.com, "
                                 "zoomgov.com, their subdomains, or the configured zoom.hosts)");

    std::vector<std::string_view> seg;
    for (const UriPathSegmentA* s = h.uri.pathHead; s; s = s->next)
        if (const auto t = range(s->text); !t.empty()) seg.push_back(t);

    // Client links and the web `/join?confno=` form carry the id in the query.
    const bool join_path = seg.size() == 1 && (seg[0] == "join" || seg[0] == "start");
    if (client_scheme || join_path) {
        auto confno = query_param(original, h.uri, "confno");
        if (!confno) return failure{confno.err()};
        if (!*confno) return bad(original, "no confno parameter: the link names no meeting");
        return valid_id(original, **confno);
    }
    if (seg.size() >= 2 && (seg[0] == "j" || seg[0] == "s" || seg[0] == "w")) return valid_id(original, seg[1]);
    if (seg.size() >= 3 && seg[0] == "wc" && seg[1] == "join") return valid_id(original, seg[2]);
    if (seg.size() >= 3 && seg[0] == "wc" && seg[2] == "join") return valid_id(original, seg[1]);
    if (!seg.empty() && seg[0] == "my")
        return bad(original, "a personal link (/my/NAME) carries no meeting id: link the numeric id instead");
    return bad(original, "no meeting id in the path (expected /j/ID, /s/ID, /w/ID, /wc/join/ID or /wc/ID/join)");
}

std::optional<std::string> meeting_id_from_url(std::string_view url) {
    auto id = parse_join_link(url);
    if (!id) return std::nullopt;
    return std::move(*id);
}

std::string encode_uuid_for_path(std::string_view uuid) {
    std::string once = form::encode_component(uuid);
    const bool twice = (!uuid.empty() && uuid.front() == '/') || uuid.find("//") != std::string_view::npos;
    return twice ? form::encode_component(once) : once;
}

}  // namespace rollcall::sources::zoom
