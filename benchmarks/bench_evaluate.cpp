// What does stateless evaluation cost (issue 10)? One lesson's events, as the JSON Verifier.parse
// returns them, evaluated by the application layer's `evaluate` method, against `rollcall replay` of
// the same lesson written as a scenario file (SPEC §10), and against the engine alone on events already
// in memory (the floor: what is left is reading JSON). The lesson: 60 minutes, a teacher and 7 students,
// each with 3 connections (reconnects), joins and leaves from a LiveKit-like room: 48 events.
#include <benchmark/benchmark.h>

#include <random>

#include "app/app.hpp"
#include "rollcall/evaluate.hpp"
#include "rollcall/event_json.hpp"
#include "rollcall/result_json.hpp"
#include "rollcall/scenario.hpp"

using namespace rollcall;

namespace {

constexpr std::int64_t start_ms = 1'774'436'400'000;  // 2026-03-25T11:00:00Z

struct lesson {
    session_spec spec;
    std::vector<event> events;
    std::string evaluate_json;  ///< the `evaluate` method's parameters
    std::string scenario_json;  ///< the same lesson as a scenario file
};

lesson make_lesson() {
    lesson l;
    l.spec.id = "bench-1";
    l.spec.type = "academic";
    l.spec.teacher = "teacher-0";
    for (int s = 1; s < 8; ++s) l.spec.students.push_back("student-" + std::to_string(s));
    l.spec.scheduled_start = from_unix_ms(start_ms);
    l.spec.scheduled_end = from_unix_ms(start_ms + 3'600'000);
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> gap(0, 240'000), stay(300'000, 1'200'000);
    for (int p = 0; p < 8; ++p) {
        const std::string who = p == 0 ? "teacher-0" : "student-" + std::to_string(p);
        std::int64_t t = start_ms + gap(rng) - 120'000;
        for (int c = 0; c < 3; ++c) {
            event e;
            e.source = platform::livekit;
            e.room = "room-1";
            e.identity = who;
            e.connection = "PA_" + std::to_string(p) + "_" + std::to_string(c);
            e.kind = event_kind::join;
            e.at = from_unix_ms(t);
            e.dedup_key = "EV_" + e.connection + "j";
            l.events.push_back(e);
            t += stay(rng);
            e.kind = event_kind::leave;
            e.at = from_unix_ms(t);
            e.dedup_key = "EV_" + e.connection + "l";
            l.events.push_back(e);
            t += gap(rng);
        }
    }
    const std::string now = format_rfc3339(from_unix_ms(start_ms + 7'200'000));
    json_writer ev;
    ev.begin_array();
    for (const auto& e : l.events) write_event_json(ev, e);
    ev.end_array();
    const std::string session = R"({"id":"bench-1","type":"academic","teacher":"teacher-0","students":["student-1","student-2",)"
                                R"("student-3","student-4","student-5","student-6","student-7"],"scheduled_start":"2026-03-25T11:00:00Z",)"
                                R"("scheduled_end":"2026-03-25T12:00:00Z"})";
    l.evaluate_json = R"({"session":)" + session + R"(,"events":)" + ev.str() + R"(,"now":")" + now + "\"}";
    json_writer sc;
    sc.begin_array();
    for (const auto& e : l.events)
        sc.begin_object()
            .field("at", format_rfc3339(e.at))
            .field("type", to_string(e.kind))
            .field("participant", e.identity)
            .field("connection", e.connection)
            .field("id", e.dedup_key)
            .end_object();
    sc.end_array();
    l.scenario_json = R"({"name":"bench","session":)" + session + R"(,"events":)" + sc.str() + R"(,"now":")" + now + "\"}";
    return l;
}

const lesson& the_lesson() {
    static const lesson l = make_lesson();
    return l;
}

void BM_evaluate_stateless(benchmark::State& state) {
    const auto& l = the_lesson();
    for (auto _ : state) {
        auto r = app::call_stateless("evaluate", l.evaluate_json);
        if (!r) state.SkipWithError(r.err().message.c_str());
        benchmark::DoNotOptimize(r);
    }
    state.counters["events"] = static_cast<double>(l.events.size());
    state.counters["input_bytes"] = static_cast<double>(l.evaluate_json.size());
}
BENCHMARK(BM_evaluate_stateless);

void BM_replay_scenario(benchmark::State& state) {
    const auto& l = the_lesson();
    for (auto _ : state) {
        auto sc = load_scenario(l.scenario_json);
        if (!sc) state.SkipWithError(sc.err().message.c_str());
        benchmark::DoNotOptimize(replay_scenario_json(*sc));
    }
    state.counters["input_bytes"] = static_cast<double>(l.scenario_json.size());
}
BENCHMARK(BM_replay_scenario);

void BM_engine_only(benchmark::State& state) {
    const auto& l = the_lesson();
    const policy pol;
    const instant now = from_unix_ms(start_ms + 7'200'000);
    for (auto _ : state) benchmark::DoNotOptimize(session_result_json(evaluate_session(l.spec, l.events, pol, now)));
}
BENCHMARK(BM_engine_only);

}  // namespace

BENCHMARK_MAIN();
