// Hand-built evaluated sessions for the report tests: the report layer is pure, so its tests feed it
// session_results directly instead of going through a database.
#pragma once

#include <string>

#include "rollcall/lifecycle.hpp"
#include "rollcall/results.hpp"
#include "rollcall/time.hpp"

namespace report_samples {

using namespace rollcall;

inline instant at(const char* rfc3339) { return parse_rfc3339(rfc3339).value(); }
inline milliseconds minutes(std::int64_t m) { return milliseconds{m * 60000}; }

inline session_result lesson(std::string id, std::string teacher, std::vector<std::string> students,
                             const char* start, int length_min, session_status status) {
    session_result r;
    r.session.id = std::move(id);
    r.session.type = "quran";
    r.session.teacher = std::move(teacher);
    r.session.students = std::move(students);
    r.session.scheduled_start = at(start);
    r.session.scheduled_end = at(start) + minutes(length_min);
    r.session.currency = "EUR";
    r.session.rate = rate_kind::per_hour;
    r.session.rate_minor = 3000;
    r.status = status;
    r.billing.counts_toward_subscription = counts_toward_subscription(status);  // as evaluate_session sets it
    r.now = *r.session.scheduled_end + minutes(60);
    return r;
}

inline participant_result person(std::string identity, role who, std::int64_t attended_min, attendance_status st,
                                 std::optional<instant> first_join = std::nullopt) {
    participant_result p;
    p.identity = std::move(identity);
    p.who = who;
    p.attended = minutes(attended_min);
    p.raw_connected = minutes(attended_min);
    p.status = st;
    p.first_join = first_join;
    if (first_join) p.last_leave = *first_join + minutes(attended_min);
    p.connections = attended_min > 0 ? 1 : 0;
    return p;
}

}  // namespace report_samples
