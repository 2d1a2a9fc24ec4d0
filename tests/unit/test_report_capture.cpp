// The example week (examples/capture) through the real path: verified ingest of every signed request
// into a tracker, the sweep, then the reports. Each situation the capture was built to show must come
// out as docs/reports.md says.
#include <doctest/doctest.h>

#include <simdjson.h>

#include <fstream>
#include <map>
#include <sstream>

#include "report/aggregate.hpp"
#include "report/attendance.hpp"
#include "report/render.hpp"
#include "report/report_loader.hpp"
#include "tracker/tracker.hpp"
#include "support/files.hpp"

using rollcall::test::read_test_file;

using namespace rollcall;

namespace {

const std::string capture_dir = std::string(ROLLCALL_TEST_DIR) + "/../examples/capture";
const instant week_now = parse_rfc3339("2026-03-30T12:00:00Z").value();

namespace od = simdjson::ondemand;

std::string str(od::object& o, std::string_view key) { return std::string(std::string_view(o[key].get_string().value())); }

std::vector<session_spec> read_sessions() {
    od::parser parser;
    const simdjson::padded_string json(read_test_file(capture_dir + "/sessions.json"));
    od::document doc = parser.iterate(json);
    od::array list = doc.get_array();
    std::vector<session_spec> out;
    for (auto item : list) {
        od::object o = item.get_object();
        session_spec s;
        s.id = str(o, "id");
        s.type = str(o, "type");
        s.teacher = str(o, "teacher");
        od::array students = o["students"].get_array();
        for (auto st : students) s.students.push_back(std::string(std::string_view(st.get_string().value())));
        s.scheduled_start = parse_rfc3339(str(o, "scheduled_start")).value();
        s.scheduled_end = parse_rfc3339(str(o, "scheduled_end")).value();
        od::array rooms;
        if (o["rooms"].get_array().get(rooms) == simdjson::SUCCESS)
            for (auto r : rooms) s.rooms.push_back(std::string(std::string_view(r.get_string().value())));
        s.package = str(o, "package");
        s.rate = parse_rate_kind(str(o, "rate")).value();
        s.rate_minor = o["rate_minor"].get_int64().value();
        s.currency = str(o, "currency");
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<tracker::ingest_request> read_capture() {
    std::istringstream lines(read_test_file(capture_dir + "/capture.jsonl"));
    od::parser parser;
    std::vector<tracker::ingest_request> out;
    for (std::string line; std::getline(lines, line);) {
        const simdjson::padded_string json(line);
        od::document doc = parser.iterate(json);
        od::object o = doc.get_object();
        tracker::ingest_request rq;
        rq.source = parse_platform(str(o, "platform")).value();
        od::object headers = o["headers"].get_object();
        for (auto field : headers) {
            std::string_view name = field.unescaped_key().value();
            std::string_view value = field.value().get_string().value();
            rq.headers.add(std::string(name), std::string(value));
        }
        rq.body = str(o, "body");
        rq.received_at = parse_rfc3339(str(o, "received_at")).value();
        std::string_view url;
        if (o["request_url"].get_string().get(url) == simdjson::SUCCESS) rq.request_url = std::string(url);
        out.push_back(std::move(rq));
    }
    return out;
}

/// The week, ingested and swept once for every test case of this file.
tracker::tracker& week() {
    static tracker::tracker t = [] {
        auto cfg = tracker::load_config(capture_dir + "/config.json");
        REQUIRE_MESSAGE(cfg.ok(), (cfg.ok() ? std::string() : cfg.err().message));
        auto tr = tracker::tracker::in_memory(std::move(cfg).value());
        for (const auto& s : read_sessions()) REQUIRE(tr.create_session(s, parse_rfc3339("2026-03-20T00:00:00Z").value()).ok());
        const auto requests = read_capture();
        auto batch = tr.ingest_batch(requests);
        REQUIRE(batch.ok());
        CHECK(batch->rejected == 0);
        CHECK(batch->duplicates == 2);  // the LiveKit and the BBB retry
        REQUIRE(tr.sweep(week_now).ok());
        return tr;
    }();
    return t;
}

std::map<std::string, session_result> evaluated() {
    const auto tz = zone::find("Europe/Berlin").value();
    auto loaded = report::load_sessions(week(), {}, tz, week_now, false);
    REQUIRE(loaded.ok());
    std::map<std::string, session_result> out;
    for (auto& r : loaded->results) out.emplace(r.session.id, std::move(r));
    return out;
}

const participant_result& person(const session_result& r, const char* id) {
    const auto* p = r.find(id);
    REQUIRE_MESSAGE(p != nullptr, r.session.id << " has no " << id);
    return *p;
}

}  // namespace

TEST_CASE("report_capture: every session of the example week ends in the status the docs promise") {
    const auto s = evaluated();
    REQUIRE(s.size() == 12);
    const std::map<std::string, session_status> expected = {
        {"amal-0323", session_status::completed},   {"amal-0324", session_status::completed},
        {"amal-0325", session_status::completed},   {"amal-0326", session_status::cancelled},
        {"amal-0329", session_status::completed},   {"bruno-0323", session_status::completed},
        {"bruno-0325", session_status::completed},  {"bruno-0327", session_status::absent},
        {"bruno-0328", session_status::completed},  {"chiara-0324", session_status::completed},
        {"chiara-0326", session_status::completed}, {"chiara-0328", session_status::completed}};
    for (const auto& [id, status] : expected) {
        CAPTURE(id);
        CHECK(s.at(id).status == status);
    }
    INFO("reason: " << s.at("amal-0326").status_reason);
    CHECK(s.at("amal-0326").status_reason.find("teacher_absent") != std::string::npos);
    CHECK(s.at("amal-0326").billing.amount_minor == 0);
}

TEST_CASE("report_capture: reconnects, lateness, partial and absent students come out right") {
    const auto s = evaluated();
    // LiveKit reconnect within the grace: one cycle, the gap bridged, two connections.
    const auto& emil = person(s.at("amal-0324"), "st-emil");
    CHECK(emil.cycles.size() == 1);
    CHECK(emil.connections == 2);
    CHECK(emil.bridged > milliseconds{60000});
    CHECK(emil.bridged < milliseconds{80000});
    // BBB reconnect beyond the grace: two cycles.
    CHECK(person(s.at("bruno-0323"), "st-goran").cycles.size() == 2);
    CHECK(person(s.at("amal-0325"), "st-dina").status == attendance_status::late);
    CHECK(person(s.at("bruno-0325"), "st-goran").status == attendance_status::absent);
    CHECK(person(s.at("bruno-0328"), "st-goran").status == attendance_status::partial);
    CHECK(person(s.at("chiara-0324"), "st-emil").status == attendance_status::partial);
    CHECK(person(s.at("chiara-0326"), "st-hana").status == attendance_status::late);
    CHECK(person(s.at("chiara-0326"), "st-emil").status == attendance_status::absent);
}

TEST_CASE("report_capture: lost leaves are closed by the room end or as stale, never at the report time") {
    const auto s = evaluated();
    const auto& dina = person(s.at("amal-0329"), "st-dina");  // participant_left lost, room_finished came
    REQUIRE(dina.cycles.size() == 1);
    CHECK(dina.cycles[0].reason == closing_reason::room_end);
    CHECK(dina.status == attendance_status::present);
    const auto& hana = person(s.at("chiara-0328"), "st-hana");  // neither leave nor meeting.ended came
    REQUIRE(hana.cycles.size() == 1);
    CHECK(hana.cycles[0].reason == closing_reason::stale);
    CHECK(hana.cycles[0].end <= *s.at("chiara-0328").session.scheduled_end);
    CHECK_FALSE(hana.in_progress);
}

TEST_CASE("report_capture: the attendance export shows the guest and hides the recorder") {
    const auto s = evaluated();
    const auto rows = report::attendance_rows(s.at("chiara-0324"), week().session_events("chiara-0324").value());
    REQUIRE(rows.size() == 5);  // teacher, three students, one guest
    CHECK(rows.back().guest);
    CHECK(rows.back().participant_id == "parent.sato@family.example.test");
    CHECK(rows.back().platform == "zoom");
    const auto& a1 = s.at("amal-0323");
    CHECK(a1.non_persons.size() + std::count_if(a1.participants.begin(), a1.participants.end(),
                                                [](const participant_result& p) { return p.non_person; }) ==
          1);
    CHECK(report::attendance_rows(a1, {}).size() == 2);
}

TEST_CASE("report_capture: the teacher report of the week adds up") {
    const auto tz = zone::find("Europe/Berlin").value();
    report::selection sel;
    sel.from = parse_local_date("2026-03-23").value();
    sel.to = parse_local_date("2026-03-29").value();
    auto loaded = report::load_sessions(week(), sel, tz, week_now, false);
    REQUIRE(loaded.ok());
    report::aggregate_options opt;
    opt.tz = tz;
    opt.from = sel.from;
    opt.to = sel.to;
    opt.by = period::iso_week;
    const auto rep = report::build_aggregate(loaded->results, opt).value();
    REQUIRE(rep.teachers.size() == 3);
    REQUIRE(rep.overall.periods.size() == 1);
    const auto& week_total = rep.overall.periods[0];
    CHECK(week_total.label == "2026-W13");
    CHECK(week_total.sessions == 12);
    CHECK(week_total.count(session_status::cancelled) == 1);
    CHECK(week_total.count(session_status::absent) == 1);
    CHECK(week_total.count(session_status::completed) == 10);
    // Seats of held sessions: 4 Amal lessons × 1 + 4 Bruno × 2 + 3 Chiara × 3.
    CHECK(week_total.seats == 21);
    CHECK(week_total.students.size() == 5);
    const auto& amal = rep.teachers[0];
    CHECK(amal.teacher == "t-amal");
    CHECK(amal.total.amount_minor.at("EUR") == 4 * 1500);  // per session, the cancelled one not billed
}
