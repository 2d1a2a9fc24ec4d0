#include <doctest/doctest.h>

#include "crypto/crypto.hpp"

using namespace rollcall::crypto;

TEST_CASE("crypto: digests and HMACs match published vectors") {
    CHECK(hex_encode(digest(hash_alg::sha1, "abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(hex_encode(digest(hash_alg::sha256, "abc")) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(digest(hash_alg::sha384, "").size() == 48);
    CHECK(digest(hash_alg::sha512, "").size() == 64);
    // RFC 4231 test case 2.
    CHECK(hex_encode(hmac(hash_alg::sha256, "Jefe", "what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("crypto: base64 and hex round trips, invalid text rejected") {
    CHECK(base64_encode("foobar") == "Zm9vYmFy");
    CHECK(base64_encode("fo") == "Zm8=");
    CHECK(base64url_encode("\xfb\xff") == "-_8");
    CHECK(base64_decode("Zm8=").value() == "fo");
    CHECK(base64_decode("Zm8").value() == "fo");
    CHECK(base64_decode("-_8").value() == "\xfb\xff");
    CHECK_FALSE(base64_decode("Zm9v!").has_value());
    CHECK_FALSE(base64_decode("Z").has_value());
    CHECK(hex_decode("A9ff").value() == "\xa9\xff");
    CHECK_FALSE(hex_decode("abc").has_value());
    CHECK_FALSE(hex_decode("zz").has_value());
}

TEST_CASE("crypto: constant-time comparison and the CSPRNG") {
    CHECK(constant_time_equal("abc", "abc"));
    CHECK_FALSE(constant_time_equal("abc", "abd"));
    CHECK_FALSE(constant_time_equal("abc", "abcd"));
    const auto a = random_bytes(16), b = random_bytes(16);
    CHECK(a.size() == 16);
    CHECK(a != b);
}
