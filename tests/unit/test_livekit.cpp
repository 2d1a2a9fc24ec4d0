#include <doctest/doctest.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "crypto/crypto.hpp"
#include "sources/livekit.hpp"
#include "support/files.hpp"

using rollcall::test::fixture;

using namespace rollcall;
using namespace rollcall::sources;

namespace {

const std::string fixtures = std::string(ROLLCALL_TEST_DIR) + "/fixtures/";

/// Parses a body without verification (trusted replay), the way the mapping tests want it.
result<parse_outcome> parse_trusted(const std::string& body, bool strict = false) {
    verify_config c;
    c.verify = false;
    c.strict_events = strict;
    request r;
    r.body = body;
    return livekit::parse_webhook(c, r);
}

parse_outcome parse_fixture(const std::string& name) {
    const std::string body = fixture("livekit/" + name);
    auto r = parse_trusted(body);
    REQUIRE_MESSAGE(r.ok(), name << ": " << (r.ok() ? "" : r.err().describe()));
    return std::move(r).take();
}

std::string make_token(std::string_view payload, std::string_view secret) {
    const std::string input = crypto::base64url_encode(R"({"alg":"HS256","typ":"JWT"})") + "." + crypto::base64url_encode(payload);
    return input + "." + crypto::base64url_encode(crypto::hmac(crypto::hash_alg::sha256, secret, input));
}

std::string sha_claim(std::string_view body) { return crypto::base64_encode(crypto::digest(crypto::hash_alg::sha256, body)); }

}  // namespace

TEST_CASE("livekit: every signed fixture vector gives its expected outcome") {
    int seen = 0;
    for (const auto& entry : std::filesystem::directory_iterator(fixtures + "livekit/signed")) {
        const std::string file = entry.path().filename().string();
        CAPTURE(file);
        simdjson::dom::parser p;
        const std::string text = fixture("livekit/signed/" + file);
        simdjson::dom::element v = p.parse(text);
        const std::string body = fixture(std::string(v["body_file"].get_string().value()));
        const std::string_view expect = v["expect"].get_string().value();

        verify_config c;
        c.livekit_keys.emplace(std::string(v["api_key"].get_string().value()),
                               std::string(v["api_secret"].get_string().value()));
        request req;
        req.source = platform::livekit;
        req.headers.add("Authorization", std::string(v["authorization"].get_string().value()));
        req.body = body;
        req.now = from_unix_s(v["now_unix"].get_int64().value());

        auto r = livekit::parse_webhook(c, req);
        if (expect == "valid") {
            CHECK_MESSAGE(r.ok(), (r.ok() ? "" : r.err().describe()));
            if (r.ok()) CHECK(!r->event_name.empty());
        } else {
            REQUIRE_FALSE(r.ok());
            if (expect == "expired") CHECK(r.err().code == errc::token_expired);
            else if (expect == "unknown_key") CHECK(r.err().code == errc::unknown_key);
            else if (expect == "body_mismatch") CHECK(r.err().code == errc::bad_signature);
            else if (file.find("alg_none") != std::string::npos || file.find("hs512") != std::string::npos)
                CHECK(r.err().code == errc::unsupported_algorithm);
            else if (expect == "bad_signature") CHECK(r.err().code == errc::bad_signature);
            else FAIL("unexpected expectation " << expect);
        }
        ++seen;
    }
    CHECK(seen >= 31);
}

TEST_CASE("livekit: the leeway is configurable and the header name case-insensitive") {
    simdjson::dom::parser p;
    const std::string text = fixture("livekit/signed/participant_left__valid_within_leeway.json");
    simdjson::dom::element v = p.parse(text);
    const std::string body = fixture("livekit/participant_left.json");
    verify_config c;
    c.livekit_keys.emplace("APItestkey", "test-secret-that-is-long-enough-0123456789");
    request req;
    req.headers.add("authorization", std::string(v["authorization"].get_string().value()));
    req.body = body;
    req.now = from_unix_s(v["now_unix"].get_int64().value());
    CHECK(livekit::verify_webhook(c, req).ok());
    c.livekit_leeway_s = 0;
    auto r = livekit::verify_webhook(c, req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::token_expired);
}

