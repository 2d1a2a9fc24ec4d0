// How long does the monthly teacher report take over 10^6 stored events in SQLite?
//
// A seeded generator writes a month of lessons straight through the store API (2,000 sessions of one
// teacher and three students, 500 events each: joins, leaves, reconnects on several devices, evidence),
// then the sweep settles every session. The timed part is what `rollcall report teacher` does: list the
// month's sessions, load and evaluate each with its policy, aggregate per teacher, render JSON.
//
//   build-bench/benchmarks/bench_report [--benchmark_repetitions=3]
// The database is built once per parameter set and kept in the build folder (ROLLCALL_BENCH_DB overrides).
//
// BM_monthly_teacher_report_10k_aliases asks the same of SPEC §11 on a copy of that database holding
// 10,000 global aliases (events named by the host's own ids, as LiveKit's always are: the table is
// loaded, never consulted per event). BM_monthly_teacher_report_10k_aliases_unresolved is the worst
// case: every student's events (3 in 4) carry no host id (a Zoom email fallback, unresolved, as a Zoom
// guest's would) and 400 of the 10,000 aliases name the students, so those events each go through an
// alias lookup at evaluation. Both reports must come out byte-identical to the plain one.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include <sqlite3.h>

#include "report/aggregate.hpp"
#include "report/render.hpp"
#include "report/report_loader.hpp"
#include "store/sqlite_store.hpp"
#include "tracker/tracker.hpp"

