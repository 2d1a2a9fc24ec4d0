// rollcall/event_json.hpp: the one JSON form of a normalised event, shared by the CLI, storage and
// the C ABI so that every consumer sees the same fields under the same names.
#pragma once

#include "rollcall/event.hpp"
#include "rollcall/identity.hpp"
#include "rollcall/json_writer.hpp"
#include "rollcall/time.hpp"

namespace rollcall {

/// Writes `e` as one JSON object:
/// `{"kind","platform","room","room_alt","identity","connection","at","at_ms",["joined_at","joined_at_ms"],
///   "dedup_key","display_name","email","role","non_person",["detail"],["unresolved","keys"]}`.
/// Every field is always present (empty strings included) except `joined_at`/`joined_at_ms`, written
/// only when the event carries a join time, and `detail`, written (as a raw JSON object, not a string)
/// only when non-empty. Instants appear twice: RFC 3339 UTC and Unix milliseconds. `unresolved` (true)
/// and `keys` (an object of platform keys by kind, in the order SPEC §11 rule 3 tries them) are written
/// only for an event whose identity is a fallback: a host keeping events passes them back to `evaluate`
/// so that its aliases apply.
inline void write_event_json(json_writer& w, const event& e) {
    w.begin_object();
    w.field("kind", to_string(e.kind));
    w.field("platform", to_string(e.source));
    w.field("room", e.room);
    w.field("room_alt", e.room_alt);
    w.field("identity", e.identity);
    w.field("connection", e.connection);
    w.field("at", format_rfc3339(e.at));
    w.field("at_ms", to_unix_ms(e.at));
    if (e.joined_at) {
        w.field("joined_at", format_rfc3339(*e.joined_at));
        w.field("joined_at_ms", to_unix_ms(*e.joined_at));
    }
    w.field("dedup_key", e.dedup_key);
    w.field("display_name", e.display_name);
    w.field("email", e.email);
    w.field("role", to_string(e.who));
    w.field("non_person", e.non_person);
    if (!e.detail.empty()) {
        w.key("detail");
        w.raw(e.detail);
    }
    if (e.unresolved) {
        w.field("unresolved", true);
        w.key("keys").begin_object();
        for_each_key(e.keys, [&](key_kind k, std::string_view v) {
            w.field(to_string(k), v);
            return false;
        });
        w.end_object();
    }
    w.end_object();
}

}  // namespace rollcall
