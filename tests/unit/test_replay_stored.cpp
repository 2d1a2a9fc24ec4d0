// Deterministic replay of stored payloads (SPEC §8, tracker::replay and sessions.replay): a session
// evaluated from its raw payloads parsed again agrees with its stored events, for every kind of
// payload (signed webhooks, host-fetched report pages and snapshots, tracked-link host events), and a
// stored event or payload that no longer matches is reported, never papered over.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <cstdlib>

#include "app/app.hpp"
#include "rollcall/result_json.hpp"
#include "sources/snapshot.hpp"
#include "store/rc_test_support.hpp"
#include "support/files.hpp"
#include "support/zoom_lesson.hpp"

using namespace rollcall;
using namespace rollcall::test::zoom_lesson;

namespace {

const std::string uuid = "kQx4Zr+1TmWc9Ab/ZyX2Lw==";
const instant later = from_unix_s(S + 7200);

// The lesson whose webhooks were partly lost and recovered from two report pages.
void recovered_lesson(tracker::tracker& t) {
    auto spec = session("L1", {"zoom:" + meeting_id});
    REQUIRE(t.create_session(spec, from_unix_s(S - 86400)).ok());
    for (const auto& rq : {started(uuid, -60), joined(uuid, teacher), joined(uuid, student_first), ended(uuid, -60, 3560)})
        REQUIRE(t.ingest(rq).value().status == tracker::ingest_status::stored);
    tracker::zoom_report_request rq;
    rq.meeting_uuid = uuid;
    rq.pages = {report_page({teacher, student_first}, "tok-2"), report_page({student_again})};
    rq.received_at = from_unix_s(S + 4200);
    REQUIRE(t.ingest_zoom_report(rq).ok());
    // A webhook delivered twice: the second copy is a duplicate and must stay one in the replay too.
    REQUIRE(t.ingest(joined(uuid, teacher)).value().status == tracker::ingest_status::duplicate);
}

void exec(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* msg = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg);
    const std::string text = msg ? msg : "";
    sqlite3_free(msg);
    sqlite3_close(db);
    REQUIRE_MESSAGE(rc == SQLITE_OK, text);
}

}  // namespace

TEST_CASE("replay: webhooks and report pages parsed again give the stored evaluation, in memory and in SQLite") {
    test::scratch_dir dir;
    auto memory = tracker::tracker::in_memory(config());
    auto sqlite = tracker::tracker::open_sqlite(dir.file("db.sqlite"), config()).value();
    for (auto* t : {&memory, &sqlite}) {
        recovered_lesson(*t);
        const auto stored = t->evaluate("L1", later).value();
        const auto replayed = t->replay("L1", later);
        REQUIRE_MESSAGE(replayed.ok(), (replayed.ok() ? "" : replayed.err().describe()));
        CHECK(replayed->payloads == 6);  // four webhooks and two pages; the duplicate was never kept
        CHECK(replayed->host_events == 0);
        CHECK(replayed->failures.empty());
        CHECK(session_result_json(replayed->replayed) == session_result_json(stored));
        CHECK(stored.find("zoomS")->attended == std::chrono::seconds(3500 - 120));
    }
    CHECK(memory.replay("nope", later).err().code == errc::not_found);
}

TEST_CASE("replay: tracked-link events have no payload and are taken as stored") {
    auto t = tracker::tracker::in_memory({});
    session_spec s;
    s.id = "sess-1";
    s.type = "academic";
    s.students = {"244480"};
    s.scheduled_start = from_unix_s(S);
    s.scheduled_end = from_unix_s(S + 3600);
    REQUIRE(t.create_session(s, from_unix_s(S - 86400)).ok());
    tracker::link_spec ls;
    ls.student = "244480";
    ls.session_id = "sess-1";
    auto l = t.create_link(ls, from_unix_s(S - 600)).value();
    REQUIRE(t.click(l.token, from_unix_s(S)).ok());
    for (int i = 1; i <= 10; ++i) REQUIRE(t.heartbeat(l.token, from_unix_s(S + 30 * i)).ok());
    REQUIRE(t.end(l.token, from_unix_s(S + 330)).ok());
    const auto r = t.replay("sess-1", later).value();
    CHECK(r.payloads == 0);
    CHECK(r.host_events == 12);  // the click, ten heartbeats, the end
    CHECK(session_result_json(r.replayed) == session_result_json(t.evaluate("sess-1", later).value()));
    CHECK(r.replayed.find("244480")->attended == std::chrono::seconds(330));
}

