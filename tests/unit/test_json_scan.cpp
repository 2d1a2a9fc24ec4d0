// The byte scanners the parsers run on every key, string and number (sources/json_util.hpp) read whole
// words at a time; these tests hold them to a byte-by-byte reading at every length and alignment.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <cstdint>
#include <string>

#include "sources/json_util.hpp"

using namespace rollcall::sources;

namespace {

/// `text` in a padded buffer at `offset` bytes from a 64-byte boundary, as the parsers see their input.
struct placed {
    std::string storage;
    const char* at = nullptr;

    placed(const std::string& text, std::size_t offset) : storage(256 + text.size() + simdjson::SIMDJSON_PADDING, '\0') {
        const auto base = reinterpret_cast<std::uintptr_t>(storage.data());
        char* start = storage.data() + ((64 - base % 64) % 64) + offset;
        text.copy(start, text.size());
        at = start;
    }
};

}  // namespace

TEST_CASE("json scan: digit_run reads every run length at every alignment exactly") {
    const std::string digits = "9876543210123456789012";
    for (std::size_t len = 0; len <= 20; ++len) {
        for (std::size_t offset = 0; offset < 16; ++offset) {
            for (const char* end : {"\"", ",", "a", ":", "/", "\x7f", "\xb9"}) {  // '/' and ':' border the digits
                const placed p(digits.substr(0, len) + end + "123", offset);
                std::uint64_t value = 0;
                const std::size_t n = digit_run(p.at, value);
                CAPTURE(len);
                CAPTURE(offset);
                CHECK(n == len);
                if (len <= 19) {
                    std::uint64_t expected = 0;
                    for (std::size_t i = 0; i < len; ++i) expected = expected * 10 + static_cast<unsigned>(digits[i] - '0');
                    CHECK(value == expected);
                }
            }
        }
    }
}

TEST_CASE("json scan: digit_run takes leading zeros and a lone digit") {
    std::uint64_t value = 1;
    CHECK(digit_run(placed("0000000000000\"", 3).at, value) == 13);
    CHECK(value == 0);
    CHECK(digit_run(placed("00000001\"", 0).at, value) == 8);
    CHECK(value == 1);
    CHECK(digit_run(placed("7\"", 5).at, value) == 1);
    CHECK(value == 7);
}

TEST_CASE("json scan: string_end finds the first quote or backslash at every offset") {
    for (std::size_t len = 0; len <= 40; ++len) {
        for (std::size_t offset = 0; offset < 16; ++offset) {
            for (const char stop : {'"', '\\'}) {
                const placed p(std::string(len, 'x') + stop + "\"tail\"", offset);
                CAPTURE(len);
                CAPTURE(offset);
                CHECK(string_end(p.at) == len);
            }
        }
    }
    // Bytes that differ from a quote or backslash in one bit, and UTF-8, are not stops.
    CHECK(string_end(placed("\x22\x00", 0).at) == 0);
    CHECK(string_end(placed("#!]\x5d\x5c\"", 1).at) == 4);
    CHECK(string_end(placed("\xc3\xa9\xe2\x82\xac\xa2\xdc\"", 2).at) == 7);
}

TEST_CASE("json scan: is_key against a literal compares the whole key") {
    CHECK(is_key(std::string_view("event"), "event"));
    CHECK_FALSE(is_key(std::string_view("events"), "event"));
    CHECK_FALSE(is_key(std::string_view("even"), "event"));
    CHECK_FALSE(is_key(std::string_view("evenT"), "event"));
    CHECK_FALSE(is_key(std::string_view(""), "event"));
    CHECK(is_key(std::string_view(""), ""));
}
