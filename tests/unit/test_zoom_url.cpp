#include <doctest/doctest.h>

#include <simdjson.h>

#include <string>

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

TEST_CASE("zoom_url: uuids are encoded twice only when they start with / or contain //") {
    CHECK(zoom::encode_uuid_for_path("4444AAAiAAAAAiAiAiiAii==") == "4444AAAiAAAAAiAiAiiAii%3D%3D");
    CHECK(zoom::encode_uuid_for_path("ab+c/d==") == "ab%2Bc%2Fd%3D%3D");
    CHECK(zoom::encode_uuid_for_path("/ajXp112QmuoKj4854875==") == "%252FajXp112QmuoKj4854875%253D%253D");
    CHECK(zoom::encode_uuid_for_path("ab//cd") == "ab%252F%252Fcd");
}
