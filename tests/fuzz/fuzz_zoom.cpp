// libFuzzer target for the Zoom paths. Each input is used several ways:
//   1. as a webhook body parsed without verification;
//   2. as a body signed here (correct x-zm-signature, fresh timestamp), then verified and parsed: the
//      verdict and the events must equal those of step 1;
//   3. split at the first two newlines into x-zm-signature, x-zm-request-timestamp and a body,
//      verified as received;
//   4. as a past-participants report page;
//   5. as a join URL and as a meeting uuid for a request path.
// Whatever the outcome, accepted events must serialise to valid JSON and name their room.
#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "crypto/crypto.hpp"
#include "rollcall/event_json.hpp"
#include "sources/form.hpp"
#include "sources/zoom.hpp"
#include "sources/zoom_report.hpp"
#include "sources/zoom_url.hpp"
#include "fuzz_paths.hpp"

using namespace rollcall;
using namespace rollcall::sources;

namespace {

constexpr std::string_view secret = "zoom_secret_token_example";
constexpr std::int64_t now_s = 1626230693;

bool is_json(std::string_view text) {
    static simdjson::dom::parser p;
    return !p.parse(text.data(), text.size()).error();
}

void check_events(const std::vector<event>& events) {
    json_writer w;
    w.begin_array();
    for (const auto& e : events) {
        if (e.room.empty() || e.source != platform::zoom) std::abort();
        if (e.kind == event_kind::leave && e.joined_at && *e.joined_at > e.at) std::abort();
        write_event_json(w, e);
    }
    w.end_array();
    if (!is_json(w.str())) std::abort();  // our own output must always be JSON
}

void check_outcome(const result<parse_outcome>& r) {
    if (!r.ok()) {
        if (r.err().code == errc::ok || r.err().code == errc::internal_error) std::abort();
        if (r.err().message.find(secret) != std::string::npos) std::abort();  // never leak the secret
        return;
    }
    check_events(r->events);
    if (r->response_body && !is_json(*r->response_body)) std::abort();
}

verify_config config(bool verify) {
    verify_config c;
    c.zoom_secret_token = std::string(secret);
    c.verify = verify;
    return c;
}

request webhook(std::string_view body, std::string signature, std::string timestamp) {
    request r;
    r.source = platform::zoom;
    r.body = body;
    r.headers.add("x-zm-signature", std::move(signature));
    r.headers.add("x-zm-request-timestamp", std::move(timestamp));
    r.now = from_unix_s(now_s);
    return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Copied so that ASan sees reads past its end (the parsers must pad, not over-read).
    const std::string input(reinterpret_cast<const char*>(data), size);

    // 1. Trusted replay; the forward pass and the checked path agree, and an outcome reused across
    //    inputs gives the same (stale slots from the previous input must not show through).
    const auto trusted = fuzz::both_paths([&] { return zoom::parse_webhook(config(false), webhook(input, "", "")); });
    check_outcome(trusted);
    static parse_outcome reused;
    const bool reused_ok = zoom::parse_body(config(false), input, reused).ok();
    if (reused_ok != trusted.ok() || (reused_ok && !fuzz::same(reused, trusted.value()))) std::abort();

    // 2. Correctly signed: verification must pass and change nothing in what is parsed.
    const std::string ts = std::to_string(now_s - 1);
    const std::string sig =
        "v0=" + crypto::hex_encode(crypto::hmac(crypto::hash_alg::sha256, secret, "v0:" + ts + ":" + input));
    const auto verified = zoom::parse_webhook(config(true), webhook(input, sig, ts));
    check_outcome(verified);
    if (verified.ok() != trusted.ok()) std::abort();
    if (verified.ok() && verified->events != trusted->events) std::abort();

    // 3. Attacker-controlled headers.
    const std::size_t a = input.find('\n');
    const std::size_t b = a == std::string::npos ? a : input.find('\n', a + 1);
    if (b != std::string::npos) {
        check_outcome(zoom::parse_webhook(
            config(true), webhook(std::string_view(input).substr(b + 1), input.substr(0, a), input.substr(a + 1, b - a - 1))));
    }

    // 4. A report page, by both paths, and into a page reused across inputs.
    const auto page = fuzz::both_paths([&] { return zoom::parse_participants_page(input, "4444AAAiAAAAAiAiAiiAii=="); });
    if (page.ok()) check_events(page->events);
    static zoom::participants_page reused_page;
    const bool page_ok = zoom::parse_participants_page(input, "4444AAAiAAAAAiAiAiiAii==", reused_page).ok();
    if (page_ok != page.ok() || (page_ok && !fuzz::same(reused_page, page.value()))) std::abort();

    // 5. Join URLs and uuid path segments: ids are 9-11 digits; encoding decodes back.
    if (auto id = zoom::meeting_id_from_url(input)) {
        if (id->size() < 9 || id->size() > 11) std::abort();
        for (const char c : *id)
            if (c < '0' || c > '9') std::abort();
    }
    std::string once;
    if (!form::percent_decode(zoom::encode_uuid_for_path(input), once, false)) std::abort();
    std::string twice;
    if (once != input && (!form::percent_decode(once, twice, false) || twice != input)) std::abort();
    return 0;
}
