#include <doctest/doctest.h>

#include "sources/sources.hpp"

using namespace rollcall;
using namespace rollcall::sources;

TEST_CASE("sources: header names compare ASCII case-insensitively, first match wins") {
    header_list h{{"Content-Type", "application/webhook+json"}, {"authorization", "one"}};
    h.add("AUTHORIZATION", "two");
    CHECK(h.find("content-type").value() == "application/webhook+json");
    CHECK(h.find("Authorization").value() == "one");
    CHECK(h.find("X-Zm-Signature") == std::nullopt);
    CHECK(h.find("Content-Typ") == std::nullopt);
}

TEST_CASE("sources: link requests are refused, they come from the tracker") {
    request req;
    req.source = platform::link;
    req.body = "{}";
    auto r = parse_request(verify_config{}, req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::invalid_argument);
}
