#include <doctest/doctest.h>
#include <simdjson.h>

#include "rollcall/event_json.hpp"

using namespace rollcall;

TEST_CASE("event_json: every field is written, instants as RFC 3339 and ms") {
    event e;
    e.kind = event_kind::leave;
    e.source = platform::livekit;
    e.room = "standup-42";
    e.room_alt = "RM_7dXq4pLmN2aB";
    e.identity = "zo\xc3\xab \"q\"";
    e.connection = "PA_1";
    e.at = from_unix_ms(1755089012000);
    e.joined_at = from_unix_ms(1755086405321);
    e.dedup_key = "EV_1";
    e.display_name = "Zo\xc3\xab";
    e.email = "z@example.com";
    e.who = role::student;
    e.non_person = true;
    e.detail = R"({"reason":"CLIENT_INITIATED"})";

    json_writer w;
    write_event_json(w, e);
    simdjson::dom::parser p;
    simdjson::dom::element o = p.parse(w.str());
    CHECK(o["kind"].get_string().value() == "leave");
    CHECK(o["platform"].get_string().value() == "livekit");
    CHECK(o["room"].get_string().value() == "standup-42");
    CHECK(o["room_alt"].get_string().value() == "RM_7dXq4pLmN2aB");
    CHECK(o["identity"].get_string().value() == "zo\xc3\xab \"q\"");
    CHECK(o["connection"].get_string().value() == "PA_1");
    CHECK(o["at"].get_string().value() == "2025-08-13T12:43:32Z");
    CHECK(o["at_ms"].get_int64().value() == 1755089012000);
    CHECK(o["joined_at"].get_string().value() == "2025-08-13T12:00:05.321Z");
    CHECK(o["joined_at_ms"].get_int64().value() == 1755086405321);
    CHECK(o["dedup_key"].get_string().value() == "EV_1");
    CHECK(o["display_name"].get_string().value() == "Zo\xc3\xab");
    CHECK(o["email"].get_string().value() == "z@example.com");
    CHECK(o["role"].get_string().value() == "student");
    CHECK(o["non_person"].get_bool().value() == true);
    CHECK(o["detail"]["reason"].get_string().value() == "CLIENT_INITIATED");
}

TEST_CASE("event_json: joined_at and detail are left out when absent") {
    event e;
    e.kind = event_kind::room_start;
    e.source = platform::zoom;
    e.at = from_unix_s(10);
    json_writer w;
    write_event_json(w, e);
    simdjson::dom::parser p;
    simdjson::dom::element o = p.parse(w.str());
    CHECK(o["joined_at"].error() == simdjson::NO_SUCH_FIELD);
    CHECK(o["joined_at_ms"].error() == simdjson::NO_SUCH_FIELD);
    CHECK(o["detail"].error() == simdjson::NO_SUCH_FIELD);
    CHECK(o["identity"].get_string().value() == "");
    CHECK(o["non_person"].get_bool().value() == false);
    CHECK(o["at"].get_string().value() == "1970-01-01T00:00:10Z");
}