TEST_CASE("replay: a stored event that its payload no longer says, and a payload that no longer parses, are reported") {
    test::scratch_dir dir;
    const std::string path = dir.file("db.sqlite");
    {
        auto t = tracker::tracker::open_sqlite(path, config()).value();
        recovered_lesson(t);
    }
    // Someone edits a stored leave (ten minutes earlier), and damages the bytes of one stored page.
    exec(path, "UPDATE events SET at_ms = at_ms - 600000 WHERE kind = 4 AND payload_id IS NOT NULL AND identity = 'zoomT'");
    exec(path, "UPDATE payloads SET body = CAST('{\"participants\": [' AS BLOB) WHERE headers LIKE '%zoom-report%' "
               "AND id = (SELECT MAX(id) FROM payloads WHERE headers LIKE '%zoom-report%')");
    auto t = tracker::tracker::open_sqlite(path, config()).value();
    const auto stored = t.evaluate("L1", later).value();
    const auto r = t.replay("L1", later).value();
    REQUIRE(r.failures.size() == 1);
    CHECK(r.failures[0].source == platform::zoom);
    CHECK(r.failures[0].code == errc::malformed_input);
    CHECK(r.payloads == 5);
    CHECK(session_result_json(r.replayed) != session_result_json(stored));
    // The teacher's stored leave is ten minutes early; the payloads still say when she left.
    CHECK(stored.find("zoomT")->last_leave == from_unix_s(S + 3550 - 600));
    CHECK(r.replayed.find("zoomT")->last_leave == from_unix_s(S + 3550));

    // Through the application layer: the session is listed as differing, with the paths that differ.
    const std::string out = app::call(t, "sessions.replay", R"({"now":")" + format_rfc3339(later) + R"("})").value();
    CHECK(out.find(R"("agree":0,"differ":1)") != std::string::npos);
    CHECK(out.find(R"("agrees":false)") != std::string::npos);
    CHECK(out.find(R"("code":"malformed_input")") != std::string::npos);
    CHECK(out.find(R"("path":"participants)") != std::string::npos);
    CHECK(app::call(t, "sessions.replay", R"({"id":"L1","teacher":"zoomT"})").err().code == errc::invalid_argument);

    // The command line says so with its exit status under --check (1), and prints the answer either way.
    if (std::string_view(ROLLCALL_CLI_PATH).empty()) return;  // a build without the command line
    const std::string cmd = std::string(ROLLCALL_CLI_PATH) + " replay --db " + path + " --now " + format_rfc3339(later);
    CHECK(WEXITSTATUS(std::system((cmd + " --check >/dev/null").c_str())) == 1);
    CHECK(WEXITSTATUS(std::system((cmd + " >/dev/null").c_str())) == 0);
    CHECK(app::call(t, "sessions.replay", R"({"id":"nope"})").err().code == errc::not_found);
}

TEST_CASE("replay: sessions.replay of an untouched database agrees for every session it selects") {
    auto t = tracker::tracker::in_memory(config());
    recovered_lesson(t);
    const std::string out = app::call(t, "sessions.replay", R"({"teacher":"zoomT","now":")" + format_rfc3339(later) + R"("})").value();
    CHECK(out.find(R"("agree":1,"differ":0)") != std::string::npos);
    CHECK(out.find(R"("differences":[])") != std::string::npos);
    CHECK(out.find(R"("payloads":6)") != std::string::npos);
}

TEST_CASE("replay: a stored BBB snapshot parses again from its stored context exactly as it was ingested") {
    store::raw_payload p;
    p.source = platform::bbb;
    p.body = rollcall::test::fixture("bbb/get_meeting_info.xml");
    p.headers_json = R"({"x-rollcall-fetched":"bbb-snapshot","room":"","at_ms":1708381437000})";
    const auto again = tracker::reparse_fetched(p);
    REQUIRE_MESSAGE(again.ok(), (again.ok() ? "" : again.err().describe()));
    const auto first = sources::parse_bbb_snapshot({p.body, from_unix_ms(1708381437000), ""}).value();
    CHECK(*again == first.events);
    CHECK(again->back().kind == event_kind::snapshot);
    p.headers_json = R"({"x-rollcall-fetched":"bbb-snapshot","room":""})";
    CHECK(tracker::reparse_fetched(p).err().code == errc::missing_field);
}
