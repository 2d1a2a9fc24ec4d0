#include <doctest/doctest.h>

#include "rollcall/calendar.hpp"

using namespace rollcall;
using namespace std::chrono;

namespace {

instant at(const char* rfc3339) { return parse_rfc3339(rfc3339).value(); }
local_date ymd(int y, unsigned m, unsigned d) { return year{y} / month{m} / day{d}; }
zone tz(const char* name) { return zone::find(name).value(); }

}  // namespace

TEST_CASE("calendar: an unknown or empty zone is a config_error naming it") {
    auto r = zone::find("Mars/Olympus_Mons");
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::config_error);
    CHECK(r.err().message.find("Mars/Olympus_Mons") != std::string::npos);
    CHECK(zone::find("").err().code == errc::config_error);
    CHECK(zone::find("Europe/Berlin").ok());
    CHECK(zone::utc().name() == "UTC");
}

TEST_CASE("calendar: the spring-forward day in Berlin is 23 hours, from local midnight to local midnight") {
    const auto berlin = tz("Europe/Berlin");
    const auto b = bucket_of(berlin, at("2026-03-29T12:00:00Z"), period::day);
    CHECK(b.label == "2026-03-29");
    CHECK(b.start == at("2026-03-28T23:00:00Z"));  // +01:00 at midnight
    CHECK(b.end == at("2026-03-29T22:00:00Z"));    // +02:00 at the next midnight
    CHECK(b.end - b.start == hours{23});
    // The instants either side of the boundary land in different days.
    CHECK(berlin.date_of(at("2026-03-28T22:59:59.999Z")) == ymd(2026, 3, 28));
    CHECK(berlin.date_of(at("2026-03-28T23:00:00Z")) == ymd(2026, 3, 29));
}

TEST_CASE("calendar: the fall-back day in Berlin is 25 hours") {
    const auto berlin = tz("Europe/Berlin");
    const auto b = bucket_of_date(berlin, ymd(2026, 10, 25), period::day);
    CHECK(b.start == at("2026-10-24T22:00:00Z"));
    CHECK(b.end == at("2026-10-25T23:00:00Z"));
    CHECK(b.end - b.start == hours{25});
    // 02:30 local happens twice; both belong to the 25th.
    CHECK(berlin.date_of(at("2026-10-25T00:30:00Z")) == ymd(2026, 10, 25));
    CHECK(berlin.date_of(at("2026-10-25T01:30:00Z")) == ymd(2026, 10, 25));
}

TEST_CASE("calendar: a day whose midnight does not exist starts at the transition (Sao Paulo 2018)") {
    const auto sp = tz("America/Sao_Paulo");
    // DST began at 00:00 local on 2018-11-04: the clocks went straight to 01:00 (-02:00).
    const auto b = bucket_of_date(sp, ymd(2018, 11, 4), period::day);
    CHECK(b.start == at("2018-11-04T03:00:00Z"));
    CHECK(b.end == at("2018-11-05T02:00:00Z"));
    const auto before = bucket_of_date(sp, ymd(2018, 11, 3), period::day);
    CHECK(before.end == b.start);  // buckets tile time: no gap, no overlap
    // DST ended at 00:00 on 2019-02-17, back to 23:00 on the 16th: the 16th lasts 25 hours.
    const auto fall = bucket_of_date(sp, ymd(2019, 2, 16), period::day);
    CHECK(fall.start == at("2019-02-16T02:00:00Z"));
    CHECK(fall.end == at("2019-02-17T03:00:00Z"));
    // Today's Sao Paulo has no DST: a plain -03:00 day.
    const auto now_day = bucket_of_date(sp, ymd(2026, 1, 10), period::day);
    CHECK(now_day.start == at("2026-01-10T03:00:00Z"));
    CHECK(now_day.end - now_day.start == hours{24});
}

TEST_CASE("calendar: a session crossing local midnight belongs to the day it starts, in that zone") {
    const auto berlin = tz("Europe/Berlin");
    const auto start = at("2026-06-14T21:30:00Z");  // 23:30 local (+02:00)
    const auto end = at("2026-06-14T22:30:00Z");    // 00:30 local the next day
    CHECK(bucket_of(berlin, start, period::day).label == "2026-06-14");
    CHECK(bucket_of(berlin, end, period::day).label == "2026-06-15");
    // The same instant is still the 14th in UTC and in New York.
    CHECK(bucket_of(zone::utc(), end, period::day).label == "2026-06-14");
    CHECK(bucket_of(tz("America/New_York"), end, period::day).label == "2026-06-14");
}

