// SPEC §10: every scenario of tests/scenarios/ through the same code path as `rollcall replay`.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "rollcall/scenario.hpp"
#include "support/files.hpp"

using rollcall::test::read_test_file;

using namespace rollcall;

namespace {
std::vector<std::filesystem::path> scenario_files() {
    std::vector<std::filesystem::path> out;
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(ROLLCALL_TEST_DIR) / "scenarios"))
        if (e.path().extension() == ".json") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}
}  // namespace

TEST_CASE("scenarios: every golden scenario gives its expected result") {
    const auto files = scenario_files();
    REQUIRE(files.size() >= 22);
    for (const auto& f : files) {
        CAPTURE(f.filename().string());
        auto sc = load_scenario(read_test_file(f.string()));
        REQUIRE_MESSAGE(sc.ok(), (sc.ok() ? "" : sc.err().describe()));
        REQUIRE_FALSE(sc->expect_json.empty());
        const auto diffs = check_expectations(sc->expect_json, replay_scenario_json(*sc));
        for (const auto& d : diffs) FAIL_CHECK(d.path << ": expected " << d.expected << ", got " << d.actual);
    }
}

TEST_CASE("scenarios: the comparison catches a wrong value") {
    const auto diffs = check_expectations(R"({"billable_s":5400,"participants":{"a":{"first_join":"2025-10-12T09:00:00Z"}}})",
                                          R"({"billable_s":5401,"participants":{"a":{"first_join":"2025-10-12T11:00:00+02:00"}}})");
    REQUIRE(diffs.size() == 1);
    CHECK(diffs[0].path == "billable_s");
    CHECK(check_expectations(R"({"anomalies":[]})", R"({"anomalies":["orphan_leave"]})").size() == 1);
    CHECK(check_expectations(R"({"participants":{"b":{}}})", R"({"participants":{}})").size() == 1);
}

TEST_CASE("scenarios: invalid files are rejected with the problem and the field named") {
    struct bad_case {
        const char* json;
        errc code;
        const char* names;
    };
    const bad_case cases[] = {
        {"not json", errc::malformed_input, "JSON"},
        {"", errc::malformed_input, "empty"},
        {"[]", errc::malformed_input, "object"},
        {R"({"events":[],"now":"2025-10-12T09:00:00Z"})", errc::missing_field, "session"},
        {R"({"session":{"id":"s"},"now":"2025-10-12T09:00:00Z"})", errc::missing_field, "events"},
        {R"({"session":{"id":"s"},"events":[]})", errc::missing_field, "now"},
        {R"({"session":{"id":"s"},"events":[],"now":"yesterday"})", errc::invalid_value, "now"},
        {R"({"session":{"id":"s"},"events":[{"at":"2025-10-12T09:00:00Z","type":"jump","participant":"a","connection":"c"}],"now":"2025-10-12T09:00:00Z"})",
         errc::invalid_value, "events[0].type"},
        {R"({"session":{"id":"s"},"events":[{"at":"2025-10-12T09:00:00Z","type":"join","connection":"c"}],"now":"2025-10-12T09:00:00Z"})",
         errc::missing_field, "events[0].participant"},
        {R"({"session":{"id":"s"},"events":[{"at":"2025-13-12T09:00:00Z","type":"room_end"}],"now":"2025-10-12T09:00:00Z"})",
         errc::invalid_value, "events[0].at"},
        {R"({"session":{"id":"s","scheduled_start":"2025-10-12T09:00:00Z"},"events":[],"now":"2025-10-12T09:00:00Z"})",
         errc::missing_field, "scheduled_end"},
        {R"({"policy":{"reconnect_grace":5},"session":{"id":"s"},"events":[],"now":"2025-10-12T09:00:00Z"})", errc::invalid_value,
         "policy.reconnect_grace"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.json);
        auto sc = load_scenario(c.json);
        REQUIRE_FALSE(sc.ok());
        CHECK(sc.err().code == c.code);
        CHECK(sc.err().message.find(c.names) != std::string::npos);
    }
}
