// The application layer (src/app): the methods every interface calls, their parameters and answers,
// the change feed (SPEC §8) and stateless evaluation. Answers are read back with simdjson, so a test
// checks the shape a host receives, not a C++ struct.
#include <doctest/doctest.h>

#include <simdjson.h>

#include <set>
#include <sstream>
#include <thread>

#include "app/app.hpp"
#include "rollcall/event_json.hpp"
#include "store/rc_test_support.hpp"
#include "tracker/config.hpp"
#include "tracker/tracker.hpp"

using namespace rollcall;
using rollcall::test::make_event;
using rollcall::test::scratch_dir;

namespace {

constexpr std::int64_t S = 1760259600;  // 2025-10-12T09:00:00Z
const std::string session_json =
    R"({"id":"L1","type":"academic","teacher":"T1","students":["S1"],"scheduled_start":"2025-10-12T09:00:00Z",)"
    R"("scheduled_end":"2025-10-12T10:00:00Z","rooms":["room-1"],"package":"pkg","rate":"per_hour","rate_minor":3000,"currency":"EUR"})";

std::string call(tracker::tracker& t, std::string_view method, std::string_view params) {
    auto r = app::call(t, method, params);
    INFO(method << " " << params << " -> " << (r ? std::string() : r.err().message));
    REQUIRE(r.ok());
    return *r;
}

errc call_error(tracker::tracker& t, std::string_view method, std::string_view params, std::string_view needle = {}) {
    auto r = app::call(t, method, params);
    REQUIRE_FALSE(r.ok());
    if (!needle.empty()) CHECK_MESSAGE(r.err().message.find(needle) != std::string::npos, r.err().message);
    return r.err().code;
}

/// A parsed answer that stays valid while the holder lives.
struct doc {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    explicit doc(const std::string& text) { REQUIRE(parser.parse(text).get(root) == simdjson::SUCCESS); }
};

std::vector<event> lesson_events() {
    return {make_event(event_kind::room_start, "room-1", "", "", -60, "rs"),
            make_event(event_kind::join, "room-1", "T1", "t-c", 0, "tj"),
            make_event(event_kind::join, "room-1", "S1", "s-c", 60, "sj"),
            make_event(event_kind::leave, "room-1", "S1", "s-c", 3060, "sl"),
            make_event(event_kind::leave, "room-1", "T1", "t-c", 3070, "tl"),
            make_event(event_kind::room_end, "room-1", "", "", 3100, "re")};
}

void store_events(tracker::tracker& t, std::vector<event> events) {
    store::ingest_item it;
    it.payload.body = "lesson";
    it.events = std::move(events);
    REQUIRE(t.storage().ingest(std::span<const store::ingest_item>(&it, 1)).ok());
}

std::string at(std::int64_t offset_s) { return format_rfc3339(from_unix_s(S + offset_s)); }

}  // namespace

TEST_CASE("app: every method is listed once, and an unknown one is not_found naming the others") {
    std::set<std::string_view> names;
    for (const auto& m : app::tracker_methods()) CHECK(names.insert(m.name).second);
    for (const auto& m : app::stateless_methods()) CHECK(names.insert(m.name).second);
    CHECK(names.count("sessions.list"));
    CHECK(names.count("evaluate"));
    auto t = tracker::tracker::in_memory({});
    CHECK(call_error(t, "sessions.lst", "{}", "sessions.list") == errc::not_found);
    CHECK(app::call_stateless("stats", "{}").err().code == errc::invalid_argument);
}

