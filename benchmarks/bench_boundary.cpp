// The cost of crossing the boundary (issue 5): ingest of one signed LiveKit webhook through the C++
// tracker API and through the C ABI (librollcall.so), on the same workload in the same process. The
// Node addon and PHP FFI paths run the same workload in bench_boundary.sh; the table is in
// docs/benchmarks.md ("Boundary").
//
// Workload: ROLLCALL_BOUNDARY_WORKLOAD=file.jsonl ({"platform","headers","body"} per line, written by
// bench_boundary.mjs). Every ingest stores new events, never duplicates.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <simdjson.h>

#include "rollcall.h"
#include "tracker/tracker.hpp"

namespace {

struct webhook {
    std::string authorization;
    std::string headers;  ///< the same header as an HTTP block, for the C ABI
    std::string body;
};

const std::vector<webhook>& workload() {
    static const std::vector<webhook> hooks = [] {
        const char* path = std::getenv("ROLLCALL_BOUNDARY_WORKLOAD");
        if (path == nullptr) throw std::runtime_error("set ROLLCALL_BOUNDARY_WORKLOAD to a .jsonl workload");
        std::ifstream in(path);
        std::vector<webhook> out;
        simdjson::dom::parser parser;
        for (std::string line; std::getline(in, line);) {
            if (line.empty()) continue;
            simdjson::dom::element doc = parser.parse(line);
            webhook w;
            w.authorization = std::string(std::string_view(doc["headers"]["Authorization"]));
            w.headers = "Authorization: " + w.authorization + "\r\n";
            w.body = std::string(std::string_view(doc["body"]));
            out.push_back(std::move(w));
        }
        if (out.empty()) throw std::runtime_error(std::string("no webhooks in ") + path);
        return out;
    }();
    return hooks;
}

const char* config_json() {
    const char* c = std::getenv("ROLLCALL_BOUNDARY_CONFIG");
    return c != nullptr ? c : R"({"livekit":{"keys":{"APIwork":"workload-secret-0123456789abcdef"}}})";
}

// One benchmark iteration is one pass over the whole workload into a fresh tracker (created outside
// the timing), exactly what the Node and PHP scripts time; the script divides by the webhook count
// and keeps the best pass.
void cxx_api(benchmark::State& state) {
    const auto& hooks = workload();
    const auto config = rollcall::tracker::parse_config(config_json()).value();
    rollcall::tracker::ingest_request req;
    req.source = rollcall::platform::livekit;
    for (auto _ : state) {
        state.PauseTiming();
        auto t = rollcall::tracker::tracker::in_memory(config);
        state.ResumeTiming();
        for (const auto& h : hooks) {
            // What a C++ host does per request: headers and body into a request, then ingest.
            req.headers = rollcall::sources::header_list{{"Authorization", h.authorization}};
            req.body = h.body;
            req.received_at = std::chrono::time_point_cast<rollcall::milliseconds>(std::chrono::system_clock::now());
            auto r = t.ingest(req);
            if (!r || r->status != rollcall::tracker::ingest_status::stored) state.SkipWithError("ingest failed");
        }
    }
    state.counters["webhooks"] = static_cast<double>(hooks.size());
}

void c_abi(benchmark::State& state) {
    const auto& hooks = workload();
    rollcall_open_options o = ROLLCALL_OPEN_OPTIONS_INIT;
    o.config_json = config_json();
    for (auto _ : state) {
        state.PauseTiming();
        rollcall_tracker* t = nullptr;
        if (rollcall_tracker_open(":memory:", &o, &t) != ROLLCALL_OK) state.SkipWithError(rollcall_errmsg());
        state.ResumeTiming();
        for (const auto& h : hooks) {
            rollcall_ingest_result* r = nullptr;
            if (rollcall_tracker_ingest(t, "livekit", h.headers.data(), h.headers.size(), h.body.data(), h.body.size(),
                                        nullptr, &r) != ROLLCALL_OK ||
                rollcall_ingest_result_outcome(r) != ROLLCALL_INGEST_STORED)
                state.SkipWithError(rollcall_errmsg());
            rollcall_ingest_result_free(r);
        }
        state.PauseTiming();
        rollcall_tracker_free(t);
        state.ResumeTiming();
    }
    state.counters["webhooks"] = static_cast<double>(hooks.size());
}

}  // namespace

BENCHMARK(cxx_api)->Name("boundary/ingest_livekit/cxx_api")->Iterations(1)->Repetitions(8)->MeasureProcessCPUTime()->Unit(benchmark::kMillisecond);
BENCHMARK(c_abi)->Name("boundary/ingest_livekit/c_abi")->Iterations(1)->Repetitions(8)->MeasureProcessCPUTime()->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
