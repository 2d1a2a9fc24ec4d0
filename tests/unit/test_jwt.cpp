#include <doctest/doctest.h>
#include <simdjson.h>

#include <fstream>
#include <sstream>
#include <string>

#include "crypto/crypto.hpp"
#include "sources/jwt.hpp"
#include "support/files.hpp"

using rollcall::test::fixture;

using namespace rollcall;
using namespace rollcall::sources;

namespace {

std::string make_token(std::string_view header, std::string_view payload, std::string_view secret,
                       crypto::hash_alg alg = crypto::hash_alg::sha256) {
    std::string input = crypto::base64url_encode(header) + "." + crypto::base64url_encode(payload);
    return input + "." + crypto::base64url_encode(crypto::hmac(alg, secret, input));
}

const std::string hs256 = R"({"alg":"HS256","typ":"JWT"})";

jwt::options at(std::int64_t now_s, jwt::algorithm alg = jwt::algorithm::hs256) {
    jwt::options o;
    o.alg = alg;
    o.now = from_unix_s(now_s);
    return o;
}

errc code_of(const result<jwt::claims>& r) { return r.ok() ? errc::ok : r.err().code; }

}  // namespace

TEST_CASE("jwt: a LiveKit fixture token verifies and exposes its claims") {
    simdjson::dom::parser p;
    const std::string vec = fixture("livekit/signed/participant_left__valid.json");
    simdjson::dom::element v = p.parse(vec);
    const std::string_view token = v["authorization"].get_string().value();
    const std::string secret(v["api_secret"].get_string().value());
    const std::int64_t now = v["now_unix"].get_int64().value();

    auto r = jwt::verify(token, at(now), secret);
    REQUIRE(r.ok());
    CHECK(r->iss == "APItestkey");
    CHECK(r->exp == 1755089312);
    CHECK(r->nbf == 1755089012);
    CHECK(r->iat == 1755089012);
    const std::string body = fixture("livekit/participant_left.json");
    CHECK(r->sha256 == crypto::base64_encode(crypto::digest(crypto::hash_alg::sha256, body)));
    CHECK(r->payload_json.find("\"sha256\"") != std::string::npos);
}

TEST_CASE("jwt: the key is chosen by iss, an unknown issuer is unknown_key") {
    const std::string tok = make_token(hs256, R"({"iss":"k2","exp":2000})", "secret-two");
    auto keys = [](std::string_view iss) -> std::optional<std::string_view> {
        if (iss == "k1") return std::string_view("secret-one");
        if (iss == "k2") return std::string_view("secret-two");
        return std::nullopt;
    };
    CHECK(jwt::verify(tok, at(1000), keys).ok());
    const std::string other = make_token(hs256, R"({"iss":"k3","exp":2000})", "secret-two");
    CHECK(code_of(jwt::verify(other, at(1000), keys)) == errc::unknown_key);
}

TEST_CASE("jwt: only the configured algorithm is accepted") {
    const std::string payload = R"({"iss":"k","exp":2000})";
    const std::string none = crypto::base64url_encode(R"({"alg":"none"})") + "." + crypto::base64url_encode(payload) + ".";
    CHECK(code_of(jwt::verify(none, at(1000), "s")) == errc::unsupported_algorithm);
    const std::string hs512 = make_token(R"({"alg":"HS512"})", payload, "s", crypto::hash_alg::sha512);
    CHECK(code_of(jwt::verify(hs512, at(1000), "s")) == errc::unsupported_algorithm);
    CHECK(jwt::verify(hs512, at(1000, jwt::algorithm::hs512), "s").ok());
    const std::string hs256_tok = make_token(hs256, payload, "s");
    CHECK(code_of(jwt::verify(hs256_tok, at(1000, jwt::algorithm::hs512), "s")) == errc::unsupported_algorithm);
    const std::string no_alg = make_token(R"({"typ":"JWT"})", payload, "s");
    CHECK(code_of(jwt::verify(no_alg, at(1000), "s")) == errc::unsupported_algorithm);
    const std::string lower = make_token(R"({"alg":"hs256"})", payload, "s");
    CHECK(code_of(jwt::verify(lower, at(1000), "s")) == errc::unsupported_algorithm);
}

