// Zoom meeting ids from what hosts store (a join link, a displayed id), and uuids made safe for REST
// request paths.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "rollcall/error.hpp"

namespace rollcall::sources::zoom {

/// The numeric meeting id (9 to 11 digits) that a join link or a displayed id names.
///
/// Accepts `/j/ID`, `/s/ID` (host start), `/w/ID` (webinar), `/wc/join/ID` and `/wc/ID/join` (web
/// client), and `/join?confno=ID`, on `zoom.us`, `zoom.com`, `zoomgov.com`, any subdomain of them
/// (data-centre `us02web.`, vanity `acme.`), or a host in `extra_hosts` (exact or as a parent
/// domain); over `http`, `https`, or no scheme at all (pasted text); `zoommtg://` and `zoomus://`
/// client links (the id is `confno`); any query parameters (`pwd`, `tk`, `uname`) and a fragment; and
/// a bare id grouped with spaces or dashes (`857 4635 2910`). The URL is parsed by uriparser (RFC
/// 3986), never pattern-matched.
///
/// Errors, all `invalid_value` with a message naming the problem: empty text, a malformed URL, a
/// scheme other than the four above, userinfo (`https://evil@zoom.us/...`, which browsers would send
/// elsewhere in other spellings), a host that is not Zoom's (`zoom.us.evil.example`, `notzoom.us`, an
/// IP address, a percent-encoded host), a link without a numeric id (`/my/NAME` personal links,
/// registration links) and an id that is not 9 to 11 digits.
result<std::string> parse_join_link(std::string_view text, std::span<const std::string> extra_hosts = {});

/// parse_join_link with Zoom's own hosts only, as an optional (nullopt on every error).
std::optional<std::string> meeting_id_from_url(std::string_view url);

/// True when `host` (ASCII, any case) is one of Zoom's domains or a subdomain of one, or matches an
/// entry of `extra_hosts` the same way.
bool is_zoom_host(std::string_view host, std::span<const std::string> extra_hosts = {});

/// A meeting uuid as one path segment of a Zoom REST URL (`/past_meetings/{uuid}/participants`):
/// percent-encoded once, and a second time when the uuid starts with `/` or contains `//`, as Zoom
/// requires (otherwise its router splits the path and answers 404).
std::string encode_uuid_for_path(std::string_view uuid);

}  // namespace rollcall::sources::zoom
