// rollcall/evaluate.hpp: the one entry point hosts call for a report: events + session + policy + now
// → attendance, lifecycle status and billing. A pure function of the *set* of events (SPEC §2).
#pragma once

#include <optional>
#include <span>

#include "rollcall/event.hpp"
#include "rollcall/policy.hpp"
#include "rollcall/results.hpp"
#include "rollcall/session.hpp"

namespace rollcall {

/// Evaluates one session at `now`.
///
/// `events` are the normalised events of the rooms linked to the session (all of them are taken when
/// `spec.rooms` is empty; otherwise events of other rooms are ignored). Order and duplicates do not
/// matter. `current` is the status the host has stored (for example after an explicit action); the
/// lifecycle advances from it. Without it, the session starts at `scheduled` (or `unscheduled` when it
/// has no schedule). Never throws for any input; the result records the policy it used.
session_result evaluate_session(const session_spec& spec, std::span<const event> events, const policy& pol,
                                instant now, std::optional<session_status> current = std::nullopt);

}  // namespace rollcall
