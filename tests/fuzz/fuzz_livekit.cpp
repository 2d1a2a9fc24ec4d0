// libFuzzer target for the LiveKit webhook path. Each input is used three ways, so that both the
// verifier and the parser behind it are exercised:
//   1. as a body parsed without verification (trusted replay);
//   2. as a body signed here with a known key, then verified and parsed (the full host path);
//   3. split at the first newline into an Authorization value and a body, verified as received.
// Whatever the outcome, accepted events must serialise to valid JSON.
#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "crypto/crypto.hpp"
#include "rollcall/event_json.hpp"
#include "sources/livekit.hpp"

using namespace rollcall;
using namespace rollcall::sources;

namespace {

constexpr std::string_view key = "APItestkey";
constexpr std::string_view secret = "test-secret-that-is-long-enough-0123456789";
constexpr std::int64_t now_s = 1755089013;

void check_outcome(const result<parse_outcome>& r) {
    if (!r.ok()) {
        if (r.err().code == errc::ok || r.err().code == errc::internal_error) std::abort();
        return;
    }
    json_writer w;
    w.begin_array();
    for (const auto& e : r->events) write_event_json(w, e);
    w.end_array();
    static simdjson::dom::parser p;
    if (p.parse(w.str()).error()) std::abort();  // our own output must always be JSON
}

std::string sign(std::string_view body) {
    const std::string claims = "{\"iss\":\"" + std::string(key) + "\",\"exp\":" + std::to_string(now_s + 300) +
                               ",\"nbf\":" + std::to_string(now_s) + ",\"sha256\":\"" +
                               crypto::base64_encode(crypto::digest(crypto::hash_alg::sha256, body)) + "\"}";
    const std::string input = crypto::base64url_encode(R"({"alg":"HS256","typ":"JWT"})") + "." + crypto::base64url_encode(claims);
    return input + "." + crypto::base64url_encode(crypto::hmac(crypto::hash_alg::sha256, secret, input));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The body is copied so that ASan sees reads past its end (the parser must pad, not over-read).
    const std::string input(reinterpret_cast<const char*>(data), size);

    verify_config trusted;
    trusted.verify = false;
    request req;
    req.source = platform::livekit;
    req.body = input;
    req.now = from_unix_s(now_s);
    check_outcome(livekit::parse_webhook(trusted, req));

    verify_config config;
    config.livekit_keys.emplace(std::string(key), std::string(secret));
    config.strict_events = size % 2 == 1;
    request signed_req = req;
    signed_req.headers.add("Authorization", sign(input));
    const auto full = livekit::parse_webhook(config, signed_req);
    // A correctly signed body can only fail in the parser, never in the verifier.
    if (!full.ok() && (full.err().code == errc::bad_signature || full.err().code == errc::unknown_key ||
                       full.err().code == errc::token_expired || full.err().code == errc::missing_signature))
        std::abort();
    check_outcome(full);

    const auto nl = input.find('\n');
    request raw = req;
    raw.body = nl == std::string::npos ? std::string_view() : std::string_view(input).substr(nl + 1);
    raw.headers.add("Authorization", input.substr(0, nl));
    check_outcome(livekit::parse_webhook(config, raw));
    return 0;
}
