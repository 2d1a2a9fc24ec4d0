#include <doctest/doctest.h>

#include <string>

#include "crypto/crypto.hpp"
#include "sources/fast_crypto.hpp"

using namespace rollcall;
namespace fast = rollcall::sources::fast;

namespace {

std::string fast_hmac(fast::sha alg, std::string_view key, std::string_view data) {
    unsigned char out[fast::max_digest];
    REQUIRE(fast::hmac(alg, key, data, out));
    return std::string(reinterpret_cast<const char*>(out), fast::digest_size(alg));
}

}  // namespace

TEST_CASE("fast_crypto: HMAC equals crypto::hmac for every key length, across cache evictions") {
    const std::string data = crypto::random_bytes(300);
    // More distinct keys than the per-thread cache holds, each used twice, in an interleaved order.
    for (int round = 0; round < 2; ++round) {
        for (std::size_t len : {0, 1, 32, 63, 64, 65, 127, 128, 129, 300}) {
            const std::string key(len, static_cast<char>('a' + len % 26));
            CAPTURE(len);
            CHECK(fast_hmac(fast::sha::sha256, key, data) == crypto::hmac(crypto::hash_alg::sha256, key, data));
            CHECK(fast_hmac(fast::sha::sha512, key, data) == crypto::hmac(crypto::hash_alg::sha512, key, data));
        }
    }
    // RFC 4231 test case 2.
    CHECK(crypto::hex_encode(fast_hmac(fast::sha::sha256, "Jefe", "what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("fast_crypto: SHA-256 equals crypto::digest") {
    for (std::size_t len : {0, 1, 55, 56, 64, 1000}) {
        const std::string data = crypto::random_bytes(len);
        unsigned char out[32];
        REQUIRE(fast::sha256(data, out));
        CHECK(std::string(reinterpret_cast<const char*>(out), 32) == crypto::digest(crypto::hash_alg::sha256, data));
    }
}

TEST_CASE("fast_crypto: base64 decoding agrees with crypto::base64_decode") {
    for (std::size_t len = 0; len < 40; ++len) {
        const std::string bytes = crypto::random_bytes(len);
        for (const std::string& text : {crypto::base64_encode(bytes), crypto::base64url_encode(bytes)}) {
            CAPTURE(text);
            char out[64];
            std::size_t n = 0;
            REQUIRE(fast::base64_decode(text, out, n));
            CHECK(std::string(out, n) == bytes);
        }
    }
    char out[16];
    std::size_t n = 0;
    for (std::string_view bad : {"Z", "Zm9v!", "Zm 9", "Zm9vY", "\xc3\xa9\xc3\xa9"}) {
        CAPTURE(bad);
        CHECK_FALSE(fast::base64_decode(bad, out, n));
        CHECK(crypto::base64_decode(bad).has_value() == false);
    }
}
