#include <doctest/doctest.h>

#include <string>

#include "rollcall/json_writer.hpp"

using rollcall::json_writer;

namespace {

std::string escaped(std::string_view s) {
    std::string out;
    json_writer::escape_to(out, s);
    return out;
}

}  // namespace

TEST_CASE("json_writer: plain text is quoted unchanged, UTF-8 included") {
    CHECK(escaped("") == R"("")");
    CHECK(escaped("abc") == R"("abc")");
    CHECK(escaped("r\xc3\xa9union") == "\"r\xc3\xa9union\"");
}

TEST_CASE("json_writer: quotes, backslashes and control characters are escaped wherever they fall") {
    CHECK(escaped("\"") == R"("\"")");
    CHECK(escaped("a\"b\\c") == R"("a\"b\\c")");
    CHECK(escaped("\\x\\") == R"("\\x\\")");
    CHECK(escaped("l1\nl2\r\t\b\f") == R"("l1\nl2\r\t\b\f")");
    CHECK(escaped(std::string_view("\x00z\x1f\x7f", 4)) == "\"\\u0000z\\u001f\x7f\"");
    CHECK(escaped("\x01") == R"("\u0001")");
}

TEST_CASE("json_writer: escape_to appends to what the string already holds") {
    std::string out = "x=";
    json_writer::escape_to(out, "a\"");
    json_writer::escape_to(out, "b");
    CHECK(out == R"(x="a\"""b")");
}
