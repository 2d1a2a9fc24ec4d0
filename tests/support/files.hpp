// Test helper: whole files as bytes (fixtures are read exactly as stored: hashes and signatures
// cover those bytes).
#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace rollcall::test {

/// The bytes of a file; the test fails (naming the path) if it cannot be opened.
inline std::string read_test_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot open " << path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// A file of tests/fixtures/, by its path relative to that folder ("livekit/participant_left.json").
inline std::string fixture(const std::string& relative) {
    return read_test_file(std::string(ROLLCALL_TEST_DIR) + "/fixtures/" + relative);
}

}  // namespace rollcall::test