TEST_CASE("app: bad parameters get a code and a message naming them, and change nothing") {
    auto t = tracker::tracker::in_memory({});
    CHECK(call_error(t, "sessions.create", "{\"sessions\":", "not JSON") == errc::malformed_input);
    CHECK(call_error(t, "sessions.create", "[1]", "must be a JSON object") == errc::invalid_argument);
    CHECK(call_error(t, "sessions.list", R"({"teacher":"T1","colour":"red"})", "unknown parameter 'colour'") ==
          errc::invalid_argument);
    CHECK(call_error(t, "sessions.list", R"({"status":"finished"})", "sessions.list.status") == errc::invalid_value);
    CHECK(call_error(t, "sessions.list", R"({"open":"yes"})", "true or false") == errc::invalid_value);
    CHECK(call_error(t, "sessions.get", "{}", "sessions.get.id") == errc::missing_field);
    CHECK(call_error(t, "sessions.get", R"({"id":"L1","now":"yesterday"})", "sessions.get.now") == errc::invalid_value);
    // An unknown key inside the session, or a valid session beside an unknown parameter: nothing stored.
    CHECK(call_error(t, "sessions.create", R"({"sessions":{"id":"x","type":"t","colour":1}})", "colour") ==
          errc::invalid_argument);
    CHECK(call_error(t, "sessions.create", R"({"sessions":[)" + session_json + R"(],"mode":"fast"})", "mode") ==
          errc::invalid_argument);
    CHECK(call_error(t, "sessions.create", R"({"sessions":[)" + session_json + R"(,{"id":"L2"}]})",
                     "sessions.create.sessions[1].type") == errc::missing_field);
    CHECK(t.stats().value().sessions == 0);
    CHECK(call_error(t, "links.list", R"({"status":"clicked"})", "sent, active, ended, timeout") == errc::invalid_value);
    CHECK(call_error(t, "reports.teacher", R"({"period":"fortnight"})", "period") == errc::invalid_value);
    CHECK(call_error(t, "reports.session", R"({"format":"pdf"})", "format") == errc::invalid_value);
    CHECK(call_error(t, "sessions.act", R"({"id":"L1","action":"pause"})", "cancel, mark_absent, complete") ==
          errc::invalid_value);
}

TEST_CASE("app: sessions are created, listed with filters, evaluated, acted on and linked") {
    auto t = tracker::tracker::in_memory({});
    doc created(call(t, "sessions.create", R"({"sessions":)" + session_json + R"(,"now":")" + at(-86400) + "\"}"));
    CHECK(created.root.at(0)["status"].get_string().value() == "scheduled");
    CHECK(created.root.at(0)["created_at"].get_string().value() == "2025-10-11T09:00:00Z");
    call(t, "sessions.create", R"({"sessions":[{"id":"L2","type":"quran","teacher":"T2"},{"id":"L3","type":"quran"}]})");

    CHECK(doc(call(t, "sessions.list", "{}")).root.get_array().size() == 3);
    doc by_teacher(call(t, "sessions.list", R"({"teacher":"T2"})"));
    REQUIRE(by_teacher.root.get_array().size() == 1);
    CHECK(by_teacher.root.at(0)["id"].get_string().value() == "L2");
    CHECK(doc(call(t, "sessions.list", R"({"status":"unscheduled"})")).root.get_array().size() == 2);
    CHECK(doc(call(t, "sessions.list", R"({"from":")" + at(0) + R"(","to":)" + std::to_string((S + 1) * 1000) + "}"))
              .root.get_array()
              .size() == 1);

    store_events(t, lesson_events());
    doc got(call(t, "sessions.get", R"({"id":"L1","now":")" + at(7200) + "\"}"));
    CHECK(got.root["session"]["id"].get_string().value() == "L1");
    CHECK(got.root["evaluation"]["session_status"].get_string().value() == "completed");
    CHECK(got.root["evaluation"]["participants"]["S1"]["attended_s"].get_int64().value() == 3000);

    doc linked(call(t, "sessions.link", R"({"id":"L2","rooms":["quran-room","quran-room-2"]})"));
    CHECK(linked.root["rooms"].get_array().size() == 2);
    CHECK(call_error(t, "sessions.link", R"({"id":"L1","rooms":["quran-room"]})") == errc::already_exists);

    call(t, "sessions.update", R"({"sessions":{"id":"L2","type":"quran","teacher":"T2","scheduled_start":")" + at(3600) +
                                   R"(","scheduled_end":")" + at(7200) + "\"}}");
    doc cancelled(call(t, "sessions.act", R"({"id":"L2","action":"cancel","now":")" + at(0) + "\"}"));
    CHECK(cancelled.root["status"].get_string().value() == "cancelled");
    CHECK(call_error(t, "sessions.act", R"({"id":"L2","action":"complete"})") == errc::illegal_transition);

    call(t, "sweep", R"({"now":")" + at(7200) + "\"}");
    doc usage(call(t, "packages.usage", R"({"package":"pkg"})"));
    CHECK(usage.root["count"].get_int64().value() == 1);
    CHECK(usage.root["sessions"].at(0).get_string().value() == "L1");
}

