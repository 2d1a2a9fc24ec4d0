// How fast are BigBlueButton and Zoom requests verified, parsed and normalised, compared with the
// ceiling of a raw simdjson On-Demand traversal of the same JSON bytes? Inputs: tests/fixtures.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <fstream>
#include <sstream>
#include <string>

#include "sources/bbb.hpp"
#include "sources/bbb_analytics.hpp"
#include "sources/form.hpp"
#include "sources/json_util.hpp"
#include "sources/sources.hpp"
#include "sources/zoom.hpp"
#include "sources/zoom_report.hpp"

using namespace rollcall;
using namespace rollcall::sources;

namespace {

std::string fixture(const std::string& rel) {
    std::ifstream in(std::string(ROLLCALL_SOURCE_DIR "/tests/fixtures/") + rel, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    if (s.str().empty()) throw std::runtime_error("missing fixture " + rel);
    return s.str();
}

// Visits every value of a document: the least work any parser of these bytes must do.
simdjson::error_code walk(simdjson::ondemand::value v, std::size_t& n) {
    simdjson::ondemand::json_type t;
    if (auto e = v.type().get(t)) return e;
    ++n;
    switch (t) {
        case simdjson::ondemand::json_type::object: {
            simdjson::ondemand::object o;
            if (auto e = v.get_object().get(o)) return e;
            for (auto field : o) {
                std::string_view key;
                if (auto e = field.unescaped_key().get(key)) return e;
                if (auto e = walk(field.value(), n)) return e;
            }
            return simdjson::SUCCESS;
        }
        case simdjson::ondemand::json_type::array: {
            simdjson::ondemand::array a;
            if (auto e = v.get_array().get(a)) return e;
            for (auto item : a) {
                simdjson::ondemand::value iv;
                if (auto e = item.get(iv)) return e;
                if (auto e = walk(iv, n)) return e;
            }
            return simdjson::SUCCESS;
        }
        case simdjson::ondemand::json_type::string: return v.get_string().error();
        case simdjson::ondemand::json_type::number: return v.get_number().error();
        case simdjson::ondemand::json_type::boolean: return v.get_bool().error();
        case simdjson::ondemand::json_type::null: return v.is_null().error();
    }
    return simdjson::SUCCESS;
}

void raw_traversal(benchmark::State& state, const std::string& json) {
    simdjson::ondemand::parser parser;
    padded_buffer buf;
    std::size_t values = 0;
    for (auto _ : state) {
        const char* data = buf.assign(json);
        auto doc = parser.iterate(data, buf.size(), buf.capacity());
        simdjson::ondemand::value root;
        if (doc.get_value().get(root) || walk(root, values)) state.SkipWithError("traversal failed");
    }
    benchmark::DoNotOptimize(values);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * json.size()));
}

void run(benchmark::State& state, const verify_config& cfg, const request& req) {
    std::size_t events = 0;
    for (auto _ : state) {
        auto out = parse_request(cfg, req);
        if (!out.ok()) {
            state.SkipWithError(out.err().describe().c_str());
            break;
        }
        events += out->events.size();
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * req.body.size()));
    state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

// --- BigBlueButton ---------------------------------------------------------------------------------

verify_config bbb_config(bool verify, std::uint8_t modes = bbb::bit(bbb_checksum_mode::v3_url_body)) {
    verify_config c;
    c.bbb_shared_secret = "mysharedsecret";
    c.bbb_callback_url = "https://lms.example.com/bbb/hook";
    c.bbb_checksum_modes = modes;
    c.verify = verify;
    return c;
}

void BM_bbb_v3_verify_parse(benchmark::State& state) {
    const std::string body = fixture("bbb/user-joined.v3.form");
    request req;
    req.source = platform::bbb;
    req.body = body;
    req.request_url = "https://lms.example.com/bbb/hook?checksum=f2d6bb2ab49e51dba34f3bdfe48cb64bfd3af72d";
    run(state, bbb_config(true), req);
}
BENCHMARK(BM_bbb_v3_verify_parse);

void BM_bbb_v3_parse_only(benchmark::State& state) {
    const std::string body = fixture("bbb/user-joined.v3.form");
    request req;
    req.source = platform::bbb;
    req.body = body;
    run(state, bbb_config(false), req);
}
BENCHMARK(BM_bbb_v3_parse_only);

void BM_bbb_v2_batch_verify_parse(benchmark::State& state) {
    const std::string body = fixture("bbb/batch3.v2.form");
    request req;
    req.source = platform::bbb;
    req.body = body;
    req.request_url = "https://lms.example.com/bbb/hook?checksum=6cb692d9132d8176da28c4aa8a9dfdc254780ef3";
    run(state, bbb_config(true, bbb::bit(bbb_checksum_mode::v2_json)), req);
}
BENCHMARK(BM_bbb_v2_batch_verify_parse);

