// rollcall/identity.hpp: how a person is recognised (SPEC §11). Parsers put the host's own id into
// `event::identity` when the platform carries one (rule 1); otherwise they put the first fallback
// there (rule 3), mark the event `unresolved` and keep every platform key in `event::keys`, so that the
// host's alias table (rule 2) can still name the person at evaluation, long after ingest.
//
// Nothing here normalises text: parsers and the alias methods store keys already normalised
// (src/identity/normalise.hpp), so evaluation only compares bytes.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "rollcall/enum_names.hpp"
#include "rollcall/event.hpp"

namespace rollcall {

/// What kind of platform key an alias names. `identity` is the fallback identity an unresolved
/// participant is reported under, whatever it came from (any platform key).
enum class key_kind : std::uint8_t { email, name, zoom_user_id, zoom_registrant_id, bbb_user_id, identity };

inline constexpr std::array<std::string_view, 6> key_kind_names{"email",       "name",         "zoom_user_id",
                                                                "zoom_registrant_id", "bbb_user_id", "identity"};
static_assert(names_cover(key_kind_names, key_kind::identity));
constexpr const auto& enum_names(key_kind) noexcept { return key_kind_names; }
inline std::optional<key_kind> parse_key_kind(std::string_view s) noexcept { return parse_enum<key_kind>(s); }

/// One row of the host's alias table: the platform key (kind, normalised value) is the person
/// `person`, everywhere (`session` empty) or in one session only.
struct alias {
    std::string person;
    key_kind kind = key_kind::email;
    std::string value;
    std::string session;  ///< empty: global
    friend bool operator==(const alias&, const alias&) = default;
};

/// Appends one platform key to an event's `keys` text: `kind=value` lines, in the order rule 3 tries
/// them. Control characters in the value become spaces so that a line stays a line.
inline void append_key(std::string& keys, key_kind kind, std::string_view value) {
    if (value.empty()) return;
    keys.append(to_string(kind)).push_back('=');
    for (const char c : value) keys.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
    keys.push_back('\n');
}

/// Calls `fn(kind, value)` for each well-formed line of an event's `keys` (unknown kinds are skipped:
/// a newer writer's keys never break an older reader); stops when `fn` returns true.
template <class Fn>
bool for_each_key(std::string_view keys, Fn&& fn) {
    while (!keys.empty()) {
        const auto nl = keys.find('\n');
        const std::string_view line = keys.substr(0, nl);
        keys = nl == std::string_view::npos ? std::string_view{} : keys.substr(nl + 1);
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        const auto kind = parse_key_kind(line.substr(0, eq));
        if (kind && fn(*kind, line.substr(eq + 1))) return true;
    }
    return false;
}

/// The aliases of one scope, for lookups by (kind, value) without building a string per lookup.
class alias_table {
public:
    /// Adds (or replaces) one mapping; the table owns its strings.
    void add(key_kind kind, std::string value, std::string person) {
        by_kind_[static_cast<std::size_t>(kind)].insert_or_assign(std::move(value), std::move(person));
    }
    /// The person a key names, or nullptr. The pointer lives as long as the table is not changed.
    const std::string* find(key_kind kind, std::string_view value) const {
        const auto& m = by_kind_[static_cast<std::size_t>(kind)];
        if (m.empty()) return nullptr;
        auto it = m.find(value);
        return it == m.end() ? nullptr : &it->second;
    }
    bool empty() const noexcept {
        for (const auto& m : by_kind_)
            if (!m.empty()) return false;
        return true;
    }
    std::size_t size() const noexcept {
        std::size_t n = 0;
        for (const auto& m : by_kind_) n += m.size();
        return n;
    }

private:
    struct hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    std::array<std::unordered_map<std::string, std::string, hash, std::equal_to<>>, key_kind_names.size()> by_kind_;
};

/// The alias tables that apply to one session: its own roster first, then the global table.
struct identity_aliases {
    const alias_table* session = nullptr;
    const alias_table* global = nullptr;
};

/// The identity of an event after SPEC §11, and whether it is only a fallback (rule 3).
struct resolved_identity {
    std::string_view identity;
    bool unresolved = false;
};

/// Rule 1 identities stand; otherwise the session's aliases, then the global ones, are asked for each
/// of the event's keys in the order they were recorded (then for the fallback identity itself); the
/// first hit names the person. An event stored before identities were kept (no keys, not marked)
/// keeps the identity it was stored with. The view points into the event or into a table.
inline resolved_identity resolve_identity(const event& e, const identity_aliases& aliases) {
    if (!e.unresolved) return {e.identity, false};
    for (const alias_table* t : {aliases.session, aliases.global}) {
        if (t == nullptr || t->empty()) continue;
        const std::string* hit = nullptr;
        for_each_key(e.keys, [&](key_kind k, std::string_view v) { return (hit = t->find(k, v)) != nullptr; });
        if (!hit) hit = t->find(key_kind::identity, e.identity);
        if (hit) return {*hit, false};
    }
    return {e.identity, true};
}

}  // namespace rollcall
