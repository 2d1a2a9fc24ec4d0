// Durable ingest into SQLite: JSON line → verify (HS256 JWT + body sha256) → parse → store (raw payload
// and normalised events), one webhook per transaction and batches of 1,000, WAL with synchronous
// NORMAL and FULL; the same into PostgreSQL when ROLLCALL_BENCH_POSTGRES names a server (pg_*). The workload is a JSON-lines capture named by ROLLCALL_INGEST_WORKLOAD (made by
// benchmarks/peers/livekit_workload.mjs; benchmarks/run_ingest.sh runs this beside the PHP peer).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <vector>

#include <simdjson.h>
#include <sqlite3.h>
#include <unistd.h>

#include "rollcall/json_writer.hpp"
#include "sources/sources.hpp"
#include "store/sqlite_store.hpp"
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

bool have_workload(benchmark::State& state, const std::vector<std::string>& lines) {
    if (!lines.empty()) return true;
    state.SkipWithError("set ROLLCALL_INGEST_WORKLOAD to a JSON-lines workload");
    return false;
}

// An empty scratch directory for one iteration's database (call with the timer paused).
std::filesystem::path empty_dir(const char* name) {
    const auto dir = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

// The timed part of one pass: every line decoded, verified, parsed and stored, `batch` per transaction.
template <class Open>
void ingest_passes(benchmark::State& state, const Open& open, std::size_t batch, std::size_t limit) {
    const auto& all = workload_lines();
    if (!have_workload(state, all)) return;
    const std::span<const std::string> lines(all.data(), std::min(limit, all.size()));
    const auto now = std::chrono::time_point_cast<milliseconds>(std::chrono::system_clock::now());
    std::size_t stored = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto t = open();
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
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * lines.size()));
    state.counters["events_stored"] = static_cast<double>(stored) / static_cast<double>(state.iterations());
}

// `limit` caps the webhooks used: one fsync per commit (synchronous=FULL) makes a long run pointless.
void run_ingest(benchmark::State& state, store::sync_mode sync, std::size_t batch, std::size_t limit) {
    ingest_passes(
        state,
        [&] {
            const auto dir = empty_dir("rollcall-bench-ingest");
            store::sqlite_options o;
            o.synchronous = sync;
            if (const char* c = std::getenv("ROLLCALL_CKPT")) o.wal_autocheckpoint = std::atoi(c);
            if (std::getenv("ROLLCALL_PLAIN_WAL")) o.coalesce_wal_writes = false;
            return tracker::tracker::open_sqlite((dir / "bench.sqlite").string(), config(), o).take();
        },
        batch, limit);
}

// The same into PostgreSQL (ROLLCALL_BENCH_POSTGRES: a postgresql:// URL; benchmarks/run_ingest.sh
// starts a private server with tests/store/with_postgres.sh), a fresh schema per pass.
void run_ingest_pg(benchmark::State& state, std::size_t batch, std::size_t limit) {
    const char* url = std::getenv("ROLLCALL_BENCH_POSTGRES");
    if (url == nullptr || *url == '\0') {
        state.SkipWithError("set ROLLCALL_BENCH_POSTGRES to a postgresql:// URL");
        return;
    }
    static int pass = 0;  // across benchmarks too: every pass starts from an empty schema
    ingest_passes(
        state,
        [&] {
            const std::string base(url);
            const std::string schema = "rc_bench_" + std::to_string(::getpid()) + "_" + std::to_string(pass++);
            return tracker::tracker::open(base + (base.find('?') == std::string::npos ? "?" : "&") + "schema=" + schema,
                                          config())
                .take();
        },
        batch, limit);
}

// ---- floors: the same run's measure of what the storage alone costs ------------------------------