TEST_CASE("livekit: verification comes before parsing and covers the exact bytes") {
    verify_config c;
    c.livekit_keys.emplace("k", "s");
    const std::string body = "{\"event\":\"room_finished\", \"room\":{\"name\":\"r\"},\"createdAt\":\"5\"}\n";
    request req;
    req.body = body;
    req.now = from_unix_s(100);
    auto missing = livekit::parse_webhook(c, req);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.err().code == errc::missing_signature);

    const std::string good = make_token(R"({"iss":"k","exp":200,"sha256":")" + sha_claim(body) + "\"}", "s");
    req.headers.add("Authorization", "Bearer " + good);
    CHECK(livekit::parse_webhook(c, req).ok());

    // One byte less (the trailing newline) is a different body.
    const std::string trimmed = body.substr(0, body.size() - 1);
    req.body = trimmed;
    auto r = livekit::parse_webhook(c, req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::bad_signature);

    // A body that is not even JSON fails on its signature, never in the parser.
    const std::string junk = "{\"event\":";
    req.body = junk;
    r = livekit::parse_webhook(c, req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::bad_signature);

    // A token without a sha256 claim binds no body.
    request req2;
    req2.body = body;
    req2.now = from_unix_s(100);
    req2.headers.add("Authorization", make_token(R"({"iss":"k","exp":200})", "s"));
    r = livekit::parse_webhook(c, req2);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::bad_signature);

    // url-safe encodings of the claim are tolerated; the decoded bytes are what is compared.
    std::string url_claim = sha_claim(body);
    for (char& ch : url_claim) ch = ch == '+' ? '-' : ch == '/' ? '_' : ch;
    while (!url_claim.empty() && url_claim.back() == '=') url_claim.pop_back();
    request req3;
    req3.body = body;
    req3.now = from_unix_s(100);
    req3.headers.add("Authorization", make_token(R"({"iss":"k","exp":200,"sha256":")" + url_claim + "\"}", "s"));
    CHECK(livekit::parse_webhook(c, req3).ok());
}

TEST_CASE("livekit: participant_joined becomes a join at joinedAtMs") {
    const auto out = parse_fixture("participant_joined.json");
    CHECK(out.event_name == "participant_joined");
    REQUIRE(out.events.size() == 1);
    const event& e = out.events[0];
    CHECK(e.kind == event_kind::join);
    CHECK(e.source == platform::livekit);
    CHECK(e.room == "standup-42");
    CHECK(e.room_alt == "RM_7dXq4pLmN2aB");
    CHECK(e.identity == "alice@example.com");
    CHECK(e.connection == "PA_Kf3mW9xRtY2q");
    CHECK(to_unix_ms(e.at) == 1755086405321);
    CHECK_FALSE(e.joined_at.has_value());
    CHECK(e.dedup_key == "EV_3nRb8WqLx2Kp");
    CHECK(e.display_name == "Alice");
    CHECK(e.who == role::other);
    CHECK_FALSE(e.non_person);
    CHECK(e.detail.find("\"state\":\"ACTIVE\"") != std::string::npos);
    CHECK(e.detail.find("\"kind\":\"STANDARD\"") != std::string::npos);
}

TEST_CASE("livekit: join time falls back to joinedAt seconds, then createdAt") {
    auto r = parse_trusted(R"({"event":"participant_joined","room":{"name":"r","sid":"RM"},"participant":{"sid":"PA","identity":"i","joinedAt":"100"},"id":"EV","createdAt":"200"})");
    REQUIRE(r.ok());
    CHECK(to_unix_ms(r->events.at(0).at) == 100000);
    r = parse_trusted(R"({"event":"participant_joined","room":{"name":"r"},"participant":{"sid":"PA","identity":"i"},"id":"EV","createdAt":"200"})");
    REQUIRE(r.ok());
    CHECK(to_unix_ms(r->events.at(0).at) == 200000);
}

TEST_CASE("livekit: participant_left is a leave at createdAt carrying the join time") {
    const auto out = parse_fixture("participant_left.json");
    REQUIRE(out.events.size() == 1);
    const event& e = out.events[0];
    CHECK(e.kind == event_kind::leave);
    CHECK(to_unix_ms(e.at) == 1755089012000);
    REQUIRE(e.joined_at.has_value());
    CHECK(to_unix_ms(*e.joined_at) == 1755086405321);
    CHECK(e.connection == "PA_Kf3mW9xRtY2q");
    CHECK(e.dedup_key == "EV_9tGh2LmQw7Zc");
    CHECK(e.detail.find("\"disconnect_reason\":\"CLIENT_INITIATED\"") != std::string::npos);
    CHECK(e.detail.find("\"state\":\"DISCONNECTED\"") != std::string::npos);
}

