#include <doctest/doctest.h>

#include <simdjson.h>

#include <fstream>
#include <sstream>
#include <string>

#include "sources/sources.hpp"
#include "sources/zoom.hpp"
#include "support/files.hpp"

using rollcall::test::fixture;

using namespace rollcall;
using namespace rollcall::sources;

namespace {

const std::string secret = "zoom_secret_token_example";


verify_config config_with(std::string token = secret) {
    verify_config c;
    c.zoom_secret_token = std::move(token);
    return c;
}

request signed_request(std::string_view body, const std::string& ts, const std::string& sig, std::int64_t now_s) {
    request r;
    r.source = platform::zoom;
    r.body = body;
    r.headers.add("x-zm-request-timestamp", ts);
    r.headers.add("x-zm-signature", sig);
    r.now = from_unix_s(now_s);
    return r;
}

// Parses a trusted body (verification off), as a replay would.
result<parse_outcome> unverified(std::string_view body) {
    verify_config c = config_with();
    c.verify = false;
    request r;
    r.source = platform::zoom;
    r.body = body;
    return zoom::parse_webhook(c, r);
}

}  // namespace

TEST_CASE("zoom: every vector of fixtures/zoom/signatures.json gives its expected outcome") {
    simdjson::ondemand::parser parser;
    const auto manifest = simdjson::padded_string::load(ROLLCALL_TEST_DIR "/fixtures/zoom/signatures.json");
    REQUIRE(manifest.error() == simdjson::SUCCESS);
    auto doc = parser.iterate(manifest.value_unsafe());
    int count = 0;
    for (auto item : doc["vectors"].get_array()) {
        auto v = item.get_object();
        const std::string body_file(std::string_view(v["body_file"].get_string().value()));
        const std::string token(std::string_view(v["secret_token"].get_string().value()));
        const std::string ts = std::to_string(v["timestamp"].get_int64().value());
        const std::string sig(std::string_view(v["signature"].get_string().value()));
        const std::int64_t now = v["now_unix"].get_int64().value();
        const std::string expect(std::string_view(v["expect"].get_string().value()));
        const std::string body = fixture(body_file);
        CAPTURE(body_file);
        CAPTURE(expect);
        auto out = zoom::parse_webhook(config_with(token), signed_request(body, ts, sig, now));
        if (expect == "valid") {
            REQUIRE(out.ok());
            CHECK(out->event_name.size() > 0);
        } else {
            REQUIRE_FALSE(out.ok());
            CHECK(out.err().code == (expect == "stale" ? errc::stale_timestamp : errc::bad_signature));
            CHECK(out.err().message.find(token) == std::string::npos);
        }
        // The same request through the platform dispatcher gives the same verdict.
        auto via = parse_request(config_with(token), signed_request(body, ts, sig, now));
        CHECK(via.ok() == out.ok());
        ++count;
    }
    CHECK(count == 14);
}

TEST_CASE("zoom: url_validation answers with the exact response body of the manifest") {
    simdjson::ondemand::parser parser;
    const auto manifest = simdjson::padded_string::load(ROLLCALL_TEST_DIR "/fixtures/zoom/signatures.json");
    REQUIRE(manifest.error() == simdjson::SUCCESS);
    auto doc = parser.iterate(manifest.value_unsafe());
    int count = 0;
    for (auto item : doc["url_validation"].get_array()) {
        auto v = item.get_object();
        const std::string body = fixture(std::string(std::string_view(v["body_file"].get_string().value())));
        const std::string token(std::string_view(v["secret_token"].get_string().value()));
        const std::string plain(std::string_view(v["plainToken"].get_string().value()));
        const std::string expected(std::string_view(v["response_body"].get_string().value()));
        CHECK(zoom::url_validation_response(token, plain) == expected);
        auto out = unverified(body);
        REQUIRE(out.ok());
        CHECK(out->event_name == "endpoint.url_validation");
        CHECK(out->events.empty());
        REQUIRE(out->response_body.has_value());
        CHECK(*out->response_body == expected);
        ++count;
    }
    CHECK(count == 2);
}

