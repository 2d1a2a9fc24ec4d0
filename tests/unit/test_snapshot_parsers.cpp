// The snapshot parsers (SPEC §3 step 3): LiveKit ListParticipants JSON and BBB getMeetingInfo XML to a
// room `snapshot` marker plus one `evidence` per listed connection, and their bad input.
#include <doctest/doctest.h>

#include <algorithm>

#include "sources/snapshot.hpp"
#include "support/files.hpp"

using namespace rollcall;
using namespace rollcall::sources;
using rollcall::test::fixture;

namespace {

const instant polled = from_unix_ms(1755087000000);

const event* find_connection(const parse_outcome& o, std::string_view connection) {
    for (const auto& e : o.events)
        if (e.connection == connection) return &e;
    return nullptr;
}

}  // namespace

TEST_CASE("snapshot parsers: a LiveKit ListParticipants response (twirp's proto names) lists every connection") {
    const std::string body = fixture("livekit/list_participants.json");
    auto r = parse_livekit_snapshot({body, polled, "standup-42"});
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.err().describe()));
    CHECK(r->event_name == "livekit-snapshot");
    REQUIRE(r->events.size() == 4);
    const event& marker = r->events.back();
    CHECK(marker.kind == event_kind::snapshot);
    CHECK(marker.room == "standup-42");
    CHECK(marker.identity.empty());
    CHECK(marker.connection.empty());
    CHECK(marker.at == polled);
    CHECK(marker.source == platform::livekit);
    CHECK(marker.dedup_key == "lk-snapshot:standup-42:1755087000000");

    const event* alice = find_connection(*r, "PA_Kf3mW9xRtY2q");
    REQUIRE(alice != nullptr);
    CHECK(alice->kind == event_kind::evidence);
    CHECK(alice->identity == "alice@example.com");  // the host's own id (SPEC §11), as the webhooks key it
    CHECK(alice->display_name == "Alice");
    CHECK(alice->room == "standup-42");
    CHECK(alice->at == polled);
    CHECK_FALSE(alice->non_person);
    CHECK(alice->dedup_key == "lk-snapshot:standup-42:PA_Kf3mW9xRtY2q:1755087000000");
    const event* recorder = find_connection(*r, "PA_EGr3c0rd3rXy");
    REQUIRE(recorder != nullptr);
    CHECK(recorder->non_person);  // kind EGRESS: a recorder, never an attendee
    CHECK(find_connection(*r, "PA_9sLq2WnB7xVe") != nullptr);
}

TEST_CASE("snapshot parsers: LiveKit's camelCase form, agents, DISCONNECTED participants, an empty room") {
    const std::string body = fixture("livekit/list_participants_camel_case.json");
    auto r = parse_livekit_snapshot({body, polled, "standup-42"});
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.err().describe()));
    REQUIRE(r->events.size() == 3);  // alice, the agent, the marker
    CHECK(find_connection(*r, "PA_Kf3mW9xRtY2q") != nullptr);
    REQUIRE(find_connection(*r, "PA_Ag3ntVo1ce7Q") != nullptr);
    CHECK(find_connection(*r, "PA_Ag3ntVo1ce7Q")->non_person);
    CHECK(find_connection(*r, "PA_Lv4ingN0w3Zz") == nullptr);  // leaving: not listed, so the snapshot closes it
    REQUIRE(r->ignored.size() == 1);
    CHECK(r->ignored[0].find("DISCONNECTED") != std::string::npos);

    const std::string empty = fixture("livekit/list_participants_empty.json");
    auto e = parse_livekit_snapshot({empty, polled, "standup-42"});
    REQUIRE(e.ok());
    REQUIRE(e->events.size() == 1);
    CHECK(e->events[0].kind == event_kind::snapshot);
    // Enum numbers are protojson too.
    auto n = parse_livekit_snapshot({R"({"participants":[{"sid":"PA_1","identity":"u","state":3},{"sid":"PA_2","identity":"v","state":2,"kind":4}]})",
                                     polled, "r"});
    REQUIRE(n.ok());
    REQUIRE(n->events.size() == 2);
    CHECK(n->events[0].connection == "PA_2");
    CHECK(n->events[0].non_person);
}

