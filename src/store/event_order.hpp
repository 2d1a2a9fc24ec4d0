// The order every store returns events in (SPEC §2), shared by the SQL stores' reads.
#pragma once

#include <vector>

#include "rollcall/event.hpp"

namespace rollcall::store {

/// Events in SPEC §2 order. Sorting indexes and then moving each event once beats swapping whole
/// events (eight strings each) inside the sort: this is most of a report's time outside the database.
std::vector<event> in_event_order(std::vector<event> events);

}  // namespace rollcall::store