void BM_bbb_event_json_parse_only(benchmark::State& state) {
    std::string json;
    if (!form::get(fixture("bbb/user-joined.v3.form"), "event", json).ok()) throw std::runtime_error("form");
    std::size_t events = 0;
    parse_outcome out;  // reused, as a replay loop would
    for (auto _ : state) {
        if (!bbb::parse_event_array_reusing(json, std::nullopt, false, out).ok()) state.SkipWithError("parse failed");
        events += out.events.size();
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * json.size()));
    state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_bbb_event_json_parse_only);

void BM_bbb_event_json_raw_simdjson(benchmark::State& state) {
    std::string json;
    if (!form::get(fixture("bbb/user-joined.v3.form"), "event", json).ok()) throw std::runtime_error("form");
    raw_traversal(state, json);
}
BENCHMARK(BM_bbb_event_json_raw_simdjson);

void BM_bbb_analytics_verify_parse(benchmark::State& state) {
    const std::string body = fixture("bbb/analytics_callback.json");
    request req;
    req.source = platform::bbb;
    req.body = body;
    req.headers.add("Authorization",
                    "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzUxMiJ9.eyJleHAiOjE3MDg0Njk0MTJ9.fuqLfuCFqo9L4um-82LCYHBSwIwk8"
                    "JvIM2TdFWMEo49KoRGM4NIduLdqa0-BJ0YjHdQ20sQgqcEXTOS95vrEcw");
    req.now = from_unix_s(1708383013);
    run(state, bbb_config(true), req);
}
BENCHMARK(BM_bbb_analytics_verify_parse);

void BM_bbb_analytics_parse_only(benchmark::State& state) {
    const std::string body = fixture("bbb/analytics_callback.json");
    std::size_t events = 0;
    parse_outcome out;  // reused, as a replay loop would
    for (auto _ : state) {
        if (!bbb::parse_analytics_body_reusing(body, out).ok()) state.SkipWithError("parse failed");
        events += out.events.size();
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
    state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_bbb_analytics_parse_only);

void BM_bbb_analytics_raw_simdjson(benchmark::State& state) { raw_traversal(state, fixture("bbb/analytics_callback.json")); }
BENCHMARK(BM_bbb_analytics_raw_simdjson);

// --- Zoom ------------------------------------------------------------------------------------------

verify_config zoom_config(bool verify) {
    verify_config c;
    c.zoom_secret_token = "zoom_secret_token_example";
    c.verify = verify;
    return c;
}

request zoom_request(const std::string& body) {
    request req;
    req.source = platform::zoom;
    req.body = body;
    req.headers.add("x-zm-request-timestamp", "1626230692");
    req.headers.add("x-zm-signature", "v0=6eb0bab290f00934889b34fea30764e66ce85d4947c12c5506f7b969e252dffc");
    req.now = from_unix_s(1626230693);
    return req;
}

void BM_zoom_participant_verify_parse(benchmark::State& state) {
    const std::string body = fixture("zoom/meeting.participant_joined.json");
    run(state, zoom_config(true), zoom_request(body));
}
BENCHMARK(BM_zoom_participant_verify_parse);

void BM_zoom_participant_parse_only(benchmark::State& state) {
    const std::string body = fixture("zoom/meeting.participant_joined.json");
    const verify_config cfg = zoom_config(false);
    std::size_t events = 0;
    parse_outcome out;  // reused, as a replay loop would
    for (auto _ : state) {
        if (!zoom::parse_body(cfg, body, out).ok()) state.SkipWithError("parse failed");
        events += out.events.size();
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
    state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_zoom_participant_parse_only);

void BM_zoom_participant_raw_simdjson(benchmark::State& state) {
    raw_traversal(state, fixture("zoom/meeting.participant_joined.json"));
}
BENCHMARK(BM_zoom_participant_raw_simdjson);

void BM_zoom_report_page_parse(benchmark::State& state) {
    const std::string body = fixture("zoom/past_participants_page1.json");
    std::size_t events = 0;
    zoom::participants_page page;  // reused, as a paging loop would
    for (auto _ : state) {
        if (!zoom::parse_participants_page(body, "4444AAAiAAAAAiAiAiiAii==", page).ok()) state.SkipWithError("parse failed");
        events += page.events.size();
        benchmark::DoNotOptimize(page);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
    state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_zoom_report_page_parse);

void BM_zoom_report_page_raw_simdjson(benchmark::State& state) {
    raw_traversal(state, fixture("zoom/past_participants_page1.json"));
}
BENCHMARK(BM_zoom_report_page_raw_simdjson);

}  // namespace

BENCHMARK_MAIN();