TEST_CASE("livekit: int64 numbers, snake_case keys and enum numbers normalise identically") {
    const auto base = parse_fixture("participant_left.json");
    for (const char* variant : {"participant_left_int64_numbers.json", "participant_left_snake_case.json",
                                "participant_left_enum_numbers.json"}) {
        CAPTURE(variant);
        const auto out = parse_fixture(variant);
        REQUIRE(out.events.size() == 1);
        CHECK(out.events[0] == base.events[0]);
    }
}

TEST_CASE("livekit: the reconnect's stale leave closes only the old connection") {
    const auto old_join = parse_fixture("reconnect_0_participant_joined_old_sid.json");
    const auto new_join = parse_fixture("reconnect_1_participant_joined_new_sid.json");
    const auto stale_leave = parse_fixture("reconnect_2_participant_left_old_sid.json");
    CHECK(old_join.events.at(0).connection == "PA_Xy8Rt2LmQ9vB");
    CHECK(new_join.events.at(0).connection == "PA_Hn3Wq7ZsK1pD");
    CHECK(to_unix_ms(new_join.events.at(0).at) == 1755087300512);
    const event& leave = stale_leave.events.at(0);
    CHECK(leave.kind == event_kind::leave);
    CHECK(leave.connection == "PA_Xy8Rt2LmQ9vB");
    CHECK(leave.identity == "carol");
    CHECK(to_unix_ms(leave.at) == 1755087300000);
    CHECK(leave.detail.find("DUPLICATE_IDENTITY") != std::string::npos);
}

TEST_CASE("livekit: a connection that never became active is reported, nothing credited") {
    const auto out = parse_fixture("participant_connection_aborted.json");
    CHECK(out.events.empty());
    REQUIRE(out.notes.size() == 1);
    CHECK(out.notes[0].find("PA_Bq1zN6rTy4Wm") != std::string::npos);
    CHECK(out.notes[0].find("nothing credited") != std::string::npos);
    CHECK(out.ignored == std::vector<std::string>{"participant_connection_aborted"});
}

TEST_CASE("livekit: agents and egress recorders are flagged as not people") {
    const auto agent = parse_fixture("participant_joined_agent.json");
    REQUIRE(agent.events.size() == 1);
    CHECK(agent.events[0].non_person);
    CHECK(agent.events[0].detail.find("\"kind\":\"AGENT\"") != std::string::npos);
    CHECK(agent.notes.size() == 1);
    const auto egress = parse_fixture("participant_left_egress.json");
    REQUIRE(egress.events.size() == 1);
    CHECK(egress.events[0].non_person);
    CHECK(egress.events[0].kind == event_kind::leave);
    // The same kinds as integers.
    auto r = parse_trusted(R"({"event":"participant_joined","room":{"name":"r"},"participant":{"sid":"PA","identity":"i","kind":4},"id":"EV","createdAt":"2"})");
    REQUIRE(r.ok());
    CHECK(r->events.at(0).non_person);
    r = parse_trusted(R"({"event":"participant_joined","room":{"name":"r"},"participant":{"sid":"PA","identity":"i","kind":"SIP"},"id":"EV","createdAt":"2"})");
    REQUIRE(r.ok());
    CHECK_FALSE(r->events.at(0).non_person);
}

TEST_CASE("livekit: track events are evidence of the publishing connection") {
    const auto pub = parse_fixture("track_published.json");
    REQUIRE(pub.events.size() == 1);
    CHECK(pub.events[0].kind == event_kind::evidence);
    CHECK(pub.events[0].connection == "PA_Kf3mW9xRtY2q");
    CHECK(to_unix_ms(pub.events[0].at) == 1755086410000);
    CHECK(pub.events[0].detail.find("\"track_type\":\"VIDEO\"") != std::string::npos);
    CHECK(pub.events[0].detail.find("\"track_source\":\"CAMERA\"") != std::string::npos);
    // Keys in storage order, event name third, audio track without a type key (= AUDIO).
    const auto unpub = parse_fixture("track_unpublished.json");
    REQUIRE(unpub.events.size() == 1);
    CHECK(unpub.event_name == "track_unpublished");
    CHECK(unpub.events[0].identity == "ab7d6065-44a4-4385-b225-b95a490bf062");
    CHECK(unpub.events[0].detail.find("\"track_type\":\"AUDIO\"") != std::string::npos);
}

