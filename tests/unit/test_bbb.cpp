#include <doctest/doctest.h>

#include <simdjson.h>

#include <fstream>
#include <sstream>
#include <string>

#include "sources/bbb.hpp"
#include "sources/bbb_analytics.hpp"
#include "sources/form.hpp"
#include "sources/sources.hpp"
#include "support/files.hpp"

using rollcall::test::fixture;

using namespace rollcall;
using namespace rollcall::sources;

namespace {

const std::string secret = "mysharedsecret";
const std::string hook = "https://lms.example.com/bbb/hook";
const std::string meeting = "8043c8452ae9830aac14c517adff3839dbd9228f-1698771157700";

std::string str(simdjson::ondemand::object& o, std::string_view key) {
    return std::string(std::string_view(o[key].get_string().value()));
}

verify_config config_for(std::uint8_t modes = bbb::bit(bbb_checksum_mode::v3_url_body), std::string url = hook,
                         std::string key = secret) {
    verify_config c;
    c.bbb_shared_secret = std::move(key);
    c.bbb_callback_url = std::move(url);
    c.bbb_checksum_modes = modes;
    return c;
}

request callback(std::string_view body, std::string url) {
    request r;
    r.source = platform::bbb;
    r.body = body;
    r.request_url = std::move(url);
    return r;
}

// The event field of a form body, decoded, as the parser sees it after verification.
result<parse_outcome> events_of(std::string_view event_json, bool strict = false,
                                std::optional<std::int64_t> fallback = std::nullopt) {
    parse_outcome out;
    auto r = bbb::parse_event_array(event_json, fallback, strict, out);
    if (!r.ok()) return failure{r.err()};
    return out;
}

result<parse_outcome> unverified_form(std::string_view body) {
    verify_config c = config_for();
    c.verify = false;
    return bbb::parse_webhook(c, callback(body, ""));
}

std::uint8_t mode_of_scheme(const std::string& scheme) {
    if (scheme == "v3.4+") return bbb::bit(bbb_checksum_mode::v3_url_body);
    if (scheme == "v2") return bbb::bit(bbb_checksum_mode::v2_json);
    REQUIRE(scheme == "v3.0-v3.3");
    return bbb::bit(bbb::checksum_v3_unbound);
}

}  // namespace

TEST_CASE("bbb: every vector of fixtures/bbb/checksums.json gives its expected outcome") {
    simdjson::ondemand::parser parser;
    const auto manifest = simdjson::padded_string::load(ROLLCALL_TEST_DIR "/fixtures/bbb/checksums.json");
    REQUIRE(manifest.error() == simdjson::SUCCESS);
    auto doc = parser.iterate(manifest.value_unsafe());
    int count = 0;
    for (auto item : doc["vectors"].get_array()) {
        auto v = item.get_object().value();
        const std::string form_file = str(v, "form_file");
        const std::string scheme = str(v, "scheme");
        const std::string url = str(v, "callback_url");
        const std::string key = str(v, "shared_secret");
        const std::string received = str(v, "received_url");
        const std::string expect = str(v, "expect");
        std::string v2_json;
        if (auto f = v["v2_signed_json"]; f.error() == simdjson::SUCCESS) v2_json = std::string(std::string_view(f.get_string().value()));
        const std::string body = fixture(form_file);
        CAPTURE(form_file);
        CAPTURE(scheme);
        CAPTURE(received);

        const verify_config cfg = config_for(mode_of_scheme(scheme), url, key);
        const request req = callback(body, received);
        auto proof = bbb::verify_webhook(cfg, req);
        if (expect == "valid") {
            REQUIRE(proof.ok());
            CHECK(proof.value() == (scheme == "v2" ? bbb::proof::v2_json
                                    : scheme == "v3.4+" ? bbb::proof::v3_url_body
                                                        : bbb::proof::v3_unbound));
        } else {
            REQUIRE_FALSE(proof.ok());
            CHECK(proof.err().code == errc::bad_signature);
            CHECK(proof.err().message.find(key) == std::string::npos);
        }
        if (!v2_json.empty()) CHECK(bbb::v2_signed_json(body).value() == v2_json);

        // The whole path: verified, then parsed; the malformed body fails only in the parser.
        auto out = parse_request(cfg, req);
        if (expect != "valid") {
            CHECK_FALSE(out.ok());
        } else if (form_file == "bbb/malformed_event_not_array.form") {
            REQUIRE_FALSE(out.ok());
            CHECK(out.err().code == errc::malformed_input);
            CHECK(out.err().message.find("not a JSON array") != std::string::npos);
        } else {
            REQUIRE(out.ok());
            CHECK_FALSE(out->events.empty());
        }
        // Only the modes the host enables are accepted: the default (v3.4+ only) refuses the others.
        if (expect == "valid" && scheme != "v3.4+") CHECK_FALSE(bbb::verify_webhook(config_for(), req).ok());
        ++count;
    }
    CHECK(count == 17);
}

