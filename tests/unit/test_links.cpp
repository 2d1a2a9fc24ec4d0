// Tracked join links (SPEC §6): tokens, click/heartbeat/end, timeout at the last heartbeat.
#include <doctest/doctest.h>

#include <set>

#include "crypto/crypto.hpp"
#include "store/rc_test_support.hpp"
#include "tracker/tracker.hpp"

using namespace rollcall;
using namespace rollcall::tracker;

namespace {

constexpr std::int64_t S = 1760259600;

link_spec spec(std::optional<std::string> session = std::nullopt) {
    link_spec l;
    l.teacher = "T1";
    l.student = "244480";
    l.meeting_url = "https://meet.example.com/abc";
    l.package = "pkg";
    l.rate = rate_kind::per_hour;
    l.rate_minor = 2000;
    l.currency = "EUR";
    l.session_id = std::move(session);
    return l;
}

}  // namespace

TEST_CASE("links: tokens are at least 128 random bits, base64url, and all different") {
    auto t = tracker::tracker::in_memory({});
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        auto l = t.create_link(spec(), from_unix_s(S));
        REQUIRE(l.ok());
        auto bytes = crypto::base64_decode(l->token);
        REQUIRE(bytes);
        CHECK(bytes->size() * 8 >= 128);
        CHECK(l->token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
              std::string::npos);
        CHECK(seen.insert(l->token).second);
        CHECK(l->status == store::link_status::sent);
    }
    auto bad = spec();
    bad.student.clear();
    CHECK(t.create_link(bad, from_unix_s(S)).err().code == errc::invalid_argument);
    CHECK(t.create_link(spec("ghost"), from_unix_s(S)).err().code == errc::not_found);
}

TEST_CASE("links: click, heartbeats and end make one link connection with its events") {
    auto t = tracker::tracker::in_memory({});
    auto l = t.create_link(spec(), from_unix_s(S - 600)).value();
    auto c = t.click(l.token, from_unix_s(S));
    REQUIRE(c.ok());
    CHECK(c->status == store::link_status::active);
    CHECK(c->clicked_at == from_unix_s(S));
    for (int i = 1; i <= 4; ++i) REQUIRE(t.heartbeat(l.token, from_unix_s(S + 30 * i)).ok());
    REQUIRE(t.heartbeat(l.token, from_unix_s(S + 120)).ok());  // a repeated ping is stored once
    auto v = t.link_status(l.token, from_unix_s(S + 130)).value();
    CHECK(v.duration == std::chrono::seconds{130});  // alive: counts up to now
    auto e = t.end(l.token, from_unix_s(S + 150));
    REQUIRE(e.ok());
    CHECK(e->status == store::link_status::ended);
    v = t.link_status(l.token, from_unix_s(S + 9999)).value();
    CHECK(v.duration == std::chrono::seconds{150});
    CHECK(v.room == "link:" + l.token);

    auto events = t.storage().events_for_rooms(std::vector<std::string>{v.room}).value();
    REQUIRE(events.size() == 6);  // join, 4 heartbeats, leave
    CHECK(events.front().kind == event_kind::join);
    CHECK(events.back().kind == event_kind::leave);
    for (const auto& ev : events) {
        CHECK(ev.source == platform::link);
        CHECK(ev.identity == "244480");
        CHECK(ev.connection == l.token);
    }
    CHECK(t.stats().value().payloads == 0);  // host calls are not webhooks

    CHECK(t.heartbeat(l.token, from_unix_s(S + 160)).err().code == errc::link_closed);
    CHECK(t.click(l.token, from_unix_s(S + 160)).err().code == errc::link_closed);
    CHECK(t.end(l.token, from_unix_s(S + 160)).err().code == errc::link_closed);
    CHECK(t.heartbeat("no-such-token", from_unix_s(S)).err().code == errc::not_found);
}

TEST_CASE("links: a token only ever touches its own link") {
    auto t = tracker::tracker::in_memory({});
    auto a = t.create_link(spec(), from_unix_s(S)).value();
    auto b = t.create_link(spec(), from_unix_s(S)).value();
    REQUIRE(t.click(a.token, from_unix_s(S)).ok());
    REQUIRE(t.end(a.token, from_unix_s(S + 60)).ok());
    CHECK(t.link_status(b.token, from_unix_s(S + 60)).value().link.status == store::link_status::sent);
    CHECK(t.storage().events_for_rooms(std::vector<std::string>{"link:" + b.token}).value().empty());
    CHECK(t.click(a.token.substr(0, a.token.size() - 1), from_unix_s(S)).err().code == errc::not_found);
}