TEST_CASE("snapshot parsers: bad LiveKit input is an error with a code") {
    struct bad_case {
        const char* body;
        const char* room;
        errc code;
        const char* names;
    };
    const bad_case cases[] = {
        {R"({"participants":[]})", "", errc::invalid_argument, "room"},
        {"{\"participants\":[", "r", errc::malformed_input, "JSON"},
        {"", "r", errc::malformed_input, "JSON"},
        {"[]", "r", errc::malformed_input, "object"},
        {R"({"participants":{}})", "r", errc::invalid_value, "participants"},
        {R"({"participants":[7]})", "r", errc::invalid_value, "participants[0]"},
        {R"({"participants":[{"identity":"u"}]})", "r", errc::missing_field, "participants[0].sid"},
        {R"({"participants":[{"sid":"PA_1"}]})", "r", errc::missing_field, "participants[0].identity"},
        {R"({"participants":[{"sid":"PA_1","identity":""}]})", "r", errc::missing_field, "participants[0]"},
        {R"({"participants":[{"sid":5,"identity":"u"}]})", "r", errc::invalid_value, "participants[0].sid"},
        {R"({"participants":[{"sid":"PA_1","identity":"u","state":true}]})", "r", errc::invalid_value, "state"},
        {R"({"participants":[{"sid":"PA_1","identity":"u","permission":{"agent":"yes"}}]})", "r", errc::invalid_value, "agent"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.body);
        auto r = parse_livekit_snapshot({c.body, polled, c.room});
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == c.code);
        CHECK_MESSAGE(r.err().message.find(c.names) != std::string::npos, r.err().message);
    }
}

TEST_CASE("snapshot parsers: a BBB getMeetingInfo response keys people as the webhooks do") {
    const std::string body = fixture("bbb/get_meeting_info.xml");
    auto r = parse_bbb_snapshot({body, polled, {}});
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.err().describe()));
    CHECK(r->event_name == "bbb-snapshot");
    REQUIRE(r->events.size() == 3);
    const event& marker = r->events.back();
    CHECK(marker.kind == event_kind::snapshot);
    CHECK(marker.source == platform::bbb);
    CHECK(marker.room == "8043c8452ae9830aac14c517adff3839dbd9228f-1698771157700");  // internal id, as webhooks
    CHECK(marker.room_alt == "random-9019868");
    const event* teacher = find_connection(*r, "w_teacher0001");
    REQUIRE(teacher != nullptr);
    CHECK(teacher->identity == "t-amal");  // extUserID, the host's own id
    CHECK(teacher->display_name == "Amal & Co");
    CHECK(teacher->who == role::teacher);  // MODERATOR: the role hint
    const event* mary = find_connection(*r, "w_uxw0dzhtvk0l");
    REQUIRE(mary != nullptr);
    CHECK(mary->identity == "w_uxw0dzhtvk0l");  // no extUserID: the internal id
    CHECK(mary->display_name == "Mary Sue");
    CHECK(mary->who == role::student);
    CHECK(mary->at == polled);
    // The room may be named by either id; another meeting's response is refused.
    CHECK(parse_bbb_snapshot({body, polled, "random-9019868"}).ok());
    CHECK(parse_bbb_snapshot({body, polled, "8043c8452ae9830aac14c517adff3839dbd9228f-1698771157700"}).ok());
    auto other = parse_bbb_snapshot({body, polled, "another-meeting"});
    REQUIRE_FALSE(other.ok());
    CHECK(other.err().code == errc::invalid_value);
}

TEST_CASE("snapshot parsers: bad BBB input is an error with a code") {
    auto failed = parse_bbb_snapshot({fixture("bbb/get_meeting_info_not_found.xml"), polled, {}});
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.err().code == errc::invalid_value);
    CHECK(failed.err().message.find("FAILED") != std::string::npos);
    CHECK(failed.err().message.find("notFound") != std::string::npos);
    struct bad_case {
        const char* body;
        errc code;
        const char* names;
    };
    const bad_case cases[] = {
        {"<response><returncode>SUCCESS</returncode>", errc::malformed_input, "XML"},
        {"", errc::malformed_input, "XML"},
        {"{\"returncode\":\"SUCCESS\"}", errc::malformed_input, ""},  // not XML, or XML without <response>
        {"<meeting/>", errc::malformed_input, "response"},
        {"<response><internalMeetingID>m</internalMeetingID></response>", errc::invalid_value, "returncode"},
        {"<response><returncode>SUCCESS</returncode></response>", errc::missing_field, "internalMeetingID"},
        {"<response><returncode>SUCCESS</returncode><internalMeetingID>m</internalMeetingID><attendees><attendee>"
         "<fullName>x</fullName></attendee></attendees></response>",
         errc::missing_field, "attendees[0].userID"},
        // Not UTF-8 (a byte 0xF9 inside the meeting id): every id and name ends up in JSON.
        {"<response><returncode>SUCCESS</returncode><internalMeetingID>m\xF9</internalMeetingID></response>",
         errc::malformed_input, "UTF-8"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.body);
        auto r = parse_bbb_snapshot({c.body, polled, {}});
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == c.code);
        CHECK_MESSAGE(r.err().message.find(c.names) != std::string::npos, r.err().message);
    }
    // A running meeting nobody is in: a snapshot listing nobody.
    auto empty = parse_bbb_snapshot({"<response><returncode>SUCCESS</returncode><internalMeetingID>m</internalMeetingID>"
                                     "<attendees/></response>",
                                     polled, {}});
    REQUIRE(empty.ok());
    CHECK(empty->events.size() == 1);
}