TEST_CASE("bbb: the v3 meeting story normalises to room start, joins with role hints, leaves and room end") {
    struct expected {
        const char* file;
        event_kind kind;
        const char* connection;
        std::int64_t at_ms;
        role who;
    };
    const expected cases[] = {
        {"bbb/meeting-created.v3.form", event_kind::room_start, "", 1708381132686, role::other},
        {"bbb/user-joined_moderator.v3.form", event_kind::join, "w_xfsb9gxtlfom", 1708381133689, role::teacher},
        {"bbb/user-joined.v3.form", event_kind::join, "w_uxw0dzhtvk0l", 1708381137694, role::student},
        {"bbb/user-left.v3.form", event_kind::leave, "w_uxw0dzhtvk0l", 1708381153713, role::other},
        {"bbb/user-left_moderator.v3.form", event_kind::leave, "w_xfsb9gxtlfom", 1708381154716, role::other},
        {"bbb/meeting-ended.v3.form", event_kind::room_end, "", 1708381155717, role::other},
    };
    for (const auto& c : cases) {
        CAPTURE(c.file);
        auto out = unverified_form(fixture(c.file));
        REQUIRE(out.ok());
        REQUIRE(out->events.size() == 1);
        const event& e = out->events[0];
        CHECK(e.kind == c.kind);
        CHECK(e.source == platform::bbb);
        CHECK(e.room == meeting);
        CHECK(e.room_alt == "random-9019868");
        CHECK(e.connection == c.connection);
        CHECK(e.identity == c.connection);  // no userID at join: external id equals internal
        CHECK(to_unix_ms(e.at) == c.at_ms);
        CHECK(e.who == c.who);
        CHECK(e.dedup_key.find(meeting) != std::string::npos);
    }
    auto mary = unverified_form(fixture("bbb/user-joined.v3.form"));
    REQUIRE(mary.ok());
    CHECK(mary->events[0].display_name == "Mary Sue");
    CHECK(mary->event_name == "user-joined");
    CHECK(mary->events[0].dedup_key == "bbb:user-joined:" + meeting + ":w_uxw0dzhtvk0l:1708381137694");
    // The v2 encoding of the same event (space as %20, other field order) normalises identically.
    auto v2 = unverified_form(fixture("bbb/user-joined.v2.form"));
    REQUIRE(v2.ok());
    CHECK(v2->events == mary->events);
}