TEST_CASE("app: links answer with one shape, are listed with filters, and refuse a closed link") {
    auto t = tracker::tracker::in_memory({});
    call(t, "sessions.create", R"({"sessions":)" + session_json + "}");
    doc a(call(t, "links.create", R"({"link":{"teacher":"T1","student":"S1","session_id":"L1"},"now":")" + at(0) + "\"}"));
    const std::string token_a(a.root["token"].get_string().value());
    doc b(call(t, "links.create", R"({"link":{"teacher":"T9","student":"S2"},"now":")" + at(60) + "\"}"));
    const std::string token_b(b.root["token"].get_string().value());
    CHECK(a.root["sent_at"].get_string().value() == "2025-10-12T09:00:00Z");
    CHECK(a.root["clicked_at"].is_null());
    CHECK(a.root["room"].get_string().value() == "link:" + token_a);

    call(t, "links.click", R"({"token":")" + token_a + R"(","now":")" + at(10) + "\"}");
    call(t, "links.heartbeat", R"({"token":")" + token_a + R"(","now":")" + at(40) + "\"}");
    doc ended(call(t, "links.end", R"({"token":")" + token_a + R"(","now":")" + at(70) + "\"}"));
    CHECK(ended.root["status"].get_string().value() == "ended");
    CHECK(ended.root["duration_s"].get_int64().value() == 60);
    CHECK(call_error(t, "links.heartbeat", R"({"token":")" + token_a + "\"}") == errc::link_closed);
    CHECK(call_error(t, "links.get", R"({"token":"nope"})") == errc::not_found);

    CHECK(doc(call(t, "links.list", "{}")).root.get_array().size() == 2);
    doc by_teacher(call(t, "links.list", R"({"teacher":"T9"})"));
    REQUIRE(by_teacher.root.get_array().size() == 1);
    CHECK(by_teacher.root.at(0)["token"].get_string().value() == token_b);
    CHECK(doc(call(t, "links.list", R"({"status":"ended"})")).root.get_array().size() == 1);
    CHECK(doc(call(t, "links.list", R"({"session_id":"L1"})")).root.get_array().size() == 1);
    CHECK(doc(call(t, "links.list", R"({"student":"S2"})")).root.get_array().size() == 1);
    CHECK(doc(call(t, "links.list", R"({"from":")" + at(30) + "\"}")).root.get_array().size() == 1);
}

namespace {

/// The change feed of a tracker as (type, subject or session, to) triples, oldest first.
std::vector<std::string> feed(tracker::tracker& t) {
    doc page(call(t, "changes", R"({"after":0,"limit":10000})"));
    std::vector<std::string> out;
    std::int64_t last = 0;
    for (auto c : page.root["changes"].get_array()) {
        const auto seq = c["seq"].get_int64().value();
        CHECK(seq > last);
        last = seq;
        out.push_back(std::string(c["type"].get_string().value()) + " " + std::string(c["session_id"].get_string().value()) +
                      " " + std::string(c["subject"].get_string().value()) + " " + std::string(c["from"].get_string().value()) +
                      ">" + std::string(c["to"].get_string().value()));
    }
    CHECK(page.root["cursor"].get_int64().value() == last);
    return out;
}

void feed_contract(tracker::tracker& t) {
    call(t, "sessions.create", R"({"sessions":)" + session_json + "}");
    store_events(t, lesson_events());
    call(t, "sweep", R"({"now":")" + at(7200) + "\"}");
    doc link(call(t, "links.create", R"({"link":{"student":"S1"},"now":")" + at(0) + "\"}"));
    const std::string token(link.root["token"].get_string().value());
    call(t, "links.click", R"({"token":")" + token + R"(","now":")" + at(5) + "\"}");
    call(t, "links.end", R"({"token":")" + token + R"(","now":")" + at(65) + "\"}");
    // Refused actions append nothing.
    CHECK(call_error(t, "sessions.act", R"({"id":"L1","action":"cancel"})") == errc::illegal_transition);

    const auto f = feed(t);
    const std::vector<std::string> want = {
        "session_status L1  scheduled>ready",         "session_status L1  ready>ongoing",
        "session_status L1  ongoing>completed",       "participant_status L1 S1 >present",
        "participant_status L1 T1 >present",          "usage_counted L1 pkg >completed",
        "link_status  " + token + " sent>active",     "link_status  " + token + " active>ended",
    };
    CHECK(f == want);

    // Paging: a cursor takes up exactly where the last page stopped.
    doc first(call(t, "changes", R"({"after":0,"limit":3})"));
    CHECK(first.root["changes"].get_array().size() == 3);
    const auto cursor = first.root["cursor"].get_int64().value();
    doc rest(call(t, "changes", R"({"after":)" + std::to_string(cursor) + "}"));
    CHECK(rest.root["changes"].get_array().size() == want.size() - 3);
    doc empty(call(t, "changes", R"({"after":)" + std::to_string(want.size()) + "}"));
    CHECK(empty.root["changes"].get_array().size() == 0);
    CHECK(empty.root["cursor"].get_int64().value() == static_cast<std::int64_t>(want.size()));
    CHECK(call_error(t, "changes", R"({"after":)" + std::to_string(want.size() + 1) + "}", "beyond the newest change") ==
          errc::invalid_argument);
    CHECK(call_error(t, "changes", R"({"after":-1})") == errc::invalid_value);
    CHECK(call_error(t, "changes", R"({"limit":0})") == errc::invalid_value);
    CHECK(doc(call(t, "stats", "")).root["changes"].get_int64().value() == static_cast<std::int64_t>(want.size()));

    // A named reader: each claim continues where the last one stopped.
    doc c1(call(t, "changes.claim", R"({"consumer":"laravel","limit":5})"));
    CHECK(c1.root["changes"].get_array().size() == 5);
    doc c2(call(t, "changes.claim", R"({"consumer":"laravel","limit":5})"));
    CHECK(c2.root["changes"].get_array().size() == want.size() - 5);
    CHECK(doc(call(t, "changes.claim", R"({"consumer":"laravel"})")).root["changes"].get_array().size() == 0);
    CHECK(doc(call(t, "changes.claim", R"({"consumer":"other"})")).root["changes"].get_array().size() == want.size());
    CHECK(call_error(t, "changes.claim", R"({"consumer":""})") == errc::missing_field);
}

}  // namespace

