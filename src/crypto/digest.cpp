// Digests and HMACs without OpenSSL 3's per-call algorithm lookup: each algorithm is fetched once per
// process, and each key's padded inner/outer states are kept per thread, so a webhook's HMAC costs two
// digest-context copies instead of a fetch and a MAC context.
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <cstring>
#include <memory>
#include <string>

#include "crypto/crypto.hpp"
#include "rollcall/error.hpp"

namespace rollcall::crypto {
namespace {

/// The digest algorithms, fetched once per process (OpenSSL 3 would otherwise look them up by name,
/// under a lock, on every call).
const EVP_MD* md(hash_alg a) noexcept {
    static const std::array<EVP_MD*, 4> fetched{
        EVP_MD_fetch(nullptr, "SHA1", nullptr), EVP_MD_fetch(nullptr, "SHA256", nullptr),
        EVP_MD_fetch(nullptr, "SHA384", nullptr), EVP_MD_fetch(nullptr, "SHA512", nullptr)};
    const auto i = static_cast<std::size_t>(a);
    return i < fetched.size() ? fetched[i] : nullptr;
}

struct ctx_deleter {
    void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};
using ctx_ptr = std::unique_ptr<EVP_MD_CTX, ctx_deleter>;

/// One key's HMAC states after absorbing (K ^ ipad) and (K ^ opad) (RFC 2104).
struct keyed_state {
    hash_alg alg{};
    std::string key;
    ctx_ptr inner, outer;

    keyed_state() = default;
    keyed_state(keyed_state&&) noexcept = default;
    keyed_state& operator=(keyed_state&&) noexcept = default;
    ~keyed_state() { OPENSSL_cleanse(key.data(), key.size()); }
};

bool prepare(keyed_state& s, hash_alg alg, std::string_view key) noexcept {
    const EVP_MD* m = md(alg);
    if (!m) return false;
    const std::size_t block = static_cast<std::size_t>(EVP_MD_get_block_size(m));
    unsigned char k[128] = {};
    if (block > sizeof k) return false;
    if (key.size() > block) {
        unsigned int len = 0;
        if (EVP_Digest(key.data(), key.size(), k, &len, m, nullptr) != 1) return false;
    } else if (!key.empty()) {
        std::memcpy(k, key.data(), key.size());
    }
    unsigned char ipad[128], opad[128];
    for (std::size_t i = 0; i < block; ++i) {
        ipad[i] = static_cast<unsigned char>(k[i] ^ 0x36);
        opad[i] = static_cast<unsigned char>(k[i] ^ 0x5c);
    }
    OPENSSL_cleanse(k, sizeof k);
    s.inner.reset(EVP_MD_CTX_new());
    s.outer.reset(EVP_MD_CTX_new());
    const bool ok = s.inner && s.outer && EVP_DigestInit_ex(s.inner.get(), m, nullptr) == 1 &&
                    EVP_DigestUpdate(s.inner.get(), ipad, block) == 1 &&
                    EVP_DigestInit_ex(s.outer.get(), m, nullptr) == 1 &&
                    EVP_DigestUpdate(s.outer.get(), opad, block) == 1;
    OPENSSL_cleanse(ipad, sizeof ipad);
    OPENSSL_cleanse(opad, sizeof opad);
    if (!ok) return false;
    s.alg = alg;
    s.key.assign(key);
    return true;
}

/// Per-thread cache of a few keys (a host verifies with one or two secrets).
struct key_cache {
    std::array<keyed_state, 4> slots;
    std::size_t next = 0;
    ctx_ptr work{EVP_MD_CTX_new()};

    keyed_state* find(hash_alg alg, std::string_view key) noexcept {
        for (auto& s : slots)
            if (s.inner && s.alg == alg && s.key == key) return &s;
        keyed_state& s = slots[next];
        next = (next + 1) % slots.size();
        if (!prepare(s, alg, key)) {
            s.inner.reset();
            return nullptr;
        }
        return &s;
    }
};

key_cache& cache() {
    thread_local key_cache c;
    return c;
}

}  // namespace

bool digest(hash_alg alg, std::string_view data, unsigned char* out) noexcept {
    key_cache& c = cache();
    const EVP_MD* m = md(alg);
    if (!m || !c.work) return false;
    unsigned int len = 0;
    EVP_MD_CTX* w = c.work.get();
    return EVP_DigestInit_ex(w, m, nullptr) == 1 && EVP_DigestUpdate(w, data.data(), data.size()) == 1 &&
           EVP_DigestFinal_ex(w, out, &len) == 1;
}

bool hmac(hash_alg alg, std::string_view key, std::string_view data, unsigned char* out) noexcept {
    key_cache& c = cache();
    keyed_state* s = c.find(alg, key);
    if (!s || !c.work) return false;
    unsigned char inner[max_digest];
    unsigned int len = 0;
    EVP_MD_CTX* w = c.work.get();
    return EVP_MD_CTX_copy_ex(w, s->inner.get()) == 1 && EVP_DigestUpdate(w, data.data(), data.size()) == 1 &&
           EVP_DigestFinal_ex(w, inner, &len) == 1 && EVP_MD_CTX_copy_ex(w, s->outer.get()) == 1 &&
           EVP_DigestUpdate(w, inner, len) == 1 && EVP_DigestFinal_ex(w, out, &len) == 1;
}

std::string digest(hash_alg alg, std::string_view data) {
    unsigned char out[max_digest];
    if (!digest(alg, data, out)) throw exception(errc::internal_error, "digest failed");
    return std::string(reinterpret_cast<const char*>(out), digest_size(alg));
}

std::string hmac(hash_alg alg, std::string_view key, std::string_view data) {
    unsigned char out[max_digest];
    if (!hmac(alg, key, data, out)) throw exception(errc::internal_error, "hmac failed");
    return std::string(reinterpret_cast<const char*>(out), digest_size(alg));
}

}  // namespace rollcall::crypto
