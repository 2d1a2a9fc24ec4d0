// Loads and evaluates the sessions a report covers, from a tracker (and so from any store). The only
// part of the report layer that touches storage; everything after it is pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rollcall/calendar.hpp"
#include "rollcall/results.hpp"
#include "tracker/tracker.hpp"

namespace rollcall::report {

/// Which sessions: one by id, or every session of a teacher and/or placed within the local dates
/// [from, to] of the report's zone (scheduled sessions by their scheduled start, unscheduled ones by
/// their first activity). Empty fields select everything.
struct selection {
    std::optional<std::string> session;
    std::optional<std::string> teacher;
    std::optional<local_date> from;
    std::optional<local_date> to;
};

struct loaded_sessions {
    std::vector<session_result> results;    ///< scheduled ones by start, then id; then unscheduled ones
    std::vector<std::vector<event>> events;  ///< per result, when asked for (else empty)
};

/// Evaluates each selected session at `now`, each with the policy of its type, its lifecycle advanced
/// from the stored status; then the link lessons (SPEC §6: links sent without a session) of the same
/// teacher clicked inside the range, each as tracker::link_lesson makes it. One session by id may name
/// a link lesson by its room, `link:<token>`. Errors: not_found (an unknown --session), invalid_argument (from after to),
/// the store's errors.
result<loaded_sessions> load_sessions(tracker::tracker& t, const selection& sel, const zone& tz, instant now,
                                      bool with_events);

}  // namespace rollcall::report
