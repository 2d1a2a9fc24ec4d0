// Zoom meeting ids from join links, and uuids made safe for REST request paths.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rollcall::sources::zoom {

/// The numeric meeting id (9 to 11 digits) in a join link or a displayed id, or nullopt.
///
/// Accepts `/j/ID`, `/s/ID` (host start), `/w/ID` (webinar), `/wc/join/ID` and `/wc/ID/join` (web
/// client) on `zoom.us`, `zoom.com`, `zoomgov.com` or any subdomain of them, with or without a scheme;
/// `zoommtg://` and `zoomus://` client links (the id is the `confno` query parameter); and a bare id
/// grouped with spaces or dashes (`857 4635 2910`). Personal links (`/my/NAME`), registration links and
/// look-alike hosts (`zoom.us.evil.example`, `notzoom.us`) give nullopt.
std::optional<std::string> meeting_id_from_url(std::string_view url);

/// A meeting uuid as one path segment of a Zoom REST URL (`/past_meetings/{uuid}/participants`):
/// percent-encoded once, and a second time when the uuid starts with `/` or contains `//`, as Zoom
/// requires (otherwise its router splits the path and answers 404).
std::string encode_uuid_for_path(std::string_view uuid);

}  // namespace rollcall::sources::zoom
