// The MySQL/MariaDB store against a real server (run under tests/store/with_mariadb.sh, which sets
// ROLLCALL_TEST_MARIADB; skipped otherwise): opening errors that never write and never show the
// password, binary-safe keys, a server restart mid-stream, lock and statement timeouts, many processes
// ingesting one stream, usage counted once across processes, and the change feed's commit order.
// The storage contract itself runs against this store in test_store_contract.cpp.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <set>
#include <thread>

#include "store/livekit_workload.hpp"
#include "store/mariadb_test_support.hpp"
#include "store/mysql_store.hpp"
#include "rollcall/result_json.hpp"
#include "store/rc_test_support.hpp"
#include "store/sqlite_store.hpp"

using namespace rollcall;
using namespace std::chrono_literals;

namespace {

#define RC_NEED_MARIADB(url)                                                                                       \
    const auto url = test::mariadb_url();                                                                          \
    if (!url) {                                                                                                    \
        MESSAGE("skipped: no MariaDB server (run under tests/store/with_mariadb.sh to set ROLLCALL_TEST_MARIADB)"); \
        return;                                                                                                    \
    }

std::unique_ptr<store::mysql_store> open_fresh(const std::string& url, std::string* prefix = nullptr,
                                               const store::mysql_options& o = {}) {
    const auto p = test::fresh_prefix();
    if (prefix) *prefix = p;
    auto s = store::mysql_store::open(test::with_prefix(url, p), o);
    REQUIRE_MESSAGE(s.ok(), test::why(s));
    return std::move(*s);
}

store::session_record session(std::string id) {
    store::session_record r;
    r.spec.id = std::move(id);
    r.spec.type = "academic";
    r.spec.teacher = "t1";
    r.spec.students = {"s1"};
    r.spec.scheduled_start = from_unix_s(1760259600);
    r.spec.scheduled_end = from_unix_s(1760263200);
    r.spec.package = "pkg";
    r.status = session_status::completed;
    return r;
}

store::change_record note(std::string subject) {
    return {0, from_unix_s(1760259600), store::change_type::link_status, "", std::move(subject), "sent", "active", ""};
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST_CASE("mariadb store: creates its tables under the prefix with the application marker, and reopens") {
    RC_NEED_MARIADB(url);
    std::string prefix;
    {
        auto s = open_fresh(*url, &prefix);
        CHECK(s->schema_version() == store::mysql_schema_version);
        CHECK(s->table_prefix() == prefix);
        CHECK(s->display_url().find("mysql://") == 0);
        REQUIRE(s->insert_session(session("kept")).ok());
    }
    test::sql_session sql(*url);
    REQUIRE(sql.ok());
    const auto tables = sql.tables(prefix);
    CHECK(tables.size() == 14);
    CHECK(std::count(tables.begin(), tables.end(), prefix + "meta") == 1);
    CHECK(sql.column("SELECT value FROM " + prefix + "meta WHERE name = 'application'") ==
          std::vector<std::string>{"rollcall"});
    CHECK(sql.column("SELECT value FROM " + prefix + "meta WHERE name = 'schema_version'") ==
          std::vector<std::string>{std::to_string(store::mysql_schema_version)});
    CHECK(sql.column("SELECT DISTINCT engine FROM information_schema.tables WHERE table_schema = DATABASE() AND "
                     "table_name LIKE '" + prefix + "%'") == std::vector<std::string>{"InnoDB"});
    auto again = store::mysql_store::open(test::with_prefix(*url, prefix));
    REQUIRE(again.ok());
    CHECK((*again)->get_session("kept").value().has_value());
    // The mariadb:// scheme names the same thing.
    auto alias_scheme = "mariadb" + test::with_prefix(*url, prefix).substr(5);
    auto third = store::mysql_store::open(alias_scheme);
    REQUIRE(third.ok());
    CHECK((*third)->get_session("kept").value().has_value());
}

TEST_CASE("mariadb store: a wrong password or an unreachable server is io_error without the password") {
    RC_NEED_MARIADB(url);
    const char* pw_url = std::getenv("ROLLCALL_TEST_MARIADB_PASSWORD_URL");
    if (pw_url && *pw_url) {
        // The right password opens; the store names its server without it.
        const auto u = store::parse_db_url(pw_url).value();
        REQUIRE(u.password.size() >= 8);
        auto ok = store::mysql_store::open(test::with_prefix(pw_url, test::fresh_prefix()));
        REQUIRE_MESSAGE(ok.ok(), test::why(ok));
        CHECK((*ok)->display_url().find(u.password) == std::string::npos);
        CHECK((*ok)->display_url().find("rollcall_pw:***@") != std::string::npos);
        // An error of a call on that store does not show it either.
        auto dup = (*ok)->insert_session(session("x"));
        REQUIRE(dup.ok());
        dup = (*ok)->insert_session(session("x"));
        REQUIRE_FALSE(dup.ok());
        CHECK(dup.err().message.find(u.password) == std::string::npos);
        // The same user with another password is refused, and neither password shows.
        std::string wrong = pw_url;
        const auto at = wrong.find(u.password);
        REQUIRE(at != std::string::npos);
        wrong.replace(at, u.password.size(), "Wr0ngPassw0rd-xyzzy");
        auto bad = store::mysql_store::open(wrong);
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.err().code == errc::io_error);
        CHECK(bad.err().message.find("Wr0ngPassw0rd-xyzzy") == std::string::npos);
        CHECK(bad.err().message.find(u.password) == std::string::npos);
        CHECK(bad.err().message.find("Access denied") != std::string::npos);
        CHECK(bad.err().message.find(":***@") != std::string::npos);
    } else {
        FAIL("with_mariadb.sh sets ROLLCALL_TEST_MARIADB_PASSWORD_URL");
    }
    // No server behind the socket, and a TCP port where nothing listens.
    auto sock = store::mysql_store::open("mysql://rc:Hunter2-secret@localhost/db?socket=/nonexistent/rollcall.sock");
    REQUIRE_FALSE(sock.ok());
    CHECK(sock.err().code == errc::io_error);
    CHECK(sock.err().message.find("Hunter2-secret") == std::string::npos);
    store::mysql_options quick;
    quick.connect_timeout_ms = 2000;
    auto tcp = store::mysql_store::open("mysql://rc:Hunter2-secret@127.0.0.1:1/db", quick);
    REQUIRE_FALSE(tcp.ok());
    CHECK(tcp.err().code == errc::io_error);
    CHECK(tcp.err().message.find("Hunter2-secret") == std::string::npos);
}

TEST_CASE("mariadb store: bad URLs and options are invalid_argument without the password") {
    const std::string bad[] = {
        "postgresql://u:Hunter2-secret@h/db",                        // another store's scheme
        "mysql://u:Hunter2-secret@h",                                // no database
        "mysql://u:Hunter2-secret@h/db?sslmode=on",                  // unknown parameter
        "mysql://u:Hunter2-secret@h/db?table_prefix=rc-x",           // not a plain prefix
        "mysql://u:Hunter2-secret@h/db?table_prefix=" + std::string(41, 'a'),
        "mysql://u:Hunter2-secret@h/db?socket=relative.sock",        // socket not absolute
        "mysql://u:Hunter2-secret@db.example.org/db?socket=/tmp/s",  // socket with a remote host
        "mysql://u:Hunter2-secret@h:70000/db",
    };
    for (const auto& u : bad) {
        CAPTURE(u);
        auto s = store::mysql_store::open(u);
        REQUIRE_FALSE(s.ok());
        CHECK(s.err().code == errc::invalid_argument);
        CHECK(s.err().message.find("Hunter2-secret") == std::string::npos);
    }
    store::mysql_options neg;
    neg.lock_timeout_ms = -1;
    auto s = store::mysql_store::open("mysql://u:Hunter2-secret@h/db", neg);
    REQUIRE_FALSE(s.ok());
    CHECK(s.err().code == errc::invalid_argument);
}

TEST_CASE("mariadb store: another application's tables are refused and left as they were") {
    RC_NEED_MARIADB(url);
    test::sql_session sql(*url);
    REQUIRE(sql.ok());
    {
        // A table with one of our names and no marker.
        const auto prefix = test::fresh_prefix();
        REQUIRE(sql.exec("CREATE TABLE " + prefix + "events (id INT PRIMARY KEY, what TEXT)"));
        REQUIRE(sql.exec("INSERT INTO " + prefix + "events VALUES (1, 'theirs')"));
        auto s = store::mysql_store::open(test::with_prefix(*url, prefix));
        REQUIRE_FALSE(s.ok());
        CHECK(s.err().code == errc::corrupt_database);
        CHECK(s.err().message.find("not a rollcall database") != std::string::npos);
        CHECK(sql.tables(prefix) == std::vector<std::string>{prefix + "events"});
        CHECK(sql.column("SELECT what FROM " + prefix + "events") == std::vector<std::string>{"theirs"});
    }
    {
        // A marker naming another application.
        const auto prefix = test::fresh_prefix();
        REQUIRE(sql.exec("CREATE TABLE " + prefix + "meta (name VARBINARY(64) PRIMARY KEY, value VARBINARY(255))"));
        REQUIRE(sql.exec("INSERT INTO " + prefix + "meta VALUES ('application', 'billing'), ('schema_version', '1')"));
        auto s = store::mysql_store::open(test::with_prefix(*url, prefix));
        REQUIRE_FALSE(s.ok());
        CHECK(s.err().code == errc::corrupt_database);
        CHECK(sql.tables(prefix) == std::vector<std::string>{prefix + "meta"});
    }
}

TEST_CASE("mariadb store: tables of a newer schema are refused with schema_too_new and nothing written") {
    RC_NEED_MARIADB(url);
    std::string prefix;
    { open_fresh(*url, &prefix); }
    test::sql_session sql(*url);
    REQUIRE(sql.ok());
    REQUIRE(sql.exec("UPDATE " + prefix + "meta SET value = '99' WHERE name = 'schema_version'"));
    REQUIRE(sql.exec("DROP TABLE " + prefix + "aliases"));  // a newer schema may have dropped one: not ours to recreate
    const auto before = sql.tables(prefix);
    auto s = store::mysql_store::open(test::with_prefix(*url, prefix));
    REQUIRE_FALSE(s.ok());
    CHECK(s.err().code == errc::schema_too_new);
    CHECK(s.err().message.find("99") != std::string::npos);
    CHECK(sql.tables(prefix) == before);
    CHECK(sql.column("SELECT value FROM " + prefix + "meta WHERE name = 'schema_version'") == std::vector<std::string>{"99"});
}

TEST_CASE("mariadb store: a creation that stopped half way is resumed by the next open") {
    RC_NEED_MARIADB(url);
    test::sql_session sql(*url);
    REQUIRE(sql.ok());
    // What an open killed after the marker and the first table leaves behind.
    const auto prefix = test::fresh_prefix();
    REQUIRE(sql.exec("CREATE TABLE " + prefix + "meta (name VARBINARY(64) NOT NULL PRIMARY KEY, value VARBINARY(255) NOT NULL)"));
    REQUIRE(sql.exec("INSERT INTO " + prefix + "meta VALUES ('application', 'rollcall'), ('schema_version', '0')"));
    REQUIRE(sql.exec("CREATE TABLE " + prefix + "payloads (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY)"));
    auto s = store::mysql_store::open(test::with_prefix(*url, prefix));
    REQUIRE_MESSAGE(s.ok(), test::why(s));
    CHECK((*s)->schema_version() == store::mysql_schema_version);
    CHECK(sql.tables(prefix).size() == 14);
    CHECK(sql.column("SELECT value FROM " + prefix + "meta WHERE name = 'schema_version'") ==
          std::vector<std::string>{std::to_string(store::mysql_schema_version)});
}

TEST_CASE("mariadb store: a user who may only read opens an existing store; writes are read_only") {
    RC_NEED_MARIADB(url);
    const char* ro_url = std::getenv("ROLLCALL_TEST_MARIADB_READONLY_URL");
    REQUIRE_MESSAGE(ro_url, "with_mariadb.sh sets ROLLCALL_TEST_MARIADB_READONLY_URL");
    std::string prefix;
    {
        auto s = open_fresh(*url, &prefix);
        REQUIRE(s->insert_session(session("seen")).ok());
    }
    auto ro = store::mysql_store::open(test::with_prefix(ro_url, prefix));
    REQUIRE_MESSAGE(ro.ok(), test::why(ro));
    CHECK((*ro)->get_session("seen").value().has_value());
    CHECK((*ro)->stats().value().sessions == 1);
    auto w = (*ro)->insert_session(session("new"));
    REQUIRE_FALSE(w.ok());
    CHECK(w.err().code == errc::read_only);
    // New tables cannot be created by that user: read_only too, and nothing is left behind.
    const auto fresh = test::fresh_prefix();
    auto create = store::mysql_store::open(test::with_prefix(ro_url, fresh));
    REQUIRE_FALSE(create.ok());
    CHECK(create.err().code == errc::read_only);
    test::sql_session sql(*url);
    CHECK(sql.tables(fresh).empty());
}

TEST_CASE("mariadb store: read_only opens without writing; its writes fail with read_only") {
    RC_NEED_MARIADB(url);
    store::mysql_options ro;
    ro.read_only = true;
    test::sql_session sql(*url);
    const auto empty = test::fresh_prefix();
    auto none = store::mysql_store::open(test::with_prefix(*url, empty), ro);
    REQUIRE_FALSE(none.ok());
    CHECK(none.err().code == errc::not_found);
    CHECK(sql.tables(empty).empty());

    std::string prefix;
    {
        auto s = open_fresh(*url, &prefix);
        REQUIRE(s->insert_session(session("seen")).ok());
    }
    auto r = store::mysql_store::open(test::with_prefix(*url, prefix), ro);
    REQUIRE_MESSAGE(r.ok(), test::why(r));
    CHECK((*r)->get_session("seen").value().has_value());
    auto w = (*r)->insert_session(session("new"));
    REQUIRE_FALSE(w.ok());
    CHECK(w.err().code == errc::read_only);
    auto c = (*r)->count_usage("seen", "pkg", from_unix_s(1760259600));
    REQUIRE_FALSE(c.ok());
    CHECK(c.err().code == errc::read_only);
    // It holds no writer up while it reads.
    auto writer = store::mysql_store::open(test::with_prefix(*url, prefix));
    REQUIRE(writer.ok());
    auto in_read = (*r)->transaction([&]() -> result<void> {
        return (*writer)->insert_session(session("meanwhile"));
    });
    CHECK(in_read.ok());
    CHECK((*r)->list_sessions({}).value().size() == 2);
}

TEST_CASE("mariadb store: keys are binary-safe: long, trailing spaces, NUL bytes, not UTF-8") {
    RC_NEED_MARIADB(url);
    auto s = open_fresh(*url);
    const std::string long_room(5000, 'r');  // longer than any InnoDB index key
    const std::string odd = std::string("bin\0\xff\xfe room", 11);
    std::vector<store::ingest_item> batch(1);
    batch[0].payload.body = std::string("body\0with\xff bytes", 16);
    batch[0].payload.received_at = from_unix_s(1760259600);
    batch[0].events = {test::make_event(event_kind::join, long_room, "u1", "c1", 0, "k1"),
                       test::make_event(event_kind::join, long_room + "x", "u1", "c1", 0, "k2"),
                       test::make_event(event_kind::join, "a", "u1", "c1", 0, "k3"),
                       test::make_event(event_kind::join, "a ", "u1", "c1", 0, "k4"),  // trailing space: another room
                       test::make_event(event_kind::join, odd, "u\xff", std::string("c\0", 2), 0, std::string(4000, 'k'))};
    auto out = s->ingest(batch);
    REQUIRE_MESSAGE(out.ok(), test::why(out));
    CHECK((*out)[0].events_stored == 5);
    // Replayed with other bytes: every event a duplicate, by its fact or its (long) dedup key.
    batch[0].payload.body += "!";
    auto again = s->ingest(batch);
    REQUIRE(again.ok());
    CHECK((*again)[0].events_duplicate == 5);
    CHECK((*again)[0].duplicate_payload);
    const auto evs = s->events_for_rooms(std::vector<std::string>{long_room, "a", "a ", odd}).value();
    REQUIRE(evs.size() == 4);
    std::set<std::string> rooms;
    for (const auto& e : evs) rooms.insert(e.room);
    CHECK(rooms == std::set<std::string>{long_room, "a", "a ", odd});
    const auto odd_ev = s->events_for_rooms(std::vector<std::string>{odd}).value();
    REQUIRE(odd_ev.size() == 1);
    CHECK(odd_ev[0].identity == "u\xff");
    CHECK(odd_ev[0].connection == std::string("c\0", 2));
    CHECK(odd_ev[0].dedup_key == std::string(4000, 'k'));
    CHECK(s->get_room(long_room).value().has_value());
    CHECK_FALSE(s->get_room(long_room.substr(0, 4999)).value().has_value());
    CHECK(s->stats().value().rooms == 5);
}

TEST_CASE("mariadb store: after a server restart the call in flight fails and the next one reconnects") {
    RC_NEED_MARIADB(url);
    const char* restart = std::getenv("ROLLCALL_TEST_MARIADB_RESTART");
    if (!restart || !*restart) {
        MESSAGE("skipped: ROLLCALL_TEST_MARIADB_RESTART is not set");
        return;
    }
    auto s = open_fresh(*url);
    const auto hooks = test::livekit_workload(6, 3);
    tracker::tracker t(std::move(s), test::livekit_config());
    const std::size_t half = hooks.size() / 2;
    for (std::size_t i = 0; i < half; ++i) REQUIRE(t.ingest_batch(std::span(&hooks[i].request, 1)).ok());
    REQUIRE(std::system(restart) == 0);
    // The connection died with the old server: this call fails, cleanly, and says so.
    auto lost = t.ingest_batch(std::span(&hooks[half].request, 1));
    REQUIRE_FALSE(lost.ok());
    CHECK(lost.err().code == errc::storage_error);
    // The next call reconnects by itself; the failed one is simply retried.
    for (std::size_t i = half; i < hooks.size(); ++i) {
        auto r = t.ingest_batch(std::span(&hooks[i].request, 1));
        REQUIRE_MESSAGE(r.ok(), test::why(r));
    }
    const auto st = t.stats().value();
    CHECK(st.events == static_cast<std::int64_t>(hooks.size()));
    CHECK(st.payloads == static_cast<std::int64_t>(hooks.size()));
    CHECK(st.duplicates_skipped == 0);
}

TEST_CASE("mariadb store: a writer waits for another only up to the lock timeout, and a statement up to its own") {
    RC_NEED_MARIADB(url);
    std::string prefix;
    auto a = open_fresh(*url, &prefix);
    REQUIRE(a->insert_session(session("s0")).ok());
    store::mysql_options short_lock;
    short_lock.lock_timeout_ms = 400;
    auto b = store::mysql_store::open(test::with_prefix(*url, prefix), short_lock);
    REQUIRE(b.ok());
    store::mysql_options short_statement;
    short_statement.lock_timeout_ms = 30000;
    short_statement.statement_timeout_ms = 400;
    auto c = store::mysql_store::open(test::with_prefix(*url, prefix), short_statement);
    REQUIRE(c.ok());

    auto held = a->transaction([&]() -> result<void> {
        if (auto r = a->insert_session(session("s1")); !r) return r;
        // `a` holds the writers' lock until it returns: the others wait, then give up.
        auto t0 = std::chrono::steady_clock::now();
        auto rb = (*b)->insert_session(session("s2"));
        const double waited_b = seconds_since(t0);
        CHECK_FALSE(rb.ok());
        if (!rb) {
            CHECK(rb.err().code == errc::storage_error);
            CHECK(rb.err().message.find("lock timeout") != std::string::npos);
        }
        CHECK(waited_b >= 0.3);
        CHECK(waited_b < 10);
        t0 = std::chrono::steady_clock::now();
        auto rc = (*c)->count_usage("s0", "pkg", from_unix_s(1760259600));
        const double waited_c = seconds_since(t0);
        CHECK_FALSE(rc.ok());
        if (!rc) CHECK(rc.err().code == errc::storage_error);
        CHECK(waited_c >= 0.3);
        CHECK(waited_c < 10);  // the statement timeout, not the 30 s lock timeout
        return {};
    });
    REQUIRE(held.ok());
    // Once the holder committed, both write, over the same connections.
    CHECK((*b)->insert_session(session("s2")).ok());
    CHECK((*c)->count_usage("s0", "pkg", from_unix_s(1760259600)).value());
    CHECK(a->list_sessions({}).value().size() == 3);
}

TEST_CASE("mariadb store: the change feed numbers entries in commit order across connections") {
    RC_NEED_MARIADB(url);
    std::string prefix;
    auto a = open_fresh(*url, &prefix);
    auto b = store::mysql_store::open(test::with_prefix(*url, prefix));
    auto reader = store::mysql_store::open(test::with_prefix(*url, prefix));
    REQUIRE(b.ok());
    REQUIRE(reader.ok());
    REQUIRE(a->append_change(note("before")).ok());
    const std::int64_t base = a->last_change_seq().value();
    CHECK(base == 1);

    std::atomic<bool> b_done{false};
    result<void> b_result = fail(errc::internal_error, "not run");
    std::thread other;
    auto r = a->transaction([&]() -> result<void> {
        // A takes the next number first and holds its transaction open...
        if (auto x = a->append_change(note("A")); !x) return x;
        // ...while B appends from another connection.
        other = std::thread([&] {
            b_result = (*b)->append_change(note("B"));
            b_done = true;
        });
        std::this_thread::sleep_for(600ms);
        // B must not have committed a number above A's uncommitted one: a reader now must see neither.
        CHECK_FALSE(b_done.load());
        CHECK((*reader)->changes(base, 10).value().empty());
        return {};
    });
    REQUIRE(r.ok());
    other.join();
    REQUIRE(b_result.ok());
    const auto all = (*reader)->changes(base, 10).value();
    REQUIRE(all.size() == 2);
    CHECK(all[0].subject == "A");
    CHECK(all[0].seq == base + 1);
    CHECK(all[1].subject == "B");
    CHECK(all[1].seq == base + 2);
    CHECK((*reader)->last_change_seq().value() == base + 2);

    // A rolled-back append leaves no gap a reader could skip past, and no number reused wrongly.
    auto rolled = a->transaction([&]() -> result<void> {
        if (auto x = a->append_change(note("rolled back")); !x) return x;
        return fail(errc::invalid_argument, "changed my mind");
    });
    CHECK_FALSE(rolled.ok());
    REQUIRE((*b)->append_change(note("C")).ok());
    const auto tail = (*reader)->changes(base + 2, 10).value();
    REQUIRE(tail.size() == 1);
    CHECK(tail[0].subject == "C");
    CHECK(tail[0].seq == base + 3);
}

TEST_CASE("mariadb store: eight processes ingesting one stream with duplicates store each event once") {
    RC_NEED_MARIADB(url);
    std::string prefix;
    { open_fresh(*url, &prefix); }  // the tables exist before the writers race (creation races are covered below)
    const auto shared_url = test::with_prefix(*url, prefix);
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
            char ch;
            if (::read(go[0], &ch, 1) != 0) ::_exit(6);
            auto s = store::mysql_store::open(shared_url);
            if (!s) {
                std::fprintf(stderr, "writer %d: %s\n", w, s.err().describe().c_str());
                ::_exit(3);
            }
            tracker::tracker t(std::move(*s), test::livekit_config());
            std::vector<std::size_t> order(hooks.size());
            for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
            std::shuffle(order.begin(), order.end(), std::mt19937(static_cast<unsigned>(w) * 7919u + 1u));
            const std::size_t batch = static_cast<std::size_t>(1) << (w % 4);  // 1, 2, 4, 8
            for (std::size_t i = 0; i < order.size(); i += batch) {
                std::vector<tracker::ingest_request> b;
                for (std::size_t k = i; k < std::min(order.size(), i + batch); ++k) b.push_back(hooks[order[k]].request);
                auto r = t.ingest_batch(b);
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
    auto s = store::mysql_store::open(shared_url);
    REQUIRE(s.ok());
    tracker::tracker t(std::move(*s), test::livekit_config());
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
    CHECK(ids == expected);
}

TEST_CASE("mariadb store: processes opening a new database at once and counting usage count each session once") {
    RC_NEED_MARIADB(url);
    const auto prefix = test::fresh_prefix();
    const auto shared_url = test::with_prefix(*url, prefix);
    constexpr int procs = 8, sessions = 10;
    int go[2], counted[2];
    REQUIRE(::pipe(go) == 0);
    REQUIRE(::pipe(counted) == 0);
    std::vector<pid_t> pids;
    for (int w = 0; w < procs; ++w) {
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(go[1]);
            ::close(counted[0]);
            char ch;
            if (::read(go[0], &ch, 1) != 0) ::_exit(6);
            // Every process creates the tables if they are not there: one creates, the others find them.
            auto s = store::mysql_store::open(shared_url);
            if (!s) {
                std::fprintf(stderr, "counter %d: %s\n", w, s.err().describe().c_str());
                ::_exit(3);
            }
            for (int i = 0; i < sessions; ++i) {
                auto ins = (*s)->insert_session(session("u" + std::to_string(i)));
                if (!ins && ins.err().code != errc::already_exists) ::_exit(4);
            }
            for (int k = 0; k < sessions; ++k) {
                const int i = (k + w) % sessions;
                auto c = (*s)->count_usage("u" + std::to_string(i), "pkg", from_unix_s(1760259600 + w));
                if (!c) {
                    std::fprintf(stderr, "counter %d: %s\n", w, c.err().describe().c_str());
                    ::_exit(5);
                }
                if (*c && ::write(counted[1], &i, sizeof i) != static_cast<ssize_t>(sizeof i)) ::_exit(7);
            }
            ::_exit(0);
        }
        pids.push_back(pid);
    }
    ::close(go[0]);
    ::close(counted[1]);
    ::close(go[1]);
    std::vector<int> firsts;
    int i = 0;
    while (::read(counted[0], &i, sizeof i) == static_cast<ssize_t>(sizeof i)) firsts.push_back(i);
    ::close(counted[0]);
    for (auto pid : pids) {
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    std::sort(firsts.begin(), firsts.end());
    std::vector<int> each(sessions);
    for (int k = 0; k < sessions; ++k) each[static_cast<std::size_t>(k)] = k;
    CHECK(firsts == each);  // true exactly once per session, over all processes
    auto s = store::mysql_store::open(shared_url);
    REQUIRE(s.ok());
    CHECK((*s)->usage("pkg").value().session_ids.size() == sessions);
    const auto feed = (*s)->changes(0, 100).value();
    CHECK(feed.size() == sessions);
    for (std::size_t k = 0; k < feed.size(); ++k) {
        CHECK(feed[k].seq == static_cast<std::int64_t>(k + 1));
        CHECK(feed[k].type == store::change_type::usage_counted);
    }
    CHECK((*s)->stats().value().sessions == sessions);
}

TEST_CASE("mariadb store: a writer killed inside its transaction leaves nothing behind and does not block the others") {
    RC_NEED_MARIADB(url);
    std::string prefix;
    { open_fresh(*url, &prefix); }
    const auto shared_url = test::with_prefix(*url, prefix);
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(ready[0]);
        auto s = store::mysql_store::open(shared_url);
        if (!s) ::_exit(3);
        (void)(*s)->transaction([&]() -> result<void> {
            if (auto r = (*s)->insert_session(session("half-done")); !r) ::_exit(4);
            const char c = 'x';
            if (::write(ready[1], &c, 1) != 1) ::_exit(5);
            ::pause();  // killed here, holding the writer lock and an open transaction
            return {};
        });
        ::_exit(6);
    }
    ::close(ready[1]);
    char c = 0;
    REQUIRE(::read(ready[0], &c, 1) == 1);
    ::close(ready[0]);
    REQUIRE(::kill(pid, SIGKILL) == 0);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status));
    store::mysql_options o;
    o.lock_timeout_ms = 5000;
    auto s = store::mysql_store::open(shared_url, o);
    REQUIRE(s.ok());
    const auto t0 = std::chrono::steady_clock::now();
    CHECK((*s)->insert_session(session("after")).ok());
    CHECK(seconds_since(t0) < 5);
    CHECK_FALSE((*s)->get_session("half-done").value().has_value());
    CHECK((*s)->stats().value().sessions == 1);
}

