// How fast does the cycle engine merge N events (SPEC §3)? N = 10^3 .. 10^7, time-ordered input (as
// webhooks arrive) and shuffled input (as a careless store returns them), 1-5 connections per identity,
// reconnect gaps around the grace, some lost leaves. Items/s = input events merged per second.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>

#include "rollcall/cycles.hpp"

using namespace rollcall;

namespace {

struct workload {
    std::vector<signal> signals;
    std::vector<room_facts> rooms;
    std::uint32_t identities = 0;
    std::uint32_t connections = 0;
    cycle_params params;
};

/// Lessons of 8 people in their own room; each person joins with 1-5 connections in turn, each
/// connection a join, some evidence, and usually a leave, the next one after a gap of 0-4 minutes.
workload make_workload(std::size_t n, bool shuffled) {
    workload w;
    std::mt19937_64 rng(n);
    std::uniform_int_distribution<int> conns(1, 5), gap(0, 240'000), stay(60'000, 1'800'000), roll(0, 9);
    const std::int64_t day = 1'760'259'600'000;
    std::int64_t lesson_start = day;
    std::uint32_t room = 0;
    while (w.signals.size() < n) {
        w.rooms.push_back({});
        for (int person = 0; person < 8 && w.signals.size() < n; ++person) {
            const std::uint32_t who = w.identities++;
            std::int64_t t = lesson_start + gap(rng);
            for (int c = conns(rng); c > 0 && w.signals.size() < n; --c) {
                const std::uint32_t conn = w.connections++;
                w.signals.push_back({t, no_time, who, conn, room, event_kind::join, false});
                const std::int64_t end = t + stay(rng);
                if (roll(rng) < 3) w.signals.push_back({t + 30'000, no_time, who, conn, room, event_kind::evidence, false});
                if (roll(rng) != 0) w.signals.push_back({end, no_time, who, conn, room, event_kind::leave, false});
                t = end + gap(rng);
            }
        }
        ++room;
        lesson_start += 600'000;  // a new lesson every 10 minutes
    }
    w.signals.resize(n);
    if (shuffled) {
        std::shuffle(w.signals.begin(), w.signals.end(), rng);
    } else {
        std::stable_sort(w.signals.begin(), w.signals.end(), [](const signal& a, const signal& b) { return a.at < b.at; });
    }
    policy p;
    w.params = cycle_params::from(p, std::nullopt, std::nullopt, from_unix_ms(lesson_start + 86'400'000));
    return w;
}

void run(benchmark::State& state, bool shuffled) {
    const auto w = make_workload(static_cast<std::size_t>(state.range(0)), shuffled);
    cycle_engine engine;
    cycle_output out;
    engine.run(w.signals, w.rooms, w.identities, w.connections, w.params, out);  // buffers sized once, as in a host
    for (auto _ : state) {
        engine.run(w.signals, w.rooms, w.identities, w.connections, w.params, out);
        benchmark::DoNotOptimize(out.identities.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
    state.counters["ns_per_event"] = benchmark::Counter(static_cast<double>(state.range(0)),
                                                        benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void merge_sorted(benchmark::State& s) { run(s, false); }
void merge_shuffled(benchmark::State& s) { run(s, true); }

// The baseline in the same run: a plain std::sort of the same shuffled signals by (connection, time),
// the first step a hand-written "group and pair" implementation needs before it can pair anything.
void baseline_sort_only(benchmark::State& state) {
    const auto w = make_workload(static_cast<std::size_t>(state.range(0)), true);
    std::vector<signal> copy;
    for (auto _ : state) {
        copy = w.signals;
        std::sort(copy.begin(), copy.end(), [](const signal& a, const signal& b) {
            return a.connection != b.connection ? a.connection < b.connection : a.at < b.at;
        });
        benchmark::DoNotOptimize(copy.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

// The memory floor: one plain copy of the same signals (read + write every byte once). The engine
// reads its input, scatters it by connection and walks it, so at sizes beyond the caches its cost
// per event follows this line, not the algorithm.
void baseline_copy(benchmark::State& state) {
    const auto w = make_workload(static_cast<std::size_t>(state.range(0)), false);
    std::vector<signal> copy(w.signals.size());
    for (auto _ : state) {
        std::copy(w.signals.begin(), w.signals.end(), copy.begin());
        benchmark::DoNotOptimize(copy.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

}  // namespace

BENCHMARK(merge_sorted)->RangeMultiplier(10)->Range(1'000, 10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(merge_shuffled)->RangeMultiplier(10)->Range(1'000, 10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(baseline_sort_only)->RangeMultiplier(10)->Range(1'000, 10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(baseline_copy)->RangeMultiplier(10)->Range(1'000, 10'000'000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
