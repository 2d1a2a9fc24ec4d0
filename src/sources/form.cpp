#include "sources/form.hpp"

namespace rollcall::sources::form {
namespace {

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Field names are short ASCII words; comparing them without decoding when they hold no escape keeps
// the lookup allocation-free on every real body.
bool name_matches(std::string_view raw, std::string_view name) {
    if (raw.find_first_of("%+") == std::string_view::npos) return raw == name;
    std::string decoded;
    return percent_decode(raw, decoded) && decoded == name;
}

}  // namespace

bool percent_decode(std::string_view in, std::string& out, bool plus_as_space) {
    out.reserve(out.size() + in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size()) return false;
            const int hi = hex_value(in[i + 1]);
            const int lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return false;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (c == '+' && plus_as_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return true;
}

std::string encode_component(std::string_view in) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(in.size() * 3);
    for (const char ch : in) {
        const auto c = static_cast<unsigned char>(ch);
        const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                          c == '-' || c == '_' || c == '.' || c == '!' || c == '~' || c == '*' || c == '\'' ||
                          c == '(' || c == ')';
        if (keep) {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(digits[c >> 4]);
            out.push_back(digits[c & 15]);
        }
    }
    return out;
}

std::string_view query_of(std::string_view url) noexcept {
    const std::size_t q = url.find('?');
    if (q == std::string_view::npos) return {};
    std::string_view rest = url.substr(q + 1);
    const std::size_t hash = rest.find('#');
    return hash == std::string_view::npos ? rest : rest.substr(0, hash);
}

std::optional<std::string_view> find_raw(std::string_view body, std::string_view name, bool last) {
    std::optional<std::string_view> found;
    bool done = false;
    for_each_field(body, [&](std::string_view raw_name, std::string_view raw_value) {
        if (done || !name_matches(raw_name, name)) return;
        found = raw_value;
        if (!last) done = true;
    });
    return found;
}

result<void> get(std::string_view body, std::string_view name, std::string& out) {
    const auto raw = find_raw(body, name);
    if (!raw) return fail(errc::missing_field, "form field '" + std::string(name) + "' is absent");
    out.clear();
    if (!percent_decode(*raw, out))
        return fail(errc::malformed_input, "form field '" + std::string(name) + "': malformed percent escape");
    return {};
}

}  // namespace rollcall::sources::form
