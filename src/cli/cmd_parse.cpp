// `rollcall parse`: verifies one saved platform request and prints its normalised events, so that a
// payload can be checked by hand exactly as the library would see it.
#include <chrono>
#include <iostream>
#include <iterator>

#include "cli/command.hpp"
#include "rollcall/event_json.hpp"
#include "rollcall/json_writer.hpp"
#include "sources/sources.hpp"

namespace rollcall::cli {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

std::uint8_t bbb_mode(const std::string& name) {
    using sources::bbb_checksum_mode;
    if (name == "v3") return static_cast<std::uint8_t>(bbb_checksum_mode::v3_url_body);
    if (name == "v2") return static_cast<std::uint8_t>(bbb_checksum_mode::v2_json);
    if (name == "bearer") return static_cast<std::uint8_t>(bbb_checksum_mode::bearer);
    if (name == "v3-unbound") return static_cast<std::uint8_t>(bbb_checksum_mode::v3_unbound);
    throw usage_error{"--bbb-checksum takes v3, v2, bearer or v3-unbound, not '" + name + "'"};
}

std::string read_input(const std::string& path) {
    if (path != "-") return read_file(path);
    std::string body{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    return body;
}

void write_outcome(json_writer& w, const sources::parse_outcome& out) {
    w.begin_object();
    w.field("event", out.event_name);
    w.key("events").begin_array();
    for (const auto& e : out.events) write_event_json(w, e);
    w.end_array();
    w.key("ignored").begin_array();
    for (const auto& s : out.ignored) w.value(s);
    w.end_array();
    w.key("notes").begin_array();
    for (const auto& s : out.notes) w.value(s);
    w.end_array();
    w.key("response");
    if (out.response_body) w.raw(*out.response_body);
    else w.null();
    w.end_object();
}

int run_parse(std::span<const std::string_view> args) {
    arg_reader a(args,
                 {"platform", "header", "key", "secret", "callback-url", "request-url", "now", "bbb-checksum",
                  "leeway"},
                 {"no-verify", "full", "strict"});
    if (a.positionals().size() != 1) throw usage_error{"expected exactly one FILE (or - for stdin)"};

    sources::request req;
    sources::verify_config config;
    const std::string platform_name = a.require("platform");
    const auto p = parse_platform(platform_name);
    if (!p || *p == platform::link) throw usage_error{"--platform takes livekit, bbb or zoom, not '" + platform_name + "'"};
    req.source = *p;

    for (const auto& h : a.get_all("header")) {
        const auto colon = h.find(':');
        if (colon == std::string::npos || trim(std::string_view(h).substr(0, colon)).empty())
            throw usage_error{"--header takes 'Name: value', got '" + h + "'"};
        req.headers.add(std::string(trim(std::string_view(h).substr(0, colon))),
                        std::string(trim(std::string_view(h).substr(colon + 1))));
    }
    for (const auto& k : a.get_all("key")) {
        const auto eq = k.find('=');
        if (eq == std::string::npos || eq == 0) throw usage_error{"--key takes KEY=SECRET"};
        config.livekit_keys[k.substr(0, eq)] = k.substr(eq + 1);
    }
    if (auto s = a.get("secret")) {
        config.zoom_secret_token = *s;
        config.bbb_shared_secret = *s;
    }
    if (auto u = a.get("callback-url")) config.bbb_callback_url = *u;
    if (auto u = a.get("request-url")) req.request_url = *u;
    const auto modes = a.get_all("bbb-checksum");
    if (!modes.empty()) {
        config.bbb_checksum_modes = 0;
        for (const auto& m : modes) config.bbb_checksum_modes |= bbb_mode(m);
    }
    if (auto l = a.get("leeway")) {
        const auto v = parse_int64(*l);
        if (!v || *v < 0) throw usage_error{"--leeway takes a number of seconds"};
        config.livekit_leeway_s = *v;
        config.zoom_window_s = *v;
    }
    if (auto n = a.get("now")) {
        auto t = parse_unix_seconds(*n);
        if (!t) throw usage_error{"--now takes Unix seconds, got '" + *n + "'"};
        req.now = *t;
    } else {
        req.now = std::chrono::time_point_cast<milliseconds>(std::chrono::system_clock::now());
    }
    config.strict_events = a.has("strict");
    if (a.has("no-verify")) {
        config.verify = false;
        std::cerr << "rollcall parse: --no-verify: the signature was NOT checked (trusted replays only)\n";
    }

    const std::string body = read_input(a.positionals()[0]);
    req.body = body;
    auto out = sources::parse_request(config, req);
    if (!out) {
        std::cerr << out.err().describe() << "\n";
        return exit_rejected;
    }

    json_writer w;
    if (a.has("full")) {
        write_outcome(w, *out);
    } else {
        w.begin_array();
        for (const auto& e : out->events) write_event_json(w, e);
        w.end_array();
        for (const auto& s : out->ignored) std::cerr << "rollcall parse: ignored: " << s << "\n";
        for (const auto& s : out->notes) std::cerr << "rollcall parse: note: " << s << "\n";
        if (out->response_body) std::cerr << "rollcall parse: response: " << *out->response_body << "\n";
    }
    std::cout << w.str() << "\n";
    return exit_ok;
}

const register_command reg{
    "parse",
    {"verify a saved webhook request and print its normalised events",
     "usage: rollcall parse --platform livekit|bbb|zoom [--header 'Name: value']... [--key KEY=SECRET]...\n"
     "                      [--secret SECRET] [--callback-url URL] [--request-url URL] [--now UNIX_SECONDS]\n"
     "                      [--bbb-checksum v3|v2|bearer|v3-unbound]... [--leeway SECONDS] [--strict] [--no-verify]\n"
     "                      [--full] FILE\n"
     "  Verifies the request (body bytes in FILE, or - for stdin, plus its headers) and prints its\n"
     "  normalised events as a JSON array on stdout (exit 0). Events the platform sent that produce no\n"
     "  attendance event, notes, and a response body the host must send back (Zoom URL validation) go to\n"
     "  stderr, one line each; --full prints instead one JSON object\n"
     "  {\"event\",\"events\":[...],\"ignored\":[...],\"notes\":[...],\"response\":{...}|null} on stdout.\n"
     "  --key adds a LiveKit API key and its secret (repeatable). --secret is the Zoom secret token or the\n"
     "  BBB shared secret. --callback-url is the URL registered with BBB, --request-url the URL the\n"
     "  callback arrived at (with its checksum); --bbb-checksum chooses the accepted BBB checksum modes\n"
     "  (default v3; v3-unbound accepts the v3.0-3.3 checksum, which does not cover the body). --leeway sets the clock tolerance of the chosen platform: LiveKit exp/nbf leeway\n"
     "  (default 60 s) or Zoom timestamp window (default 300 s). --now fixes the verification clock (default: the system clock). --strict makes an\n"
     "  unknown event an error. --no-verify skips verification and says so on stderr.\n"
     "  A rejected request exits 2 and prints `<error_code>: message` on stderr; a usage error exits 64.",
     run_parse}};

}  // namespace
}  // namespace rollcall::cli