TEST_CASE("bbb: the bare event fixtures, wrapped as the wire does, map as documented") {
    auto joined = events_of("[" + fixture("bbb/v2_user-joined.json") + "]");
    REQUIRE(joined.ok());
    REQUIRE(joined->events.size() == 1);
    CHECK(joined->events[0].connection == "w_l3wn7jfaryfh");
    CHECK(joined->events[0].identity == "5a7a73288c8338542f8c33a4");
    CHECK(joined->events[0].room_alt == "5a7a73288c8338542f8c33d1");
    CHECK(joined->events[0].who == role::teacher);

    auto left = events_of("[" + fixture("bbb/v2_user-left.json") + "]");
    REQUIRE(left.ok());
    CHECK(left->events.at(0).kind == event_kind::leave);
    CHECK(left->events.at(0).identity == "5a7a73288c8338542f8c33a3");

    auto ended = events_of("[" + fixture("bbb/v2_meeting-ended.json") + "]");
    REQUIRE(ended.ok());
    CHECK(ended->events.at(0).kind == event_kind::room_end);
    CHECK(ended->events.at(0).room == "11976873075a4b96155669970158510920f18847-1587974887330");

    // rap-* ts are Unix seconds.
    auto rap = events_of("[" + fixture("bbb/rap-publish-ended.json") + "]");
    REQUIRE(rap.ok());
    REQUIRE(rap->events.size() == 1);
    CHECK(rap->events[0].kind == event_kind::recording_ready);
    CHECK(to_unix_ms(rap->events[0].at) == 1588007746000);
    CHECK(rap->events[0].room == "edebf30ff70e1c02f8c5f524bc32e0bd19999b1b-1588007281350");
    CHECK(rap->events[0].detail == R"({"record_id":"edebf30ff70e1c02f8c5f524bc32e0bd19999b1b-1588007281350"})");

    for (const char* f : {"bbb/meeting-created.json", "bbb/user-joined_moderator.json", "bbb/user-joined.json",
                          "bbb/user-left.json", "bbb/user-left_moderator.json", "bbb/meeting-ended.json"}) {
        CAPTURE(f);
        auto out = events_of("[" + fixture(f) + "]");
        REQUIRE(out.ok());
        CHECK(out->events.size() == 1);
    }
}

TEST_CASE("bbb: a v2 batch carries several events, all verified by one checksum") {
    const std::string body = fixture("bbb/batch3.v2.form");
    auto out = parse_request(config_for(bbb::bit(bbb_checksum_mode::v2_json)),
                             callback(body, hook + "?checksum=6cb692d9132d8176da28c4aa8a9dfdc254780ef3"));
    REQUIRE(out.ok());
    REQUIRE(out->events.size() == 3);
    CHECK(out->events[0].kind == event_kind::leave);
    CHECK(out->events[0].connection == "w_uxw0dzhtvk0l");
    CHECK(out->events[1].kind == event_kind::leave);
    CHECK(out->events[1].connection == "w_xfsb9gxtlfom");
    CHECK(out->events[2].kind == event_kind::room_end);
}

TEST_CASE("bbb: the malformed body and every truncation are rejected whole, never half-read") {
    auto bad = unverified_form(fixture("bbb/malformed_event_not_array.form"));
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.err().code == errc::malformed_input);

    std::string batch;
    REQUIRE(form::get(fixture("bbb/batch3.v2.form"), "event", batch).ok());
    REQUIRE(events_of(batch).ok());
    for (std::size_t n = 0; n < batch.size(); ++n) {
        CAPTURE(n);
        CHECK_FALSE(events_of(std::string_view(batch).substr(0, n)).ok());
    }
    CHECK_FALSE(events_of(batch + "]").ok());
    CHECK_FALSE(events_of("[]").ok());
    CHECK_FALSE(events_of("[1]").ok());
    CHECK_FALSE(events_of("[{}]").ok());
    CHECK(events_of("[{}]").err().code == errc::missing_field);

    // A form cut anywhere either fails or, when only a trailing field was lost, gives the same events.
    const std::string body = fixture("bbb/user-joined.v3.form");
    auto full = unverified_form(body);
    REQUIRE(full.ok());
    for (std::size_t n = 0; n < body.size(); ++n) {
        auto part = unverified_form(std::string_view(body).substr(0, n));
        if (part.ok()) CHECK(part->events == full->events);
    }
    CHECK(unverified_form("event=%5B%7B").err().code == errc::malformed_input);
    CHECK(unverified_form("domain=x").err().code == errc::missing_field);
    CHECK(unverified_form("event=%ZZ").err().code == errc::malformed_input);
}