TEST_CASE("mariadb store: the same stream gives byte-identical results and the same change feed as SQLite") {
    RC_NEED_MARIADB(url);
    constexpr int rooms = 6, people = 4;
    const auto hooks = test::livekit_workload(rooms, people);
    test::scratch_dir dir;
    auto lite = store::sqlite_store::open(dir.file("parity.sqlite"));
    REQUIRE(lite.ok());
    tracker::tracker a(std::move(*lite), test::livekit_config());
    tracker::tracker b(open_fresh(*url), test::livekit_config());
    std::vector<std::string> ids;
    for (int r = 0; r < rooms; ++r) {
        session_spec sp;
        sp.id = std::to_string(1000 + r);
        sp.type = "academic";
        sp.teacher = "teacher-" + std::to_string(r % 7);
        for (int p = 1; p < people; ++p) sp.students.push_back("student-" + std::to_string((r * 3 + p) % 50));
        sp.scheduled_start = from_unix_s(1760259600 + r * 600);
        sp.scheduled_end = from_unix_s(1760259600 + r * 600 + 3600);
        sp.package = "pkg";
        sp.rate = rate_kind::per_hour;
        sp.rate_minor = 2500;
        sp.currency = "EUR";
        ids.push_back(sp.id);
        REQUIRE(a.create_session(sp, from_unix_s(1760250000)).ok());
        REQUIRE(b.create_session(sp, from_unix_s(1760250000)).ok());
    }
    // Each half of the stream in another batch shape, and a replay.
    std::vector<tracker::ingest_request> all;
    for (const auto& h : hooks) all.push_back(h.request);
    REQUIRE(a.ingest_batch(all).ok());
    for (const auto& h : hooks) REQUIRE(b.ingest_batch(std::span(&h.request, 1)).ok());
    REQUIRE(b.ingest_batch(std::span(all).first(5)).ok());
    REQUIRE(a.ingest_batch(std::span(all).first(5)).ok());
    const instant later = from_unix_s(1760259600 + rooms * 600 + 7200);
    for (const auto& id : ids) {
        CAPTURE(id);
        auto ra = a.evaluate(id, later);
        auto rb = b.evaluate(id, later);
        REQUIRE(ra.ok());
        REQUIRE(rb.ok());
        CHECK(session_result_json(*ra) == session_result_json(*rb));
    }
    REQUIRE(a.sweep(later).ok());
    REQUIRE(b.sweep(later).ok());
    const auto fa = a.storage().changes(0, 1000).value();
    const auto fb = b.storage().changes(0, 1000).value();
    REQUIRE(fa.size() == fb.size());
    CHECK(fa.size() > static_cast<std::size_t>(rooms));
    for (std::size_t i = 0; i < fa.size(); ++i) {
        CAPTURE(i);
        CHECK(fa[i].seq == fb[i].seq);
        CHECK(fa[i].at == fb[i].at);
        CHECK(fa[i].type == fb[i].type);
        CHECK(fa[i].session_id == fb[i].session_id);
        CHECK(fa[i].subject == fb[i].subject);
        CHECK(fa[i].from == fb[i].from);
        CHECK(fa[i].to == fb[i].to);
        CHECK(fa[i].reason == fb[i].reason);
    }
    const auto sa = a.stats().value();
    const auto sb = b.stats().value();
    CHECK(sa.events == sb.events);
    CHECK(sa.payloads == sb.payloads);
    CHECK(sa.duplicates_skipped == sb.duplicates_skipped);
    CHECK(sa.duplicate_payloads == sb.duplicate_payloads);
    CHECK(sa.counted_sessions == sb.counted_sessions);
    CHECK(sa.changes == sb.changes);
    CHECK(a.storage().usage("pkg").value().session_ids == b.storage().usage("pkg").value().session_ids);
}

