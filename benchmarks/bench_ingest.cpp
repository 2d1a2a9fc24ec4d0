// Durable ingest into SQLite: JSON line → verify (HS256 JWT + body sha256) → parse → store (raw payload
// and normalised events), one webhook per transaction and batches of 1,000, WAL with synchronous
// NORMAL and FULL. The workload is a JSON-lines capture named by ROLLCALL_INGEST_WORKLOAD (made by
// benchmarks/peers/livekit_workload.mjs; benchmarks/run_ingest.sh runs this beside the PHP peer).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <simdjson.h>

#include "tracker/tracker.hpp"

using namespace rollcall;

namespace {

const std::vector<std::string>& workload_lines() {
    static const std::vector<std::string> lines = [] {
        std::vector<std::string> out;
        const char* path = std::getenv("ROLLCALL_INGEST_WORKLOAD");
        if (!path) return out;
        std::ifstream in(path);
        for (std::string l; std::getline(in, l);)
            if (!l.empty()) out.push_back(std::move(l));
        return out;
    }();
    return lines;
}

tracker::tracker_config config() {
    tracker::tracker_config cfg;
    cfg.verify.livekit_keys["APIwork"] = "workload-secret-0123456789abcdef";
    return cfg;
}

// The same work the PHP peer does per line: decode the JSON line into a request.
tracker::ingest_request decode(simdjson::dom::parser& parser, const std::string& line, instant now) {
    tracker::ingest_request rq;
    simdjson::dom::element doc = parser.parse(line);
    rq.source = platform::livekit;
    rq.body = std::string(std::string_view(doc["body"]));
    for (auto [k, v] : simdjson::dom::object(doc["headers"])) rq.headers.add(std::string(k), std::string(std::string_view(v)));
    rq.received_at = now;
    return rq;
}

void run_ingest(benchmark::State& state, store::sync_mode sync, std::size_t batch) {
    const auto& lines = workload_lines();
    if (lines.empty()) {
        state.SkipWithError("set ROLLCALL_INGEST_WORKLOAD to a JSON-lines workload");
        return;
    }
    const auto dir = std::filesystem::temp_directory_path() / "rollcall-bench-ingest";
    std::filesystem::create_directories(dir);
    const auto now = std::chrono::time_point_cast<milliseconds>(std::chrono::system_clock::now());
    std::size_t stored = 0;
    for (auto _ : state) {
        state.PauseTiming();
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        store::sqlite_options o;
        o.synchronous = sync;
        if (const char* c = std::getenv("ROLLCALL_CKPT")) o.wal_autocheckpoint = std::atoi(c);
        auto t = tracker::tracker::open_sqlite((dir / "bench.sqlite").string(), config(), o).take();
        simdjson::dom::parser parser;
        std::vector<tracker::ingest_request> pending;
        pending.reserve(batch);
        state.ResumeTiming();
        for (const auto& line : lines) {
            pending.push_back(decode(parser, line, now));
            if (pending.size() == batch) {
                const auto b = t.ingest_batch(pending).take();
                stored += b.events_stored;
                if (b.rejected) state.SkipWithError("a webhook was rejected: the workload does not match the key");
                pending.clear();
            }
        }
        if (!pending.empty()) stored += t.ingest_batch(pending).take().events_stored;
    }
    std::filesystem::remove_all(dir);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * lines.size()));
    state.counters["events_stored"] = static_cast<double>(stored) / static_cast<double>(state.iterations());
}

}  // namespace

BENCHMARK_CAPTURE(run_ingest, per_webhook_normal, store::sync_mode::normal, 1)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK_CAPTURE(run_ingest, per_webhook_full, store::sync_mode::full, 1)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK_CAPTURE(run_ingest, batch1000_normal, store::sync_mode::normal, 1000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);
BENCHMARK_CAPTURE(run_ingest, batch1000_full, store::sync_mode::full, 1000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

BENCHMARK_MAIN();
