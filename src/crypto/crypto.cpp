#include "crypto/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <array>

#include "rollcall/error.hpp"

namespace rollcall::crypto {
namespace {

constexpr char b64_std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char b64_url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64_with(std::string_view in, const char* alphabet, bool pad) {
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(in[k])); };
    for (; i + 3 <= in.size(); i += 3) {
        const std::uint32_t v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        out += alphabet[v >> 6 & 63];
        out += alphabet[v & 63];
    }
    const std::size_t rest = in.size() - i;
    if (rest > 0) {
        std::uint32_t v = byte(i) << 16;
        if (rest == 2) v |= byte(i + 1) << 8;
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        if (rest == 2) out += alphabet[v >> 6 & 63];
        if (pad) out.append(rest == 1 ? 2 : 1, '=');
    }
    return out;
}

/// base64 digit values, standard and url-safe alike; 0xff for any other byte.
constexpr std::array<std::uint8_t, 256> b64_digit = [] {
    std::array<std::uint8_t, 256> t{};
    t.fill(0xff);
    for (int i = 0; i < 26; ++i) {
        t[static_cast<std::size_t>('A' + i)] = static_cast<std::uint8_t>(i);
        t[static_cast<std::size_t>('a' + i)] = static_cast<std::uint8_t>(26 + i);
    }
    for (int i = 0; i < 10; ++i) t[static_cast<std::size_t>('0' + i)] = static_cast<std::uint8_t>(52 + i);
    t['+'] = t['-'] = 62;
    t['/'] = t['_'] = 63;
    return t;
}();

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string hex_encode(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::optional<std::string> hex_decode(std::string_view hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    std::string out(hex.size() / 2, '\0');
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out[i] = static_cast<char>(hi << 4 | lo);
    }
    return out;
}

std::string base64_encode(std::string_view bytes) { return base64_with(bytes, b64_std, true); }
std::string base64url_encode(std::string_view bytes) { return base64_with(bytes, b64_url, false); }

bool base64_decode(std::string_view text, char* out, std::size_t& n) noexcept {
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
    if (text.size() % 4 == 1) return false;
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t i = 0, o = 0;
    for (; i + 4 <= text.size(); i += 4) {
        const std::uint32_t a = b64_digit[p[i]], b = b64_digit[p[i + 1]];
        const std::uint32_t c = b64_digit[p[i + 2]], d = b64_digit[p[i + 3]];
        if ((a | b | c | d) & 0x80) return false;
        const std::uint32_t v = a << 18 | b << 12 | c << 6 | d;
        out[o++] = static_cast<char>(v >> 16);
        out[o++] = static_cast<char>(v >> 8 & 0xff);
        out[o++] = static_cast<char>(v & 0xff);
    }
    const std::size_t rest = text.size() - i;
    if (rest >= 2) {
        const std::uint32_t a = b64_digit[p[i]], b = b64_digit[p[i + 1]];
        const std::uint32_t c = rest == 3 ? b64_digit[p[i + 2]] : 0;
        if ((a | b | c) & 0x80) return false;
        const std::uint32_t v = a << 18 | b << 12 | c << 6;
        out[o++] = static_cast<char>(v >> 16);
        if (rest == 3) out[o++] = static_cast<char>(v >> 8 & 0xff);
    }
    n = o;
    return true;
}

std::optional<std::string> base64_decode(std::string_view text) {
    std::string out(text.size() * 3 / 4 + 3, '\0');
    std::size_t n = 0;
    if (!base64_decode(text, out.data(), n)) return std::nullopt;
    out.resize(n);
    return out;
}

std::string random_bytes(std::size_t n) {
    std::string out(n, '\0');
    if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
        throw exception(errc::internal_error, "the system random generator failed");
    return out;
}

}  // namespace rollcall::crypto
