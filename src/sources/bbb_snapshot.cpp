// BigBlueButton `getMeetingInfo` responses as snapshots, read with pugixml: the API answers in XML
// (`<response><returncode>SUCCESS</returncode>…<attendees><attendee>…`), entities and CDATA included,
// which a real XML parser handles and string matching would not.
#include <pugixml.hpp>
#include <simdjson.h>

#include <string>

#include "sources/snapshot.hpp"

namespace rollcall::sources {
namespace {

constexpr std::string_view prefix = "bbb-snapshot";

std::string_view child_text(const pugi::xml_node& n, const char* name) { return n.child(name).text().as_string(); }

/// The same mapping as the bbb-webhooks parser (sources/bbb.cpp): a moderator is the teacher hint.
role role_of(std::string_view r) noexcept {
    if (r == "MODERATOR" || r == "moderator") return role::teacher;
    if (r == "VIEWER" || r == "viewer") return role::student;
    return role::other;
}

}  // namespace

result<parse_outcome> parse_bbb_snapshot(const snapshot_request& req) {
    // BigBlueButton answers in UTF-8. pugixml passes bytes through unchecked, and every name and id
    // read here ends up in JSON, so a response that is not UTF-8 is refused whole (found by fuzzing).
    if (!simdjson::validate_utf8(req.body.data(), req.body.size()))
        return fail(errc::malformed_input, "the getMeetingInfo response is not valid UTF-8");
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed =
        doc.load_buffer(req.body.data(), req.body.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed)
        return fail(errc::malformed_input, std::string("not valid XML: ") + parsed.description() + " at offset " +
                                               std::to_string(parsed.offset));
    const pugi::xml_node response = doc.child("response");
    if (!response) return fail(errc::malformed_input, "expected a getMeetingInfo <response> element");
    const std::string_view code = child_text(response, "returncode");
    if (code != "SUCCESS") {
        // BBB's failures name themselves: messageKey `notFound` for a meeting that is not running,
        // `checksumError` for a bad API call.
        std::string msg = "returncode ";
        msg += code.empty() ? std::string_view("(absent)") : code;
        if (auto key = child_text(response, "messageKey"); !key.empty()) msg.append(", messageKey ").append(key);
        if (auto m = child_text(response, "message"); !m.empty()) msg.append(": ").append(m);
        return fail(errc::invalid_value, msg);
    }
    const std::string_view internal_id = child_text(response, "internalMeetingID");
    if (internal_id.empty()) return fail(errc::missing_field, "response.internalMeetingID is absent");
    const std::string_view external_id = child_text(response, "meetingID");
    if (!req.room.empty() && req.room != internal_id && req.room != external_id)
        return fail(errc::invalid_value, "the response is for meeting '" + std::string(internal_id) + "' (" +
                                             std::string(external_id) + "), not '" + std::string(req.room) + "'");

    parse_outcome out;
    out.event_name = std::string(bbb_snapshot_kind);
    // The room key of every BBB event is the internal meeting id, as in the webhook parser.
    event marker = detail::snapshot_marker(platform::bbb, prefix, std::string(internal_id), std::string(external_id), req.at);
    std::size_t i = 0;
    for (const pugi::xml_node a : response.child("attendees").children("attendee")) {
        const std::string path = "attendees[" + std::to_string(i++) + "]";
        const std::string_view user = child_text(a, "userID");
        if (user.empty()) return fail(errc::missing_field, path + ".userID is absent");
        // The host's own id when the join call set one (extUserID), else the internal id (SPEC §11),
        // exactly as the webhook parser keys the same person.
        std::string_view ext = child_text(a, "extUserID");
        if (ext.empty()) ext = child_text(a, "externalUserID");
        event e = detail::listed_connection(marker, prefix, std::string(!ext.empty() ? ext : user), std::string(user));
        e.display_name = std::string(child_text(a, "fullName"));
        e.who = role_of(child_text(a, "role"));
        out.events.push_back(std::move(e));
    }
    out.events.push_back(std::move(marker));
    return out;
}

}  // namespace rollcall::sources
