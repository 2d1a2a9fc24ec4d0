// Does Zoom report-page ingest parse at least 200,000 rows per second on one core, and how close is
// it to the ceiling of a raw simdjson On-Demand traversal of the same page? Input: one page of 300
// rows (Zoom's largest page size) from a seeded generator, shaped like
// tests/fixtures/zoom/past_participants_page1.json (signed-in people, guests, registrants, rejoins,
// waiting-room rows). benchmarks/run_zoom_report.sh runs both in one process and prints the ratio.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <optional>
#include <random>
#include <string>

#include "rollcall/time.hpp"
#include "sources/json_util.hpp"
#include "sources/zoom_report.hpp"
#include "tracker/tracker.hpp"

using namespace rollcall;

namespace {

constexpr std::size_t page_rows = 300;
const std::string uuid = "kQx4Zr+1TmWc9Ab/ZyX2Lw==";

std::string make_page(std::size_t rows) {
    std::mt19937 rng(20251012);
    const std::int64_t start = 1760259600;
    std::string out = R"({"next_page_token":"Tva2CuIdTgsv8wAnhyAdU3m06Y2HuLQtlh3","page_count":4,"page_size":300,"total_records":1200,"participants":[)";
    for (std::size_t i = 0; i < rows; ++i) {
        const int person = static_cast<int>(rng() % 120);
        const std::int64_t join = start + static_cast<std::int64_t>(rng() % 3000);
        const std::int64_t leave = join + 30 + static_cast<std::int64_t>(rng() % 2400);
        const bool guest = person % 7 == 0, registrant = person % 3 == 0, waiting = rng() % 25 == 0;
        if (i) out += ',';
        out += R"({"id":")" + (guest ? std::string() : "acct" + std::to_string(100000 + person) + "XyZ") +
               R"(","name":"Person )" + std::to_string(person) + R"( Example","user_id":")" + std::to_string(16778240 + i) +
               R"(","registrant_id":")" + (registrant ? "reg" + std::to_string(person) + "AbCdEfGh" : std::string()) +
               R"(","user_email":")" + (guest ? std::string() : "p" + std::to_string(person) + "@school.example") +
               R"(","join_time":")" + format_rfc3339(from_unix_s(join)) + R"(","leave_time":")" +
               format_rfc3339(from_unix_s(leave)) + R"(","duration":)" + std::to_string(leave - join) +
               R"(,"failover":false,"status":")" + (waiting ? "in_waiting_room" : "in_meeting") +
               R"(","internal_user":)" + (guest ? "false" : "true") + "}";
    }
    return out + "]}";
}

const std::string& page() {
    static const std::string p = make_page(page_rows);
    return p;
}

void BM_zoom_report_rows_parse(benchmark::State& state) {
    const std::string& body = page();
    sources::zoom::participants_page parsed;  // reused, as a paging loop would
    std::size_t rows = 0;
    for (auto _ : state) {
        if (!sources::zoom::parse_participants_page(body, uuid, parsed).ok()) {
            state.SkipWithError("parse failed");
            break;
        }
        rows += parsed.rows;
        benchmark::DoNotOptimize(parsed);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
    state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_zoom_report_rows_parse);

// The ceiling: every row visited and every field's value read, nothing built.
void BM_zoom_report_rows_raw_simdjson(benchmark::State& state) {
    namespace od = simdjson::ondemand;
    const std::string& body = page();
    od::parser parser;
    sources::padded_buffer buf;
    std::size_t rows = 0, chars = 0;
    for (auto _ : state) {
        const char* data = buf.assign(body);
        auto doc = parser.iterate(data, buf.size(), buf.capacity());
        od::array list;
        if (doc["participants"].get_array().get(list)) {
            state.SkipWithError("traversal failed");
            break;
        }
        for (auto item : list) {
            od::object row;
            if (item.get_object().get(row)) break;
            for (auto field : row) {
                od::value v;
                if (field.value().get(v)) break;
                std::string_view raw = v.raw_json_token();
                chars += raw.size();
            }
            ++rows;
        }
    }
    benchmark::DoNotOptimize(chars);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
    state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_zoom_report_rows_raw_simdjson);

// The whole ingest of one page as a host calls it: parse, check, store in memory (a fresh tracker per
// batch of pages, so every row is new), for what the store adds on top of the parse.
void BM_zoom_report_ingest_memory(benchmark::State& state) {
    const std::string& body = page();
    tracker::zoom_report_request rq;
    rq.meeting_uuid = uuid;
    rq.meeting_id = "81187927959";
    rq.pages = {body};
    std::size_t rows = 0;
    std::optional<tracker::tracker> t;
    for (auto _ : state) {
        state.PauseTiming();
        t.emplace(tracker::tracker::in_memory({}));  // the previous one is freed untimed
        state.ResumeTiming();
        auto b = t->ingest_zoom_report(rq);
        if (!b.ok()) {
            state.SkipWithError("ingest failed");
            break;
        }
        rows += page_rows;
        benchmark::DoNotOptimize(b);
    }
    state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_zoom_report_ingest_memory);

}  // namespace

BENCHMARK_MAIN();
