// Test helper: one Zoom lesson as the platform sends it. Signed webhooks (meeting.started,
// participant joined/left, meeting.ended) and the participant-report rows of the same stays, so that
// tests can lose webhooks and recover them from report pages.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "crypto/crypto.hpp"
#include "rollcall/time.hpp"
#include "tracker/tracker.hpp"

namespace rollcall::test::zoom_lesson {

inline const std::string secret = "zoom-lesson-secret";
inline const std::string meeting_id = "81187927959";
inline constexpr std::int64_t S = 1760259600;  // 2025-10-12T09:00:00Z, the scheduled start

/// A stay of one person: one join and (unless still in) one leave, seconds relative to S.
struct stay {
    std::string account_id;  ///< Zoom account user id (`id`): the identity the parser gives
    std::string name;
    std::string user_id;           ///< per-join id (a new one on every rejoin)
    std::string participant_uuid;  ///< stable per person in the meeting (webhooks only)
    int join_s = 0;
    int leave_s = 0;
    std::string customer_key;  ///< the host's own id (SPEC §11 rule 1), when the join link carried it
    std::string email;
};

/// The identity members a webhook participant object and a report row share.
inline std::string person_keys(const stay& p, const char* email_key) {
    std::string out = std::string(",\"") + email_key + "\":\"" + p.email + "\"";
    if (!p.customer_key.empty()) out += R"(,"customer_key":")" + p.customer_key + "\"";
    return out;
}

inline std::string rfc3339(int rel_s) { return format_rfc3339(from_unix_s(S + rel_s)); }

/// A request as Zoom signs it, received at S + rel_s.
inline tracker::ingest_request signed_hook(const std::string& body, int rel_s) {
    tracker::ingest_request rq;
    rq.source = platform::zoom;
    rq.body = body;
    const std::string ts = std::to_string(S + rel_s);
    rq.headers.add("x-zm-request-timestamp", ts);
    rq.headers.add("x-zm-signature",
                   "v0=" + crypto::hex_encode(crypto::hmac(crypto::hash_alg::sha256, secret, "v0:" + ts + ":" + body)));
    rq.received_at = from_unix_s(S + rel_s);
    return rq;
}

inline std::string meeting_object(const std::string& uuid) {
    return R"("id":")" + meeting_id + R"(","uuid":")" + uuid + R"(","host_id":"host-acct","topic":"Lesson","type":8,"duration":60)";
}

inline tracker::ingest_request started(const std::string& uuid, int rel_s) {
    return signed_hook(R"({"event":"meeting.started","event_ts":)" + std::to_string((S + rel_s) * 1000) +
                           R"(,"payload":{"account_id":"acc","object":{)" + meeting_object(uuid) + R"(,"start_time":")" +
                           rfc3339(rel_s) + R"("}}})",
                       rel_s);
}

inline tracker::ingest_request ended(const std::string& uuid, int start_s, int rel_s) {
    return signed_hook(R"({"event":"meeting.ended","event_ts":)" + std::to_string((S + rel_s) * 1000) +
                           R"(,"payload":{"account_id":"acc","object":{)" + meeting_object(uuid) + R"(,"start_time":")" +
                           rfc3339(start_s) + R"(","end_time":")" + rfc3339(rel_s) + R"("}}})",
                       rel_s);
}

inline tracker::ingest_request joined(const std::string& uuid, const stay& p) {
    return signed_hook(R"({"event":"meeting.participant_joined","event_ts":)" + std::to_string((S + p.join_s) * 1000) +
                           R"(,"payload":{"account_id":"acc","object":{)" + meeting_object(uuid) +
                           R"(,"participant":{"user_id":")" + p.user_id + R"(","user_name":")" + p.name + R"(","id":")" +
                           p.account_id + R"(","participant_uuid":")" + p.participant_uuid + R"(","join_time":")" +
                           rfc3339(p.join_s) + "\"" + person_keys(p, "email") + "}}}}",
                       p.join_s);
}

inline tracker::ingest_request left(const std::string& uuid, const stay& p) {
    return signed_hook(R"({"event":"meeting.participant_left","event_ts":)" + std::to_string((S + p.leave_s) * 1000) +
                           R"(,"payload":{"account_id":"acc","object":{)" + meeting_object(uuid) +
                           R"(,"participant":{"user_id":")" + p.user_id + R"(","user_name":")" + p.name + R"(","id":")" +
                           p.account_id + R"(","participant_uuid":")" + p.participant_uuid + R"(","leave_time":")" +
                           rfc3339(p.leave_s) + "\"" + person_keys(p, "email") + "}}}}",
                       p.leave_s);
}

/// One row of `/past_meetings/{uuid}/participants` for a stay.
inline std::string report_row(const stay& p) {
    return R"({"id":")" + p.account_id + R"(","name":")" + p.name + R"(","user_id":")" + p.user_id +
           R"(","registrant_id":"")" + person_keys(p, "user_email") + R"(,"join_time":")" + rfc3339(p.join_s) +
           R"(","leave_time":")" + rfc3339(p.leave_s) + R"(","duration":)" + std::to_string(p.leave_s - p.join_s) +
           R"(,"failover":false,"status":"in_meeting"})";
}

/// A report page holding these stays' rows; `next` is its next_page_token.
inline std::string report_page(const std::vector<stay>& rows, const std::string& next = "") {
    std::string body = R"({"next_page_token":")" + next + R"(","page_size":30,"total_records":)" +
                       std::to_string(rows.size()) + R"(,"participants":[)";
    for (std::size_t i = 0; i < rows.size(); ++i) body += (i ? "," : "") + report_row(rows[i]);
    return body + "]}";
}

/// The lesson: the teacher stays throughout; the student drops at +30 min and rejoins 30 s later
/// with a new per-join id.
inline const stay teacher{"zoomT", "Ada Teacher", "16778240", "PU-T", -30, 3550, "", ""};
inline const stay student_first{"zoomS", "Bilal Student", "16778241", "PU-S", 120, 1800, "", ""};
inline const stay student_again{"zoomS", "Bilal Student", "16778242", "PU-S", 1830, 3500, "", ""};

inline session_spec session(std::string id, std::vector<std::string> rooms, std::int64_t start = S) {
    session_spec s;
    s.id = std::move(id);
    s.type = "academic";
    s.teacher = "zoomT";
    s.students = {"zoomS"};
    s.scheduled_start = from_unix_s(start);
    s.scheduled_end = from_unix_s(start + 3600);
    s.package = "pkg";
    s.rate = rate_kind::per_hour;
    s.rate_minor = 3600;
    s.currency = "EUR";
    s.rooms = std::move(rooms);
    return s;
}

inline tracker::tracker_config config() {
    tracker::tracker_config c;
    c.verify.zoom_secret_token = secret;
    return c;
}

/// Every webhook of the lesson in instance `uuid`, `shift_s` seconds after S (a later instance of a
/// recurring meeting).
inline std::vector<tracker::ingest_request> all_webhooks(const std::string& uuid, int shift_s = 0) {
    auto at = [shift_s](stay p) {
        p.join_s += shift_s;
        p.leave_s += shift_s;
        return p;
    };
    return {started(uuid, -60 + shift_s),        joined(uuid, at(teacher)),      joined(uuid, at(student_first)),
            left(uuid, at(student_first)),        joined(uuid, at(student_again)), left(uuid, at(student_again)),
            left(uuid, at(teacher)),              ended(uuid, -60 + shift_s, 3560 + shift_s)};
}

}  // namespace rollcall::test::zoom_lesson
