// How fast are the verified parsers? Verify+parse+normalise throughput on real inputs, beside a raw
// simdjson On-Demand traversal of the same bytes (the ceiling for any JSON-reading parser).
//
// Inputs: the LiveKit fixture vectors (tests/fixtures/livekit/signed), and, when the environment
// variable ROLLCALL_LK_WORKLOAD names a JSON-lines file from benchmarks/peers/livekit_workload.mjs,
// that workload (the same file LiveKit's SDK receiver is timed on by run_parser_bench.sh).
// BigBlueButton and Zoom benchmarks live in their own bench_*.cpp files.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sources/json_util.hpp"
#include "sources/livekit.hpp"
#include "sources/sources.hpp"

using namespace rollcall;
using namespace rollcall::sources;

namespace {

struct signed_request {
    std::string authorization;
    std::string body;
    instant now{};
};

struct input_set {
    std::vector<signed_request> requests;
    std::vector<request> prepared;  ///< the same, as requests a host hands over (headers already split)
    verify_config config;
    std::size_t bytes = 0;

    void prepare() {
        for (const auto& r : requests) {
            request q;
            q.source = platform::livekit;
            q.headers.add("Authorization", r.authorization);
            q.body = r.body;
            q.now = r.now;
            prepared.push_back(std::move(q));
        }
    }
};

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const input_set& fixtures() {
    static const input_set set = [] {
        input_set s;
        const std::filesystem::path dir = std::filesystem::path(ROLLCALL_SOURCE_DIR) / "tests/fixtures";
        simdjson::dom::parser p;
        for (const auto& entry : std::filesystem::directory_iterator(dir / "livekit/signed")) {
            const std::string text = slurp(entry.path());
            simdjson::dom::element v = p.parse(text);
            if (std::string_view(v["expect"].get_string().value()) != "valid") continue;
            s.config.livekit_keys[std::string(v["api_key"].get_string().value())] =
                std::string(v["api_secret"].get_string().value());
            s.requests.push_back({std::string(v["authorization"].get_string().value()),
                                  slurp(dir / std::string(v["body_file"].get_string().value())),
                                  from_unix_s(v["now_unix"].get_int64().value())});
            s.bytes += s.requests.back().body.size();
        }
        s.prepare();
        return s;
    }();
    return set;
}

const input_set& workload() {
    static const input_set set = [] {
        input_set s;
        const char* path = std::getenv("ROLLCALL_LK_WORKLOAD");
        if (!path) return s;
        s.config.livekit_keys["APIwork"] = "workload-secret-0123456789abcdef";
        const auto now = std::chrono::time_point_cast<milliseconds>(std::chrono::system_clock::now());
        std::ifstream in(path, std::ios::binary);
        simdjson::dom::parser p;
        for (std::string line; std::getline(in, line);) {
            if (line.empty()) continue;
            simdjson::dom::element v = p.parse(line);
            s.requests.push_back({std::string(v["headers"]["Authorization"].get_string().value()),
                                  std::string(v["body"].get_string().value()), now});
            s.bytes += s.requests.back().body.size();
        }
        s.prepare();
        return s;
    }();
    return set;
}

const input_set& pick(const benchmark::State& state) { return state.range(0) == 0 ? fixtures() : workload(); }

void finish(benchmark::State& state, const input_set& in) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * in.requests.size()));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.bytes));
    state.SetLabel(state.range(0) == 0 ? "fixtures" : "workload");
}

bool usable(benchmark::State& state, const input_set& in) {
    if (!in.requests.empty()) return true;
    state.SkipWithError("no input (set ROLLCALL_LK_WORKLOAD to a livekit_workload.mjs file)");
    return false;
}

/// The whole host path: verify the JWT and body hash, parse, normalise, through `parse_request`.
void BM_livekit_verify_parse(benchmark::State& state) {
    const input_set& in = pick(state);
    if (!usable(state, in)) return;
    for (auto _ : state) {
        for (const auto& req : in.prepared) {
            auto out = parse_request(in.config, req);
            if (!out) {
                state.SkipWithError(out.err().describe().c_str());
                return;
            }
            benchmark::DoNotOptimize(out->events.data());
        }
    }
    finish(state, in);
}

