#include <doctest/doctest.h>

#include <string>

#include "sources/form.hpp"

using namespace rollcall::sources;

namespace {
std::string decode(std::string_view in, bool plus = true) {
    std::string out;
    REQUIRE(form::percent_decode(in, out, plus));
    return out;
}
}  // namespace

TEST_CASE("form: percent escapes and plus decode as WHATWG and qs encoders produce them") {
    CHECK(decode("Mary+Sue") == "Mary Sue");
    CHECK(decode("Mary%20Sue") == "Mary Sue");
    CHECK(decode("a%2Bb") == "a+b");
    CHECK(decode("%5B%7B%22a%22%3A1%7D%5D") == "[{\"a\":1}]");
    CHECK(decode("%c3%a9%C3%A9") == "\xc3\xa9\xc3\xa9");
    CHECK(decode("a+b", false) == "a+b");
    CHECK(decode("") == "");
}

TEST_CASE("form: malformed escapes are rejected, never read past the end") {
    std::string out;
    CHECK_FALSE(form::percent_decode("%", out));
    CHECK_FALSE(form::percent_decode("abc%2", out));
    CHECK_FALSE(form::percent_decode("%zz", out));
    CHECK_FALSE(form::percent_decode("%2g", out));
}

TEST_CASE("form: fields are found by name, first or last occurrence, in bodies and queries") {
    const std::string_view body = "domain=bbb.example.com&event=%5B%5D&timestamp=17&&flag&event=second";
    CHECK(form::find_raw(body, "domain").value() == "bbb.example.com");
    CHECK(form::find_raw(body, "event").value() == "%5B%5D");
    CHECK(form::find_raw(body, "event", true).value() == "second");
    CHECK(form::find_raw(body, "flag").value().empty());
    CHECK_FALSE(form::find_raw(body, "missing").has_value());
    CHECK(form::find_raw("na%6De=x", "name").value() == "x");

    std::string out;
    CHECK(form::get(body, "event", out).ok());
    CHECK(out == "[]");
    auto missing = form::get(body, "checksum", out);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.err().code == rollcall::errc::missing_field);
    CHECK(missing.err().message.find("checksum") != std::string::npos);
    auto bad = form::get("event=%E", "event", out);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.err().code == rollcall::errc::malformed_input);

    CHECK(form::query_of("https://h/p?tenant=7&checksum=ab#frag") == "tenant=7&checksum=ab");
    CHECK(form::query_of("https://h/p").empty());
    CHECK(form::find_raw(form::query_of("https://h/p?checksum=1&checksum=2"), "checksum", true).value() == "2");
}

TEST_CASE("form: encode_component matches encodeURIComponent") {
    CHECK(form::encode_component("abc-_.!~*'()XYZ09") == "abc-_.!~*'()XYZ09");
    CHECK(form::encode_component("a b/c+d=e") == "a%20b%2Fc%2Bd%3De");
    CHECK(form::encode_component("\xc3\xa9") == "%C3%A9");
    std::string round;
    REQUIRE(form::percent_decode(form::encode_component("/x//y+z== \xf0\x9f\x98\x80"), round, false));
    CHECK(round == "/x//y+z== \xf0\x9f\x98\x80");
}
