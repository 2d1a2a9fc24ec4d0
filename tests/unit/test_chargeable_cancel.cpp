// SPEC §5 chargeable cancellations: a late cancellation the host charges for is cancelled with reason
// cancelled_chargeable, counted against the package once, billed (per_session: the rate; per_hour: the
// scheduled length), reported with its amount but without seats, and reachable through the app layer.
#include <doctest/doctest.h>

#include "app/app.hpp"
#include "tracker/tracker.hpp"

using namespace rollcall;
using namespace rollcall::tracker;

namespace {

constexpr std::int64_t S = 1760259600;  // 2025-10-12T09:00:00Z

session_spec lesson(std::string id, rate_kind rate, std::int64_t rate_minor, bool scheduled = true) {
    session_spec s;
    s.id = std::move(id);
    s.type = "academic";
    s.teacher = "T1";
    s.students = {"S1"};
    if (scheduled) {
        s.scheduled_start = from_unix_s(S);
        s.scheduled_end = from_unix_s(S + 2700);  // 45 minutes
    }
    s.package = "pkg-9";
    s.rate = rate;
    s.rate_minor = rate_minor;
    s.currency = "EUR";
    return s;
}

}  // namespace

TEST_CASE("chargeable cancel: counted once, billed the rate or the scheduled length, never for an ordinary cancel") {
    auto t = tracker::tracker::in_memory({});
    REQUIRE(t.create_session(lesson("flat", rate_kind::per_session, 2500), from_unix_s(S - 86400)).ok());
    REQUIRE(t.create_session(lesson("hourly", rate_kind::per_hour, 4000), from_unix_s(S - 86400)).ok());
    REQUIRE(t.create_session(lesson("free", rate_kind::per_hour, 4000), from_unix_s(S - 86400)).ok());

    // Two hours before the lesson the student calls it off: too late, the host charges.
    const instant late = from_unix_s(S - 7200);
    auto flat = t.act("flat", session_action::cancel, late, true);
    REQUIRE(flat.ok());
    CHECK(flat->status == session_status::cancelled);
    CHECK(flat->status_reason == "cancelled_chargeable");
    CHECK(flat->history.back().reason == "cancelled_chargeable");
    REQUIRE(t.act("hourly", session_action::cancel, late, true).ok());
    REQUIRE(t.act("free", session_action::cancel, late).ok());  // an ordinary cancellation

    const instant later = from_unix_s(S + 86400);
    const auto f = t.evaluate("flat", later).value();
    CHECK(f.billing.counts_toward_subscription);
    CHECK(f.billing.amount_minor == 2500);
    const auto h = t.evaluate("hourly", later).value();
    CHECK(h.billing.counts_toward_subscription);
    CHECK(h.billing.billable_s == 2700);
    CHECK(h.billing.amount_minor == 3000);  // 40.00 an hour for 45 minutes
    const auto n = t.evaluate("free", later).value();
    CHECK_FALSE(n.billing.counts_toward_subscription);
    CHECK(n.billing.billable_s == 0);
    CHECK(n.billing.amount_minor == 0);

    // Counted once, at the cancellation; the sweep changes nothing afterwards.
    CHECK(t.usage("pkg-9").value().session_ids == std::vector<std::string>{"flat", "hourly"});
    const auto swept = t.sweep(later).value();
    CHECK(swept.sessions_counted == 0);
    CHECK(t.usage("pkg-9").value().session_ids == std::vector<std::string>{"flat", "hourly"});
    // The change feed says so: a status change with its reason, and the usage.
    const auto page = t.changes(0, 100).value();
    int counted = 0;
    for (const auto& c : page.changes)
        if (c.type == store::change_type::usage_counted && c.session_id == "hourly") ++counted;
    CHECK(counted == 1);

    // Bad input: chargeable with another action; a per-hour session without a schedule; terminal.
    REQUIRE(t.create_session(lesson("open", rate_kind::per_hour, 4000, false), from_unix_s(S - 86400)).ok());
    auto unscheduled = t.act("open", session_action::cancel, late, true);
    REQUIRE_FALSE(unscheduled.ok());
    CHECK(unscheduled.err().code == errc::invalid_argument);
    CHECK(t.get_session("open").value().status == session_status::unscheduled);
    REQUIRE(t.create_session(lesson("x", rate_kind::per_session, 2500), from_unix_s(S - 86400)).ok());
    CHECK(t.act("x", session_action::mark_absent, from_unix_s(S - 60), true).err().code == errc::invalid_argument);
    CHECK(t.act("flat", session_action::cancel, later, true).err().code == errc::illegal_transition);
}

TEST_CASE("chargeable cancel: through sessions.act, and in the teacher report as money without seats") {
    auto t = tracker::tracker::in_memory({});
    REQUIRE(t.create_session(lesson("a", rate_kind::per_session, 2500), from_unix_s(S - 86400)).ok());
    const auto rec = app::call(t, "sessions.act", R"({"id":"a","action":"cancel","chargeable":true,"now":")" +
                                                      format_rfc3339(from_unix_s(S - 3600)) + R"("})");
    REQUIRE_MESSAGE(rec.ok(), (rec.ok() ? "" : rec.err().describe()));
    CHECK(rec->find(R"("status":"cancelled","status_reason":"cancelled_chargeable")") != std::string::npos);
    CHECK(app::call(t, "sessions.act", R"({"id":"a","action":"complete","chargeable":"yes"})").err().code ==
          errc::invalid_value);

    const std::string report =
        app::call(t, "reports.teacher", R"({"teacher":"T1","timezone":"UTC","from":"2025-10-12","to":"2025-10-12","period":"day","now":")" +
                                            format_rfc3339(from_unix_s(S + 86400)) + R"("})")
            .value();
    CHECK(report.find(R"("cancelled":1)") != std::string::npos);
    CHECK(report.find(R"("seats":0)") != std::string::npos);
    CHECK(report.find(R"("EUR":2500)") != std::string::npos);
}