TEST_CASE("bbb: type drift, missing external ids, fallbacks and dial-in voice users are tolerated") {
    const std::string drift =
        R"([{"data":{"type":"event","id":"user-joined","attributes":{"meeting":{"internal-meeting-id":"m-1"},)"
        R"("user":{"internal-user-id":"w_1","external-user-id":"","name":"Guest","role":"VIEWER","presenter":"false",)"
        R"("guest":"true"}},"event":{"ts":"1708381137694"}}},)"
        R"({"data":{"id":"meeting-created","attributes":{"meeting":{"internal-meeting-id":"m-2","external-meeting-id":42,)"
        R"("is-breakout":"true","parent-id":"m-1"}},"event":{"ts":1708381137000}}},)"
        R"({"data":{"id":"user-audio-voice-enabled","attributes":{"meeting":{"internal-meeting-id":"m-1"},)"
        R"("user":{"internal-user-id":"v_123"}},"event":{"ts":1708381138000}}},)"
        R"({"data":{"id":"user-audio-voice-enabled","attributes":{"meeting":{"internal-meeting-id":"m-1"},)"
        R"("user":{"internal-user-id":"w_1"}},"event":{"ts":1708381139000}}},)"
        R"({"data":{"id":"meeting-recording-started","attributes":{"meeting":{"internal-meeting-id":"m-1"}},"event":{"ts":1}}},)"
        R"({"data":{"id":"rap-publish-ended","attributes":{"meeting":{"internal-meeting-id":"m-1"},"success":"false"},"event":{"ts":1588007746}}},)"
        R"({"data":{"id":"user-left","attributes":{"meeting":{"internal-meeting-id":"m-1"},"user":{"internal-user-id":"w_1"}}}}])";
    auto out = events_of(drift, false, 1708381140000);
    REQUIRE(out.ok());
    REQUIRE(out->events.size() == 5);
    const event& guest = out->events[0];
    CHECK(guest.identity == "name:guest");  // no external id: the normalised name (SPEC §11 rule 3)
    CHECK(guest.unresolved);
    CHECK(guest.who == role::guest);
    CHECK(to_unix_ms(guest.at) == 1708381137694);
    CHECK(out->events[1].kind == event_kind::room_start);
    CHECK(out->events[1].room_alt == "42");
    CHECK(out->events[1].detail == R"({"breakout":true,"parent":"m-1"})");
    CHECK(out->events[2].kind == event_kind::join);  // a dial-in caller's voice is their presence
    CHECK(out->events[2].connection == "v_123");
    CHECK(out->events[3].kind == event_kind::evidence);  // a web user's voice is a sign of life
    CHECK(out->events[4].kind == event_kind::leave);
    CHECK(to_unix_ms(out->events[4].at) == 1708381140000);  // no data.event.ts: the form timestamp
    CHECK(out->ignored == std::vector<std::string>{"meeting-recording-started", "rap-publish-ended"});

    auto unknown = events_of(R"([{"data":{"id":"future-thing","attributes":{}}}])", true);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.err().code == errc::unsupported_event);
    auto relaxed = events_of(R"([{"data":{"id":"future-thing","attributes":{}}}])");
    REQUIRE(relaxed.ok());
    CHECK(relaxed->ignored == std::vector<std::string>{"future-thing"});

    auto no_user = events_of(R"([{"data":{"id":"user-joined","attributes":{"meeting":{"internal-meeting-id":"m"},"user":{}},"event":{"ts":1}}}])");
    REQUIRE_FALSE(no_user.ok());
    CHECK(no_user.err().code == errc::missing_field);
    CHECK(no_user.err().message.find("event[0].data.attributes.user.internal-user-id") != std::string::npos);
    auto no_ts = events_of(R"([{"data":{"id":"meeting-ended","attributes":{"meeting":{"internal-meeting-id":"m"}}}}])");
    REQUIRE_FALSE(no_ts.ok());
    CHECK(no_ts.err().code == errc::missing_field);
    auto bad_guest = events_of(R"([{"data":{"id":"user-joined","attributes":{"meeting":{"internal-meeting-id":"m"},"user":{"internal-user-id":"w","guest":"maybe"}},"event":{"ts":1}}}])");
    REQUIRE_FALSE(bad_guest.ok());
    CHECK(bad_guest.err().code == errc::invalid_value);
    CHECK(bad_guest.err().message.find("'event[0].data.attributes.user.guest'") != std::string::npos);
    auto bad_meeting = events_of(R"([{"data":{"id":"meeting-ended","attributes":{"meeting":{"internal-meeting-id":[1]}},"event":{"ts":1}}}])");
    REQUIRE_FALSE(bad_meeting.ok());
    CHECK(bad_meeting.err().message.find("'event[0].data.attributes.meeting.internal-meeting-id'") != std::string::npos);
}