TEST_CASE("app: the change feed reports status moves, final statuses, usage and links, in order (memory)") {
    auto t = tracker::tracker::in_memory({});
    feed_contract(t);
}

TEST_CASE("app: the change feed reports status moves, final statuses, usage and links, in order (SQLite)") {
    scratch_dir dir;
    auto t = tracker::tracker::open_sqlite(dir.file("feed.sqlite"), {}).take();
    feed_contract(t);
}

TEST_CASE("app: readers sharing a name on separate connections each get every change exactly once") {
    scratch_dir dir;
    const auto path = dir.file("claim.sqlite");
    {
        auto t = tracker::tracker::open_sqlite(path, {}).take();
        std::string sessions = "[";
        for (int i = 0; i < 60; ++i)
            sessions += std::string(i ? "," : "") + R"({"id":"s)" + std::to_string(i) +
                        R"(","type":"t","scheduled_start":"2025-10-12T09:00:00Z","scheduled_end":"2025-10-12T10:00:00Z"})";
        call(t, "sessions.create", R"({"sessions":)" + sessions + "]}");
        call(t, "sweep", R"({"now":")" + at(0) + "\"}");  // 60 sessions: scheduled -> ready
    }
    std::vector<std::vector<std::int64_t>> got(4);
    std::vector<std::thread> readers;
    for (int r = 0; r < 4; ++r)
        readers.emplace_back([&, r] {
            auto t = tracker::tracker::open_sqlite(path, {}).take();
            for (;;) {
                auto page = t.claim_changes("workers", 7).take();
                if (page.changes.empty()) break;
                for (const auto& c : page.changes) got[r].push_back(c.seq);
            }
        });
    for (auto& th : readers) th.join();
    std::set<std::int64_t> all;
    std::size_t total = 0;
    for (const auto& g : got) {
        total += g.size();
        all.insert(g.begin(), g.end());
    }
    CHECK(total == 60);
    CHECK(all.size() == 60);
    CHECK(*all.begin() == 1);
    CHECK(*all.rbegin() == 60);
}

