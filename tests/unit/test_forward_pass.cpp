// The BBB and Zoom parsers read with one forward pass and fall back to their checked path (whole-document
// validation, keyed lookups, exact errors) when it says no. These tests hold the two to the same
// outcome, and the forward pass to rejecting everything the whole-document validation rejects.
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "sources/bbb.hpp"
#include "sources/bbb_analytics.hpp"
#include "sources/form.hpp"
#include "sources/ondemand_forward.hpp"
#include "sources/zoom.hpp"
#include "sources/zoom_report.hpp"
#include "support/files.hpp"

using rollcall::test::fixture;

using namespace rollcall;
using namespace rollcall::sources;

namespace {

constexpr std::string_view report_uuid = "4444AAAiAAAAAiAiAiiAii==";

// What a parse gave: the error, or the outcome.
struct seen_outcome {
    bool ok = false;
    errc code = errc::ok;
    std::string message;
    parse_outcome out;
    zoom::participants_page page;

    friend bool operator==(const seen_outcome& a, const seen_outcome& b) {
        if (a.ok != b.ok || a.code != b.code || a.message != b.message) return false;
        return a.out.event_name == b.out.event_name && a.out.events == b.out.events && a.out.ignored == b.out.ignored &&
               a.out.notes == b.out.notes && a.out.response_body == b.out.response_body &&
               a.page.events == b.page.events && a.page.next_page_token == b.page.next_page_token &&
               a.page.rows == b.page.rows && a.page.waiting_room_rows == b.page.waiting_room_rows &&
               a.page.notes == b.page.notes;
    }
};

using parser_fn = std::function<seen_outcome(std::string_view)>;

seen_outcome from(result<void> r, parse_outcome out = {}, zoom::participants_page page = {}) {
    seen_outcome s;
    s.ok = r.ok();
    if (!r.ok()) {
        s.code = r.err().code;
        s.message = r.err().message;
        return s;
    }
    s.out = std::move(out);
    s.page = std::move(page);
    return s;
}

seen_outcome bbb_events(std::string_view json) {
    parse_outcome out;
    auto r = bbb::parse_event_array(json, 1708381137700, false, out);
    return from(r, std::move(out));
}

seen_outcome analytics(std::string_view json) {
    parse_outcome out;
    auto r = bbb::parse_analytics_body(json, out);
    return from(r, std::move(out));
}

seen_outcome zoom_webhook(std::string_view json) {
    verify_config c;
    c.zoom_secret_token = "zoom_secret_token_example";
    c.verify = false;
    parse_outcome out;
    auto r = zoom::parse_body(c, json, out);
    return from(r, std::move(out));
}

seen_outcome report_page(std::string_view json) {
    zoom::participants_page page;
    auto r = zoom::parse_participants_page(json, report_uuid, page);
    return from(r, {}, std::move(page));
}

seen_outcome checked(const parser_fn& parse, std::string_view json) {
    forward::checked_only = true;
    seen_outcome s = parse(json);
    forward::checked_only = false;
    return s;
}

// Both paths on `json`; returns the outcome.
seen_outcome agree(const parser_fn& parse, std::string_view json) {
    const seen_outcome fast = parse(json);
    const seen_outcome slow = checked(parse, json);
    CHECK(fast == slow);
    return fast;
}

std::string event_json_of_form(const std::string& name) {
    std::string json;
    REQUIRE(form::get(fixture("bbb/" + name), "event", json).ok());
    return json;
}

struct document {
    std::string json;
    parser_fn parse;
};

std::vector<document> fixture_documents() {
    std::vector<document> docs;
    for (const char* f : {"user-joined.v3.form", "batch3.v2.form", "meeting-created.v3.form", "meeting-ended.v3.form",
                          "rap-publish-ended.v2.form", "user-joined_moderator.v3.form", "user-left.v3.form"})
        docs.push_back({event_json_of_form(f), bbb_events});
    for (const char* f : {"meeting-created.json", "meeting-ended.json", "rap-publish-ended.json", "user-joined.json",
                          "user-left_moderator.json", "v2_user-joined.json", "v2_user-left.json", "v2_meeting-ended.json"})
        docs.push_back({"[" + fixture(std::string("bbb/") + f) + "]", bbb_events});
    docs.push_back({fixture("bbb/analytics_callback.json"), analytics});
    for (const char* f : {"endpoint.url_validation.json", "meeting.ended.json", "meeting.ended_issue349.json",
                          "meeting.ended_non_ascii_topic.json", "meeting.participant_joined.json",
                          "meeting.participant_left.json", "meeting.started.json", "recording.completed.json"})
        docs.push_back({fixture(std::string("zoom/") + f), zoom_webhook});
    for (const char* f : {"past_participants_page1.json", "past_participants_page2.json"})
        docs.push_back({fixture(std::string("zoom/") + f), report_page});
    return docs;
}

}  // namespace

