// Durability and concurrency of the SQLite store, with real processes: a writer killed with SIGKILL
// mid-stream loses nothing it acknowledged, and concurrent writers never duplicate an event.
#include <doctest/doctest.h>

#include <cstdio>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <random>
#include <set>

#include "store/livekit_workload.hpp"
#include "store/rc_test_support.hpp"

using namespace rollcall;

namespace {

// Every event id stored in the database (the LiveKit webhook ids).
std::set<std::string> stored_ids(tracker::tracker& t, int rooms) {
    std::vector<std::string> names;
    for (int r = 0; r < rooms; ++r)
        names.push_back("academic_" + std::to_string(1000 + r) + "_" + std::to_string(1760259600 + r * 600));
    std::set<std::string> ids;
    const auto events = t.storage().events_for_rooms(names).value();
    for (const auto& e : events) ids.insert(e.dedup_key);
    return ids;
}

bool write_all(int fd, const void* p, std::size_t n) {
    const char* c = static_cast<const char*>(p);
    while (n > 0) {
        const ssize_t w = ::write(fd, c, n);
        if (w <= 0) return false;
        c += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

}  // namespace

TEST_CASE("store durability: every acknowledged ingest survives kill -9 of the writer") {
    test::scratch_dir dir;
    const auto path = dir.file("crash.sqlite");
    constexpr int rooms = 40, people = 6;
    const auto hooks = test::livekit_workload(rooms, people);
    std::set<std::string> acknowledged;
    std::mt19937 rng(20251012);

    // Three writer lives on one database, each killed at a different point of its stream.
    for (int life = 0; life < 3; ++life) {
        CAPTURE(life);
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(fds[0]);
            auto t = tracker::tracker::open_sqlite(path, test::livekit_config());
            if (!t) ::_exit(3);
            // One webhook per transaction, then small batches: both paths must be durable.
            for (std::uint32_t i = 0; i < hooks.size();) {
                const std::uint32_t n = i % 3 == 0 ? 1 : std::min<std::uint32_t>(5, static_cast<std::uint32_t>(hooks.size()) - i);
                std::vector<tracker::ingest_request> batch;
                for (std::uint32_t k = 0; k < n; ++k) batch.push_back(hooks[i + k].request);
                auto r = t->ingest_batch(batch);
                if (!r || r->rejected) ::_exit(4);
                // Acknowledge only after the commit returned.
                for (std::uint32_t k = 0; k < n; ++k) {
                    const std::uint32_t idx = i + k;
                    if (!write_all(fds[1], &idx, sizeof idx)) ::_exit(5);
                }
                i += n;
            }
            ::pause();  // wait to be killed like the others
            ::_exit(0);
        }
        ::close(fds[1]);
        const std::size_t kill_after = 50 + rng() % 400;
        std::size_t acks = 0;
        std::uint32_t idx = 0;
        while (acks < kill_after && ::read(fds[0], &idx, sizeof idx) == static_cast<ssize_t>(sizeof idx)) {
            acknowledged.insert(hooks.at(idx).id);
            ++acks;
        }
        REQUIRE(::kill(pid, SIGKILL) == 0);
        // Acks already in the pipe were sent after a commit: they count too.
        while (::read(fds[0], &idx, sizeof idx) == static_cast<ssize_t>(sizeof idx)) acknowledged.insert(hooks.at(idx).id);
        ::close(fds[0]);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        CHECK(WIFSIGNALED(status));

        auto db = store::sqlite_store::open(path);
        REQUIRE(db.ok());
        CHECK((*db)->integrity_check().ok());
        tracker::tracker t(std::move(*db), test::livekit_config());
        const auto ids = stored_ids(t, rooms);
        std::size_t missing = 0;
        for (const auto& id : acknowledged) missing += ids.count(id) == 0;
        CHECK(missing == 0);
        // Atomic: a payload is never stored without its event, nor an event without its payload.
        const auto st = t.stats().value();
        CHECK(st.payloads == st.events);
        CHECK(static_cast<std::size_t>(st.events) >= acknowledged.size());
    }
}

TEST_CASE("store concurrency: four processes ingesting the same stream store each event exactly once") {
    test::scratch_dir dir;
    const auto path = dir.file("shared.sqlite");
    constexpr int rooms = 25, people = 5, writers = 4;
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
            auto t = tracker::tracker::open_sqlite(path, test::livekit_config());
            if (!t) {
                std::fprintf(stderr, "writer %d: %s\n", w, t.err().describe().c_str());
                ::_exit(3);
            }
            // Each writer its own order and batch size: the same set of requests, interleaved.
            std::vector<std::size_t> order(hooks.size());
            for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
            std::shuffle(order.begin(), order.end(), std::mt19937(static_cast<unsigned>(w) * 7919u + 1u));
            const std::size_t batch = static_cast<std::size_t>(1) << (w * 2);  // 1, 4, 16, 64
            for (std::size_t i = 0; i < order.size(); i += batch) {
                std::vector<tracker::ingest_request> b;
                for (std::size_t k = i; k < std::min(order.size(), i + batch); ++k) b.push_back(hooks[order[k]].request);
                auto r = t->ingest_batch(b);
                if (!r) ::_exit(4);
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
    auto db = store::sqlite_store::open(path);
    REQUIRE(db.ok());
    CHECK((*db)->integrity_check().ok());
    tracker::tracker t(std::move(*db), test::livekit_config());
    const auto st = t.stats().value();
    CHECK(st.events == static_cast<std::int64_t>(hooks.size()));
    CHECK(st.payloads == static_cast<std::int64_t>(hooks.size()));
    CHECK(st.duplicates_skipped == static_cast<std::int64_t>(hooks.size()) * (writers - 1));
    CHECK(st.rooms == rooms);
    std::set<std::string> expected;
    for (const auto& h : hooks) expected.insert(h.id);
    CHECK(stored_ids(t, rooms) == expected);
}