TEST_CASE("calendar: ISO weeks, week 53 and the year boundary") {
    CHECK(iso_week_of(ymd(2026, 12, 31)).week == 53);  // 2026 begins on a Thursday: 53 weeks
    CHECK(iso_week_of(ymd(2027, 1, 1)).year == 2026);
    CHECK(iso_week_of(ymd(2027, 1, 3)).week == 53);
    CHECK(iso_week_of(ymd(2027, 1, 4)).year == 2027);
    CHECK(iso_week_of(ymd(2027, 1, 4)).week == 1);
    CHECK(iso_week_of(ymd(2024, 12, 30)).year == 2025);  // a Monday in December that is week 1 of next year
    CHECK(iso_week_of(ymd(2024, 12, 30)).week == 1);
    CHECK(iso_week_of(ymd(2025, 12, 28)).week == 52);
    const auto utc = zone::utc();
    const auto w = bucket_of(utc, at("2027-01-02T10:00:00Z"), period::iso_week);
    CHECK(w.label == "2026-W53");
    CHECK(w.first == ymd(2026, 12, 28));
    CHECK(w.last == ymd(2027, 1, 3));
    CHECK(w.start == at("2026-12-28T00:00:00Z"));
    CHECK(w.end == at("2027-01-04T00:00:00Z"));
    // A week holding the Berlin spring-forward is 7 days minus an hour.
    const auto dst_week = bucket_of_date(tz("Europe/Berlin"), ymd(2026, 3, 25), period::iso_week);
    CHECK(dst_week.label == "2026-W13");
    CHECK(dst_week.end - dst_week.start == hours{7 * 24 - 1});
}

TEST_CASE("calendar: month buckets start at local midnight of the 1st") {
    const auto berlin = tz("Europe/Berlin");
    const auto m = bucket_of(berlin, at("2026-03-31T21:59:59Z"), period::month);
    CHECK(m.label == "2026-03");
    CHECK(m.first == ymd(2026, 3, 1));
    CHECK(m.last == ymd(2026, 3, 31));
    CHECK(m.start == at("2026-02-28T23:00:00Z"));
    CHECK(m.end == at("2026-03-31T22:00:00Z"));
    // One millisecond later it is April in Berlin, still March in UTC.
    CHECK(bucket_of(berlin, at("2026-03-31T22:00:00Z"), period::month).label == "2026-04");
    CHECK(bucket_of(zone::utc(), at("2026-03-31T22:00:00Z"), period::month).label == "2026-03");
    CHECK(bucket_of_date(zone::utc(), ymd(2024, 2, 10), period::month).last == ymd(2024, 2, 29));
}

TEST_CASE("calendar: a local date range converts to UTC instants, inclusive of the last day") {
    const auto kolkata = tz("Asia/Kolkata");
    const auto r = local_range(kolkata, ymd(2026, 3, 2), ymd(2026, 3, 8)).value();
    CHECK(r.start == at("2026-03-01T18:30:00Z"));
    CHECK(r.end == at("2026-03-08T18:30:00Z"));
    CHECK(r.contains(at("2026-03-08T18:29:59.999Z")));
    CHECK_FALSE(r.contains(at("2026-03-08T18:30:00Z")));
    auto backwards = local_range(kolkata, ymd(2026, 3, 8), ymd(2026, 3, 2));
    REQUIRE_FALSE(backwards.ok());
    CHECK(backwards.err().code == errc::invalid_argument);
}

TEST_CASE("calendar: buckets between two dates tile the range") {
    const auto berlin = tz("Europe/Berlin");
    const auto days_ = buckets_between(berlin, ymd(2026, 3, 27), ymd(2026, 3, 31), period::day);
    REQUIRE(days_.size() == 5);
    for (std::size_t i = 1; i < days_.size(); ++i) CHECK(days_[i - 1].end == days_[i].start);
    const auto weeks = buckets_between(berlin, ymd(2026, 12, 30), ymd(2027, 1, 12), period::iso_week);
    REQUIRE(weeks.size() == 3);
    CHECK(weeks[0].label == "2026-W53");
    CHECK(weeks[2].label == "2027-W02");
    CHECK(buckets_between(berlin, ymd(2026, 1, 15), ymd(2026, 3, 1), period::month).size() == 3);
    CHECK(buckets_between(berlin, ymd(2026, 3, 1), ymd(2026, 1, 15), period::month).empty());
}

TEST_CASE("calendar: instants format with the zone's offset at that instant") {
    const auto berlin = tz("Europe/Berlin");
    CHECK(berlin.format(at("2026-03-29T00:59:59Z")) == "2026-03-29T01:59:59+01:00");
    CHECK(berlin.format(at("2026-03-29T01:00:00Z")) == "2026-03-29T03:00:00+02:00");
    CHECK(tz("America/Sao_Paulo").format(at("2026-01-10T12:00:00.250Z")) == "2026-01-10T09:00:00.250-03:00");
    CHECK(tz("Asia/Kolkata").format(at("2026-01-10T12:00:00Z")) == "2026-01-10T17:30:00+05:30");
    CHECK(zone::utc().format(at("2026-01-10T12:00:00Z")) == "2026-01-10T12:00:00Z");
    // What we print parses back to the same instant.
    const auto t = at("2026-10-25T01:30:00Z");
    CHECK(parse_rfc3339(berlin.format(t)).value() == t);
}

TEST_CASE("calendar: local dates parse strictly") {
    CHECK(parse_local_date("2026-02-28").value() == ymd(2026, 2, 28));
    for (const char* bad : {"", "2026-02-29", "2026-2-28", "2026-02-28T00", "20260228", "2026-13-01", "2026-00-10"}) {
        auto r = parse_local_date(bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == errc::invalid_value);
    }
    CHECK(format_local_date(ymd(2026, 3, 9)) == "2026-03-09");
}