TEST_CASE("forward pass: every BBB and Zoom fixture is read by it, whole, as the checked path reads it") {
    for (const auto& d : fixture_documents()) {
        CAPTURE(d.json.substr(0, 60));
        const std::size_t before = forward::checked_runs;
        const seen_outcome fast = d.parse(d.json);
        CHECK(fast.ok);
        CHECK(forward::checked_runs == before);  // no fallback: the forward pass accepted it
        CHECK(fast == checked(d.parse, d.json));
    }
}

TEST_CASE("forward pass: every cut and every one-byte damage of the fixtures gives the checked path's outcome") {
    for (const auto& d : fixture_documents()) {
        CAPTURE(d.json.substr(0, 60));
        std::size_t end = d.json.size();  // a cut that only drops trailing whitespace is no damage
        while (end > 0 && (d.json[end - 1] == '\n' || d.json[end - 1] == ' ' || d.json[end - 1] == '\r')) --end;
        for (std::size_t n = 0; n < d.json.size(); ++n) {
            CAPTURE(n);
            const bool ok = agree(d.parse, std::string_view(d.json).substr(0, n)).ok;
            if (n < end) CHECK_FALSE(ok);
        }
        // Damage: each structural or quote byte replaced, and a byte dropped, every 7 bytes.
        for (std::size_t i = 0; i < d.json.size(); ++i) {
            const char c = d.json[i];
            const bool structural = c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',' || c == '"';
            if (!structural && i % 7 != 0) continue;
            CAPTURE(i);
            std::string damaged = d.json;
            damaged[i] = structural ? 'x' : '\\';
            agree(d.parse, damaged);
            agree(d.parse, d.json.substr(0, i) + d.json.substr(i + 1));
        }
    }
}

TEST_CASE("forward pass: a value nobody reads is validated as the whole-document check validated it") {
    // Each is valid JSON but for one unread value: a bad atom, number, escape or nesting depth.
    const std::string deep = std::string(1030, '[') + std::string(1030, ']');
    const std::string fine = std::string(1000, '[') + std::string(1000, ']');
    for (const std::string& bad : std::vector<std::string>{"tru", "nul", "01", "1.", "-", "\"\\q\"", "\"\\ud800\"", "[1,]", "{\"a\":}", deep}) {
        CAPTURE(bad.substr(0, 20));
        const std::string user = R"({"internal-user-id":"w_1","guest":false,"presenter":)" + bad + "}";
        const std::string bbb_json = R"([{"data":{"id":"user-joined","type":)" + bad +
                                     R"(,"attributes":{"meeting":{"internal-meeting-id":"m"},"user":)" + user +
                                     R"(},"event":{"ts":1708381137694}}}])";
        CHECK(agree(bbb_events, bbb_json).code == errc::malformed_input);
        const std::string zoom_json = R"({"event":"meeting.started","event_ts":1,"payload":{"object":{"uuid":"u","x":)" +
                                      bad + R"(}}})";
        CHECK(agree(zoom_webhook, zoom_json).code == errc::malformed_input);
        const std::string page_json = R"({"participants":[{"user_id":"1","join_time":"2021-07-13T21:44:51Z","q":)" +
                                      bad + "}]}";
        CHECK(agree(report_page, page_json).code == errc::malformed_input);
        const std::string analytics_json = R"({"internal_meeting_id":"m","data":{"metadata":)" + bad + "}}";
        CHECK(agree(analytics, analytics_json).code == errc::malformed_input);
    }
    // The same documents with a deep but allowed value are accepted.
    CHECK(agree(zoom_webhook, R"({"event":"meeting.started","event_ts":1,"payload":{"object":{"uuid":"u","x":)" + fine +
                                  "}}}")
              .ok);
    CHECK(agree(analytics, R"({"internal_meeting_id":"m","data":{"metadata":)" + fine + "}}").ok);
}

