// SQLite-specific storage behaviour: the file format guard (never overwrite what is not ours),
// schema versioning, persistence, pragmas.
#include <doctest/doctest.h>

#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/rc_test_support.hpp"
#include "support/files.hpp"
#include "store/sqlite_store.hpp"

using namespace rollcall;
using rollcall::test::make_event;
using rollcall::test::scratch_dir;
using rollcall::test::slurp;
using rollcall::test::spit;

namespace {

void sql(const std::string& path, const char* text) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, text, nullptr, nullptr, &err);
    INFO((err ? err : ""));
    sqlite3_free(err);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

std::string sql_text(const std::string& path, const char* text) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, text, -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    std::string v(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

std::int64_t sql_int(const std::string& path, const char* text) { return std::stoll(sql_text(path, text)); }

void make_rollcall_db(const std::string& path) {
    auto s = store::sqlite_store::open(path);
    REQUIRE(s.ok());
    store::ingest_item it;
    it.payload.body = "{}";
    it.events.push_back(make_event(event_kind::join, "r", "u", "c", 0, "k"));
    REQUIRE((*s)->ingest(std::span<const store::ingest_item>(&it, 1)).ok());
}

}  // namespace

TEST_CASE("sqlite store: a new database gets WAL, the schema version and the application id") {
    scratch_dir dir;
    const auto path = dir.file("new.sqlite");
    {
        auto s = store::sqlite_store::open(path);
        REQUIRE(s.ok());
        CHECK((*s)->schema_version() == store::sqlite_schema_version);
        CHECK((*s)->stats().value().schema_version == store::sqlite_schema_version);
        CHECK((*s)->integrity_check().ok());
    }
    CHECK(sql_int(path, "PRAGMA user_version") == store::sqlite_schema_version);
    CHECK(sql_int(path, "PRAGMA application_id") == store::sqlite_application_id);
    CHECK(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'sessions_teacher_start'") == 1);
    CHECK(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'events_dedup'") == 1);
    CHECK(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'payloads_eventless'") == 1);
    CHECK(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'rooms_session'") == 1);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "wal");
    sqlite3_finalize(st);
    sqlite3_close(db);
}

TEST_CASE("sqlite store: what was stored is there after reopening") {
    scratch_dir dir;
    const auto path = dir.file("db.sqlite");
    make_rollcall_db(path);
    auto s = store::sqlite_store::open(path);
    REQUIRE(s.ok());
    CHECK((*s)->stats().value().events == 1);
    CHECK((*s)->events_for_rooms(std::vector<std::string>{"r"}).value().size() == 1);
}

TEST_CASE("sqlite store: a file that is not SQLite is corrupt_database and untouched") {
    scratch_dir dir;
    const auto path = dir.file("junk.sqlite");
    std::string junk(8192, '\0');
    for (std::size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<char>((i * 7919) % 251);
    spit(path, junk);
    auto s = store::sqlite_store::open(path);
    REQUIRE_FALSE(s.ok());
    CHECK(s.err().code == errc::corrupt_database);
    CHECK(slurp(path) == junk);
    CHECK_FALSE(std::filesystem::exists(path + "-wal"));
}

TEST_CASE("sqlite store: another application's database is corrupt_database and untouched") {
    scratch_dir dir;
    const auto path = dir.file("foreign.sqlite");
    sql(path, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER); INSERT INTO invoices VALUES (1, 42);");
    const auto before = slurp(path);
    auto s = store::sqlite_store::open(path);
    REQUIRE_FALSE(s.ok());
    CHECK(s.err().code == errc::corrupt_database);
    CHECK(s.err().message.find("not a rollcall database") != std::string::npos);
    CHECK(slurp(path) == before);
    CHECK(sql_int(path, "PRAGMA user_version") == 0);
}

TEST_CASE("sqlite store: a newer schema version is schema_too_new and untouched") {
    scratch_dir dir;
    const auto path = dir.file("future.sqlite");
    make_rollcall_db(path);
    sql(path, "PRAGMA user_version = 999;");
    const auto before = slurp(path);
    auto s = store::sqlite_store::open(path);
    REQUIRE_FALSE(s.ok());
    CHECK(s.err().code == errc::schema_too_new);
    CHECK(s.err().message.find("999") != std::string::npos);
    CHECK(slurp(path) == before);
    store::sqlite_options ro;
    ro.read_only = true;
    CHECK(store::sqlite_store::open(path, ro).err().code == errc::schema_too_new);
}

TEST_CASE("sqlite store: a damaged database reports corrupt_database") {
    scratch_dir dir;
    const auto path = dir.file("damaged.sqlite");
    {
        auto s = store::sqlite_store::open(path);
        REQUIRE(s.ok());
        std::vector<store::ingest_item> items;
        for (int i = 0; i < 300; ++i) {
            store::ingest_item it;
            it.payload.body = std::string(200, 'x') + std::to_string(i);
            it.events.push_back(make_event(event_kind::join, "room", "u" + std::to_string(i), "c", i, "k" + std::to_string(i)));
            items.push_back(std::move(it));
        }
        REQUIRE((*s)->ingest(items).ok());
    }
    sql(path, "PRAGMA wal_checkpoint(TRUNCATE);");
    auto bytes = slurp(path);
    REQUIRE(bytes.size() > 4096 * 8);
    // Keep the header page, scribble over every page after it.
    for (std::size_t i = 4096; i < bytes.size(); ++i) bytes[i] = static_cast<char>(0xA5 ^ (i & 0xff));
    spit(path, bytes);
    auto s = store::sqlite_store::open(path);
    if (s.ok()) {
        auto ev = (*s)->events_for_rooms(std::vector<std::string>{"room"});
        const bool read_failed = !ev.ok() && ev.err().code == errc::corrupt_database;
        const bool check_failed = (*s)->integrity_check().err().code == errc::corrupt_database;
        CHECK((read_failed || check_failed));
    } else {
        CHECK(s.err().code == errc::corrupt_database);
    }
}

TEST_CASE("sqlite store: a read-only database is read_only and never written") {
    scratch_dir dir;
    const auto path = dir.file("ro.sqlite");
    make_rollcall_db(path);
    sql(path, "PRAGMA wal_checkpoint(TRUNCATE);");
    const auto before = slurp(path);

    SUBCASE("opened read-only: reads work, writes are read_only") {
        store::sqlite_options ro;
        ro.read_only = true;
        auto s = store::sqlite_store::open(path, ro);
        REQUIRE(s.ok());
        CHECK((*s)->stats().value().events == 1);
        store::ingest_item it;
        it.payload.body = "new";
        auto w = (*s)->ingest(std::span<const store::ingest_item>(&it, 1));
        REQUIRE_FALSE(w.ok());
        CHECK(w.err().code == errc::read_only);
    }
    SUBCASE("a write-protected file (as a user the permissions apply to)") {
        REQUIRE(::chmod(path.c_str(), 0444) == 0);
        // root ignores file permissions: check from a child that drops to an unprivileged user.
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(90);
            auto s = store::sqlite_store::open(path);
            ::_exit(s.ok() ? 91 : static_cast<int>(s.err().code));
        }
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == static_cast<int>(errc::read_only));
        ::chmod(path.c_str(), 0644);
    }
    CHECK(slurp(path) == before);

    store::sqlite_options ro;
    ro.read_only = true;
    CHECK(store::sqlite_store::open(dir.file("missing.sqlite"), ro).err().code == errc::io_error);
    store::sqlite_options no_create;
    no_create.create = false;
    CHECK(store::sqlite_store::open(dir.file("missing.sqlite"), no_create).err().code == errc::io_error);
    CHECK_FALSE(std::filesystem::exists(dir.file("missing.sqlite")));
}

TEST_CASE("sqlite store: an unknown enum value in a row is corrupt_database, not undefined behaviour") {
    scratch_dir dir;
    const auto path = dir.file("odd.sqlite");
    make_rollcall_db(path);
    sql(path, "UPDATE events SET kind = 42;");
    auto s = store::sqlite_store::open(path);
    REQUIRE(s.ok());
    auto ev = (*s)->events_for_rooms(std::vector<std::string>{"r"});
    REQUIRE_FALSE(ev.ok());
    CHECK(ev.err().code == errc::corrupt_database);
}

TEST_CASE("sqlite store: a schema 1 database is read as it is and migrated to the current schema on a writable open") {
    // tests/fixtures/store/schema-v1-week.sqlite: the example week (examples/main-job.sh) as the schema 1
    // build stored it: 85 payloads, each with its events, 2 replays skipped.
    scratch_dir dir;
    const auto path = dir.file("v1.sqlite");
    spit(path, rollcall::test::fixture("store/schema-v1-week.sqlite"));
    REQUIRE(sql_int(path, "PRAGMA user_version") == 1);
    const auto payloads = sql_int(path, "SELECT count(*) FROM payloads");
    const auto events = sql_int(path, "SELECT count(*) FROM events");
    const auto with_events = sql_int(path, "SELECT count(DISTINCT payload_id) FROM events");
    REQUIRE(payloads > 0);
    REQUIRE(events > 0);

    store::sqlite_options ro;
    ro.read_only = true;
    {
        auto s = store::sqlite_store::open(path, ro);
        REQUIRE(s.ok());
        CHECK((*s)->schema_version() == 1);
        CHECK((*s)->stats().value().events == events);
    }
    CHECK(sql_int(path, "PRAGMA user_version") == 1);  // a read-only open migrates nothing

    store::store_stats before;
    {
        auto s = store::sqlite_store::open(path);
        REQUIRE(s.ok());
        CHECK((*s)->schema_version() == store::sqlite_schema_version);
        CHECK((*s)->integrity_check().ok());
        before = (*s)->stats().value();
        CHECK(before.payloads == payloads);
        CHECK(before.events == events);
        CHECK(before.schema_version == store::sqlite_schema_version);
        CHECK(before.changes == 0);  // the feed starts empty: nothing changed since the upgrade
    }
    CHECK(sql_int(path, "PRAGMA user_version") == store::sqlite_schema_version);
    CHECK(sql_int(path, "SELECT count(*) FROM payloads WHERE has_events = 1") == with_events);
    CHECK(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'payloads_body'") == 0);
    CHECK(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'payloads_eventless'") == 1);

    // A stored event replayed after the migration is still a duplicate, and its payload is not kept.
    auto s = store::sqlite_store::open(path);
    REQUIRE(s.ok());
    auto stored = (*s)->events_for_rooms(std::vector<std::string>{sql_text(path, "SELECT room FROM events LIMIT 1")});
    REQUIRE(stored.ok());
    REQUIRE_FALSE(stored->empty());
    store::ingest_item replay;
    replay.payload.body = "replayed after the upgrade";
    replay.events.push_back(stored->front());
    auto out = (*s)->ingest(std::span<const store::ingest_item>(&replay, 1));
    REQUIRE(out.ok());
    CHECK((*out)[0].duplicate_payload);
    CHECK((*out)[0].events_stored == 0);
    const auto after = (*s)->stats().value();
    CHECK(after.payloads == before.payloads);
    CHECK(after.events == before.events);
    CHECK(after.duplicate_payloads == before.duplicate_payloads + 1);
}

TEST_CASE("sqlite store: every acknowledged commit is visible at once to another connection (coalesced WAL writes)") {
    // The store hands each commit's WAL frames to the kernel in one write (store/sqlite_wal_vfs.hpp);
    // a second connection on SQLite's own VFS must see every commit the moment ingest returns, for
    // single webhooks and for a batch whose frames exceed one write (> 128 KiB).
    scratch_dir dir;
    const auto path = dir.file("db.sqlite");
    store::sqlite_options o;
    o.synchronous = store::sync_mode::normal;
    REQUIRE(o.coalesce_wal_writes);
    auto s = store::sqlite_store::open(path, o);
    REQUIRE(s.ok());
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &other, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    auto count = [&] {
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(other, "SELECT count(*) FROM events", -1, &st, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(st) == SQLITE_ROW);
        const auto n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return n;
    };
    const std::string body(3000, 'b');  // a page or more per payload
    std::int64_t stored = 0;
    for (int i = 0; i < 120; ++i) {
        store::ingest_item it;
        it.payload.body = body + std::to_string(i);
        it.events.push_back(make_event(event_kind::join, "room-" + std::to_string(i % 7), "u", "c" + std::to_string(i), i,
                                       "k" + std::to_string(i)));
        REQUIRE((*s)->ingest(std::span<const store::ingest_item>(&it, 1)).ok());
        CHECK(count() == ++stored);
    }
    std::vector<store::ingest_item> batch(400);
    for (int i = 0; i < 400; ++i) {
        batch[i].payload.body = body + "batch" + std::to_string(i);
        batch[i].events.push_back(make_event(event_kind::leave, "room-" + std::to_string(i % 7), "u", "b" + std::to_string(i),
                                             1000 + i, "b" + std::to_string(i)));
    }
    REQUIRE((*s)->ingest(batch).ok());
    stored += 400;
    CHECK(count() == stored);
    sqlite3_close(other);
    CHECK((*s)->integrity_check().ok());
}