TEST_CASE("links: a silent page stops counting at its last heartbeat") {
    auto t = tracker::tracker::in_memory({});
    auto l = t.create_link(spec(), from_unix_s(S)).value();
    REQUIRE(t.click(l.token, from_unix_s(S)).ok());
    REQUIRE(t.heartbeat(l.token, from_unix_s(S + 30)).ok());
    // 90 s heartbeat timeout: at +100 still alive (70 s of silence), at +200 presence stops at +30.
    CHECK(t.link_status(l.token, from_unix_s(S + 100)).value().duration == std::chrono::seconds{100});
    CHECK(t.link_status(l.token, from_unix_s(S + 200)).value().duration == std::chrono::seconds{30});
}

TEST_CASE("links: the sweep times out a link silent for session_timeout_s, ending it at the last heartbeat") {
    test::scratch_dir dir;
    auto t = tracker::tracker::open_sqlite(dir.file("db.sqlite"), {}).value();
    auto l = t.create_link(spec(), from_unix_s(S)).value();
    REQUIRE(t.click(l.token, from_unix_s(S)).ok());
    REQUIRE(t.heartbeat(l.token, from_unix_s(S + 30)).ok());
    CHECK(t.sweep(from_unix_s(S + 30 + 7200)).value().links_timed_out == 0);  // exactly the timeout: not yet
    auto sw = t.sweep(from_unix_s(S + 30 + 7201));
    REQUIRE(sw.ok());
    CHECK(sw->links_timed_out == 1);
    auto v = t.link_status(l.token, from_unix_s(S + 99999)).value();
    CHECK(v.link.status == store::link_status::timeout);
    CHECK(v.link.ended_at == from_unix_s(S + 30));
    CHECK(v.duration == std::chrono::seconds{30});
    auto events = t.storage().events_for_rooms(std::vector<std::string>{v.room}).value();
    REQUIRE_FALSE(events.empty());
    CHECK(events.back().kind == event_kind::leave);
    CHECK(events.back().at == from_unix_s(S + 30));
    CHECK(t.heartbeat(l.token, from_unix_s(S + 99999)).err().code == errc::link_closed);
    CHECK(t.sweep(from_unix_s(S + 99999)).value().links_timed_out == 0);
}

TEST_CASE("links: a late heartbeat after the timeout closes the link instead of reviving it") {
    auto t = tracker::tracker::in_memory({});
    auto l = t.create_link(spec(), from_unix_s(S)).value();
    REQUIRE(t.click(l.token, from_unix_s(S)).ok());
    auto late = t.heartbeat(l.token, from_unix_s(S + 7201));
    CHECK(late.err().code == errc::link_closed);
    auto v = t.link_status(l.token, from_unix_s(S + 8000)).value();
    CHECK(v.link.status == store::link_status::timeout);
    CHECK(v.duration.count() == 0);
}

TEST_CASE("links: a link for a session puts its presence into that session") {
    auto t = tracker::tracker::in_memory({});
    session_spec s;
    s.id = "sess-1";
    s.type = "academic";
    s.students = {"244480"};
    s.scheduled_start = from_unix_s(S);
    s.scheduled_end = from_unix_s(S + 3600);
    REQUIRE(t.create_session(s, from_unix_s(S - 86400)).ok());
    auto l = t.create_link(spec("sess-1"), from_unix_s(S - 600)).value();
    REQUIRE(t.click(l.token, from_unix_s(S)).ok());
    for (int i = 1; i <= 40; ++i) REQUIRE(t.heartbeat(l.token, from_unix_s(S + 30 * i)).ok());
    REQUIRE(t.end(l.token, from_unix_s(S + 1200)).ok());
    CHECK(t.get_session("sess-1").value().spec.rooms == std::vector<std::string>{"link:" + l.token});
    auto r = t.evaluate("sess-1", from_unix_s(S + 7200)).value();
    const auto* p = r.find("244480");
    REQUIRE(p);
    CHECK(p->attended == std::chrono::seconds{1200});
}

TEST_CASE("links: clicking twice is a heartbeat, a heartbeat before the click starts the link") {
    auto t = tracker::tracker::in_memory({});
    auto a = t.create_link(spec(), from_unix_s(S)).value();
    REQUIRE(t.click(a.token, from_unix_s(S)).ok());
    auto again = t.click(a.token, from_unix_s(S + 40));
    REQUIRE(again.ok());
    CHECK(again->clicked_at == from_unix_s(S));
    CHECK(again->last_heartbeat == from_unix_s(S + 40));
    auto b = t.create_link(spec(), from_unix_s(S)).value();
    auto hb = t.heartbeat(b.token, from_unix_s(S + 5));
    REQUIRE(hb.ok());
    CHECK(hb->status == store::link_status::active);
    CHECK(hb->clicked_at == from_unix_s(S + 5));
    auto c = t.create_link(spec(), from_unix_s(S)).value();
    auto ended = t.end(c.token, from_unix_s(S + 5));  // never clicked: ended, nothing credited
    REQUIRE(ended.ok());
    CHECK(t.link_status(c.token, from_unix_s(S + 50)).value().duration.count() == 0);
}

