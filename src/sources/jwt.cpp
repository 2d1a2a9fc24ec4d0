#include "sources/jwt.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstring>

#include "crypto/crypto.hpp"
#include "sources/json_util.hpp"

namespace rollcall::sources::jwt {
namespace {

/// Decodes one base64url segment (padding tolerated) into `out`, leaving SIMDJSON_PADDING zero bytes
/// after it so the result can be handed to simdjson without a copy. False on a character outside the
/// alphabet or an impossible length.
bool decode_segment(std::string_view in, std::string& out) {
    out.resize(in.size() * 3 / 4 + 3 + simdjson::SIMDJSON_PADDING);
    std::size_t n = 0;
    if (!crypto::base64_decode(in, out.data(), n)) return false;
    std::memset(out.data() + n, 0, out.size() - n);
    out.resize(n + simdjson::SIMDJSON_PADDING);
    return true;
}

struct scratch {
    std::string header, payload, signature;
    simdjson::ondemand::parser parser;
};

scratch& local_scratch() {
    thread_local scratch s;
    return s;
}

/// A NumericDate: an integer, or a number with a fraction (truncated), as RFC 7519 allows.
std::optional<std::int64_t> numeric_date(simdjson::ondemand::value v) {
    // Bounded so that later arithmetic in milliseconds cannot overflow.
    constexpr std::int64_t limit = 1'000'000'000'000'000;
    std::int64_t i = 0;
    if (v.get_int64().get(i) == simdjson::SUCCESS) return i > -limit && i < limit ? std::optional(i) : std::nullopt;
    double d = 0;
    if (v.get_double().get(d) == simdjson::SUCCESS && d > -1e15 && d < 1e15) return static_cast<std::int64_t>(d);
    return std::nullopt;
}

failure bad_token(const char* why) { return fail(errc::bad_signature, std::string("token: ") + why); }

}  // namespace

std::string_view strip_bearer(std::string_view v) noexcept {
    auto trim = [](std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
            s.remove_suffix(1);
        return s;
    };
    v = trim(v);
    constexpr std::string_view bearer = "bearer ";
    if (v.size() >= bearer.size() && ascii_iequals(v.substr(0, bearer.size()), bearer))
        v = trim(v.substr(bearer.size()));
    return v;
}

result<claims> verify(std::string_view token, const options& opts, const key_lookup& keys) {
    const auto dot1 = token.find('.');
    const auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos)
        return bad_token("not a compact JWS (three dot-separated parts)");
    const std::string_view signing_input = token.substr(0, dot2);

    scratch& s = local_scratch();
    if (!decode_segment(token.substr(0, dot1), s.header)) return bad_token("header is not base64url");
    if (!decode_segment(token.substr(dot1 + 1, dot2 - dot1 - 1), s.payload))
        return bad_token("payload is not base64url");
    if (!decode_segment(token.substr(dot2 + 1), s.signature)) return bad_token("signature is not base64url");
    const std::size_t header_len = s.header.size() - simdjson::SIMDJSON_PADDING;
    const std::size_t payload_len = s.payload.size() - simdjson::SIMDJSON_PADDING;
    const std::size_t signature_len = s.signature.size() - simdjson::SIMDJSON_PADDING;

    // Header: only the algorithm matters, and it must be exactly the one configured. Anything else
    // (`none`, RS256 with an HMAC key, another HMAC size) is refused before any key is touched.
    {
        simdjson::ondemand::document doc;
        simdjson::ondemand::object obj;
        if (s.parser.iterate(s.header.data(), header_len, s.header.size()).get(doc) || doc.get_object().get(obj))
            return bad_token("header is not a JSON object");
        std::string_view alg;
        bool have_alg = false;
        for (auto field : obj) {
            std::string_view key;
            if (field.unescaped_key().get(key)) return bad_token("header is not a JSON object");
            if (key == "alg") {
                if (field.value().get_string().get(alg)) return bad_token("header alg is not a string");
                have_alg = true;
            }
        }
        if (!document_fully_consumed(doc)) return bad_token("header is not a JSON object");
        if (!have_alg) return fail(errc::unsupported_algorithm, "token: header has no alg");
        if (alg != name(opts.alg))
            return fail(errc::unsupported_algorithm, "token: alg '" + std::string(alg.substr(0, 16)) +
                                                         "' is not accepted (only " + std::string(name(opts.alg)) +
                                                         ")");
    }

    // Payload, first pass: the claims, still untrusted. `iss` is only used to pick the key.
    claims out;
    {
        simdjson::ondemand::document doc;
        simdjson::ondemand::object obj;
        if (s.parser.iterate(s.payload.data(), payload_len, s.payload.size()).get(doc) ||
            doc.get_object().get(obj))
            return bad_token("payload is not a JSON object");
        for (auto field : obj) {
            std::string_view key;
            if (field.unescaped_key().get(key)) return bad_token("payload is not a JSON object");
            simdjson::ondemand::value v = field.value();
            std::string_view text;
            if (key == "iss" || key == "sub" || key == "sha256") {
                if (v.get_string().get(text))
                    return fail(errc::invalid_value, "token: claim " + std::string(key) + " is not a string");
                (key == "iss" ? out.iss : key == "sub" ? out.sub : out.sha256).assign(text);
            } else if (key == "exp" || key == "nbf" || key == "iat") {
                const auto t = numeric_date(v);
                if (!t) return fail(errc::invalid_value, "token: claim " + std::string(key) + " is not a number");
                (key == "exp" ? out.exp : key == "nbf" ? out.nbf : out.iat) = t;
            }
        }
        if (!document_fully_consumed(doc)) return bad_token("payload is not a JSON object");
    }

    const auto secret = keys(out.iss);
    if (!secret) return fail(errc::unknown_key, "token: issuer '" + out.iss.substr(0, 64) + "' is not a configured key");

    const auto alg = opts.alg == algorithm::hs256 ? crypto::hash_alg::sha256 : crypto::hash_alg::sha512;
    unsigned char mac[crypto::max_digest];
    if (!crypto::hmac(alg, *secret, signing_input, mac)) return fail(errc::internal_error, "token: HMAC failed");
    const std::string_view expected(reinterpret_cast<const char*>(mac), crypto::digest_size(alg));
    if (!crypto::constant_time_equal(expected, std::string_view(s.signature.data(), signature_len)))
        return fail(errc::bad_signature, "token: signature does not verify");

    // From here on the claims are authentic.
    const std::int64_t now_ms = to_unix_ms(opts.now);
    const std::int64_t leeway_ms = std::clamp<std::int64_t>(opts.leeway_s, 0, 1'000'000'000) * 1000;
    if (!out.exp && opts.require_exp) return fail(errc::missing_field, "token: claim exp is required");
    if (out.exp && now_ms > *out.exp * 1000 + leeway_ms)
        return fail(errc::token_expired, "token: expired at " + format_rfc3339(from_unix_s(*out.exp)));
    if (out.nbf && now_ms < *out.nbf * 1000 - leeway_ms)
        return fail(errc::token_not_yet_valid, "token: not valid before " + format_rfc3339(from_unix_s(*out.nbf)));
    out.payload_json.assign(s.payload.data(), payload_len);
    return out;
}

result<claims> verify(std::string_view token, const options& opts, std::string_view secret) {
    return verify(token, opts, [secret](std::string_view) { return std::optional<std::string_view>(secret); });
}

}  // namespace rollcall::sources::jwt
