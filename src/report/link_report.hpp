// The link report (SPEC §6): one row per tracked link with the columns of a link export — teacher,
// student, sent, clicked, ended, duration, status, package, rate, amount. Built from the link and, for a
// link sent without a session, the lesson it forms; pure, like the other reports.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "report/render.hpp"
#include "report/table.hpp"
#include "rollcall/calendar.hpp"
#include "rollcall/results.hpp"
#include "tracker/tracker.hpp"

namespace rollcall::report {

struct link_row {
    tracker::link_view view;
    /// The lesson a link sent without a session forms (tracker::link_lesson); absent for a link sent
    /// for a session, whose presence and money are that session's.
    std::optional<session_result> lesson;
};

/// `{"report":"links","zone":..,"links":[..]}`, CSV or a table; instants in `tz`.
std::string render_links(std::span<const link_row> rows, const zone& tz, output_format fmt);

}  // namespace rollcall::report