TEST_CASE("zoom: meeting.started and meeting.ended give room start and end, numeric id as number or string") {
    auto started = unverified(fixture("zoom/meeting.started.json"));
    REQUIRE(started.ok());
    REQUIRE(started->events.size() == 1);
    const event& s = started->events[0];
    CHECK(s.kind == event_kind::room_start);
    CHECK(s.source == platform::zoom);
    CHECK(s.room == "4444AAAiAAAAAiAiAiiAii==");
    CHECK(s.room_alt == "1234567890");
    CHECK(s.at == parse_rfc3339("2021-07-13T21:44:51Z").value());
    CHECK(s.identity.empty());

    auto ended = unverified(fixture("zoom/meeting.ended.json"));
    REQUIRE(ended.ok());
    REQUIRE(ended->events.size() == 1);
    CHECK(ended->events[0].kind == event_kind::room_end);
    CHECK(ended->events[0].room_alt == "1234567890");
    CHECK(ended->events[0].at == parse_rfc3339("2021-07-13T23:00:51Z").value());
    CHECK(ended->events[0].dedup_key != s.dedup_key);

    auto real = unverified(fixture("zoom/meeting.ended_issue349.json"));
    REQUIRE(real.ok());
    CHECK(real->events.at(0).room_alt == "55555555555");
    CHECK(real->events.at(0).at == parse_rfc3339("2024-07-09T17:51:58Z").value());
    auto utf8 = unverified(fixture("zoom/meeting.ended_non_ascii_topic.json"));
    REQUIRE(utf8.ok());
    CHECK(utf8->events.at(0).at == real->events.at(0).at);
}

TEST_CASE("zoom: participant joined and left pair on participant_uuid with the registrant as identity") {
    auto joined = unverified(fixture("zoom/meeting.participant_joined.json"));
    auto left = unverified(fixture("zoom/meeting.participant_left.json"));
    REQUIRE(joined.ok());
    REQUIRE(left.ok());
    REQUIRE(joined->events.size() == 1);
    REQUIRE(left->events.size() == 1);
    const event& j = joined->events[0];
    const event& l = left->events[0];
    CHECK(j.kind == event_kind::join);
    CHECK(l.kind == event_kind::leave);
    CHECK(j.connection == "55555AAAiAAAAAiAiAiiAii");
    CHECK(j.connection == l.connection);
    CHECK(j.identity == "349589LkJyeW");  // customer_key: the host's own id (SPEC §11 rule 1)
    CHECK_FALSE(j.unresolved);
    CHECK(j.identity == l.identity);
    CHECK(j.display_name == "Jill Chill");
    CHECK(j.email == "jchill@example.com");
    CHECK(j.room == "4444AAAiAAAAAiAiAiiAii==");
    CHECK(j.at == parse_rfc3339("2021-07-13T21:44:51Z").value());
    CHECK_FALSE(l.joined_at.has_value());
    CHECK(j.dedup_key == "zoom:meeting.participant_joined:4444AAAiAAAAAiAiAiiAii==:55555AAAiAAAAAiAiAiiAii:1626212691000");
    CHECK(j.dedup_key != l.dedup_key);
}

TEST_CASE("zoom: identity follows SPEC §11 and never lets a display name pose as an id") {
    zoom::person_fields p{"reg", "puid", "id", "ck", "A@B.example", "  Jill   Chill "};
    CHECK(zoom::identity_of(p) == "ck");
    p.customer_key = " ";
    CHECK(zoom::identity_of(p) == "reg");
    p.registrant_id = "";
    CHECK(zoom::identity_of(p) == "a@b.example");
    p.email = "";
    CHECK(zoom::identity_of(p) == "puid");
    p.participant_user_id = "";
    CHECK(zoom::identity_of(p) == "id");
    p.id = "";
    CHECK(zoom::identity_of(p) == "name:jill chill");
    p.name = "";
    CHECK(zoom::identity_of(p).empty());
}

