// What the SQL stores (SQLite, PostgreSQL, MySQL/MariaDB) share when they read rows back: enum range
// checks, the error of a row this build does not understand, and an event from its columns. Each
// store's row type differs; all of them answer i64(col), opt_i64(col) and text(col).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "rollcall/error.hpp"
#include "rollcall/event.hpp"

namespace rollcall::store::detail {

/// Whether a stored integer names a value of an enum whose last value is `last`.
template <class E>
inline bool in_range(std::int64_t v, E last) {
    return v >= 0 && v <= static_cast<std::int64_t>(last);
}

/// A value read back that this build does not know: corrupt_database, never undefined behaviour.
inline failure bad_row(std::string_view table) {
    return fail(errc::corrupt_database, std::string("database: a row of '") + std::string(table) +
                                            "' holds a value this rollcall does not know");
}

/// One event from a row whose columns are, in order: kind, platform, room_alt, identity, connection,
/// at_ms, joined_at_ms, dedup_key, display_name, email, role, non_person, detail and, with `keys`, the
/// identity keys and the unresolved flag. `room` is the room the query matched (not read back).
template <class Row>
result<event> event_from_row(const Row& row, std::string_view room, bool keys = true) {
    const auto kind = row.i64(0), plat = row.i64(1), who = row.i64(10);
    if (!in_range(kind, event_kind::snapshot) || !in_range(plat, platform::link) || !in_range(who, role::guest))
        return bad_row("events");
    event e;
    e.kind = static_cast<event_kind>(kind);
    e.source = static_cast<platform>(plat);
    e.room = room;
    e.room_alt = row.text(2);
    e.identity = row.text(3);
    e.connection = row.text(4);
    e.at = from_unix_ms(row.i64(5));
    if (auto j = row.opt_i64(6)) e.joined_at = from_unix_ms(*j);
    e.dedup_key = row.text(7);
    e.display_name = row.text(8);
    e.email = row.text(9);
    e.who = static_cast<role>(who);
    e.non_person = row.i64(11) != 0;
    e.detail = row.text(12);
    if (keys) {
        e.keys = row.text(13);
        e.unresolved = row.i64(14) != 0;
    }
    return e;
}

}  // namespace rollcall::store::detail