TEST_CASE("livekit: egress_ended is recording_ready with exact nanosecond times") {
    const auto out = parse_fixture("egress_ended.json");
    REQUIRE(out.events.size() == 1);
    const event& e = out.events[0];
    CHECK(e.kind == event_kind::recording_ready);
    CHECK(e.room == "standup-42");
    CHECK(e.identity.empty());
    CHECK(e.connection.empty());
    CHECK(to_unix_ms(e.at) == 1755089030987);
    CHECK(e.detail.find("\"started_at_ns\":1755086420512345678") != std::string::npos);
    CHECK(e.detail.find("\"ended_at_ns\":1755089030987654321") != std::string::npos);
    // fileResults and the legacy file name the same object once.
    const std::string loc = "https://my-bucket.s3.amazonaws.com/recordings/standup-42.mp4";
    CHECK(e.detail.find(loc) != std::string::npos);
    CHECK(e.detail.find(loc) == e.detail.rfind(loc));

    auto failed = parse_trusted(R"({"event":"egress_ended","room":{"name":"r"},"egressInfo":{"egressId":"EG_1","status":"EGRESS_FAILED"},"id":"EV","createdAt":"3"})");
    REQUIRE(failed.ok());
    CHECK(failed->events.empty());
    CHECK(failed->notes.size() == 1);
}

TEST_CASE("livekit: room_started and room_finished bound the room") {
    const auto started = parse_fixture("room_started.json");
    REQUIRE(started.events.size() == 1);
    CHECK(started.events[0].kind == event_kind::room_start);
    CHECK(started.events[0].room == "mytestroom");
    CHECK(started.events[0].room_alt == "RM_TkVjUvAqgzKz");
    CHECK(to_unix_ms(started.events[0].at) == 1628545903000);
    CHECK_FALSE(started.events[0].dedup_key.empty());  // derived: this 2021 body has no id
    const auto again = parse_fixture("room_started_reserialized.json");
    CHECK(again.events.at(0).dedup_key == started.events[0].dedup_key);

    const auto python = parse_fixture("room_started_python_sdk.json");
    CHECK(python.events.at(0).room == "Demo Room");
    CHECK(python.events.at(0).dedup_key == "EV_eugWmGhovZmm");

    const auto finished = parse_fixture("room_finished.json");
    REQUIRE(finished.events.size() == 1);
    CHECK(finished.events[0].kind == event_kind::room_end);
    CHECK(to_unix_ms(finished.events[0].at) == 1755089033000);
}

TEST_CASE("livekit: escapes, surrogate pairs and unknown fields are handled") {
    const auto uni = parse_fixture("participant_joined_unicode.json");
    REQUIRE(uni.events.size() == 1);
    CHECK(uni.events[0].display_name == "Zo\xc3\xab \xd8\xb9\xd9\x84\xd9\x8a \xf0\x9f\x9a\x80");
    CHECK(uni.events[0].identity == "zoe-\xc3\xa9l\xc3\xa8ve");
    const auto unknown = parse_fixture("participant_joined_unknown_fields.json");
    REQUIRE(unknown.events.size() == 1);
    CHECK(unknown.events[0].identity == "dave");
    CHECK(to_unix_ms(unknown.events[0].at) == 1755086700777);
}

TEST_CASE("livekit: escaped keys and escaped digits are read like plain ones") {
    auto r = parse_trusted(R"({"\u0065vent":"room_finished","room":{"n\u0061me":"r\u00e9"},"created_at":"\u0031\u0032"})");
    REQUIRE(r.ok());
    REQUIRE(r->events.size() == 1);
    CHECK(r->events[0].room == "r\xc3\xa9");
    CHECK(to_unix_ms(r->events[0].at) == 12000);
}

TEST_CASE("livekit: unknown events are ignored, or refused when strict") {
    const std::string body = fixture("livekit/unknown_event.json");
    auto r = parse_trusted(body);
    REQUIRE(r.ok());
    CHECK(r->events.empty());
    CHECK(r->ignored == std::vector<std::string>{r->event_name});
    auto strict = parse_trusted(body, true);
    REQUIRE_FALSE(strict.ok());
    CHECK(strict.err().code == errc::unsupported_event);
    // Known events that carry no attendance are ignored even when strict.
    auto egress_started = parse_trusted(R"({"event":"egress_started","room":{"name":"r"},"id":"EV","createdAt":"3"})", true);
    REQUIRE(egress_started.ok());
    CHECK(egress_started->ignored.size() == 1);
}