TEST_CASE("bbb: bearer mode, missing proofs and configuration errors have their own codes") {
    const std::string body = fixture("bbb/user-joined.v3.form");
    const auto bearer = bbb::bit(bbb_checksum_mode::bearer);
    request r = callback(body, hook);
    r.headers.add("Authorization", "Bearer " + secret);
    auto ok = bbb::verify_webhook(config_for(bearer), r);
    REQUIRE(ok.ok());
    CHECK(ok.value() == bbb::proof::bearer);
    auto parsed = parse_request(config_for(bearer), r);
    REQUIRE(parsed.ok());
    CHECK(parsed->events.size() == 1);

    request wrong = callback(body, hook);
    wrong.headers.add("authorization", "bearer not-the-secret");
    CHECK(bbb::verify_webhook(config_for(bearer), wrong).err().code == errc::bad_signature);
    request bare = callback(body, hook);
    bare.headers.add("Authorization", secret);  // no Bearer scheme: not a bearer credential
    CHECK(bbb::verify_webhook(config_for(bearer), bare).err().code == errc::missing_signature);
    // Bearer is refused unless enabled.
    CHECK(bbb::verify_webhook(config_for(), r).err().code == errc::missing_signature);

    const std::string valid = hook + "?checksum=f2d6bb2ab49e51dba34f3bdfe48cb64bfd3af72d";
    CHECK(bbb::verify_webhook(config_for(), callback(body, valid)).ok());
    CHECK(bbb::verify_webhook(config_for(), callback(body, hook + "?checksum=abc")).err().code == errc::bad_signature);
    CHECK(bbb::verify_webhook(config_for(), callback(body, hook + "?checksum=" + std::string(40, 'g'))).err().code ==
          errc::bad_signature);
    CHECK(bbb::verify_webhook(config_for(0), callback(body, valid)).err().code == errc::config_error);
    CHECK(bbb::verify_webhook(config_for(1, ""), callback(body, valid)).err().code == errc::config_error);
    CHECK(bbb::verify_webhook(config_for(1, hook, ""), callback(body, valid)).err().code == errc::config_error);
    // One changed byte of the body breaks the v3.4+ checksum.
    std::string tampered = body;
    tampered[tampered.size() - 1] = tampered.back() == '0' ? '1' : '0';
    auto t = bbb::verify_webhook(config_for(), callback(tampered, valid));
    REQUIRE_FALSE(t.ok());
    CHECK(t.err().code == errc::bad_signature);
    CHECK(t.err().message.find(secret) == std::string::npos);
}

TEST_CASE("bbb: every vector of fixtures/bbb/analytics_callback_jwt.json gives its expected outcome") {
    simdjson::ondemand::parser parser;
    const auto manifest = simdjson::padded_string::load(ROLLCALL_TEST_DIR "/fixtures/bbb/analytics_callback_jwt.json");
    REQUIRE(manifest.error() == simdjson::SUCCESS);
    auto doc = parser.iterate(manifest.value_unsafe());
    int count = 0;
    for (auto item : doc["vectors"].get_array()) {
        auto v = item.get_object().value();
        const std::string body = fixture(str(v, "body_file"));
        const std::string key = str(v, "shared_secret");
        const std::string auth = str(v, "authorization");
        const std::int64_t now = v["now_unix"].get_int64().value();
        const std::string expect = str(v, "expect");
        const std::string note = str(v, "note");
        CAPTURE(note);
        verify_config cfg = config_for(bbb::bit(bbb_checksum_mode::v3_url_body), hook, key);
        request r = callback(body, "https://lms.example.com/bbb/analytics");
        r.headers.add("Authorization", auth);
        r.now = from_unix_s(now);
        auto out = parse_request(cfg, r);  // dispatched to the analytics parser by its JSON body
        if (expect == "valid") {
            REQUIRE(out.ok());
            CHECK(out->event_name == "analytics-callback");
            CHECK(out->events.size() == 8);
        } else {
            REQUIRE_FALSE(out.ok());
            if (expect == "expired")
                CHECK(out.err().code == errc::token_expired);
            else if (note.find("HS256") != std::string::npos)
                CHECK(out.err().code == errc::unsupported_algorithm);  // a token of another alg is refused
            else
                CHECK(out.err().code == errc::bad_signature);
            CHECK(out.err().message.find(key) == std::string::npos);
        }
        ++count;
    }
    CHECK(count == 4);

    const std::string analytics_body = fixture("bbb/analytics_callback.json");  // outlives the request's view
    request none = callback(analytics_body, "");
    none.source = platform::bbb;
    CHECK(parse_request(config_for(), none).err().code == errc::missing_signature);
}

