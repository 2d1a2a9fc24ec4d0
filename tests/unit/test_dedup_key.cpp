// The BBB and Zoom parsers compose dedup keys on the stack (dedup_key_into); the keys must be the
// ones write_dedup_key appends part by part, for short keys and for keys too long for the stack.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sources/dedup_key.hpp"

using namespace rollcall;
using namespace rollcall::sources;

TEST_CASE("dedup key: composed keys equal the part-by-part keys, short, empty-part, negative and long") {
    const std::string long_id(300, 'm'), half_a(120, 'a'), half_b(120, 'b');
    const instant at = from_unix_ms(1708381137694);
    struct sample {
        std::string_view prefix;
        std::initializer_list<std::string_view> parts;
        instant at;
    };
    const sample samples[] = {
        {"bbb:", {"user-joined", "8043c8452ae9830aac14c517adff3839dbd9228f-1698771157700", "w_uxw0dzhtvk0l"}, at},
        {"zoom:", {"meeting.started", "4444AAAiAAAAAiAiAiiAii==", {}}, at},
        {"zoom:report.", {"leave", "", "16778240"}, from_unix_ms(-62135596800000)},
        {"bbb:analytics-", {"join", long_id, "w_t7q2m9x4kzle"}, at},
        {"zoom:", {half_a, half_b, "c"}, at},
        {"", {}, instant{}},
    };
    for (const sample& s : samples) {
        std::string expected, composed = "stale text of an earlier event";
        write_dedup_key(expected, s.prefix, s.parts, s.at);
        dedup_key_into(composed, s.prefix, s.parts, s.at);
        CHECK(composed == expected);
    }
    // Every digit count, both signs, and the edges of the word-at-a-time formatting (10^8, 10^16).
    std::vector<std::int64_t> values = {INT64_MIN, INT64_MAX, 1708381137694};
    for (std::int64_t p = 1;; p *= 10) {
        for (const std::int64_t v : {p - 1, p, p + 1}) values.insert(values.end(), {v, -v});
        if (p > INT64_MAX / 10) break;
    }
    for (const std::int64_t ms : values) {
        CAPTURE(ms);
        std::string expected, composed;
        write_dedup_key(expected, "k:", {"a"}, from_unix_ms(ms));
        dedup_key_into(composed, "k:", {"a"}, from_unix_ms(ms));
        CHECK(composed == expected);
    }
    std::string key;
    dedup_key_into(key, "bbb:", {"user-left", "room", "w_1"}, from_unix_ms(1708381137694));
    CHECK(key == "bbb:user-left:room:w_1:1708381137694");
}
