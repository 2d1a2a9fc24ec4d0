// Zoom report rows and the webhooks of the same stay are one interval, never two.
#pragma once

#include <string_view>
#include <vector>

#include "rollcall/event.hpp"

namespace rollcall::tracker {

/// The dedup-key prefix of events parsed from host-fetched Zoom participant reports (zoom_report.cpp).
inline constexpr std::string_view zoom_report_key_prefix = "zoom:report.";

/// Makes the events of report rows (dedup key `zoom:report.`) that describe a stay the webhooks also
/// saw use the webhook's connection, then drops the facts that became duplicates (SPEC §2: the same
/// kind, room, connection and instant), keeping the webhook's event.
///
/// Why: a report row's connection is the per-join `user_id`, a webhook's is the `participant_uuid`,
/// so the same stay would otherwise come out as two connections (one attended interval after the
/// union, but twice the raw connected time, and a lost webhook leave would not close the webhook's
/// open connection). A row belongs to the webhook connection of the same room and identity that
/// joined at the row's join_time or left at its leave_time. Rows no webhook saw (the webhooks were
/// lost) keep their own connection. The result is in SPEC §2 order, and a pure function of the set.
void merge_report_rows(std::vector<event>& events);

}  // namespace rollcall::tracker