TEST_CASE("forward pass: keys in any order, repeated and escaped keys give the checked path's outcome") {
    // BBB: the id after the attributes (rap-* fields read before the id says rap-), repeated keys.
    const seen_outcome late_id = agree(
        bbb_events, R"([{"data":{"attributes":{"record-id":"rec-1","success":"true"},"event":{"ts":1708381137},"id":"rap-publish-ended"}}])");
    REQUIRE(late_id.ok);
    REQUIRE(late_id.out.events.size() == 1);
    CHECK(late_id.out.events[0].room == "rec-1");
    const seen_outcome not_rap = agree(
        bbb_events,
        R"([{"data":{"attributes":{"meeting":{"internal-meeting-id":"m"},"record-id":{"x":1},"success":[]},"event":{"ts":1708381137694},"id":"meeting-ended"}}])");
    CHECK(not_rap.ok);  // fields of rap-* events only are not read for others, whatever they hold
    for (const char* json :
         {R"([{"data":{"id":"meeting-ended","id":"meeting-created","attributes":{"meeting":{"internal-meeting-id":"m"}},"event":{"ts":1}}}])",
          R"([{"data":{"attributes":{"meeting":{"internal-meeting-id":"a"}},"id":"meeting-ended","attributes":{"meeting":{"internal-meeting-id":"b"}},"event":{"ts":1}}}])",
          R"([{"data":{"i\u0064":"meeting-ended","id":"meeting-created","attributes":{"meeting":{"internal-meeting-id":"m"}},"event":{"ts":1}}}])",
          R"([{"data":{"id":"user-joined","attributes":{"user":{"internal-user-id":"a","internal-user-id":"b","n\u0061me":"N"},"meeting":{"internal-meeting-id":"m"}},"event":{"ts":1}}}])"}) {
        CAPTURE(json);
        agree(bbb_events, json);
    }
    // Zoom: the payload before the event name; a repeated uuid.
    const seen_outcome payload_first = agree(
        zoom_webhook,
        R"({"payload":{"object":{"participant":{"user_name":"Jill","user_id":"u1","join_time":"2021-07-13T21:44:51Z"},"uuid":"m"}},"event":"meeting.participant_joined"})");
    REQUIRE(payload_first.ok);
    CHECK(payload_first.out.events.size() == 1);
    agree(zoom_webhook, R"({"event":"meeting.started","payload":{"object":{"uuid":"a","uuid":"b","start_time":"2021-07-13T21:44:51Z"}}})");
    agree(zoom_webhook, R"({"event":"meeting.started","payload":{"object":{"uuid":"a","start_time":"2021-07-13T21:44:51Z","end_time":{}}}})");
    // Analytics: attendees before the room's ids and times, sessions before the attendee's own fields.
    const seen_outcome attendees_first = agree(
        analytics,
        R"({"data":{"attendees":[{"sessions":[{"lefts":[{"timestamp":"2024-02-19T19:30:00Z","userid":"w_1"}],"joins":[{"timestamp":"2024-02-19T19:01:00Z","userid":"w_1"}]}],"name":"B","ext_user_id":"s-42","moderator":false}],"start":"2024-02-19T19:00:00Z"},"internal_meeting_id":"m","meeting_id":"x"})");
    REQUIRE(attendees_first.ok);
    REQUIRE(attendees_first.out.events.size() == 3);
    CHECK(attendees_first.out.events[0].kind == event_kind::room_start);
    CHECK(attendees_first.out.events[2].joined_at.has_value());
    // Report: rows before the page token.
    const seen_outcome rows_first = agree(
        report_page, R"({"participants":[{"user_id":"1","join_time":"2021-07-13T21:44:51Z"}],"next_page_token":"t"})");
    REQUIRE(rows_first.ok);
    CHECK(rows_first.page.next_page_token == "t");
}

TEST_CASE("forward pass: outcomes reused across calls give fresh results, with no stale event left over") {
    const std::string batch = event_json_of_form("batch3.v2.form");
    const std::string one = event_json_of_form("user-joined.v3.form");
    parse_outcome reused;
    REQUIRE(bbb::parse_event_array_reusing(batch, std::nullopt, false, reused).ok());
    REQUIRE(reused.events.size() == 3);
    REQUIRE(bbb::parse_event_array_reusing(one, std::nullopt, false, reused).ok());
    const seen_outcome fresh = bbb_events(one);
    CHECK(reused.events == fresh.out.events);
    CHECK(reused.event_name == fresh.out.event_name);
    CHECK_FALSE(bbb::parse_event_array_reusing("[{}]", std::nullopt, false, reused).ok());
    CHECK(reused.events.empty());

    const std::string analytics_body = fixture("bbb/analytics_callback.json");
    REQUIRE(bbb::parse_analytics_body_reusing(analytics_body, reused).ok());
    CHECK(reused.events == analytics(analytics_body).out.events);

    const std::string joined = fixture("zoom/meeting.participant_joined.json");
    const std::string started = fixture("zoom/meeting.started.json");
    verify_config c;
    c.verify = false;
    REQUIRE(zoom::parse_body(c, joined, reused).ok());
    REQUIRE(zoom::parse_body(c, started, reused).ok());
    CHECK(reused.events == zoom_webhook(started).out.events);

    zoom::participants_page page;
    REQUIRE(zoom::parse_participants_page(fixture("zoom/past_participants_page1.json"), report_uuid, page).ok());
    const std::string page2 = fixture("zoom/past_participants_page2.json");
    REQUIRE(zoom::parse_participants_page(page2, report_uuid, page).ok());
    CHECK(page.events == report_page(page2).page.events);
    CHECK(page.rows == report_page(page2).page.rows);
}
