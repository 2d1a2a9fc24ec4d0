#include "store/db_url.hpp"

#include <uriparser/Uri.h>

namespace rollcall::store {
namespace {

failure bad(std::string why) { return fail(errc::invalid_argument, "database URL: " + std::move(why)); }

std::string_view range(const UriTextRangeA& r) noexcept {
    if (r.first == nullptr || r.afterLast == nullptr) return {};
    return {r.first, static_cast<std::size_t>(r.afterLast - r.first)};
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Strict percent-decoding: '%' must be followed by two hex digits; '+' stays '+'.
std::optional<std::string> decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out.push_back(s[i]);
            continue;
        }
        if (i + 2 >= s.size()) return std::nullopt;
        const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return out;
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

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

const std::string* db_url::param(std::string_view name) const noexcept {
    for (const auto& [k, v] : params)
        if (k == name) return &v;
    return nullptr;
}

result<db_url> parse_db_url(std::string_view text) {
    if (text.empty()) return bad("empty");
    uri_holder h;
    const char* error_pos = nullptr;
    if (uriParseSingleUriExA(&h.uri, text.data(), text.data() + text.size(), &error_pos) != URI_SUCCESS) {
        // The position is safe to give; the text around it may be the password.
        const auto at = error_pos ? static_cast<std::size_t>(error_pos - text.data()) : 0;
        return bad("not a URL (syntax error at character " + std::to_string(at + 1) + ")");
    }
    h.parsed = true;
    const auto& u = h.uri;
    db_url out;
    const std::string_view scheme = range(u.scheme);
    if (scheme.empty()) return bad("no scheme (expected e.g. mysql://user:password@host/database)");
    for (char c : scheme) out.scheme.push_back(lower(c));
    if (u.fragment.first != nullptr) return bad("a fragment ('#...') is not allowed");
    if (u.hostText.first == nullptr) return bad("no authority (expected scheme://[user[:password]@]host[:port]/database)");

    if (u.userInfo.first != nullptr) {
        const std::string_view info = range(u.userInfo);
        const auto colon = info.find(':');
        auto user = decode(info.substr(0, colon));
        if (!user) return bad("bad percent escape in the user name");
        out.user = std::move(*user);
        if (colon != std::string_view::npos) {
            auto pw = decode(info.substr(colon + 1));
            if (!pw) return bad("bad percent escape in the password");
            out.password = std::move(*pw);
            out.has_password = true;
        }
    }
    auto host = decode(range(u.hostText));
    if (!host) return bad("bad percent escape in the host");
    out.host = std::move(*host);

    const std::string_view port = range(u.portText);
    if (u.portText.first != nullptr && !port.empty()) {
        unsigned long v = 0;
        for (char c : port) {
            if (c < '0' || c > '9' || v > 65535) return bad("port: not a number in 1..65535");
            v = v * 10 + static_cast<unsigned long>(c - '0');
        }
        if (v == 0 || v > 65535) return bad("port: not a number in 1..65535");
        out.port = static_cast<std::uint16_t>(v);
    }

    int segments = 0;
    for (const UriPathSegmentA* s = u.pathHead; s; s = s->next) {
        const std::string_view seg = range(s->text);
        if (seg.empty() && s->next == nullptr) break;  // a trailing '/'
        if (++segments > 1) return bad("the path must be a single database name");
        auto db = decode(seg);
        if (!db) return bad("bad percent escape in the database name");
        if (db->empty()) return bad("empty database name");
        out.database = std::move(*db);
    }

    const std::string_view q = range(u.query);
    if (!q.empty()) {
        query_holder qh;
        int count = 0;
        if (uriDissectQueryMallocExA(&qh.list, &count, q.data(), q.data() + q.size(), URI_FALSE,
                                     URI_BR_DONT_TOUCH) != URI_SUCCESS)
            return bad("malformed query string");
        for (const UriQueryListA* it = qh.list; it; it = it->next) {
            const std::string key = it->key ? it->key : "";
            if (key.empty()) return bad("a query parameter without a name");
            if (out.param(key)) return bad("query parameter '" + key + "' given twice");
            out.params.emplace_back(key, it->value ? it->value : "");
        }
    }
    return out;
}

std::string redacted(const db_url& url) {
    std::string s = url.scheme + "://";
    if (!url.user.empty() || url.has_password) {
        s += url.user;
        if (url.has_password) s += ":***";
        s += '@';
    }
    const bool v6 = url.host.find(':') != std::string::npos;
    s += v6 ? "[" + url.host + "]" : url.host;
    if (url.port) s += ":" + std::to_string(*url.port);
    if (!url.database.empty()) s += "/" + url.database;
    return s;
}

}  // namespace rollcall::store
