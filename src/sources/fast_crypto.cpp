#include "sources/fast_crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <cstring>
#include <memory>
#include <string>

namespace rollcall::sources::fast {
namespace {

constexpr std::array<std::uint8_t, 256> make_b64_table() {
    std::array<std::uint8_t, 256> t{};
    for (auto& v : t) v = 0xff;
    for (int i = 0; i < 26; ++i) {
        t[static_cast<std::size_t>('A' + i)] = static_cast<std::uint8_t>(i);
        t[static_cast<std::size_t>('a' + i)] = static_cast<std::uint8_t>(26 + i);
    }
    for (int i = 0; i < 10; ++i) t[static_cast<std::size_t>('0' + i)] = static_cast<std::uint8_t>(52 + i);
    t['+'] = t['-'] = 62;
    t['/'] = t['_'] = 63;
    return t;
}
constexpr auto b64 = make_b64_table();

/// The digest algorithms, fetched once per process (OpenSSL 3 would otherwise look them up by name,
/// under a lock, on every call).
const EVP_MD* md(sha a) noexcept {
    static EVP_MD* const s256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    static EVP_MD* const s512 = EVP_MD_fetch(nullptr, "SHA512", nullptr);
    return a == sha::sha256 ? s256 : s512;
}

struct ctx_deleter {
    void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};
using ctx_ptr = std::unique_ptr<EVP_MD_CTX, ctx_deleter>;

/// One key's HMAC states after absorbing (K ^ ipad) and (K ^ opad) (RFC 2104).
struct keyed_state {
    sha alg{};
    std::string key;
    ctx_ptr inner, outer;

    keyed_state() = default;
    keyed_state(keyed_state&&) noexcept = default;
    keyed_state& operator=(keyed_state&&) noexcept = default;
    ~keyed_state() { OPENSSL_cleanse(key.data(), key.size()); }
};

bool prepare(keyed_state& s, sha alg, std::string_view key) noexcept {
    const EVP_MD* m = md(alg);
    if (!m) return false;
    const std::size_t block = static_cast<std::size_t>(EVP_MD_get_block_size(m));
    unsigned char k[128] = {};
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

    keyed_state* find(sha alg, std::string_view key) noexcept {
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

bool base64_decode(std::string_view in, char* out, std::size_t& n) noexcept {
    while (!in.empty() && in.back() == '=') in.remove_suffix(1);
    if (in.size() % 4 == 1) return false;
    const auto* p = reinterpret_cast<const unsigned char*>(in.data());
    std::size_t i = 0, o = 0;
    for (; i + 4 <= in.size(); i += 4) {
        const std::uint32_t a = b64[p[i]], b = b64[p[i + 1]], c = b64[p[i + 2]], d = b64[p[i + 3]];
        if ((a | b | c | d) & 0x80) return false;
        const std::uint32_t v = a << 18 | b << 12 | c << 6 | d;
        out[o++] = static_cast<char>(v >> 16);
        out[o++] = static_cast<char>(v >> 8 & 0xff);
        out[o++] = static_cast<char>(v & 0xff);
    }
    const std::size_t rest = in.size() - i;
    if (rest >= 2) {
        const std::uint32_t a = b64[p[i]], b = b64[p[i + 1]], c = rest == 3 ? b64[p[i + 2]] : 0;
        if ((a | b | c) & 0x80) return false;
        const std::uint32_t v = a << 18 | b << 12 | c << 6;
        out[o++] = static_cast<char>(v >> 16);
        if (rest == 3) out[o++] = static_cast<char>(v >> 8 & 0xff);
    }
    n = o;
    return true;
}

bool hmac(sha alg, std::string_view key, std::string_view data, unsigned char* out) noexcept {
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

bool sha256(std::string_view data, unsigned char* out) noexcept {
    key_cache& c = cache();
    const EVP_MD* m = md(sha::sha256);
    if (!m || !c.work) return false;
    unsigned int len = 0;
    EVP_MD_CTX* w = c.work.get();
    return EVP_DigestInit_ex(w, m, nullptr) == 1 && EVP_DigestUpdate(w, data.data(), data.size()) == 1 &&
           EVP_DigestFinal_ex(w, out, &len) == 1;
}

}  // namespace rollcall::sources::fast