TEST_CASE("links: a session seen only through a tracked link is never teacher_absent and bills the student's time") {
    // SPEC §5, §6: the link flow never observes the teacher, so the named teacher cannot be "absent".
    auto t = tracker::tracker::in_memory({});
    session_spec s;
    s.id = "sess-2";
    s.type = "academic";
    s.teacher = "T1";
    s.students = {"244480"};
    s.scheduled_start = from_unix_s(S);
    s.scheduled_end = from_unix_s(S + 3600);
    s.rate = rate_kind::per_hour;
    s.rate_minor = 3600;
    s.currency = "EUR";
    REQUIRE(t.create_session(s, from_unix_s(S - 86400)).ok());
    auto l = t.create_link(spec("sess-2"), from_unix_s(S - 600)).value();
    REQUIRE(t.click(l.token, from_unix_s(S)).ok());
    for (int i = 1; i <= 60; ++i) REQUIRE(t.heartbeat(l.token, from_unix_s(S + 30 * i)).ok());
    REQUIRE(t.end(l.token, from_unix_s(S + 1800)).ok());
    const auto r = t.evaluate("sess-2", from_unix_s(S + 7200)).value();
    CHECK(r.status == session_status::completed);
    CHECK(r.status_reason == "session_end");
    CHECK(r.billing.basis == billable_basis::student);
    CHECK(r.billing.billable_s == 1800);
    CHECK(r.billing.amount_minor == 1800);  // 36.00 an hour for 30 minutes

    // With a platform room linked as well, the teacher must come to it: nobody did, so teacher_absent.
    s.id = "sess-3";
    s.rooms = {"academic_sess-3_room"};
    REQUIRE(t.create_session(s, from_unix_s(S - 86400)).ok());
    auto l3 = t.create_link(spec("sess-3"), from_unix_s(S - 600)).value();
    REQUIRE(t.click(l3.token, from_unix_s(S)).ok());
    REQUIRE(t.end(l3.token, from_unix_s(S + 60)).ok());
    const auto r3 = t.evaluate("sess-3", from_unix_s(S + 7200)).value();
    CHECK(r3.status == session_status::cancelled);
    CHECK(r3.status_reason == "teacher_absent");
}

TEST_CASE("links: a link never clicked within link_expiry_s expires, by the sweep or at the late click") {
    auto t = tracker::tracker::in_memory({});
    const auto swept = t.create_link(spec(), from_unix_s(S)).value();
    const auto late = t.create_link(spec(), from_unix_s(S)).value();
    const auto used = t.create_link(spec(), from_unix_s(S)).value();
    REQUIRE(t.click(used.token, from_unix_s(S + 86399)).ok());  // one second before it would expire

    // The sweep a day later expires the unclicked link, at its expiry instant.
    const auto s = t.sweep(from_unix_s(S + 86400)).value();
    CHECK(s.links_expired == 2);  // `late` too: the sweep sees every unclicked link
    const auto v = t.link_status(swept.token, from_unix_s(S + 90000)).value();
    CHECK(v.link.status == store::link_status::expired);
    CHECK(v.link.ended_at == from_unix_s(S + 86400));
    CHECK(v.duration == milliseconds{0});
    auto click = t.click(swept.token, from_unix_s(S + 90000));
    REQUIRE_FALSE(click.ok());
    CHECK(click.err().code == errc::link_closed);
    CHECK(click.err().message.find("expired") != std::string::npos);
    CHECK(t.heartbeat(late.token, from_unix_s(S + 90000)).err().code == errc::link_closed);
    CHECK(t.end(late.token, from_unix_s(S + 90000)).err().code == errc::link_closed);
    CHECK(t.link_status(used.token, from_unix_s(S + 90000)).value().link.status == store::link_status::active);

    // The change feed says when: sent -> expired at the expiry instant.
    int expired = 0;
    const auto page = t.changes(0, 100).value();
    for (const auto& c : page.changes)
        if (c.type == store::change_type::link_status && c.to == "expired") {
            ++expired;
            CHECK(c.from == "sent");
            CHECK(c.at == from_unix_s(S + 86400));
        }
    CHECK(expired == 2);
    // The lesson an expired link stood for was cancelled, never billed.
    const auto lesson = t.link_lesson(v.link, from_unix_s(S + 90000)).value();
    CHECK(lesson.status == session_status::cancelled);
    CHECK(lesson.status_reason == "link_expired");
    CHECK(lesson.billing.amount_minor == 0);
}

TEST_CASE("links: a late click expires the link even before any sweep") {
    auto t = tracker::tracker::in_memory({});
    const auto l = t.create_link(spec(), from_unix_s(S)).value();
    auto click = t.click(l.token, from_unix_s(S + 86400 + 5));
    REQUIRE_FALSE(click.ok());
    CHECK(click.err().code == errc::link_closed);
    CHECK(t.link_status(l.token, from_unix_s(S + 86400 + 5)).value().link.status == store::link_status::expired);
    CHECK(t.sweep(from_unix_s(S + 86400 + 60)).value().links_expired == 0);  // already expired
}