TEST_CASE("livekit: malformed or truncated bodies are rejected with no partial events") {
    auto r = parse_trusted(fixture("livekit/malformed_truncated.json"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::malformed_input);
    // Every prefix of a real body is rejected cleanly (the whole body is fine).
    const std::string body = fixture("livekit/participant_left.json");
    for (std::size_t n = 0; n < body.size(); ++n) {
        auto p = parse_trusted(body.substr(0, n));
        CHECK_MESSAGE(!p.ok(), n);
    }
    for (const char* bad : {"", "[]", "\"x\"", "null", "{} {}", "{\"event\":\"room_finished\"}}", "{\"a\":1,}"}) {
        CAPTURE(bad);
        auto p = parse_trusted(bad);
        REQUIRE_FALSE(p.ok());
        CHECK(p.err().code == errc::malformed_input);
    }
}

TEST_CASE("livekit: wrong types and missing fields name the field") {
    auto r = parse_trusted(R"({"event":"participant_left","room":{"name":"r"},"participant":{"sid":"PA","identity":"i"},"id":"EV","createdAt":true})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::invalid_value);
    CHECK(r.err().message.find("createdAt") != std::string::npos);
    r = parse_trusted(R"({"event":"participant_left","room":{"name":"r"},"participant":{"sid":"PA","identity":"i"},"id":"EV","createdAt":"12x"})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::invalid_value);
    r = parse_trusted(R"({"event":"participant_left","room":{"name":"r"},"participant":{"identity":"i"},"id":"EV","createdAt":"1"})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::missing_field);
    CHECK(r.err().message == "participant.sid");
    r = parse_trusted(R"({"event":"participant_left","room":{"name":"r"},"participant":{"sid":"PA","identity":"i"},"id":"EV"})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().message == "createdAt");
    r = parse_trusted(R"({"room":{"name":"r"}})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::missing_field);
    r = parse_trusted(R"({"event":"room_finished","room":"r","createdAt":"1"})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::invalid_value);
    CHECK(r.err().message.find("room") != std::string::npos);
    r = parse_trusted(R"({"event":"room_finished","room":{"sid":"RM"},"createdAt":"1"})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().message == "room.name");
    // null is proto3's "default" and is not an error.
    r = parse_trusted(R"({"event":"room_finished","room":{"name":"r","sid":null},"participant":null,"createdAt":"1"})");
    CHECK(r.ok());
    // Out-of-range seconds never overflow.
    r = parse_trusted(R"({"event":"room_finished","room":{"name":"r"},"createdAt":"9223372036854775807"})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::invalid_value);
}

TEST_CASE("livekit: quoted int64 values of every length read exactly, longer ones checked") {
    const auto joined_at_ms = [](const std::string& digits) {
        return parse_trusted(R"({"event":"participant_joined","room":{"name":"r"},"participant":{"sid":"PA","identity":"i",)"
                             R"("joinedAtMs":")" + digits + R"("},"id":"EV","createdAt":"1"})");
    };
    std::string digits;
    std::int64_t expected = 0;
    for (int len = 1; len <= 18; ++len) {  // the word-at-a-time reader, every length
        const int d = (len * 7) % 10;
        digits += static_cast<char>('0' + d);
        expected = expected * 10 + d;
        auto r = joined_at_ms(digits);
        CAPTURE(digits);
        REQUIRE(r.ok());
        CHECK(to_unix_ms(r->events.at(0).at) == expected);
        r = joined_at_ms("-" + digits);
        REQUIRE(r.ok());
        CHECK(to_unix_ms(r->events.at(0).at) == -expected);
    }
    auto r = joined_at_ms("1234567890123456789");  // 19 digits: the overflow-checked parser
    REQUIRE(r.ok());
    CHECK(to_unix_ms(r->events.at(0).at) == 1234567890123456789);
    for (const char* bad : {"9223372036854775808", "12345678x", "1234567 ", "", "-", "+1", "1.5", "1e3"}) {
        CAPTURE(bad);
        r = joined_at_ms(bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == errc::invalid_value);
        CHECK(r.err().message.find("participant.joinedAtMs") != std::string::npos);
    }
}

TEST_CASE("livekit: parse_body reuses the outcome it is given") {
    verify_config c;
    parse_outcome out;
    const std::string joined = fixture("livekit/participant_joined.json");
    const std::string aborted = fixture("livekit/participant_connection_aborted.json");
    REQUIRE(livekit::parse_body(c, joined, out).ok());
    CHECK(out.events.size() == 1);
    REQUIRE(livekit::parse_body(c, aborted, out).ok());
    CHECK(out.events.empty());
    CHECK(out.event_name == "participant_connection_aborted");
    REQUIRE(livekit::parse_body(c, joined, out).ok());
    CHECK(out.notes.empty());
    CHECK(out.ignored.empty());
}