TEST_CASE("app: stateless evaluate of the events Verifier.parse gives equals the stored session's evaluation") {
    auto t = tracker::tracker::in_memory({});
    call(t, "sessions.create", R"({"sessions":)" + session_json + "}");
    const auto events = lesson_events();
    store_events(t, events);
    const std::string now = at(7200);
    doc stored(call(t, "sessions.get", R"({"id":"L1","now":")" + now + "\"}"));
    const std::string stored_eval = simdjson::minify(stored.root["evaluation"]);

    json_writer list;
    list.begin_array();
    for (auto it = events.rbegin(); it != events.rend(); ++it) write_event_json(list, *it);  // any order
    list.end_array();
    const std::string input = R"({"session":)" + session_json + R"(,"events":)" + list.str() + R"(,"now":")" + now + "\"}";
    auto stateless = app::call_stateless("evaluate", input);
    REQUIRE(stateless.ok());
    CHECK(*stateless == stored_eval);

    // Bad input names the place and never evaluates.
    auto bad_kind = app::call_stateless("evaluate", R"({"session":{"id":"x","type":"t"},"events":[{"kind":"wave","platform":"livekit","room":"r","at_ms":1}]})");
    CHECK(bad_kind.err().code == errc::invalid_value);
    CHECK(bad_kind.err().message.find("evaluate.events[0].kind") != std::string::npos);
    auto no_identity = app::call_stateless("evaluate", R"({"session":{"id":"x","type":"t"},"events":[{"kind":"join","platform":"zoom","room":"r","at":"2025-10-12T09:00:00Z"}]})");
    CHECK(no_identity.err().code == errc::missing_field);
    auto disagree = app::call_stateless("evaluate", R"({"session":{"id":"x","type":"t"},"events":[{"kind":"room_start","platform":"zoom","room":"r","at":"2025-10-12T09:00:00Z","at_ms":5}]})");
    CHECK(disagree.err().code == errc::invalid_value);
    CHECK(app::call_stateless("evaluate", R"({"session":{"id":"x","type":"t"}})").err().code == errc::missing_field);
    CHECK(app::call_stateless("evaluate", R"({"session":{"id":"x","type":"t"},"events":[],"policy":{"grace":1}})").err().code ==
          errc::invalid_value);
    auto policy = app::call_stateless(
        "evaluate", R"({"session":{"id":"x","type":"t"},"events":[],"policy":{"reconnect_grace_s":30},"now":0})");
    REQUIRE(policy.ok());
    CHECK(policy->find("\"reconnect_grace_s\":30") != std::string::npos);
}

TEST_CASE("app: ingest.batch stores several requests in one transaction and answers per request") {
    tracker::tracker_config cfg = tracker::parse_config(rollcall::test::slurp(std::string(ROLLCALL_TEST_DIR) + "/store/data/config.json")).take();
    auto t = tracker::tracker::in_memory(cfg);
    std::string requests = "[";
    std::size_t n = 0;
    std::istringstream lines(rollcall::test::slurp(std::string(ROLLCALL_TEST_DIR) + "/store/data/livekit_capture.jsonl"));
    for (std::string line; std::getline(lines, line);) {
        if (line.find("\"platform\":\"livekit\"") == std::string::npos || line.find("\"received_at\"") == std::string::npos) continue;
        requests += (n++ ? "," : "") + line;
    }
    requests += "]";
    REQUIRE(n >= 3);
    doc first(call(t, "ingest.batch", R"({"requests":)" + requests + "}"));
    CHECK(first.root["requests"].get_int64().value() == static_cast<std::int64_t>(n));
    CHECK(first.root["results"].get_array().size() == n);
    CHECK(first.root["events_stored"].get_int64().value() >= 1);
    doc again(call(t, "ingest.batch", R"({"requests":)" + requests + "}"));
    CHECK(again.root["events_stored"].get_int64().value() == 0);  // a replay stores nothing
    CHECK(again.root["stored"].get_int64().value() == 0);

    const auto before = t.stats().value().payloads;
    CHECK(call_error(t, "ingest.batch", R"({"requests":[{"platform":"teams","body":"{}"}]})", "requests[0].platform") ==
          errc::invalid_value);
    CHECK(call_error(t, "ingest.batch", R"({"requests":[{"platform":"zoom"}]})", "requests[0].body") == errc::missing_field);
    CHECK(call_error(t, "ingest.batch", R"({"requests":[{"platform":"zoom","body":"{}","via":"x"}]})", "unknown parameter 'via'") ==
          errc::invalid_argument);
    CHECK(call_error(t, "ingest.batch", R"({"requests":[{"platform":"zoom","body":"{}","received_at":"soon"}]})") ==
          errc::invalid_value);
    CHECK(t.stats().value().payloads == before);
    // A request that does not verify is a result, not an error: the others are stored.
    doc mixed(call(t, "ingest.batch", R"({"requests":[{"platform":"livekit","headers":{},"body":"{\"event\":\"room_started\"}"}]})"));
    CHECK(mixed.root["rejected"].get_int64().value() == 1);
    CHECK(mixed.root["results"].at(0)["code"].get_string().value() == "missing_signature");
}
