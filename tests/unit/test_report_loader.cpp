#include <doctest/doctest.h>

#include "report/report_loader.hpp"

using namespace rollcall;

namespace {

instant at(const char* s) { return parse_rfc3339(s).value(); }

event person_event(event_kind k, const char* who, const char* room, const char* when) {
    event e;
    e.kind = k;
    e.source = platform::zoom;
    e.room = room;
    e.identity = who;
    e.connection = std::string(who) + "-c1";
    e.at = at(when);
    e.dedup_key = std::string(room) + "|" + who + "|" + when + "|" + std::string(to_string(k));
    return e;
}

/// A tracker with one scheduled lesson on 10 March and one ad-hoc (unscheduled) meeting on 12 March
/// 23:30 UTC, which is already 13 March in Berlin.
tracker::tracker sample() {
    auto t = tracker::tracker::in_memory({});
    session_spec planned;
    planned.id = "planned";
    planned.type = "lesson";
    planned.teacher = "t1";
    planned.students = {"s1"};
    planned.scheduled_start = at("2026-03-10T09:00:00Z");
    planned.scheduled_end = at("2026-03-10T10:00:00Z");
    planned.rooms = {"room-a"};
    REQUIRE(t.create_session(planned, at("2026-03-01T00:00:00Z")).ok());
    session_spec adhoc;
    adhoc.id = "adhoc";
    adhoc.type = "lesson";
    adhoc.teacher = "t1";
    adhoc.students = {"s1"};
    adhoc.rooms = {"room-b"};
    REQUIRE(t.create_session(adhoc, at("2026-03-01T00:00:00Z")).ok());
    store::ingest_item item;
    item.host_event = true;
    item.events = {person_event(event_kind::join, "t1", "room-a", "2026-03-10T09:00:00Z"),
                   person_event(event_kind::join, "s1", "room-a", "2026-03-10T09:01:00Z"),
                   person_event(event_kind::leave, "s1", "room-a", "2026-03-10T10:00:00Z"),
                   person_event(event_kind::leave, "t1", "room-a", "2026-03-10T10:00:00Z"),
                   person_event(event_kind::join, "t1", "room-b", "2026-03-12T23:30:00Z"),
                   person_event(event_kind::join, "s1", "room-b", "2026-03-12T23:31:00Z"),
                   person_event(event_kind::leave, "s1", "room-b", "2026-03-13T00:10:00Z"),
                   person_event(event_kind::leave, "t1", "room-b", "2026-03-13T00:10:00Z")};
    REQUIRE(t.storage().ingest(std::span<const store::ingest_item>(&item, 1)).ok());
    return t;
}

std::vector<std::string> ids(const report::loaded_sessions& l) {
    std::vector<std::string> out;
    for (const auto& r : l.results) out.push_back(r.session.id);
    return out;
}

}  // namespace

TEST_CASE("report_loader: without a range every session is evaluated, scheduled ones first") {
    auto t = sample();
    const auto l = report::load_sessions(t, {}, zone::utc(), at("2026-03-20T00:00:00Z"), true).value();
    CHECK(ids(l) == std::vector<std::string>{"planned", "adhoc"});
    REQUIRE(l.events.size() == 2);
    CHECK(l.events[0].size() == 4);
    CHECK(l.results[0].status == session_status::completed);
    CHECK(l.results[0].find("s1")->attended == milliseconds{59 * 60000});
}

TEST_CASE("report_loader: a range places unscheduled sessions at their first activity, in the zone") {
    auto t = sample();
    report::selection sel;
    sel.from = parse_local_date("2026-03-13").value();
    sel.to = parse_local_date("2026-03-13").value();
    const auto now = at("2026-03-20T00:00:00Z");
    CHECK(ids(report::load_sessions(t, sel, zone::find("Europe/Berlin").value(), now, false).value()) ==
          std::vector<std::string>{"adhoc"});
    CHECK(ids(report::load_sessions(t, sel, zone::utc(), now, false).value()).empty());  // the 12th in UTC
    sel.from = parse_local_date("2026-03-01").value();
    CHECK(ids(report::load_sessions(t, sel, zone::utc(), now, false).value()) ==
          std::vector<std::string>{"planned", "adhoc"});
    sel.to = parse_local_date("2026-03-11").value();
    CHECK(ids(report::load_sessions(t, sel, zone::utc(), now, false).value()) == std::vector<std::string>{"planned"});
}

TEST_CASE("report_loader: one session by id, and an unknown id is not_found") {
    auto t = sample();
    report::selection sel;
    sel.session = "adhoc";
    CHECK(ids(report::load_sessions(t, sel, zone::utc(), at("2026-03-20T00:00:00Z"), false).value()) ==
          std::vector<std::string>{"adhoc"});
    sel.session = "missing";
    auto r = report::load_sessions(t, sel, zone::utc(), at("2026-03-20T00:00:00Z"), false);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::not_found);
}

TEST_CASE("report_loader: a teacher filter selects that teacher's sessions only") {
    auto t = sample();
    report::selection sel;
    sel.teacher = "someone-else";
    CHECK(report::load_sessions(t, sel, zone::utc(), at("2026-03-20T00:00:00Z"), false).value().results.empty());
}
