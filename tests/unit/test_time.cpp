#include <doctest/doctest.h>

#include "rollcall/time.hpp"

using namespace rollcall;

TEST_CASE("time: RFC 3339 with Z, offsets and fractions") {
    CHECK(to_unix_ms(parse_rfc3339("1970-01-01T00:00:00Z").value()) == 0);
    CHECK(to_unix_ms(parse_rfc3339("2025-10-12T09:00:00Z").value()) == 1760259600000);
    CHECK(to_unix_ms(parse_rfc3339("2025-10-12T11:00:00+02:00").value()) == 1760259600000);
    CHECK(to_unix_ms(parse_rfc3339("2025-10-12T06:00:00-03:00").value()) == 1760259600000);
    CHECK(to_unix_ms(parse_rfc3339("2025-10-12T09:00:00.5Z").value()) == 1760259600500);
    CHECK(to_unix_ms(parse_rfc3339("2025-10-12T09:00:00.123456789Z").value()) == 1760259600123);
    CHECK(to_unix_ms(parse_rfc3339("2025-10-12t09:00:00z").value()) == 1760259600000);
    CHECK(to_unix_ms(parse_rfc3339("2025-10-12 09:00:00Z").value()) == 1760259600000);
    CHECK(to_unix_ms(parse_rfc3339("1969-12-31T23:59:59Z").value()) == -1000);
    CHECK(to_unix_ms(parse_rfc3339("2024-02-29T00:00:00Z").value()) == 1709164800000);
}

TEST_CASE("time: RFC 3339 rejects what is not a date-time, naming it") {
    for (const char* bad : {"", "2025-10-12", "2025-10-12T09:00:00", "2025-13-12T09:00:00Z", "2025-02-30T09:00:00Z",
                            "2023-02-29T00:00:00Z", "2025-10-12T24:00:00Z", "2025-10-12T09:00:00.Z",
                            "2025-10-12T09:00:00+2:00", "2025-10-12T09:00:00Zjunk", "2025/10/12T09:00:00Z"}) {
        auto r = parse_rfc3339(bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == errc::invalid_value);
        CHECK(r.err().message.find("RFC 3339") != std::string::npos);
    }
}

TEST_CASE("time: unix seconds and milliseconds") {
    CHECK(to_unix_ms(parse_unix_seconds("1760259600").value()) == 1760259600000);
    CHECK(to_unix_ms(parse_unix_seconds("1760259600.25").value()) == 1760259600250);
    CHECK(to_unix_ms(parse_unix_millis("1760259600123").value()) == 1760259600123);
    CHECK_FALSE(parse_unix_seconds("17x").ok());
    CHECK_FALSE(parse_unix_millis("").ok());
    CHECK_FALSE(parse_unix_millis("99999999999999999999").ok());
    CHECK(to_unix_ms(parse_instant("1760259600").value()) == 1760259600000);
    CHECK(to_unix_ms(parse_instant("1760259600123").value()) == 1760259600123);
    CHECK(to_unix_ms(parse_instant("2025-10-12T09:00:00Z").value()) == 1760259600000);
}

TEST_CASE("time: formatting round-trips and renders offsets") {
    CHECK(format_rfc3339(from_unix_ms(1760259600000)) == "2025-10-12T09:00:00Z");
    CHECK(format_rfc3339(from_unix_ms(1760259600007)) == "2025-10-12T09:00:00.007Z");
    CHECK(format_rfc3339(from_unix_ms(1760259600000), 7200) == "2025-10-12T11:00:00+02:00");
    CHECK(format_rfc3339(from_unix_ms(1760259600000), -10800) == "2025-10-12T06:00:00-03:00");
    CHECK(format_rfc3339(from_unix_ms(-1000)) == "1969-12-31T23:59:59Z");
    for (std::int64_t ms : {0LL, 1LL, 951782400000LL, 1760259600999LL, 4102444800000LL})
        CHECK(to_unix_ms(parse_rfc3339(format_rfc3339(from_unix_ms(ms))).value()) == ms);
}