TEST_CASE("jwt: a wrong secret or a changed payload is bad_signature") {
    const std::string tok = make_token(hs256, R"({"iss":"k","exp":2000})", "right");
    CHECK(code_of(jwt::verify(tok, at(1000), "wrong")) == errc::bad_signature);
    // Swap in another payload, keep the signature.
    const auto d1 = tok.find('.'), d2 = tok.rfind('.');
    const std::string forged = tok.substr(0, d1 + 1) + crypto::base64url_encode(R"({"iss":"k","exp":9000})") + tok.substr(d2);
    CHECK(code_of(jwt::verify(forged, at(1000), "right")) == errc::bad_signature);
    // A truncated signature must not verify either.
    CHECK(code_of(jwt::verify(tok.substr(0, tok.size() - 4), at(1000), "right")) == errc::bad_signature);
}

TEST_CASE("jwt: the signature is checked before the claims are trusted") {
    // Expired AND wrongly signed: the answer is about the signature, never about the claims.
    const std::string tok = make_token(hs256, R"({"iss":"k","exp":10,"nbf":99999})", "right");
    CHECK(code_of(jwt::verify(tok, at(1000), "wrong")) == errc::bad_signature);
    const std::string no_exp = make_token(hs256, R"({"iss":"k"})", "right");
    CHECK(code_of(jwt::verify(no_exp, at(1000), "wrong")) == errc::bad_signature);
}

TEST_CASE("jwt: exp is required and exp/nbf are checked with the leeway") {
    const std::string tok = make_token(hs256, R"({"iss":"k","exp":2000,"nbf":1700})", "s");
    CHECK(jwt::verify(tok, at(2060), "s").ok());
    CHECK(code_of(jwt::verify(tok, at(2061), "s")) == errc::token_expired);
    CHECK(jwt::verify(tok, at(1640), "s").ok());
    CHECK(code_of(jwt::verify(tok, at(1639), "s")) == errc::token_not_yet_valid);
    auto strict = at(2001);
    strict.leeway_s = 0;
    CHECK(code_of(jwt::verify(tok, strict, "s")) == errc::token_expired);

    const std::string no_exp = make_token(hs256, R"({"iss":"k"})", "s");
    CHECK(code_of(jwt::verify(no_exp, at(1000), "s")) == errc::missing_field);
    auto lenient = at(1000);
    lenient.require_exp = false;
    CHECK(jwt::verify(no_exp, lenient, "s").ok());

    const std::string frac = make_token(hs256, R"({"exp":2000.9})", "s");
    CHECK(jwt::verify(frac, at(2060), "s").ok());
    const std::string str_exp = make_token(hs256, R"({"exp":"2000"})", "s");
    CHECK(code_of(jwt::verify(str_exp, at(1000), "s")) == errc::invalid_value);
    const std::string huge = make_token(hs256, R"({"exp":9223372036854775807})", "s");
    CHECK(code_of(jwt::verify(huge, at(1000), "s")) == errc::invalid_value);
}

TEST_CASE("jwt: malformed tokens are rejected cleanly") {
    const std::string good = make_token(hs256, R"({"exp":2000})", "s");
    for (std::string_view bad : {std::string_view(""), std::string_view("."), std::string_view(".."),
                                 std::string_view("a.b"), std::string_view("a.b.c.d"), std::string_view("!!.??.**")}) {
        CAPTURE(bad);
        CHECK(code_of(jwt::verify(bad, at(1000), "s")) == errc::bad_signature);
    }
    CHECK(code_of(jwt::verify(make_token("[1,2]", R"({"exp":2000})", "s"), at(1000), "s")) == errc::bad_signature);
    CHECK(code_of(jwt::verify(make_token(hs256, "not json", "s"), at(1000), "s")) == errc::bad_signature);
    CHECK(code_of(jwt::verify(make_token(hs256, R"({"exp":2000} {})", "s"), at(1000), "s")) == errc::bad_signature);
    CHECK(code_of(jwt::verify(make_token(hs256, R"({"exp":2000)", "s"), at(1000), "s")) == errc::bad_signature);
    CHECK(jwt::verify(good, at(1000), "s").ok());
}

TEST_CASE("jwt: strip_bearer tolerates a Bearer prefix and spaces") {
    CHECK(jwt::strip_bearer("abc.def.ghi") == "abc.def.ghi");
    CHECK(jwt::strip_bearer("Bearer abc.def.ghi") == "abc.def.ghi");
    CHECK(jwt::strip_bearer("bearer  abc.def.ghi \r\n") == "abc.def.ghi");
    CHECK(jwt::strip_bearer("  abc") == "abc");
    CHECK(jwt::strip_bearer("Bearerabc") == "Bearerabc");
}
