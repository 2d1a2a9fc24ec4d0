// The room naming convention {type}_{sessionId}_{unixSeconds}.
#include <doctest/doctest.h>

#include "rollcall/room_naming.hpp"

using namespace rollcall;

TEST_CASE("tracker room naming: make and parse round-trip, ids may contain underscores") {
    auto n = make_room_name("academic", "1042", from_unix_s(1760259600));
    REQUIRE(n.ok());
    CHECK(*n == "academic_1042_1760259600");
    auto p = parse_room_name(*n);
    REQUIRE(p);
    CHECK(p->type == "academic");
    CHECK(p->session_id == "1042");
    CHECK(p->start == from_unix_s(1760259600));
    auto q = parse_room_name("quran_abc_def_1760259600");
    REQUIRE(q);
    CHECK(q->session_id == "abc_def");
}

TEST_CASE("tracker room naming: names off the convention are not read") {
    for (const char* s : {"", "academic", "academic_1042", "_1042_1760259600", "academic__1760259600",
                          "academic_1042_", "academic_1042_17x", "academic_1042_-5", "a_b_1234567890123"}) {
        CAPTURE(s);
        CHECK_FALSE(parse_room_name(s));
    }
    CHECK(make_room_name("my_type", "1", from_unix_s(0)).err().code == errc::invalid_argument);
    CHECK(make_room_name("", "1", from_unix_s(0)).err().code == errc::invalid_argument);
    CHECK(make_room_name("t", "", from_unix_s(0)).err().code == errc::invalid_argument);
}