TEST_CASE("zoom: participant fields may be absent or empty; the host is the teacher hint") {
    const std::string body =
        R"({"event":"meeting.participant_joined","event_ts":1626230691572,"payload":{"object":{"id":85746352910,)"
        R"("uuid":"u1==","host_id":"HOST","participant":{"user_id":"16778205","user_name":" Ada  Guest ",)"
        R"("id":"","email":"","registrant_id":"","join_time":"2021-07-13T21:44:51.250Z"}}}})";
    auto out = unverified(body);
    REQUIRE(out.ok());
    const event& e = out->events.at(0);
    CHECK(e.connection == "16778205");
    CHECK(e.identity == "name:ada guest");
    CHECK(e.room_alt == "85746352910");
    CHECK(e.who == role::other);
    CHECK(to_unix_ms(e.at) == 1626212691250);

    const std::string host =
        R"({"event":"meeting.participant_left","payload":{"object":{"uuid":"u1==","host_id":"HOST","participant":)"
        R"({"user_id":"1","id":"HOST","leave_time":"2021-07-13T22:00:00Z"}}},"event_ts":1626230691572})";
    auto h = unverified(host);
    REQUIRE(h.ok());
    CHECK(h->events.at(0).who == role::teacher);
    CHECK(h->events.at(0).identity == "HOST");

    const std::string no_time =
        R"({"event":"meeting.participant_left","event_ts":1626230691572,"payload":{"object":{"uuid":"u1==",)"
        R"("participant":{"user_id":"1"}}}})";
    auto fallback = unverified(no_time);
    REQUIRE(fallback.ok());
    CHECK(to_unix_ms(fallback->events.at(0).at) == 1626230691572);
    CHECK_FALSE(fallback->notes.empty());
}

TEST_CASE("zoom: recording.completed gives recording_ready") {
    auto out = unverified(fixture("zoom/recording.completed.json"));
    REQUIRE(out.ok());
    REQUIRE(out->events.size() == 1);
    CHECK(out->events[0].kind == event_kind::recording_ready);
    CHECK(out->events[0].room == "4444AAAiAAAAAiAiAiiAii==");
    CHECK(to_unix_ms(out->events[0].at) == 1626230691572);
    CHECK(out->events[0].detail == R"({"recording_count":2})");
}

TEST_CASE("zoom: waiting room, lobby and breakout events are recognised, not presence in the main meeting") {
    for (const char* name : {"meeting.participant_joined_waiting_room", "meeting.participant_admitted",
                             "meeting.participant_joined_breakout_room", "meeting.participant_left_breakout_room",
                             "meeting.participant_jbh_joined"}) {
        const std::string body = std::string(R"({"event":")") + name +
                                 R"(","event_ts":1,"payload":{"object":{"uuid":"u","participant":{"user_id":"1"}}}})";
        verify_config c = config_with();
        c.verify = false;
        c.strict_events = true;
        request r;
        r.source = platform::zoom;
        r.body = body;
        auto out = zoom::parse_webhook(c, r);
        CAPTURE(name);
        REQUIRE(out.ok());
        CHECK(out->events.empty());
        REQUIRE(out->ignored.size() == 1);
        CHECK(out->ignored[0] == name);
    }
    const std::string unknown = R"({"event":"meeting.sharing_started","event_ts":1,"payload":{}})";
    auto relaxed = unverified(unknown);
    REQUIRE(relaxed.ok());
    CHECK(relaxed->ignored == std::vector<std::string>{"meeting.sharing_started"});
    verify_config strict = config_with();
    strict.verify = false;
    strict.strict_events = true;
    request r;
    r.source = platform::zoom;
    r.body = unknown;
    auto refused = zoom::parse_webhook(strict, r);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.err().code == errc::unsupported_event);
}