TEST_CASE("bbb: analytics attendees become join/leave pairs per session, overlapping devices kept apart") {
    parse_outcome out;
    REQUIRE(bbb::parse_analytics_body(fixture("bbb/analytics_callback.json"), out).ok());
    REQUIRE(out.events.size() == 8);
    const std::string room = "b4c7e2f9a1d3c5e7f9b2d4f6a8c1e3f5a7b9d2c4-1708380000000";
    CHECK(out.events[0].kind == event_kind::room_start);
    CHECK(out.events[0].at == parse_rfc3339("2024-02-19T22:00:00Z").value());
    CHECK(out.events[1].kind == event_kind::room_end);
    CHECK(out.events[1].at == parse_rfc3339("2024-02-19T22:45:12Z").value());
    for (const auto& e : out.events) {
        CHECK(e.room == room);
        CHECK(e.room_alt == "lesson-7781");
    }
    const event& tj = out.events[2];
    const event& tl = out.events[3];
    CHECK(tj.kind == event_kind::join);
    CHECK(tj.identity == "teacher-7");
    CHECK(tj.connection == "w_t7q2m9x4kzle");
    CHECK(tj.who == role::teacher);
    CHECK(tj.display_name == "Ada Teacher");
    CHECK(tl.kind == event_kind::leave);
    CHECK(tl.joined_at == tj.at);
    CHECK((tl.at - tj.at) == std::chrono::seconds(2705));

    CHECK(out.events[4].connection == "w_b4n8c1v6pdqa");
    CHECK(out.events[6].connection == "w_m3r5y9s2hwfo");
    CHECK(out.events[4].identity == "student-42");
    CHECK(out.events[6].identity == "student-42");
    CHECK(out.events[4].who == role::student);
    CHECK(out.events[7].joined_at == out.events[6].at);
    CHECK(out.events[6].at == parse_rfc3339("2024-02-19T22:20:00Z").value());

    const std::string body = fixture("bbb/analytics_callback.json");
    for (std::size_t n = 0; n < body.size(); n += 7) {
        parse_outcome part;
        CAPTURE(n);
        CHECK_FALSE(bbb::parse_analytics_body(std::string_view(body).substr(0, n), part).ok());
        CHECK(part.events.empty());
    }
    parse_outcome none;
    CHECK(bbb::parse_analytics_body(R"({"meeting_id":"x","data":{}})", none).err().code == errc::missing_field);
    CHECK(bbb::parse_analytics_body(R"({"internal_meeting_id":"x","data":{"start":"19:00"}})", none).err().code ==
          errc::invalid_value);
}

TEST_CASE("bbb: a damaged event the fuzzer found is malformed_input, never undefined behaviour") {
    // simdjson's unordered field search assumes a well-formed object; the parser validates first.
    verify_config trusted;
    trusted.verify = false;
    const std::string body = fixture("bbb/fuzz_damaged_event_unordered_search.form");
    request r = callback(body, "");
    auto out = parse_request(trusted, r);
    REQUIRE_FALSE(out.ok());
    CHECK(out.err().code == errc::malformed_input);
}
