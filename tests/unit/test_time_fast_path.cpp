// parse_rfc3339 reads the shapes platforms send on a straight-line fast path and leaves the rest to its
// general path: parse_rfc3339 and the general path alone must agree on every text, accepted or not,
// value and error alike.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "rollcall/time.hpp"

using namespace rollcall;

namespace {

void check_same(const std::string& s) {
    CAPTURE(s);
    const auto fast = parse_rfc3339(s);
    const auto slow = detail::parse_rfc3339_general(s);
    REQUIRE(fast.ok() == slow.ok());
    if (slow.ok()) {
        CHECK(fast.value() == slow.value());
    } else {
        CHECK(fast.err().code == slow.err().code);
        CHECK(fast.err().message == slow.err().message);
    }
}

}  // namespace

TEST_CASE("time: the common shapes are read inline, with parse_rfc3339's values") {
    instant t;
    CHECK(detail::common_rfc3339("2025-03-04T15:58:02Z", t));
    CHECK(t == detail::parse_rfc3339_general("2025-03-04T15:58:02Z").value());
    CHECK(detail::common_rfc3339("2024-02-19T19:00:05.123-03:00", t));
    CHECK(to_unix_ms(t) == 1708380005123);
    CHECK(detail::common_rfc3339("2024-02-29T23:59:59+14:00", t));
    CHECK(detail::common_rfc3339("1969-12-31T23:59:59.999Z", t));
    CHECK(to_unix_ms(t) == -1);
    // Left to parse_rfc3339: other fractions, leap seconds, other separators, errors.
    for (const char* other : {"2025-03-04T15:58:02.5Z", "2025-03-04T23:59:60Z", "2025-03-04t15:58:02Z",
                              "2025-03-04 15:58:02z", "2023-02-29T00:00:00Z", "2025-03-04T15:58:02+0100"})
        CHECK_FALSE(detail::common_rfc3339(other, t));
}

TEST_CASE("time: every cut, every one-character change and random texts agree with parse_rfc3339") {
    const std::vector<std::string> seeds = {"2025-03-04T15:58:02Z",          "2024-02-19T19:00:05.000-03:00",
                                            "2024-02-29T00:00:00.999+05:30", "2021-07-13T21:44:51Z",
                                            "2000-12-31T23:59:59.000Z",      "2024-02-19T19:45:10+00:00"};
    const std::string alphabet = "0123456789-:T tZz+.x";
    for (const std::string& seed : seeds) {
        for (std::size_t cut = 0; cut <= seed.size(); ++cut) check_same(seed.substr(0, cut));
        for (std::size_t i = 0; i < seed.size(); ++i)
            for (const char c : alphabet) {
                std::string s = seed;
                s[i] = c;
                check_same(s);
            }
    }
    std::mt19937 rng(20261121);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    for (int round = 0; round < 20000; ++round) {
        std::string s = seeds[static_cast<std::size_t>(round) % seeds.size()];
        for (int k = 0; k < 3; ++k) s[rng() % s.size()] = alphabet[pick(rng)];
        check_same(s);
    }
}