namespace {

using namespace rollcall;

constexpr int teachers = 25;
constexpr int sessions_total = 2000;
constexpr int students_per_session = 3;
constexpr int events_per_session = 500;
constexpr std::uint32_t seed = 20260301;

const instant month_start = parse_rfc3339("2026-03-01T00:00:00+01:00").value();
const instant month_report_now = parse_rfc3339("2026-04-02T00:00:00Z").value();

std::string db_path() {
    if (const char* p = std::getenv("ROLLCALL_BENCH_DB")) return p;
    return (std::filesystem::temp_directory_path() /
            ("rollcall-bench-report-v2-" + std::to_string(sessions_total) + "x" + std::to_string(events_per_session) +
             "-" + std::to_string(seed) + ".db"))
        .string();
}

/// One session's events: every person joins on one or two devices, reconnects a few times and shows
/// evidence (tracks, heartbeats) in between, all inside the 60-minute lesson (±10 minutes).
std::vector<event> lesson_events(std::mt19937& rng, const session_spec& s, const std::string& room) {
    std::vector<event> out;
    out.reserve(events_per_session);
    std::vector<std::string> people{*s.teacher};
    people.insert(people.end(), s.students.begin(), s.students.end());
    const auto start = *s.scheduled_start;
    auto push = [&](event_kind k, const std::string& who, const std::string& conn, instant at) {
        event e;
        e.kind = k;
        e.source = platform::livekit;
        e.room = room;
        e.identity = who;
        e.connection = conn;
        e.at = at;
        e.who = who.empty() ? role::other : who == *s.teacher ? role::teacher : role::student;
        e.display_name = who;
        e.dedup_key = room + "|" + std::to_string(out.size());
        out.push_back(std::move(e));
    };
    push(event_kind::room_start, "", "", start - milliseconds{600000});
    const int per_person = (events_per_session - 2) / static_cast<int>(people.size());
    std::uniform_int_distribution<int> late(-300, 900), gap(10, 400);
    for (std::size_t p = 0; p < people.size(); ++p) {
        // A few connections, each join … evidence … leave, filling this person's share of events.
        int budget = per_person + (p == 0 ? (events_per_session - 2) % static_cast<int>(people.size()) : 0);
        instant t = start + milliseconds{static_cast<std::int64_t>(late(rng)) * 1000};
        int conn_no = 0;
        while (budget >= 3) {
            const std::string conn = "PA_" + std::to_string(p) + "_" + std::to_string(conn_no++);
            push(event_kind::join, people[p], conn, t);
            int evidence = std::min(budget - 2, 40 + static_cast<int>(rng() % 60));
            if (budget - evidence - 2 < 3) evidence = budget - 2;  // the last connection takes the rest
            for (int i = 0; i < evidence; ++i) {
                t += milliseconds{static_cast<std::int64_t>(gap(rng)) * 100};
                push(event_kind::evidence, people[p], conn, t);
            }
            t += milliseconds{static_cast<std::int64_t>(gap(rng)) * 100};
            push(event_kind::leave, people[p], conn, t);
            budget -= evidence + 2;
            t += milliseconds{static_cast<std::int64_t>(gap(rng)) * 300};  // a reconnect gap
        }
    }
    push(event_kind::room_end, "", "", start + milliseconds{70 * 60000});
    return out;
}

/// Builds the database once; later runs reuse it.
void ensure_database(const std::string& path) {
    if (std::filesystem::exists(path)) return;
    std::fprintf(stderr, "bench_report: generating %d sessions x %d events into %s ...\n", sessions_total,
                 events_per_session, path.c_str());
    const std::string partial = path + ".partial";
    std::filesystem::remove(partial);
    store::sqlite_options opt;
    opt.synchronous = store::sync_mode::normal;
    std::int64_t total = 0;
    {  // closed before the rename, so that the WAL is checkpointed into the file that is kept
    auto t = tracker::tracker::open_sqlite(partial, {}, opt).take();
    std::mt19937 rng(seed);
    for (int i = 0; i < sessions_total; ++i) {
        session_spec s;
        s.id = "s" + std::to_string(i);
        s.type = "lesson";
        s.teacher = "t" + std::to_string(i % teachers);
        for (int k = 0; k < students_per_session; ++k)
            s.students.push_back("st" + std::to_string((i * 7 + k * 13) % 400));
        // Spread over the month's days, 08:00–20:00 local.
        const int day = i % 31, hour = 8 + (i / 31) % 12;
        s.scheduled_start = month_start + milliseconds{(static_cast<std::int64_t>(day) * 24 + hour) * 3600000};
        s.scheduled_end = *s.scheduled_start + milliseconds{3600000};
        s.rate = rate_kind::per_hour;
        s.rate_minor = 3000;
        s.currency = "EUR";
        const std::string room = "lesson_" + s.id + "_" + std::to_string(to_unix_ms(*s.scheduled_start) / 1000);
        s.rooms = {room};
        t.create_session(s, month_start).take();
        store::ingest_item item;
        item.host_event = true;
        item.events = lesson_events(rng, s, room);
        total += static_cast<std::int64_t>(item.events.size());
        t.storage().ingest(std::span<const store::ingest_item>(&item, 1)).take();
    }
    t.sweep(month_report_now).take();
    }
    std::filesystem::rename(partial, path);
    std::fprintf(stderr, "bench_report: %lld events stored\n", static_cast<long long>(total));
}

constexpr int aliases_total = 10000;

/// A copy of the database with 10,000 aliases; `unresolve`: students' events unresolved with an email key.
std::string ensure_aliased_database(const std::string& base, bool unresolve) {
    const std::string path =
        base + ".aliases-" + std::to_string(aliases_total) + (unresolve ? "-unresolved" : "") + ".db";
    if (std::filesystem::exists(path)) return path;
    const std::string partial = path + ".partial";
    std::filesystem::remove(partial);
    std::filesystem::copy_file(base, partial);
    {  // the copy gets the current schema first (the identity columns), through the store as always
        store::sqlite_options opt;
        opt.create = false;
        auto t = tracker::tracker::open_sqlite(partial, {}, opt).take();
    }
    if (unresolve) {
        sqlite3* db = nullptr;
        if (sqlite3_open(partial.c_str(), &db) != SQLITE_OK) throw std::runtime_error("bench_report: cannot open the copy");
        const char* sql =
            "UPDATE events SET unresolved = 1, keys = 'email=' || identity || '@mail.example' || char(10), "
            "identity = identity || '@mail.example' WHERE identity LIKE 'st%'; VACUUM;";
        char* err = nullptr;
        if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) throw std::runtime_error(err ? err : "update");
        sqlite3_close(db);
    }
    {
        store::sqlite_options opt;
        opt.create = false;
        opt.synchronous = store::sync_mode::normal;
        auto t = tracker::tracker::open_sqlite(partial, {}, opt).take();
        auto& st = t.storage();
        (void)st.transaction([&]() -> result<void> {
            for (int i = 0; i < 400; ++i) {  // the students: every generated student id is st0..st399
                const std::string person = "st" + std::to_string(i);
                st.put_alias({person, key_kind::email, person + "@mail.example", ""}).take();
            }
            std::mt19937 rng(seed);
            for (int i = 400; i < aliases_total; ++i)  // the rest name people of other sessions
                st.put_alias({"p" + std::to_string(i), i % 2 ? key_kind::email : key_kind::name,
                              "other" + std::to_string(i) + (i % 2 ? "@mail.example" : " person"), ""})
                    .take();
            return {};
        });
    }
    std::filesystem::rename(partial, path);
    return path;
}

