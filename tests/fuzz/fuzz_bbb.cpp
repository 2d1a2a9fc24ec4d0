// libFuzzer target for the BigBlueButton paths. Each input is used several ways so that the form
// decoder, the verifiers and the parsers behind them are all exercised:
//   1. as a form body parsed without verification, and through the dispatcher (JSON → analytics);
//   2. as a form body given a correct v3.4+ checksum and a correct v2 checksum computed here, then
//      verified and parsed: the verdict must be "accepted" and the events those of step 1;
//   3. as a decoded `event` JSON array and as an analytics body, directly;
//   4. split at the first newline into a request URL and a body, verified as received with every mode.
// Whatever the outcome, accepted events must serialise to valid JSON and name their room.
#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "crypto/crypto.hpp"
#include "rollcall/event_json.hpp"
#include "sources/bbb.hpp"
#include "sources/bbb_analytics.hpp"
#include "sources/form.hpp"
#include "fuzz_paths.hpp"

using namespace rollcall;
using namespace rollcall::sources;

namespace {

constexpr std::string_view secret = "mysharedsecret";
constexpr std::string_view hook = "https://lms.example.com/bbb/hook";

void check_events(const std::vector<event>& events) {
    json_writer w;
    w.begin_array();
    for (const auto& e : events) {
        if (e.room.empty() || e.source != platform::bbb) std::abort();
        write_event_json(w, e);
    }
    w.end_array();
    static simdjson::dom::parser p;
    if (p.parse(w.str()).error()) std::abort();  // our own output must always be JSON
}

// The input being checked: a message may quote the input, so the secret only leaks when the
// message carries it and the input did not.
thread_local std::string_view current_input;

void check_outcome(const result<parse_outcome>& r) {
    if (!r.ok()) {
        if (r.err().code == errc::ok || r.err().code == errc::internal_error) std::abort();
        if (r.err().message.find(secret) != std::string::npos && current_input.find(secret) == std::string_view::npos)
            std::abort();  // never leak the secret
        return;
    }
    check_events(r->events);
}

verify_config config(std::uint8_t modes, bool verify) {
    verify_config c;
    c.bbb_shared_secret = std::string(secret);
    c.bbb_callback_url = std::string(hook);
    c.bbb_checksum_modes = modes;
    c.verify = verify;
    return c;
}

request callback(std::string_view body, std::string url) {
    request r;
    r.source = platform::bbb;
    r.body = body;
    r.request_url = std::move(url);
    r.now = from_unix_s(1708383013);
    return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Copied so that ASan sees reads past its end (the parsers must pad, not over-read).
    const std::string input(reinterpret_cast<const char*>(data), size);
    current_input = input;
    const std::uint8_t all = bbb::bit(bbb_checksum_mode::v3_url_body) | bbb::bit(bbb_checksum_mode::v2_json) |
                             bbb::bit(bbb_checksum_mode::bearer) | bbb::bit(bbb::checksum_v3_unbound);

    // 1. Trusted replay of a form body, and the dispatcher; the forward pass and the checked path agree.
    const auto trusted = fuzz::both_paths([&] { return bbb::parse_webhook(config(all, false), callback(input, "")); });
    check_outcome(trusted);
    check_outcome(fuzz::both_paths([&] { return bbb::parse_request(config(all, false), callback(input, "")); }));

    // 2. Correctly signed: verification must pass and change nothing in what is parsed.
    const std::string v3 = crypto::hex_encode(
        crypto::digest(crypto::hash_alg::sha256, std::string(hook) + input + std::string(secret)));
    const auto signed_v3 = bbb::parse_webhook(config(bbb::bit(bbb_checksum_mode::v3_url_body), true),
                                              callback(input, std::string(hook) + "?checksum=" + v3));
    check_outcome(signed_v3);
    if (signed_v3.ok() != trusted.ok()) std::abort();
    if (signed_v3.ok() && signed_v3->events != trusted->events) std::abort();
    if (auto v2 = bbb::v2_signed_json(input); v2.ok()) {
        const std::string sum = crypto::hex_encode(
            crypto::digest(crypto::hash_alg::sha1, std::string(hook) + v2.value() + std::string(secret)));
        const auto signed_v2 = bbb::parse_webhook(config(bbb::bit(bbb_checksum_mode::v2_json), true),
                                                  callback(input, std::string(hook) + "?checksum=" + sum));
        check_outcome(signed_v2);
        if (signed_v2.ok() != trusted.ok()) std::abort();
    }

    // 3. The JSON layers directly, by both paths, and into outcomes reused across inputs (stale slots
    //    from the previous input must not show through).
    auto as_result = [](result<void> r, parse_outcome&& out) -> result<parse_outcome> {
        if (!r.ok()) return failure{r.err()};
        return std::move(out);
    };
    static parse_outcome reused_events, reused_analytics;
    const auto direct = fuzz::both_paths([&] {
        parse_outcome out;
        auto r = bbb::parse_event_array(input, 1708381137700, false, out);
        return as_result(std::move(r), std::move(out));
    });
    if (direct.ok()) check_events(direct->events);
    const bool events_ok = bbb::parse_event_array_reusing(input, 1708381137700, false, reused_events).ok();
    if (events_ok != direct.ok() || (events_ok && !fuzz::same(reused_events, direct.value()))) std::abort();
    const auto analytics = fuzz::both_paths([&] {
        parse_outcome out;
        auto r = bbb::parse_analytics_body(input, out);
        return as_result(std::move(r), std::move(out));
    });
    if (analytics.ok()) check_events(analytics->events);
    const bool analytics_ok = bbb::parse_analytics_body_reusing(input, reused_analytics).ok();
    if (analytics_ok != analytics.ok() || (analytics_ok && !fuzz::same(reused_analytics, analytics.value())))
        std::abort();

    // 4. Attacker-controlled URL and body, every mode enabled, plus a bearer header.
    const std::size_t nl = input.find('\n');
    if (nl != std::string::npos) {
        request r = callback(std::string_view(input).substr(nl + 1), input.substr(0, nl));
        check_outcome(bbb::parse_request(config(all, true), r));
        r.headers.add("Authorization", input.substr(0, nl));
        check_outcome(bbb::parse_request(config(all, true), r));
    }

    // The form layer on its own: decoding never reads out of bounds, encoding round-trips.
    std::string decoded;
    (void)form::percent_decode(input, decoded);
    (void)form::find_raw(form::query_of(input), "checksum", true);
    std::string back;
    if (!form::percent_decode(form::encode_component(input), back, false) || back != input) std::abort();
    return 0;
}
