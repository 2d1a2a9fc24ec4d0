#include "identity/normalise.hpp"

#include <cstdlib>
#include <memory>

#include <utf8proc.h>

namespace rollcall::identity {
namespace {

bool ascii_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && ascii_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && ascii_space(s.back())) s.remove_suffix(1);
    return s;
}

char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Collapses whitespace runs of `text` (valid UTF-8) to one space, dropping them at both ends.
std::string collapse_spaces(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) break;  // cannot happen on utf8proc's own output
        const auto cat = utf8proc_category(cp);
        const bool space = cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP ||
                           (cp < 0x80 && ascii_space(static_cast<char>(cp)));
        if (space) {
            pending_space = !out.empty();
        } else {
            if (pending_space) out.push_back(' ');
            pending_space = false;
            out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
        }
        p += n;
        left -= n;
    }
    return out;
}

// The same for bytes that are not UTF-8: ASCII only.
std::string collapse_ascii(std::string_view text) {
    std::string out;
    bool pending_space = false;
    for (const char c : text) {
        if (ascii_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out.push_back(' ');
        pending_space = false;
        out.push_back(ascii_lower(c));
    }
    return out;
}

struct free_deleter {
    void operator()(utf8proc_uint8_t* p) const noexcept { std::free(p); }
};

}  // namespace

std::string display_name(std::string_view name) {
    name = trim(name);
    if (name.empty()) return {};
    utf8proc_uint8_t* mapped = nullptr;
    // NFC with case folding: utf8proc decomposes, folds, then composes, so the result is NFC even
    // where folding produced a decomposed sequence.
    const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(name.data()),
                                            static_cast<utf8proc_ssize_t>(name.size()), &mapped,
                                            static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                                           UTF8PROC_CASEFOLD));
    std::unique_ptr<utf8proc_uint8_t, free_deleter> owned(mapped);
    if (n < 0) return collapse_ascii(name);
    return collapse_spaces(std::string_view(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n)));
}

std::string email(std::string_view email) {
    std::string out;
    for (const char c : trim(email)) out.push_back(ascii_lower(c));
    return out;
}

result<std::string> key_value(key_kind kind, std::string_view value) {
    std::string out;
    switch (kind) {
        case key_kind::name: {
            const std::string_view t = trim(value);
            if (utf8proc_decompose(reinterpret_cast<const utf8proc_uint8_t*>(t.data()),
                                   static_cast<utf8proc_ssize_t>(t.size()), nullptr, 0, UTF8PROC_STABLE) < 0)
                return fail(errc::invalid_value, "alias name: not valid UTF-8");
            out = display_name(t);
            break;
        }
        case key_kind::email: out = email(value); break;
        default: out = std::string(trim(value)); break;
    }
    if (out.empty()) return fail(errc::invalid_argument, "alias " + std::string(to_string(kind)) + ": empty value");
    return out;
}

std::string name_identity(std::string_view normalised_name) {
    std::string out;
    out.reserve(5 + normalised_name.size());
    out.append("name:").append(normalised_name);
    return out;
}

void identify_bbb(std::string_view external_id, std::string_view internal_id, std::string_view name, event& e) {
    e.identity.clear();
    e.keys.clear();
    e.unresolved = false;
    if (const std::string_view ext = trim(external_id); !ext.empty()) {
        e.identity.assign(ext);
        return;
    }
    const std::string normalised = display_name(name);
    append_key(e.keys, key_kind::bbb_user_id, trim(internal_id));
    append_key(e.keys, key_kind::name, normalised);
    e.identity = !normalised.empty() ? name_identity(normalised) : std::string(trim(internal_id));
    e.unresolved = true;
}

role role_of_hint(std::string_view text) noexcept {
    const std::string_view t = trim(text);
    auto is = [&](std::string_view word) {
        if (t.size() != word.size()) return false;
        for (std::size_t i = 0; i < t.size(); ++i)
            if (ascii_lower(t[i]) != word[i]) return false;
        return true;
    };
    if (is("teacher") || is("host") || is("moderator") || is("instructor")) return role::teacher;
    if (is("student") || is("viewer") || is("attendee")) return role::student;
    if (is("guest")) return role::guest;
    return role::other;
}

}  // namespace rollcall::identity
