// The sweep: lifecycle advance persisted with history, usage counted once, also across processes.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include "store/rc_test_support.hpp"
#include "tracker/tracker.hpp"

using namespace rollcall;
using namespace rollcall::tracker;
using rollcall::test::make_event;

namespace {

constexpr std::int64_t S = 1760259600;

session_spec lesson(std::string id, std::string package = "pkg") {
    session_spec s;
    s.id = std::move(id);
    s.type = "academic";
    s.teacher = "T1";
    s.students = {"S1"};
    s.scheduled_start = from_unix_s(S);
    s.scheduled_end = from_unix_s(S + 3600);
    s.package = std::move(package);
    return s;
}

void add_events(tracker::tracker& t, std::vector<event> events) {
    store::ingest_item it;
    it.payload.body = "batch-" + events.front().dedup_key;
    it.events = std::move(events);
    REQUIRE(t.storage().ingest(std::span<const store::ingest_item>(&it, 1)).ok());
}

void lesson_events(tracker::tracker& t, const std::string& id, bool teacher, bool student) {
    const std::string room = "academic_" + id + "_1760259600";
    std::vector<event> ev{make_event(event_kind::room_start, room, "", "", -60, room + "rs")};
    if (teacher) {
        ev.push_back(make_event(event_kind::join, room, "T1", "tc", 0, room + "tj"));
        ev.push_back(make_event(event_kind::leave, room, "T1", "tc", 3000, room + "tl"));
    }
    if (student) {
        ev.push_back(make_event(event_kind::join, room, "S1", "sc", 30, room + "sj"));
        ev.push_back(make_event(event_kind::leave, room, "S1", "sc", 2900, room + "sl"));
    }
    ev.push_back(make_event(event_kind::room_end, room, "", "", 3100, room + "re"));
    add_events(t, std::move(ev));
}

// Builds a database with n finished lessons of every kind (completed, absent, cancelled).
void seed(tracker::tracker& t, int n) {
    for (int i = 0; i < n; ++i) {
        const std::string id = std::to_string(100 + i);
        REQUIRE(t.create_session(lesson(id), from_unix_s(S - 86400)).ok());
        lesson_events(t, id, i % 3 != 2, i % 3 == 0);
    }
}

}  // namespace

TEST_CASE("sweep: advances every open session and persists status and history") {
    auto t = tracker::tracker::in_memory({});
    REQUIRE(t.create_session(lesson("done"), from_unix_s(S - 86400)).ok());
    REQUIRE(t.create_session(lesson("nobody"), from_unix_s(S - 86400)).ok());
    REQUIRE(t.create_session(lesson("no-teacher"), from_unix_s(S - 86400)).ok());
    REQUIRE(t.create_session(lesson("future"), from_unix_s(S - 86400)).ok());
    t.update_session([] {
        auto s = lesson("future");
        s.scheduled_start = from_unix_s(S + 86400);
        s.scheduled_end = from_unix_s(S + 90000);
        return s;
    }(), from_unix_s(S - 86400)).value();
    lesson_events(t, "done", true, true);
    lesson_events(t, "nobody", true, false);
    lesson_events(t, "no-teacher", false, true);

    // Before the start window nothing moves.
    auto early = t.sweep(from_unix_s(S - 3600)).value();
    CHECK(early.sessions_checked == 4);
    CHECK(early.sessions_changed == 0);

    auto sw = t.sweep(from_unix_s(S + 7200));
    REQUIRE(sw.ok());
    CHECK(sw->sessions_changed == 3);
    CHECK(sw->changed == std::vector<std::string>{"done", "no-teacher", "nobody"});
    CHECK(sw->sessions_counted == 2);
    auto done = t.get_session("done").value();
    CHECK(done.status == session_status::completed);
    REQUIRE(done.history.size() == 3);
    CHECK(done.history[0].from == session_status::scheduled);
    CHECK(done.history[1].to == session_status::ongoing);
    CHECK(done.history[2].to == session_status::completed);
    CHECK(t.get_session("nobody").value().status == session_status::absent);
    auto nt = t.get_session("no-teacher").value();
    CHECK(nt.status == session_status::cancelled);
    CHECK(nt.status_reason == "teacher_absent");
    CHECK(t.get_session("future").value().status == session_status::scheduled);
    CHECK(t.usage("pkg").value().session_ids == std::vector<std::string>{"done", "nobody"});

    // A second sweep finds nothing to do.
    auto again = t.sweep(from_unix_s(S + 7300)).value();
    CHECK(again.sessions_checked == 1);
    CHECK(again.sessions_changed == 0);
    CHECK(again.sessions_counted == 0);
}

TEST_CASE("sweep: a session with a schedule and no room ends at E + cleanup_delay_s") {
    auto t = tracker::tracker::in_memory({});
    REQUIRE(t.create_session(lesson("empty"), from_unix_s(S - 86400)).ok());
    CHECK(t.sweep(from_unix_s(S + 3600 + 1799)).value().sessions_changed == 1);  // ready only
    CHECK(t.get_session("empty").value().status == session_status::ready);
    t.sweep(from_unix_s(S + 3600 + 1800)).value();
    auto rec = t.get_session("empty").value();
    CHECK(rec.status == session_status::cancelled);  // the teacher never came
}

TEST_CASE("sweep: two processes sweeping one database at once count every session exactly once") {
    test::scratch_dir dir;
    const auto path = dir.file("db.sqlite");
    constexpr int sessions = 30;
    {
        auto t = tracker::tracker::open_sqlite(path, {}).value();
        seed(t, sessions);
    }
    constexpr int workers = 3;
    pid_t pids[workers];
    for (int w = 0; w < workers; ++w) {
        pids[w] = ::fork();
        REQUIRE(pids[w] >= 0);
        if (pids[w] == 0) {
            auto t = tracker::tracker::open_sqlite(path, {});
            if (!t) ::_exit(10);
            std::size_t counted = 0;
            // Several rounds each, interleaving with the other processes.
            for (int round = 0; round < 4; ++round) {
                auto sw = t->sweep(from_unix_s(S + 7200 + round));
                if (!sw) ::_exit(11);
                counted += sw->sessions_counted;
            }
            ::_exit(static_cast<int>(counted));  // < 256
        }
    }
    int total_counted = 0;
    for (int w = 0; w < workers; ++w) {
        int status = 0;
        REQUIRE(::waitpid(pids[w], &status, 0) == pids[w]);
        REQUIRE(WIFEXITED(status));
        const int code = WEXITSTATUS(status);
        REQUIRE(code != 10);
        REQUIRE(code != 11);
        total_counted += code;
    }
    auto t = tracker::tracker::open_sqlite(path, {}).value();
    const auto usage = t.usage("pkg").value();
    // Every third session cancelled (teacher absent); the rest completed or absent, counted once.
    const int expected = sessions - sessions / 3;
    CHECK(static_cast<int>(usage.session_ids.size()) == expected);
    CHECK(total_counted == expected);
    for (const auto& id : usage.session_ids) {
        auto rec = t.get_session(id).value();
        CHECK(counts_toward_subscription(rec.status));
        CHECK(rec.history.size() == 3);  // each transition recorded once, whoever made it
    }
}
