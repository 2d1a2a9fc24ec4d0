#include <doctest/doctest.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>

#include "crypto/crypto.hpp"

using namespace rollcall::crypto;

namespace {

// OpenSSL's one-shot functions, with the algorithm looked up per call: the reference the cached
// digest and HMAC states of crypto/digest.cpp must agree with.
const EVP_MD* reference_md(hash_alg alg) {
    switch (alg) {
        case hash_alg::sha1: return EVP_sha1();
        case hash_alg::sha256: return EVP_sha256();
        case hash_alg::sha384: return EVP_sha384();
        case hash_alg::sha512: return EVP_sha512();
    }
    return nullptr;
}

std::string reference_hmac(hash_alg alg, std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    REQUIRE(HMAC(reference_md(alg), key.data(), static_cast<int>(key.size()),
                 reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len));
    return std::string(reinterpret_cast<const char*>(out), len);
}

std::string reference_digest(hash_alg alg, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    REQUIRE(EVP_Digest(data.data(), data.size(), out, &len, reference_md(alg), nullptr) == 1);
    return std::string(reinterpret_cast<const char*>(out), len);
}

std::string into_buffer_hmac(hash_alg alg, std::string_view key, std::string_view data) {
    unsigned char out[max_digest];
    REQUIRE(hmac(alg, key, data, out));
    return std::string(reinterpret_cast<const char*>(out), digest_size(alg));
}

constexpr hash_alg all_algs[] = {hash_alg::sha1, hash_alg::sha256, hash_alg::sha384, hash_alg::sha512};

}  // namespace

TEST_CASE("crypto: digests and HMACs match published vectors") {
    CHECK(hex_encode(digest(hash_alg::sha1, "abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(hex_encode(digest(hash_alg::sha256, "abc")) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(digest(hash_alg::sha384, "").size() == 48);
    CHECK(digest(hash_alg::sha512, "").size() == 64);
    // RFC 4231 test case 2.
    CHECK(hex_encode(hmac(hash_alg::sha256, "Jefe", "what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(hex_encode(into_buffer_hmac(hash_alg::sha256, "Jefe", "what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    for (hash_alg alg : all_algs)
        CHECK(digest_size(alg) == static_cast<std::size_t>(EVP_MD_get_size(reference_md(alg))));
}

TEST_CASE("crypto: HMAC equals OpenSSL's one-shot HMAC for every key length, across cache evictions") {
    const std::string data = random_bytes(300);
    // More distinct keys than the per-thread cache holds, each used twice, in an interleaved order.
    for (int round = 0; round < 2; ++round) {
        for (std::size_t len : {0, 1, 32, 63, 64, 65, 127, 128, 129, 300}) {
            const std::string key(len, static_cast<char>('a' + len % 26));
            CAPTURE(len);
            for (hash_alg alg : all_algs) {
                CAPTURE(static_cast<int>(alg));
                CHECK(into_buffer_hmac(alg, key, data) == reference_hmac(alg, key, data));
                CHECK(hmac(alg, key, data) == reference_hmac(alg, key, data));
            }
        }
    }
}

TEST_CASE("crypto: digests equal OpenSSL's one-shot digest, in both forms") {
    for (std::size_t len : {0, 1, 55, 56, 64, 111, 112, 128, 1000}) {
        const std::string data = random_bytes(len);
        for (hash_alg alg : all_algs) {
            CAPTURE(len);
            CAPTURE(static_cast<int>(alg));
            unsigned char out[max_digest];
            REQUIRE(digest(alg, data, out));
            const std::string into_buffer(reinterpret_cast<const char*>(out), digest_size(alg));
            CHECK(into_buffer == reference_digest(alg, data));
            CHECK(digest(alg, data) == reference_digest(alg, data));
        }
    }
}

TEST_CASE("crypto: base64 and hex round trips, invalid text rejected") {
    CHECK(base64_encode("foobar") == "Zm9vYmFy");
    CHECK(base64_encode("fo") == "Zm8=");
    CHECK(base64url_encode("\xfb\xff") == "-_8");
    CHECK(base64_decode("Zm8=").value() == "fo");
    CHECK(base64_decode("Zm8").value() == "fo");
    CHECK(base64_decode("-_8").value() == "\xfb\xff");
    CHECK(base64_decode("").value().empty());
    CHECK_FALSE(base64_decode("Zm9v!").has_value());
    CHECK_FALSE(base64_decode("Z").has_value());
    CHECK(hex_decode("A9ff").value() == "\xa9\xff");
    CHECK_FALSE(hex_decode("abc").has_value());
    CHECK_FALSE(hex_decode("zz").has_value());
}

TEST_CASE("crypto: base64 decoding into a buffer agrees with the string form") {
    for (std::size_t len = 0; len < 40; ++len) {
        const std::string bytes = random_bytes(len);
        for (const std::string& text : {base64_encode(bytes), base64url_encode(bytes)}) {
            CAPTURE(text);
            char out[64];
            std::size_t n = 0;
            REQUIRE(base64_decode(text, out, n));
            CHECK(std::string(out, n) == bytes);
            CHECK(base64_decode(text).value() == bytes);
        }
    }
    char out[16];
    std::size_t n = 0;
    for (std::string_view bad : {"Z", "Zm9v!", "Zm 9", "Zm9vY", "\xc3\xa9\xc3\xa9"}) {
        CAPTURE(bad);
        CHECK_FALSE(base64_decode(bad, out, n));
        CHECK_FALSE(base64_decode(bad).has_value());
    }
}

TEST_CASE("crypto: constant-time comparison: equal, unequal and different-length inputs") {
    CHECK(constant_time_equal("abc", "abc"));
    CHECK(constant_time_equal("", ""));
    CHECK(constant_time_equal(std::string_view(), std::string_view()));
    CHECK(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
    CHECK_FALSE(constant_time_equal("abc", "abd"));
    CHECK_FALSE(constant_time_equal("xbc", "abc"));
    CHECK_FALSE(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
    CHECK_FALSE(constant_time_equal("abc", "abcd"));
    CHECK_FALSE(constant_time_equal("abcd", "abc"));
    CHECK_FALSE(constant_time_equal("", "a"));
    const std::string d = digest(hash_alg::sha256, "body");
    std::string flipped = d;
    flipped.back() = static_cast<char>(flipped.back() ^ 1);
    CHECK(constant_time_equal(d, digest(hash_alg::sha256, "body")));
    CHECK_FALSE(constant_time_equal(d, flipped));
}

TEST_CASE("crypto: the CSPRNG") {
    const auto a = random_bytes(16), b = random_bytes(16);
    CHECK(a.size() == 16);
    CHECK(a != b);
    CHECK(random_bytes(0).empty());
}
