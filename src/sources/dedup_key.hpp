// Dedup keys of the BBB and Zoom parsers, composed on the stack and stored with one assign. A key is
// the longest string of an event (prefix, ids, Unix ms), and building it with an assign and an append
// per part cost as much as reading the event's fields from small documents. Internal.
#pragma once

#include <charconv>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>

#include "rollcall/time.hpp"
#include "sources/event_slots.hpp"

namespace rollcall::sources {

/// The key `write_dedup_key` writes (`prefix` + each part + ":" ... + the Unix ms of `at`), in one
/// assign: `key` keeps its capacity when the event slot is reused.
inline void dedup_key_into(std::string& key, std::string_view prefix, std::initializer_list<std::string_view> parts,
                           instant at) {
    char buf[256];
    constexpr std::size_t ms_digits = 20;  // an int64 with its sign
    char* o = buf;
    char* const limit = buf + sizeof buf - ms_digits;
    if (prefix.size() > static_cast<std::size_t>(limit - o)) return write_dedup_key(key, prefix, parts, at);
    std::memcpy(o, prefix.data(), prefix.size());
    o += prefix.size();
    for (const std::string_view part : parts) {
        // A key too long for the stack (ids are short; a hostile body may not be) takes the slow way.
        if (part.size() >= static_cast<std::size_t>(limit - o)) return write_dedup_key(key, prefix, parts, at);
        if (!part.empty()) std::memcpy(o, part.data(), part.size());
        o += part.size();
        *o++ = ':';
    }
    o = std::to_chars(o, buf + sizeof buf, to_unix_ms(at)).ptr;
    key.clear();
    key.append(buf, static_cast<std::size_t>(o - buf));  // append skips the overlap handling of assign
}

}  // namespace rollcall::sources
