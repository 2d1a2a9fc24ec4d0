// Zoom past-participant reports: the REST pages of `GET /v2/past_meetings/{uuid}/participants` and
// `GET /v2/report/meetings/{uuid}/participants` (and the dashboard `metrics/...?type=past` spelling).
// They are API responses the host fetched itself, not webhooks: there is no signature to verify.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rollcall/error.hpp"
#include "rollcall/event.hpp"

namespace rollcall::sources::zoom {

/// One parsed page.
struct participants_page {
    std::vector<event> events;    ///< per row: a join at join_time and a leave at leave_time carrying joined_at
    std::string next_page_token;  ///< empty on the last page; fetch the next page with it
    std::size_t rows = 0;         ///< rows on this page, skipped ones included
    std::size_t waiting_room_rows = 0;  ///< rows with status `in_waiting_room`, skipped (not attendance)
    std::vector<std::string> notes;
};

/// Parses one page for the meeting instance `meeting_uuid` (the room of every event). Each row is one
/// join of one connection (`user_id`, new on every rejoin); identity follows SPEC §1 like the
/// webhooks (`identity_of`). A row without leave_time gives only its join (noted). The whole page is
/// rejected, with no events, when the body is not JSON (malformed_input), a row lacks join_time
/// (missing_field, naming the row) or holds an invalid time (invalid_value).
result<participants_page> parse_participants_page(std::string_view body, std::string_view meeting_uuid);

/// The same into a page the caller keeps across calls: `page` is filled from scratch and its events
/// are reused as slots, so their strings keep their capacity. On failure `page` holds no events.
result<void> parse_participants_page(std::string_view body, std::string_view meeting_uuid, participants_page& page);

}  // namespace rollcall::sources::zoom