/// The timed part: what `rollcall report teacher` does for the month.
std::string monthly_report(tracker::tracker& t, std::size_t& sessions) {
    const auto tz = zone::find("Europe/Berlin").value();
    report::selection sel;
    sel.from = parse_local_date("2026-03-01").value();
    sel.to = parse_local_date("2026-03-31").value();
    const auto loaded = report::load_sessions(t, sel, tz, month_report_now, false).take();
    report::aggregate_options ao;
    ao.tz = tz;
    ao.from = sel.from;
    ao.to = sel.to;
    ao.by = period::month;
    const auto rep = report::build_aggregate(loaded.results, ao).take();
    sessions = loaded.results.size();
    return report::render_teacher(rep, report::output_format::json);
}

void monthly_report_aliased(benchmark::State& state, bool unresolve) {
    const std::string base = db_path();
    ensure_database(base);
    const std::string path = ensure_aliased_database(base, unresolve);
    store::sqlite_options opt;
    opt.create = false;
    auto plain = tracker::tracker::open_sqlite(base, {}, opt).take();
    auto t = tracker::tracker::open_sqlite(path, {}, opt).take();
    std::size_t sessions = 0, bytes = 0;
    // The aliases must give back exactly the report of the plain database, or the figure means nothing.
    if (monthly_report(t, sessions) != monthly_report(plain, sessions)) {
        state.SkipWithError("the aliased database's report differs from the plain one");
        return;
    }
    for (auto _ : state) {
        const auto json = monthly_report(t, sessions);
        bytes = json.size();
        benchmark::DoNotOptimize(json.data());
    }
    state.counters["sessions"] = static_cast<double>(sessions);
    state.counters["aliases"] = aliases_total;
    state.counters["json_bytes"] = static_cast<double>(bytes);
}

void BM_monthly_teacher_report_10k_aliases(benchmark::State& state) { monthly_report_aliased(state, false); }
void BM_monthly_teacher_report_10k_aliases_unresolved(benchmark::State& state) { monthly_report_aliased(state, true); }

void BM_monthly_teacher_report(benchmark::State& state) {
    const std::string path = db_path();
    ensure_database(path);
    store::sqlite_options opt;
    opt.create = false;
    auto t = tracker::tracker::open_sqlite(path, {}, opt).take();
    const auto tz = zone::find("Europe/Berlin").value();
    report::selection sel;
    sel.from = parse_local_date("2026-03-01").value();
    sel.to = parse_local_date("2026-03-31").value();
    std::size_t sessions = 0, bytes = 0;
    for (auto _ : state) {
        const auto loaded = report::load_sessions(t, sel, tz, month_report_now, false).take();
        report::aggregate_options ao;
        ao.tz = tz;
        ao.from = sel.from;
        ao.to = sel.to;
        ao.by = period::month;
        const auto rep = report::build_aggregate(loaded.results, ao).take();
        const auto json = report::render_teacher(rep, report::output_format::json);
        sessions = loaded.results.size();
        bytes = json.size();
        benchmark::DoNotOptimize(json.data());
    }
    state.counters["sessions"] = static_cast<double>(sessions);
    state.counters["events"] = static_cast<double>(sessions_total) * events_per_session;
    state.counters["json_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_monthly_teacher_report)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_monthly_teacher_report_10k_aliases)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_monthly_teacher_report_10k_aliases_unresolved)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
