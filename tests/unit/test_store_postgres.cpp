// The PostgreSQL store against a real server (tests/store/with_postgres.sh starts one and exports
// ROLLCALL_TEST_POSTGRES; without it these tests say so and pass nothing): opening and refusing,
// schema version, read-only, reconnecting after a restart, timeouts, and many processes at once.
// The storage contract itself runs in test_store_contract.cpp.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <thread>

#include "store/livekit_workload.hpp"
#include "store/open_store.hpp"
#include "store/pg_db.hpp"
#include "store/pg_store.hpp"
#include "store/pg_test_support.hpp"
#include "store/rc_test_support.hpp"
#include "tracker/tracker.hpp"

using namespace rollcall;
using rollcall::test::make_event;

namespace {

#define NEED_POSTGRES(url)                                                                        \
    const auto url##_opt = test::pg_url();                                                        \
    if (!url##_opt) {                                                                             \
        MESSAGE("skipped: ROLLCALL_TEST_POSTGRES is not set (run under tests/store/with_postgres.sh)"); \
        return;                                                                                   \
    }                                                                                             \
    const std::string url = *url##_opt

// A plain libpq connection to the test database, for what the store must not be asked to do (create
// another application's tables, rewrite the version marker, look behind its back).
struct raw_sql {
    store::detail::pg_connection db;
    explicit raw_sql(const std::string& url) { REQUIRE(db.connect(url, "test", "").ok()); }
    std::int64_t count(const std::string& sql) {
        auto r = db.exec(sql.c_str());
        if (!r) FAIL(r.err().describe());
        return r->i64(0, 0);
    }
    void run(const std::string& sql) {
        auto r = db.exec_script(sql.c_str());
        if (!r) FAIL(r.err().describe());
    }
    std::int64_t tables(const std::string& schema) {
        return count("SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema + "'");
    }
};

store::ingest_item item(std::string body, std::vector<event> events) {
    store::ingest_item it;
    it.payload.source = platform::livekit;
    it.payload.body = std::move(body);
    it.payload.received_at = from_unix_s(1760259600);
    it.events = std::move(events);
    return it;
}

std::unique_ptr<store::pg_store> open_fresh(const std::string& url, std::string* schema_out = nullptr,
                                           const store::pg_options& o = {}) {
    const auto schema = test::pg_unique_schema("rc_pg");
    if (schema_out) *schema_out = schema;
    auto s = store::pg_store::open(test::pg_with_schema(url, schema), o);
    if (!s) FAIL(s.err().describe());
    return std::move(*s);
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("store postgres: locations are shown without their password") {
    using store::detail::redact_url;
    CHECK(redact_url("postgresql://u:secret@h:5432/db") == "postgresql://u:***@h:5432/db");
    CHECK(redact_url("postgresql://u:se:cr@et@h/db?x=1") == "postgresql://u:***@h/db?x=1");
    CHECK(redact_url("postgres://u@h/db") == "postgres://u@h/db");
    CHECK(redact_url("postgresql://[::1]:5432/db") == "postgresql://[::1]:5432/db");
    CHECK(redact_url("postgresql:///db?host=/x&password=secret&user=u") == "postgresql:///db?host=/x&password=***&user=u");
    CHECK(redact_url("postgresql:///db?sslpassword=secret") == "postgresql:///db?sslpassword=***");
    CHECK(redact_url("postgresql:///db?password=") == "postgresql:///db?password=***");
    CHECK(redact_url("postgresql://u:p/w@h/db") == "postgresql://u:***@h/db");  // malformed, still hidden
    CHECK(redact_url("postgresql://h/db?user=a@b") == "postgresql://h/db?user=a@b");
}

TEST_CASE("store postgres: a wrong password or an unreachable server fails io_error without the password") {
    NEED_POSTGRES(url);
    const auto socket = test::pg_env("ROLLCALL_TEST_POSTGRES_SOCKET");
    const auto user = test::pg_env("ROLLCALL_TEST_POSTGRES_PW_USER");
    const auto password = test::pg_env("ROLLCALL_TEST_POSTGRES_PASSWORD");
    REQUIRE(!password.empty());
    const std::string wrong = "Wr0ng-" + password;
    for (const auto& bad : {"postgresql://" + user + ":" + wrong + "@/rollcall?host=" + socket,
                            "postgres:///rollcall?host=" + socket + "&user=" + user + "&password=" + wrong}) {
        auto s = store::open_store(bad);
        REQUIRE_FALSE(s.ok());
        CHECK(s.err().code == errc::io_error);
        CHECK(contains(s.err().message, "password authentication failed"));
        CHECK_FALSE(contains(s.err().message, wrong));
        CHECK_FALSE(contains(s.err().message, password));
        CHECK(contains(s.err().message, "***"));
    }
    // The right password logs in; a later error on that location does not show it either.
    const std::string good = "postgresql://" + user + ":" + password + "@/rollcall?host=" + socket;
    auto ok = store::open_store(test::pg_with_schema(good, test::pg_unique_schema("rc_pw")));
    if (!ok) FAIL(ok.err().describe());
    auto bad_schema = store::open_store(good + "&schema=no-such-name");
    REQUIRE_FALSE(bad_schema.ok());
    CHECK(bad_schema.err().code == errc::invalid_argument);
    CHECK_FALSE(contains(bad_schema.err().message, password));

    auto unreachable = store::open_store("postgresql:///rollcall?host=/nonexistent/rollcall-socket-dir");
    REQUIRE_FALSE(unreachable.ok());
    CHECK(unreachable.err().code == errc::io_error);
    CHECK(contains(unreachable.err().message, "cannot connect"));
}

TEST_CASE("store postgres: malformed locations and other databases are refused clearly") {
    NEED_POSTGRES(url);
    // MySQL/MariaDB URLs go to that store (no server listens on port 1): the same refusal, no password.
    auto mysql = store::open_store("mysql://u:s3cretpw@127.0.0.1:1/db");
    REQUIRE_FALSE(mysql.ok());
    CHECK(mysql.err().code == errc::io_error);
    CHECK_FALSE(contains(mysql.err().message, "s3cretpw"));
    auto maria = store::open_store("mariadb://127.0.0.1:1/db");
    REQUIRE_FALSE(maria.ok());
    CHECK(maria.err().code == errc::io_error);

    auto unknown_param = store::open_store(url + "&no_such_libpq_option=1");
    REQUIRE_FALSE(unknown_param.ok());
    CHECK(unknown_param.err().code == errc::invalid_argument);
    for (const char* schema : {"", "1abc", "a-b", "a%22b", "%zz"}) {
        auto s = store::open_store(url + "&schema=" + schema);
        REQUIRE_FALSE(s.ok());
        CHECK(s.err().code == errc::invalid_argument);
    }
}

TEST_CASE("store postgres: another application's tables or a newer schema are refused, nothing written") {
    NEED_POSTGRES(url);
    raw_sql raw(url);
    const auto other = test::pg_unique_schema("rc_other");
    raw.run("CREATE SCHEMA " + other + "; CREATE TABLE " + other + ".accounts (id int)");
    auto s = store::pg_store::open(test::pg_with_schema(url, other));
    REQUIRE_FALSE(s.ok());
    CHECK(s.err().code == errc::corrupt_database);
    CHECK(contains(s.err().message, "another application"));
    CHECK(raw.tables(other) == 1);

    // A table named like ours but with another application's marker.
    raw.run("CREATE TABLE " + other + ".rollcall_schema (application text, version int);"
            "INSERT INTO " + other + ".rollcall_schema VALUES ('not-rollcall', 1)");
    auto marked = store::pg_store::open(test::pg_with_schema(url, other));
    REQUIRE_FALSE(marked.ok());
    CHECK(marked.err().code == errc::corrupt_database);
    CHECK(raw.tables(other) == 2);

    std::string schema;
    {
        auto db = open_fresh(url, &schema);
        CHECK(db->schema_version() == store::pg_schema_version);
    }
    const auto tables = raw.tables(schema);
    CHECK(tables > 10);
    raw.run("UPDATE " + schema + ".rollcall_schema SET version = " + std::to_string(store::pg_schema_version + 1));
    auto newer = store::pg_store::open(test::pg_with_schema(url, schema));
    REQUIRE_FALSE(newer.ok());
    CHECK(newer.err().code == errc::schema_too_new);
    CHECK(raw.count("SELECT version FROM " + schema + ".rollcall_schema") == store::pg_schema_version + 1);
    CHECK(raw.tables(schema) == tables);
}

TEST_CASE("store postgres: a new schema is created at the current version, with the application marker") {
    NEED_POSTGRES(url);
    raw_sql raw(url);
    std::string schema;
    {
        auto db = open_fresh(url, &schema);
        CHECK(db->schema() == schema);
        CHECK(db->stats().value().schema_version == store::pg_schema_version);
        REQUIRE(db->ingest(std::vector{item("a", {make_event(event_kind::join, "r1", "u1", "c1", 0, "k1")})}).ok());
    }
    CHECK(raw.count("SELECT count(*) FROM " + schema + ".rollcall_schema WHERE application = 'rollcall' AND version = " +
                    std::to_string(store::pg_schema_version)) == 1);
    // Opening again migrates nothing and keeps the data.
    auto again = store::pg_store::open(test::pg_with_schema(url, schema));
    REQUIRE(again.ok());
    CHECK((*again)->stats().value().events == 1);
    CHECK(raw.count("SELECT count(*) FROM " + schema + ".rollcall_schema") == 1);

    // Several processes creating one new schema at once: one creates it, all open it.
    const auto shared = test::pg_unique_schema("rc_race");
    std::vector<pid_t> pids;
    for (int w = 0; w < 4; ++w) {
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            auto s = store::pg_store::open(test::pg_with_schema(url, shared));
            if (!s) std::fprintf(stderr, "opener %d: %s\n", w, s.err().describe().c_str());
            ::_exit(s ? 0 : 3);
        }
        pids.push_back(pid);
    }
    for (auto pid : pids) {
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    }
    CHECK(raw.count("SELECT count(*) FROM " + shared + ".rollcall_schema") == 1);
}

TEST_CASE("store postgres: a read-only open writes nothing and never creates the schema") {
    NEED_POSTGRES(url);
    raw_sql raw(url);
    store::pg_options ro;
    ro.read_only = true;
    const auto missing = test::pg_unique_schema("rc_ro");
    auto none = store::pg_store::open(test::pg_with_schema(url, missing), ro);
    REQUIRE_FALSE(none.ok());
    CHECK(none.err().code == errc::not_found);
    CHECK(raw.count("SELECT count(*) FROM pg_namespace WHERE nspname = '" + missing + "'") == 0);

    std::string schema;
    {
        auto db = open_fresh(url, &schema);
        REQUIRE(db->ingest(std::vector{item("a", {make_event(event_kind::join, "r1", "u1", "c1", 0, "k1")})}).ok());
    }
    auto db = store::pg_store::open(test::pg_with_schema(url, schema), ro);
    REQUIRE(db.ok());
    CHECK((*db)->stats().value().events == 1);
    auto w = (*db)->ingest(std::vector{item("b", {make_event(event_kind::leave, "r1", "u1", "c1", 60, "k2")})});
    REQUIRE_FALSE(w.ok());
    CHECK(w.err().code == errc::read_only);
    CHECK((*db)->stats().value().events == 1);
}

TEST_CASE("store postgres: text round-trips byte for byte and sorts by bytes, as in SQLite") {
    NEED_POSTGRES(url);
    auto db = open_fresh(url);
    auto e = make_event(event_kind::join, "r1", "Zoë", "c1", 0, "k1");
    e.display_name = std::string("bytes \x01\xff\x00 kept", 15);
    e.detail = "{\"x\":\"\\u0000\"}";
    auto e2 = make_event(event_kind::join, "r1", "alice", "c2", 0, "k2");
    REQUIRE(db->ingest(std::vector{item(std::string("body\0with nul", 13), {e, e2})}).ok());
    const auto back = db->events_for_rooms(std::vector<std::string>{"r1"}).value();
    REQUIRE(back.size() == 2);
    const auto& zoe = back[0].identity == "Zoë" ? back[0] : back[1];
    CHECK(zoe.display_name == e.display_name);
    CHECK(zoe.detail == e.detail);
    // Byte order: "B" < "a" < "b" (a locale collation would say a < B < b).
    for (const char* id : {"b-session", "a-session", "B-session"}) {
        store::session_record r;
        r.spec.id = id;
        r.spec.type = "academic";
        REQUIRE(db->insert_session(r).ok());
    }
    const auto all = db->list_sessions({}).value();
    REQUIRE(all.size() == 3);
    CHECK(all[0].spec.id == "B-session");
    CHECK(all[1].spec.id == "a-session");
    CHECK(all[2].spec.id == "b-session");
}

TEST_CASE("store postgres: after a server restart the next call reconnects; nothing acknowledged is lost") {
    NEED_POSTGRES(url);
    const auto restart = test::pg_env("ROLLCALL_TEST_POSTGRES_RESTART");
    if (restart.empty()) {
        MESSAGE("skipped: ROLLCALL_TEST_POSTGRES_RESTART is not set");
        return;
    }
    auto db = open_fresh(url);
    auto ev = [](int i) {
        return make_event(event_kind::join, "r1", "u" + std::to_string(i), "c" + std::to_string(i), i, "k" + std::to_string(i));
    };
    for (int i = 0; i < 5; ++i) REQUIRE(db->ingest(std::vector{item("b" + std::to_string(i), {ev(i)})}).ok());

    // Restarted while idle: the next call finds the connection gone and reconnects by itself.
    REQUIRE(std::system(restart.c_str()) == 0);
    auto after = db->ingest(std::vector{item("b5", {ev(5)})});
    if (!after) FAIL(after.err().describe());
    CHECK(db->stats().value().events == 6);

    // Restarted in the middle of a transaction: that unit fails storage_error and leaves nothing behind.
    auto in_flight = db->transaction([&]() -> result<void> {
        if (auto r = db->ingest(std::vector{item("b6", {ev(6)})}); !r) return failure{r.err()};
        if (std::system(restart.c_str()) != 0) return fail(errc::internal_error, "restart failed");
        if (auto r = db->ingest(std::vector{item("b7", {ev(7)})}); !r) return failure{r.err()};
        return {};
    });
    REQUIRE_FALSE(in_flight.ok());
    CHECK(in_flight.err().code == errc::storage_error);
    // The call after the failed one reconnects.
    const auto st = db->stats();
    if (!st) FAIL(st.err().describe());
    CHECK(st->events == 6);

    // Replaying everything (the sender retries what failed) stores each event exactly once.
    for (int i = 0; i < 8; ++i) REQUIRE(db->ingest(std::vector{item("b" + std::to_string(i), {ev(i)})}).ok());
    CHECK(db->stats().value().events == 8);
    const auto events = db->events_for_rooms(std::vector<std::string>{"r1"}).value();
    std::set<std::string> keys;
    for (const auto& e : events) keys.insert(e.dedup_key);
    CHECK(keys.size() == 8);
    CHECK(events.size() == 8);
}

TEST_CASE("store postgres: a statement timeout cancels a writer waiting too long, with storage_error") {
    NEED_POSTGRES(url);
    std::string schema;
    auto holder = open_fresh(url, &schema);
    store::pg_options o;
    o.statement_timeout_ms = 200;
    auto impatient = store::pg_store::open(test::pg_with_schema(url, schema), o);
    REQUIRE(impatient.ok());
    // The same limit given to libpq in the URL (options=-c statement_timeout=200) is kept as well.
    auto by_url = store::pg_store::open(test::pg_with_schema(url + "&options=-c%20statement_timeout%3D200", schema));
    if (!by_url) FAIL(by_url.err().describe());
    std::atomic<bool> locked{false}, release{false};
    std::thread t([&] {
        // Holds the schema's write lock until told to let go.
        (void)holder->transaction([&]() -> result<void> {
            if (auto r = holder->append_change(store::change_record{}); !r) return r;
            locked = true;
            while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
            return {};
        });
    });
    while (!locked) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const auto t0 = std::chrono::steady_clock::now();
    auto w = (*impatient)->ingest(std::vector{item("a", {make_event(event_kind::join, "r1", "u1", "c1", 0, "k1")})});
    const auto waited = std::chrono::steady_clock::now() - t0;
    auto w_url = (*by_url)->ingest(std::vector{item("a", {make_event(event_kind::join, "r1", "u1", "c1", 0, "k1")})});
    release = true;
    t.join();
    REQUIRE_FALSE(w_url.ok());
    CHECK(contains(w_url.err().message, "57014"));
    REQUIRE_FALSE(w.ok());
    CHECK(w.err().code == errc::storage_error);
    CHECK(contains(w.err().message, "57014"));
    CHECK(waited < std::chrono::seconds(5));
    // Reads are not blocked by a writer, and the store works on once the lock is free.
    CHECK((*impatient)->last_change_seq().value() == 1);
    CHECK((*impatient)->ingest(std::vector{item("a", {make_event(event_kind::join, "r1", "u1", "c1", 0, "k1")})}).ok());
}

TEST_CASE("store postgres: change-feed numbers are handed out in commit order (two connections)") {
    NEED_POSTGRES(url);
    std::string schema;
    auto first = open_fresh(url, &schema);
    auto second = store::pg_store::open(test::pg_with_schema(url, schema)).value();
    auto reader = store::pg_store::open(test::pg_with_schema(url, schema)).value();
    auto entry = [](std::string subject) {
        store::change_record c;
        c.type = store::change_type::link_status;
        c.subject = std::move(subject);
        c.to = "active";
        return c;
    };
    std::atomic<int> stage{0};
    std::thread t1([&] {
        // T1 appends first and stays open while T2 tries to append and commit.
        auto r = first->transaction([&]() -> result<void> {
            if (auto a = first->append_change(entry("T1")); !a) return a;
            stage = 1;
            while (stage < 2) std::this_thread::sleep_for(std::chrono::milliseconds(5));
            std::this_thread::sleep_for(std::chrono::milliseconds(300));  // T2 is waiting by now
            return {};
        });
        CHECK(r.ok());
    });
    while (stage < 1) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::atomic<bool> t2_done{false};
    std::thread t2([&] {
        stage = 2;
        CHECK(second->append_change(entry("T2")).ok());
        t2_done = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    // While T1 is open, T2 cannot have committed a number past T1's: a reader sees nothing yet.
    CHECK_FALSE(t2_done.load());
    CHECK(reader->changes(0, 10).value().empty());
    t1.join();
    t2.join();
    const auto feed = reader->changes(0, 10).value();
    REQUIRE(feed.size() == 2);
    CHECK(feed[0].seq == 1);
    CHECK(feed[0].subject == "T1");
    CHECK(feed[1].seq == 2);
    CHECK(feed[1].subject == "T2");
    CHECK(reader->last_change_seq().value() == 2);
}

TEST_CASE("store postgres: eight processes ingesting one stream with duplicates store each event exactly once") {
    NEED_POSTGRES(url);
    const auto location = test::pg_with_schema(url, test::pg_unique_schema("rc_writers"));
    constexpr int rooms = 12, people = 4, writers = 8;
    const auto hooks = test::livekit_workload(rooms, people);
    int go[2];
    REQUIRE(::pipe(go) == 0);
    std::vector<pid_t> pids;
    for (int w = 0; w < writers; ++w) {
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(go[1]);
            char c;
            if (::read(go[0], &c, 1) != 0) ::_exit(6);  // start together when the parent closes the pipe
            auto t = tracker::tracker::open(location, test::livekit_config());
            if (!t) {
                std::fprintf(stderr, "writer %d: %s\n", w, t.err().describe().c_str());
                ::_exit(3);
            }
            std::vector<std::size_t> order(hooks.size());
            for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
            std::shuffle(order.begin(), order.end(), std::mt19937(static_cast<unsigned>(w) * 7919u + 1u));
            const std::size_t batch = static_cast<std::size_t>(1) << (w % 4 * 2);  // 1, 4, 16, 64
            for (std::size_t i = 0; i < order.size(); i += batch) {
                std::vector<tracker::ingest_request> b;
                for (std::size_t k = i; k < std::min(order.size(), i + batch); ++k) b.push_back(hooks[order[k]].request);
                auto r = t->ingest_batch(b);
                if (!r) {
                    std::fprintf(stderr, "writer %d: %s\n", w, r.err().describe().c_str());
                    ::_exit(4);
                }
                if (r->rejected) ::_exit(5);
            }
            ::_exit(0);
        }
        pids.push_back(pid);
    }
    ::close(go[0]);
    ::close(go[1]);
    for (auto pid : pids) {
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    auto t = tracker::tracker::open(location, test::livekit_config()).value();
    const auto st = t.stats().value();
    CHECK(st.events == static_cast<std::int64_t>(hooks.size()));
    CHECK(st.payloads == static_cast<std::int64_t>(hooks.size()));
    CHECK(st.duplicates_skipped == static_cast<std::int64_t>(hooks.size()) * (writers - 1));
    CHECK(st.rooms == rooms);
    std::vector<std::string> names;
    for (int r = 0; r < rooms; ++r)
        names.push_back("academic_" + std::to_string(1000 + r) + "_" + std::to_string(1760259600 + r * 600));
    std::set<std::string> ids, expected;
    const auto events = t.storage().events_for_rooms(names).value();
    for (const auto& e : events) ids.insert(e.dedup_key);
    for (const auto& h : hooks) expected.insert(h.id);
    CHECK(events.size() == hooks.size());
    CHECK(ids == expected);
}

TEST_CASE("store postgres: processes sweeping one database at once count every session exactly once") {
    NEED_POSTGRES(url);
    const auto location = test::pg_with_schema(url, test::pg_unique_schema("rc_sweep"));
    constexpr std::int64_t S = 1760259600;
    constexpr int sessions = 12;
    {
        auto t = tracker::tracker::open(location, {}).value();
        for (int i = 0; i < sessions; ++i) {
            const std::string id = std::to_string(100 + i);
            session_spec s;
            s.id = id;
            s.type = "academic";
            s.teacher = "T1";
            s.students = {"S1"};
            s.scheduled_start = from_unix_s(S);
            s.scheduled_end = from_unix_s(S + 3600);
            s.package = "pkg";
            REQUIRE(t.create_session(s, from_unix_s(S - 86400)).ok());
            const std::string room = "academic_" + id + "_1760259600";
            std::vector<event> ev{make_event(event_kind::room_start, room, "", "", -60, room + "rs"),
                                  make_event(event_kind::room_end, room, "", "", 3100, room + "re")};
            if (i % 2 == 0) {  // the others: the teacher never came (cancelled, not counted)
                ev.push_back(make_event(event_kind::join, room, "T1", "tc", 0, room + "tj"));
                ev.push_back(make_event(event_kind::leave, room, "T1", "tc", 3000, room + "tl"));
                ev.push_back(make_event(event_kind::join, room, "S1", "sc", 30, room + "sj"));
                ev.push_back(make_event(event_kind::leave, room, "S1", "sc", 2900, room + "sl"));
            }
            REQUIRE(t.storage().ingest(std::vector{item("seed-" + id, std::move(ev))}).ok());
        }
    }
    constexpr int workers = 4;
    std::vector<pid_t> pids;
    for (int w = 0; w < workers; ++w) {
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            auto t = tracker::tracker::open(location, {});
            if (!t) ::_exit(100);
            int counted = 0;
            for (int round = 0; round < 3; ++round) {
                auto sw = t->sweep(from_unix_s(S + 7200 + round));
                if (!sw) {
                    std::fprintf(stderr, "sweeper %d: %s\n", w, sw.err().describe().c_str());
                    ::_exit(101);
                }
                counted += static_cast<int>(sw->sessions_counted);
            }
            ::_exit(counted);
        }
        pids.push_back(pid);
    }
    int total = 0;
    for (auto pid : pids) {
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        REQUIRE(WIFEXITED(status));
        REQUIRE(WEXITSTATUS(status) < 100);
        total += WEXITSTATUS(status);
    }
    auto t = tracker::tracker::open(location, {}).value();
    const auto usage = t.usage("pkg").value();
    CHECK(static_cast<int>(usage.session_ids.size()) == sessions / 2);
    CHECK(total == sessions / 2);
    std::size_t usage_entries = 0;
    const auto feed = t.storage().changes(0, 10000).value();
    for (const auto& c : feed)
        if (c.type == store::change_type::usage_counted) ++usage_entries;
    CHECK(usage_entries == static_cast<std::size_t>(sessions / 2));
    for (const auto& id : usage.session_ids) {
        auto rec = t.get_session(id).value();
        CHECK(rec.history.size() == 3);  // each transition recorded once, whoever made it
    }
}