// rollcall's storage layer alone: the workload verified and parsed once, up front, then only
// `sqlite_store::ingest` (raw payload + events, dedup, rooms) is timed.
void store_only(benchmark::State& state, std::size_t batch) {
    const auto& lines = workload_lines();
    if (!have_workload(state, lines)) return;
    const auto now = std::chrono::time_point_cast<milliseconds>(std::chrono::system_clock::now());
    std::vector<store::ingest_item> items;
    simdjson::dom::parser parser;
    for (const auto& line : lines) {
        const auto rq = decode(parser, line, now);
        sources::request req;
        req.source = rq.source;
        req.headers = rq.headers;
        req.body = rq.body;
        req.now = now;
        auto parsed = sources::parse_request(config().verify, req);
        if (!parsed) {
            state.SkipWithError(parsed.err().describe().c_str());
            return;
        }
        store::ingest_item it;
        it.payload.source = rq.source;
        it.payload.body = rq.body;
        json_writer h;
        h.begin_object();
        for (const auto& [k, v] : rq.headers.items()) h.field(k, v);
        h.end_object();
        it.payload.headers_json = std::move(h).str();
        it.payload.received_at = now;
        it.events = std::move(parsed->events);
        items.push_back(std::move(it));
    }
    for (auto _ : state) {
        state.PauseTiming();
        const auto dir = empty_dir("rollcall-bench-store-only");
        store::sqlite_options o;
        o.synchronous = store::sync_mode::normal;
        if (std::getenv("ROLLCALL_PLAIN_WAL")) o.coalesce_wal_writes = false;
        auto db = store::sqlite_store::open((dir / "store.sqlite").string(), o).take();
        state.ResumeTiming();
        for (std::size_t i = 0; i < items.size(); i += batch) {
            const auto n = std::min(batch, items.size() - i);
            if (!db->ingest(std::span<const store::ingest_item>(items.data() + i, n))) state.SkipWithError("store failed");
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * items.size()));
}

// The least any SQLite-backed receiver can do per webhook in its own transaction: one row holding
// the request line, in a table without indexes, WAL with synchronous=NORMAL and rollcall's checkpoint
// interval. No verification, no parsing.
void sqlite_one_row_per_transaction(benchmark::State& state) {
    const auto& lines = workload_lines();
    if (!have_workload(state, lines)) return;
    for (auto _ : state) {
        state.PauseTiming();
        const auto dir = empty_dir("rollcall-bench-sqlite-floor");
        sqlite3* db = nullptr;
        sqlite3_stmt *begin = nullptr, *insert = nullptr, *commit = nullptr;
        sqlite3_open((dir / "floor.sqlite").string().c_str(), &db);
        const std::string setup = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = " +
                                  std::to_string(store::sqlite_options{}.wal_autocheckpoint) +
                                  "; CREATE TABLE received (id INTEGER PRIMARY KEY, body BLOB NOT NULL)";
        sqlite3_exec(db, setup.c_str(), nullptr, nullptr, nullptr);
        sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nullptr);
        sqlite3_prepare_v2(db, "INSERT INTO received (body) VALUES (?1)", -1, &insert, nullptr);
        sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr);
        state.ResumeTiming();
        for (const auto& line : lines) {
            sqlite3_step(begin);
            sqlite3_reset(begin);
            sqlite3_bind_blob(insert, 1, line.data(), static_cast<int>(line.size()), SQLITE_STATIC);
            if (sqlite3_step(insert) != SQLITE_DONE) state.SkipWithError(sqlite3_errmsg(db));
            sqlite3_reset(insert);
            if (sqlite3_step(commit) != SQLITE_DONE) state.SkipWithError(sqlite3_errmsg(db));
            sqlite3_reset(commit);
        }
        for (auto* st : {begin, insert, commit}) sqlite3_finalize(st);
        sqlite3_close(db);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * lines.size()));
}

}  // namespace

constexpr std::size_t whole = SIZE_MAX;
BENCHMARK_CAPTURE(run_ingest, per_webhook_normal, store::sync_mode::normal, 1, whole)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK_CAPTURE(run_ingest, per_webhook_full, store::sync_mode::full, 1, 2000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK_CAPTURE(run_ingest, batch1000_normal, store::sync_mode::normal, 1000, whole)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);
BENCHMARK_CAPTURE(run_ingest, batch1000_full, store::sync_mode::full, 1000, whole)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

BENCHMARK_CAPTURE(run_ingest_pg, pg_per_webhook, 1, whole)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK_CAPTURE(run_ingest_pg, pg_batch1000, 1000, whole)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

BENCHMARK_CAPTURE(store_only, store_only_per_webhook_normal, 1)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK_CAPTURE(store_only, store_only_batch1000_normal, 1000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);
BENCHMARK(sqlite_one_row_per_transaction)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

BENCHMARK_MAIN();
