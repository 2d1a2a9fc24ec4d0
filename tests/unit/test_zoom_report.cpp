#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "sources/zoom_report.hpp"
#include "support/files.hpp"

using rollcall::test::fixture;

using namespace rollcall;
using namespace rollcall::sources;

namespace {

const std::string uuid = "4444AAAiAAAAAiAiAiiAii==";

}  // namespace

TEST_CASE("zoom_report: page 1 gives join/leave pairs, skips the waiting room and exposes the next token") {
    auto page = zoom::parse_participants_page(fixture("zoom/past_participants_page1.json"), uuid);
    REQUIRE(page.ok());
    CHECK(page->next_page_token == "Tva2CuIdTgsv8wAnhyAdU3m06Y2HuLQtlh3");
    CHECK(page->rows == 3);
    CHECK(page->waiting_room_rows == 1);
    REQUIRE(page->events.size() == 4);

    const event& tj = page->events[0];
    const event& tl = page->events[1];
    CHECK(tj.kind == event_kind::join);
    CHECK(tl.kind == event_kind::leave);
    CHECK(tj.room == uuid);
    CHECK(tj.connection == "16778240");
    CHECK(tj.identity == "ada@school.example");  // no customer_key, no registrant_id: the email (SPEC §11)
    CHECK(tj.at == parse_rfc3339("2025-03-04T15:58:02Z").value());
    CHECK(tl.at == parse_rfc3339("2025-03-04T16:51:10Z").value());
    REQUIRE(tl.joined_at.has_value());
    CHECK(*tl.joined_at == tj.at);
    CHECK(tj.dedup_key != tl.dedup_key);

    const event& sj = page->events[2];
    CHECK(sj.identity == "9tboDiHUQAeOnbpudVOUGw");
    CHECK(sj.connection == "16778242");  // the in-meeting row, not the waiting-room one
    CHECK(sj.at == parse_rfc3339("2025-03-04T16:01:05Z").value());
    CHECK(sj.email == "bilal@student.example");
    CHECK(sj.display_name == "Bilal Rahman");
}

TEST_CASE("zoom_report: the last page has no token; guests and rejoins keep distinct connections") {
    auto page = zoom::parse_participants_page(fixture("zoom/past_participants_page2.json"), uuid);
    REQUIRE(page.ok());
    CHECK(page->next_page_token.empty());
    CHECK(page->rows == 3);
    CHECK(page->waiting_room_rows == 0);
    REQUIRE(page->events.size() == 6);
    CHECK(page->events[0].identity == "name:guest parent");
    CHECK(page->events[0].connection == "16778245");
    CHECK(page->events[2].identity == "ada@school.example");  // the teacher's second device
    CHECK(page->events[2].connection == "16778247");
    CHECK(page->events[4].identity == "9tboDiHUQAeOnbpudVOUGw");  // the student's rejoin, new user_id
    CHECK(page->events[4].connection == "16778250");

    // Across both pages: the teacher has two connections, the student two in-meeting rows.
    auto first = zoom::parse_participants_page(fixture("zoom/past_participants_page1.json"), uuid);
    REQUIRE(first.ok());
    std::map<std::string, int> joins;
    for (const auto* p : {&first.value(), &page.value()})
        for (const event& e : p->events)
            if (e.kind == event_kind::join) ++joins[e.identity];
    CHECK(joins["ada@school.example"] == 2);
    CHECK(joins["9tboDiHUQAeOnbpudVOUGw"] == 2);
    CHECK(joins["name:guest parent"] == 1);
}

TEST_CASE("zoom_report: metrics spellings, missing leave and bad rows") {
    auto metrics = zoom::parse_participants_page(
        R"({"participants":[{"user_id":"7","user_name":"Ada","email":"ADA@x.example","join_time":"2025-03-04T16:00:00Z"}]})",
        uuid);
    REQUIRE(metrics.ok());
    REQUIRE(metrics->events.size() == 1);
    CHECK(metrics->events[0].identity == "ada@x.example");
    CHECK_FALSE(metrics->notes.empty());

    auto empty = zoom::parse_participants_page(R"({"next_page_token":"","participants":[]})", uuid);
    REQUIRE(empty.ok());
    CHECK(empty->events.empty());

    auto no_join = zoom::parse_participants_page(R"({"participants":[{"user_id":"7","leave_time":"2025-03-04T16:00:00Z"}]})", uuid);
    REQUIRE_FALSE(no_join.ok());
    CHECK(no_join.err().code == errc::missing_field);
    CHECK(no_join.err().message.find("participants[0].join_time") != std::string::npos);

    auto backwards = zoom::parse_participants_page(
        R"({"participants":[{"user_id":"7","join_time":"2025-03-04T16:00:00Z","leave_time":"2025-03-04T15:00:00Z"}]})", uuid);
    REQUIRE_FALSE(backwards.ok());
    CHECK(backwards.err().code == errc::invalid_value);

    auto bad_type = zoom::parse_participants_page(
        R"({"participants":[{"user_id":"1","join_time":"2025-03-04T16:00:00Z"},{"name":"x","user_id":{"a":1}}]})", uuid);
    REQUIRE_FALSE(bad_type.ok());
    CHECK(bad_type.err().code == errc::invalid_value);
    CHECK(bad_type.err().message.find("'participants[1].user_id'") != std::string::npos);
    CHECK(zoom::parse_participants_page(R"({"participants":[1]})", uuid).err().code == errc::invalid_value);
    CHECK(zoom::parse_participants_page(R"({"participants":{}})", uuid).err().code == errc::invalid_value);
    CHECK(zoom::parse_participants_page("{}", "").err().code == errc::invalid_argument);
}

TEST_CASE("zoom_report: a truncated page is rejected whole, never half-read") {
    const std::string body = fixture("zoom/past_participants_page1.json");
    for (std::size_t n = 0; n < body.size(); ++n) {
        auto page = zoom::parse_participants_page(std::string_view(body).substr(0, n), uuid);
        CAPTURE(n);
        CHECK_FALSE(page.ok());
    }
}

TEST_CASE("zoom_report: a leave repeats its join but for kind, time, joined_at and dedup key, also in reused pages") {
    zoom::participants_page page;  // reused: its slots hold the other page's events
    for (const char* name : {"zoom/past_participants_page2.json", "zoom/past_participants_page1.json",
                             "zoom/past_participants_page2.json"}) {
        CAPTURE(name);
        REQUIRE(zoom::parse_participants_page(fixture(name), uuid, page).ok());
        REQUIRE(page.events.size() % 2 == 0);
        for (std::size_t i = 0; i < page.events.size(); i += 2) {
            const event& join = page.events[i];
            event leave = page.events[i + 1];
            REQUIRE(join.kind == event_kind::join);
            REQUIRE(leave.kind == event_kind::leave);
            REQUIRE(leave.joined_at == join.at);
            CHECK(leave.dedup_key != join.dedup_key);
            leave.kind = join.kind;
            leave.at = join.at;
            leave.joined_at = join.joined_at;
            leave.dedup_key = join.dedup_key;
            CHECK(leave == join);
        }
    }
}