TEST_CASE("zoom: headers are case-insensitive; missing or malformed signatures have their own codes") {
    const std::string body = fixture("zoom/endpoint.url_validation_signed.json");
    request r;
    r.source = platform::zoom;
    r.body = body;
    r.now = from_unix_s(1626230693);
    r.headers.add("X-Zm-Request-Timestamp", "1626230692");
    r.headers.add("X-ZM-SIGNATURE", "v0=6a64271252d53c2bd369e6ec9d20900419b6fcb9356961049e476d34db6c7bf1");
    CHECK(zoom::verify_signature(config_with(), r).ok());

    request no_sig = r;
    no_sig.headers = header_list{{"x-zm-request-timestamp", "1626230692"}};
    auto e1 = zoom::verify_signature(config_with(), no_sig);
    REQUIRE_FALSE(e1.ok());
    CHECK(e1.err().code == errc::missing_signature);
    CHECK(e1.err().message.find("x-zm-signature") != std::string::npos);

    request no_ts = r;
    no_ts.headers = header_list{{"x-zm-signature", "v0=00"}};
    auto e2 = zoom::verify_signature(config_with(), no_ts);
    REQUIRE_FALSE(e2.ok());
    CHECK(e2.err().code == errc::missing_signature);
    CHECK(e2.err().message.find("x-zm-request-timestamp") != std::string::npos);

    for (const char* bad : {"v1=6a64271252d53c2bd369e6ec9d20900419b6fcb9356961049e476d34db6c7bf1", "v0=6a64",
                            "v0=zz64271252d53c2bd369e6ec9d20900419b6fcb9356961049e476d34db6c7bf1", ""}) {
        request b = r;
        b.headers = header_list{{"x-zm-request-timestamp", "1626230692"}, {"x-zm-signature", bad}};
        auto e = zoom::verify_signature(config_with(), b);
        REQUIRE_FALSE(e.ok());
        CHECK(e.err().code == errc::bad_signature);
    }
    request bad_ts = r;
    bad_ts.headers = header_list{{"x-zm-request-timestamp", "16262306xx"},
                                 {"x-zm-signature", "v0=6a64271252d53c2bd369e6ec9d20900419b6fcb9356961049e476d34db6c7bf1"}};
    CHECK(zoom::verify_signature(config_with(), bad_ts).err().code == errc::invalid_value);
    CHECK(zoom::verify_signature(config_with(""), r).err().code == errc::config_error);

    // The window is configurable, applies to future timestamps too, and 0 disables it.
    verify_config narrow = config_with();
    narrow.zoom_window_s = 0;
    request late = r;
    late.now = from_unix_s(1626230692 + 86400);
    CHECK(zoom::verify_signature(narrow, late).ok());
    narrow.zoom_window_s = 10;
    late.now = from_unix_s(1626230692 - 11);
    CHECK(zoom::verify_signature(narrow, late).err().code == errc::stale_timestamp);
}

TEST_CASE("zoom: malformed bodies are rejected cleanly, with no events, whatever the truncation") {
    auto bad = unverified(fixture("zoom/malformed_not_json.txt"));
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.err().code == errc::malformed_input);

    for (const char* file : {"zoom/meeting.participant_joined.json", "zoom/meeting.ended_issue349.json",
                             "zoom/recording.completed.json", "zoom/endpoint.url_validation.json"}) {
        const std::string body = fixture(file);
        REQUIRE(unverified(body).ok());
        for (std::size_t n = 0; n < body.size(); ++n) {
            auto out = unverified(std::string_view(body).substr(0, n));
            CAPTURE(file);
            CAPTURE(n);
            CHECK_FALSE(out.ok());
        }
        CHECK_FALSE(unverified(body + "x").ok());
        CHECK(unverified(body + " \n").ok());
    }
    for (const char* odd : {"", "[]", "null", "{}", R"({"event":1})", R"({"event":"meeting.started","payload":[]})",
                            R"({"event":"meeting.started","payload":{"object":{"uuid":{}}}})",
                            R"({"event":"meeting.started","payload":{"object":{"uuid":"u","start_time":"yesterday"}}})",
                            R"({"event":"meeting.started","payload":{"object":{"uuid":"u"}}})"}) {
        CAPTURE(odd);
        CHECK_FALSE(unverified(odd).ok());
    }
}
