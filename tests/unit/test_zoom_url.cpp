#include <doctest/doctest.h>

#include <simdjson.h>

#include <string>
#include <vector>

#include "sources/zoom_url.hpp"

using namespace rollcall::sources;

TEST_CASE("zoom_url: every case of fixtures/zoom/join_urls.json gives its meeting id") {
    simdjson::ondemand::parser parser;
    const auto json = simdjson::padded_string::load(ROLLCALL_TEST_DIR "/fixtures/zoom/join_urls.json");
    REQUIRE(json.error() == simdjson::SUCCESS);
    auto doc = parser.iterate(json.value_unsafe());
    int cases = 0;
    for (auto item : doc.get_array()) {
        auto obj = item.get_object();
        const std::string url(std::string_view(obj["url"].get_string().value()));
        auto expected = obj["meeting_id"];
        const bool expect_none = expected.is_null().value();
        const auto got = zoom::meeting_id_from_url(url);
        CAPTURE(url);
        if (expect_none) {
            CHECK_FALSE(got.has_value());
        } else {
            REQUIRE(got.has_value());
            CHECK(*got == std::string(std::string_view(expected.get_string().value())));
        }
        ++cases;
    }
    CHECK(cases == 29);
}

TEST_CASE("zoom_url: client and web-client variants beyond the manifest") {
    CHECK(zoom::meeting_id_from_url("https://zoom.us/wc/85746352910/join?pwd=x").value() == "85746352910");
    CHECK(zoom::meeting_id_from_url("https://ZOOM.US/j/85746352910").value() == "85746352910");
    CHECK(zoom::meeting_id_from_url("https://zoom.us:443/j/85746352910").value() == "85746352910");
    CHECK(zoom::meeting_id_from_url("https://zoom.us/join?confno=85746352910").value() == "85746352910");
    CHECK_FALSE(zoom::meeting_id_from_url("https://zoom.us/j/857463529101234").has_value());
    CHECK_FALSE(zoom::meeting_id_from_url("https://zoom.us/j/85746x52910").has_value());
    CHECK_FALSE(zoom::meeting_id_from_url("ftp://zoom.us/j/85746352910").has_value());
    CHECK_FALSE(zoom::meeting_id_from_url("zoommtg://zoom.us/join?pwd=x").has_value());
    CHECK_FALSE(zoom::meeting_id_from_url("https://.zoom.us/j/85746352910").has_value());
}

TEST_CASE("zoom_url: hostile and malformed links are refused with invalid_value and a reason") {
    struct bad_case {
        const char* url;
        const char* reason;  // a word the message must contain
    };
    const bad_case cases[] = {
        {"https://evil@zoom.us/j/85746352910", "user name"},
        {"https://zoom.us@evil.example/j/85746352910", "user name"},
        {"https://user:pass@zoom.us/j/85746352910", "user name"},
        {"evil@zoom.us/j/85746352910", "user name"},
        {"https://zoom.us.evil.com/j/85746352910", "not a Zoom host"},
        {"https://evilzoom.us/j/85746352910", "not a Zoom host"},
        {"https://zoom.us%2eevil.com/j/85746352910", "not a Zoom host"},
        {"https://evil.com%2f.zoom.us/j/85746352910", "not a Zoom host"},
        {"https://zoom..us/j/85746352910", "not a Zoom host"},
        {"https://127.0.0.1/j/85746352910", "IP address"},
        {"https://[::1]/j/85746352910", "IP address"},
        {"javascript://zoom.us/j/85746352910", "scheme"},
        {"ftp://zoom.us/j/85746352910", "scheme"},
        {"file:///j/85746352910", "scheme"},
        {"https://zoom.us/j/85746352910 extra", "malformed"},
        {"https://zoom us/j/85746352910", "malformed"},
        {"https://zoom.us/j/8574635<2910", "malformed"},
        {"https://zoom.us/my/ada.lovelace", "personal link"},
        {"https://zoom.us/j/12345", "9 to 11 digits"},
        {"https://zoom.us/j/%38%35746352910", "not a numeric meeting id"},
        {"zoommtg://zoom.us/join?pwd=x", "confno"},
        {"https://zoom.us/meeting/register/tJMkdO", "no meeting id"},
        {"   ", "empty"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.url);
        auto r = zoom::parse_join_link(c.url);
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == rollcall::errc::invalid_value);
        CHECK(r.err().message.find(c.reason) != std::string::npos);
    }
}

TEST_CASE("zoom_url: configured hosts are accepted with their subdomains, and only they") {
    const std::vector<std::string> extra{"zoom.example.edu"};
    CHECK(zoom::parse_join_link("https://zoom.example.edu/j/85746352910", extra).value() == "85746352910");
    CHECK(zoom::parse_join_link("https://us02.zoom.example.edu/wc/join/85746352910?pwd=x#y", extra).value() ==
          "85746352910");
    CHECK_FALSE(zoom::parse_join_link("https://zoom.example.edu/j/85746352910").ok());
    CHECK_FALSE(zoom::parse_join_link("https://zoom.example.edu.evil.com/j/85746352910", extra).ok());
    CHECK_FALSE(zoom::parse_join_link("https://notzoom.example.edu/j/85746352910", extra).ok());
    CHECK(zoom::parse_join_link("https://acme.zoom.us/j/85746352910?pwd=a&uname=B%20C#frag").value() == "85746352910");
    CHECK(zoom::parse_join_link("https://zoomgov.com/wc/1601234567/join").value() == "1601234567");
    CHECK(zoom::parse_join_link("https://agency.zoomgov.com/s/1601234567").value() == "1601234567");
}

TEST_CASE("zoom_url: uuids are encoded twice only when they start with / or contain //") {
    CHECK(zoom::encode_uuid_for_path("4444AAAiAAAAAiAiAiiAii==") == "4444AAAiAAAAAiAiAiiAii%3D%3D");
    CHECK(zoom::encode_uuid_for_path("ab+c/d==") == "ab%2Bc%2Fd%3D%3D");
    CHECK(zoom::encode_uuid_for_path("/ajXp112QmuoKj4854875==") == "%252FajXp112QmuoKj4854875%253D%253D");
    CHECK(zoom::encode_uuid_for_path("ab//cd") == "ab%252F%252Fcd");
}
