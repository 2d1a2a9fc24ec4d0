// Normalised forms of the platform keys that name a person (SPEC §11), written once for the parsers
// (which store them in `event::keys`) and the alias methods (which store the host's keys), so that
// both sides of a lookup compare the same bytes.
#pragma once

#include <string>
#include <string_view>

#include "rollcall/error.hpp"
#include "rollcall/identity.hpp"

namespace rollcall::identity {

/// A display name as SPEC §11 compares it: Unicode NFC, case-folded, surrounding whitespace dropped
/// and inner runs of whitespace (any Unicode space separator, tabs, line breaks) collapsed to one
/// space, using utf8proc. Text that is not valid UTF-8 is kept byte for byte, with ASCII lowercased
/// and spaces collapsed (a wire name is reported, never rejected). Empty when nothing is left.
std::string display_name(std::string_view name);

/// An email as SPEC §11 compares it: trimmed, ASCII lowercased.
std::string email(std::string_view email);

/// The value of an alias key as stored and looked up: names and emails as above, everything else
/// trimmed. Errors: invalid_argument when nothing is left, invalid_value when a name is not UTF-8.
result<std::string> key_value(key_kind kind, std::string_view value);

/// The fallback identity of a display name: `name:` + its normalised form. The prefix keeps a name a
/// participant typed from ever equalling a host's id.
std::string name_identity(std::string_view normalised_name);

/// SPEC §11 for BigBlueButton: the external user id (rule 1); otherwise the normalised display name,
/// else the internal user id (rule 3, unresolved), with the internal id and the name kept as keys.
/// Sets `e.identity` (cleared first), `e.keys` and `e.unresolved`.
void identify_bbb(std::string_view external_id, std::string_view internal_id, std::string_view name, event& e);

/// A platform's role hint text (ASCII case-insensitive): teacher, host, moderator, instructor → teacher;
/// student, viewer, attendee → student; guest → guest; anything else → other.
role role_of_hint(std::string_view text) noexcept;

}  // namespace rollcall::identity