/// Parse and normalise only (a trusted replay), reusing one outcome.
void BM_livekit_parse(benchmark::State& state) {
    const input_set& in = pick(state);
    if (!usable(state, in)) return;
    parse_outcome out;
    for (auto _ : state) {
        for (const auto& r : in.requests) {
            if (!livekit::parse_body(in.config, r.body, out)) {
                state.SkipWithError("parse failed");
                return;
            }
            benchmark::DoNotOptimize(out.events.data());
        }
    }
    finish(state, in);
}

/// Verification only: JWT (HMAC-SHA256) and SHA-256 of the body.
void BM_livekit_verify(benchmark::State& state) {
    const input_set& in = pick(state);
    if (!usable(state, in)) return;
    for (auto _ : state) {
        for (const auto& req : in.prepared) {
            auto ok = livekit::verify_webhook(in.config, req);
            benchmark::DoNotOptimize(ok);
        }
    }
    finish(state, in);
}

/// Visits every value of a document, unescaping every string: the least any reader must do to look
/// at all of the bytes.
simdjson::error_code visit(simdjson::ondemand::value v, std::size_t& sink) {
    simdjson::ondemand::json_type t{};
    if (auto e = v.type().get(t)) return e;
    switch (t) {
        case simdjson::ondemand::json_type::object: {
            simdjson::ondemand::object o;
            if (auto e = v.get_object().get(o)) return e;
            for (auto f : o) {
                std::string_view k;
                if (auto e = f.unescaped_key().get(k)) return e;
                sink += k.size();
                simdjson::ondemand::value child;
                if (auto e = f.value().get(child)) return e;
                if (auto e = visit(child, sink)) return e;
            }
            return simdjson::SUCCESS;
        }
        case simdjson::ondemand::json_type::array: {
            simdjson::ondemand::array a;
            if (auto e = v.get_array().get(a)) return e;
            for (auto item : a) {
                simdjson::ondemand::value child;
                if (auto e = item.get(child)) return e;
                if (auto e = visit(child, sink)) return e;
            }
            return simdjson::SUCCESS;
        }
        case simdjson::ondemand::json_type::string: {
            std::string_view s;
            if (auto e = v.get_string().get(s)) return e;
            sink += s.size();
            return simdjson::SUCCESS;
        }
        case simdjson::ondemand::json_type::number: {
            double d = 0;
            if (auto e = v.get_double().get(d)) return e;
            sink += d > 0;
            return simdjson::SUCCESS;
        }
        case simdjson::ondemand::json_type::boolean: {
            bool b = false;
            if (auto e = v.get_bool().get(b)) return e;
            sink += b;
            return simdjson::SUCCESS;
        }
        case simdjson::ondemand::json_type::null: return simdjson::SUCCESS;
    }
    return simdjson::SUCCESS;
}

/// The ceiling: copy into a padded buffer (as the parser must), then a full On-Demand traversal.
void BM_simdjson_traversal(benchmark::State& state) {
    const input_set& in = pick(state);
    if (!usable(state, in)) return;
    simdjson::ondemand::parser parser;
    padded_buffer buf;
    std::size_t sink = 0;
    for (auto _ : state) {
        for (const auto& r : in.requests) {
            buf.assign(r.body);
            simdjson::ondemand::document doc;
            simdjson::ondemand::object root;
            if (parser.iterate(buf.data(), buf.size(), buf.capacity()).get(doc) || doc.get_object().get(root)) {
                state.SkipWithError("simdjson failed");
                return;
            }
            for (auto f : root) {
                std::string_view k;
                simdjson::ondemand::value v;
                if (f.unescaped_key().get(k) || f.value().get(v) || visit(v, sink)) {
                    state.SkipWithError("simdjson failed");
                    return;
                }
            }
        }
        benchmark::DoNotOptimize(sink);
    }
    finish(state, in);
}

}  // namespace

// Argument 0: the fixture vectors; 1: the ROLLCALL_LK_WORKLOAD file.
BENCHMARK(BM_livekit_verify_parse)->Arg(0)->Arg(1);
BENCHMARK(BM_livekit_verify)->Arg(0)->Arg(1);
BENCHMARK(BM_livekit_parse)->Arg(0)->Arg(1);
BENCHMARK(BM_simdjson_traversal)->Arg(0)->Arg(1);

BENCHMARK_MAIN();