TEST_CASE("mariadb store: a payload larger than the server takes fails cleanly and the store goes on") {
    RC_NEED_MARIADB(url);
    auto s = open_fresh(*url);
    test::sql_session sql(*url);
    const auto limit = sql.column("SELECT @@global.max_allowed_packet");
    REQUIRE(limit.size() == 1);
    const auto max_packet = std::stoll(limit[0]);
    REQUIRE(max_packet < 200LL * 1024 * 1024);  // keep the test's memory small
    std::vector<store::ingest_item> batch(1);
    batch[0].payload.body.assign(static_cast<std::size_t>(max_packet) + 1024, 'x');
    batch[0].payload.received_at = from_unix_s(1760259600);
    batch[0].events = {test::make_event(event_kind::join, "big", "u1", "c1", 0, "k-big")};
    auto big = s->ingest(batch);
    REQUIRE_FALSE(big.ok());
    CHECK(big.err().code == errc::storage_error);
    // Nothing of it was stored, and the next calls work (reconnecting if the server hung up).
    batch[0].payload.body = "small";
    auto small = s->ingest(batch);
    if (!small) small = s->ingest(batch);  // at most the one call that finds the connection gone
    REQUIRE_MESSAGE(small.ok(), test::why(small));
    CHECK((*small)[0].events_stored == 1);
    CHECK(s->stats().value().payloads == 1);
}
