#include "report/attendance.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "report/policy_json.hpp"
#include "rollcall/result_json.hpp"

namespace rollcall::report {

namespace {

int group_of(const attendance_row& r) {
    if (r.who == role::teacher) return 0;
    if (r.who == role::student) return 1;
    return 2;
}

std::string platforms_of(std::string_view identity, const session_spec& spec, std::span<const event> events) {
    std::set<std::string_view> seen;
    for (const auto& e : events) {
        if (e.identity != identity) continue;
        if (!spec.rooms.empty() && std::find(spec.rooms.begin(), spec.rooms.end(), e.room) == spec.rooms.end())
            continue;
        seen.insert(to_string(e.source));
    }
    std::string out;
    for (auto p : seen) {
        if (!out.empty()) out += '+';
        out += p;
    }
    return out;
}

attendance_row base_row(const session_result& r, const std::string& pid, const std::string& pjson) {
    attendance_row row;
    row.session_id = r.session.id;
    row.session_type = r.session.type;
    row.session_state = r.status;
    row.scheduled_start = r.session.scheduled_start;
    row.scheduled_end = r.session.scheduled_end;
    row.billable_s = r.billing.billable_s;
    row.amount_minor = r.billing.amount_minor;
    row.currency = r.session.currency;
    row.policy_id = pid;
    row.policy = pjson;
    return row;
}

cell when(const std::optional<instant>& t, const zone& tz) {
    return t ? cell::text(tz.format(*t)) : cell::none();
}

}  // namespace

std::vector<attendance_row> attendance_rows(const session_result& r, std::span<const event> events) {
    const std::string pjson = policy_json(r.used);
    const std::string pid = policy_id(r.used);
    std::vector<attendance_row> rows;
    rows.reserve(r.participants.size() + r.session.students.size() + 1);
    for (const auto& p : r.participants) {
        if (p.non_person) continue;
        auto row = base_row(r, pid, pjson);
        row.participant_id = p.identity;
        row.name = p.display_name;
        row.email = p.email;
        row.who = r.session.is_teacher(p.identity) ? role::teacher
                  : r.session.is_student(p.identity) ? role::student
                  : p.who == role::guest              ? role::guest
                                                      : p.who;
        row.guest = row.who != role::teacher && row.who != role::student;
        row.platform_role = p.platform_role;
        row.unresolved = p.unresolved;
        row.first_join = p.first_join;
        row.last_leave = p.last_leave;
        row.attended_s = whole_seconds(p.attended);
        row.raw_connected_s = whole_seconds(p.raw_connected);
        row.connections = p.connections;
        row.bridged_s = whole_seconds(p.bridged);
        row.late_s = whole_seconds(p.late);
        if (p.ratio) row.percent_of_scheduled = *p.ratio * 100.0;
        row.status = p.status;
        row.in_progress = p.in_progress;
        row.platform = platforms_of(p.identity, r.session, events);
        rows.push_back(std::move(row));
    }
    // The roster is the session's: someone enrolled who left no trace is still a row, absent.
    auto ensure = [&](const std::string& identity, role who) {
        for (const auto& row : rows)
            if (row.participant_id == identity) return;
        auto row = base_row(r, pid, pjson);
        row.participant_id = identity;
        row.who = who;
        if (r.session.has_schedule()) row.percent_of_scheduled = 0.0;
        rows.push_back(std::move(row));
    };
    // The teacher's row comes from the evaluation alone, which reports the named teacher unless nothing
    // could observe them (a session seen only through tracked links); students are always rows.
    for (const auto& s : r.session.students) ensure(s, role::student);
    std::stable_sort(rows.begin(), rows.end(), [](const attendance_row& a, const attendance_row& b) {
        const int ga = group_of(a), gb = group_of(b);
        return ga != gb ? ga < gb : a.participant_id < b.participant_id;
    });
    return rows;
}

table attendance_table(std::span<const attendance_row> rows, const zone& tz) {
    table t;
    t.header = {"session_id", "session_type",   "session_status", "scheduled_start", "scheduled_end",
                "participant_id", "name",       "email",          "role",            "guest",
                "first_join",  "last_leave",     "attended_s",     "raw_connected_s", "connections",
                "bridged_s",   "late_s",         "percent_of_scheduled", "status",   "in_progress",
                "billable_s",  "amount_minor",   "currency",       "platform",        "policy_id",
                "policy",      "platform_role",  "unresolved"};
    for (const auto& r : rows) {
        t.rows.push_back({cell::text(r.session_id), cell::text(r.session_type),
                          cell::text(std::string(to_string(r.session_state))), when(r.scheduled_start, tz),
                          when(r.scheduled_end, tz), cell::text(r.participant_id), cell::text(r.name),
                          cell::text(r.email), cell::text(std::string(to_string(r.who))),
                          cell::text(r.guest ? "true" : "false"), when(r.first_join, tz), when(r.last_leave, tz),
                          cell::number(r.attended_s), cell::number(r.raw_connected_s),
                          cell::number(static_cast<std::int64_t>(r.connections)), cell::number(r.bridged_s),
                          cell::number(r.late_s),
                          r.percent_of_scheduled ? cell::decimal(*r.percent_of_scheduled, 1) : cell::none(),
                          cell::text(std::string(to_string(r.status))), cell::text(r.in_progress ? "true" : "false"),
                          cell::number(r.billable_s), cell::number(r.amount_minor), cell::text(r.currency),
                          cell::text(r.platform), cell::text(r.policy_id), cell::text(r.policy),
                          r.platform_role == role::other ? cell::none() : cell::text(std::string(to_string(r.platform_role))),
                          cell::text(r.unresolved ? "true" : "false")});
    }
    return t;
}

table attendance_text_table(std::span<const attendance_row> rows, const zone& tz) {
    table full = attendance_table(rows, tz);
    static const std::vector<std::string> keep = {
        "session_id", "participant_id", "name",   "role",       "guest",        "unresolved",   "first_join",
        "last_leave", "attended_s",     "raw_connected_s", "connections", "bridged_s", "late_s",
        "percent_of_scheduled", "status", "billable_s", "amount_minor", "platform", "policy_id"};
    std::vector<std::size_t> idx;
    for (const auto& k : keep)
        for (std::size_t i = 0; i < full.header.size(); ++i)
            if (full.header[i] == k) idx.push_back(i);
    table t;
    for (auto i : idx) t.header.push_back(full.header[i] == "percent_of_scheduled" ? "pct" : full.header[i]);
    for (auto& row : full.rows) {
        auto& out = t.rows.emplace_back();
        for (auto i : idx) out.push_back(std::move(row[i]));
    }
    return t;
}

void write_session_json(json_writer& w, const session_result& r, std::span<const attendance_row> rows,
                        const zone& tz) {
    auto opt_time = [&](std::string_view k, const std::optional<instant>& t) {
        w.key(k);
        if (t) w.value(tz.format(*t));
        else w.null();
    };
    w.begin_object();
    w.field("session_id", r.session.id);
    w.field("session_type", r.session.type);
    w.key("teacher");
    if (r.session.teacher) w.value(*r.session.teacher);
    else w.null();
    w.field("status", to_string(r.status));
    w.field("status_reason", r.status_reason);
    opt_time("scheduled_start", r.session.scheduled_start);
    opt_time("scheduled_end", r.session.scheduled_end);
    opt_time("started_at", r.started_at);
    opt_time("ended_at", r.ended_at);
    w.field("in_progress", r.in_progress);
    w.field("now", tz.format(r.now));
    w.key("billing").begin_object();
    w.field("basis", to_string(r.billing.basis));
    w.field("unrounded_s", whole_seconds(r.billing.unrounded));
    w.field("billable_s", r.billing.billable_s);
    w.field("amount_minor", r.billing.amount_minor);
    w.field("currency", r.session.currency);
    w.field("rate", to_string(r.session.rate));
    w.field("rate_minor", r.session.rate_minor);
    w.field("counts_toward_subscription", r.billing.counts_toward_subscription);
    w.end_object();
    w.field("policy_id", policy_id(r.used));
    w.key("policy");
    rollcall::write_policy_json(w, r.used);
    w.key("participants").begin_array();
    for (const auto& row : rows) {
        w.begin_object();
        w.field("participant_id", row.participant_id);
        w.field("name", row.name);
        w.field("email", row.email);
        w.field("role", to_string(row.who));
        w.field("guest", row.guest);
        w.key("platform_role");  // null when the platform gave no hint, as in the evaluation
        if (row.platform_role == role::other) w.null();
        else w.value(to_string(row.platform_role));
        w.field("unresolved", row.unresolved);
        opt_time("first_join", row.first_join);
        opt_time("last_leave", row.last_leave);
        w.field("attended_s", row.attended_s);
        w.field("raw_connected_s", row.raw_connected_s);
        w.field("connections", row.connections);
        w.field("bridged_s", row.bridged_s);
        w.field("late_s", row.late_s);
        w.key("percent_of_scheduled");
        if (row.percent_of_scheduled) w.value(std::round(*row.percent_of_scheduled * 10.0) / 10.0);
        else w.null();
        w.field("status", to_string(row.status));
        w.field("in_progress", row.in_progress);
        w.field("platform", row.platform);
        w.end_object();
    }
    w.end_array();
    w.key("non_persons").begin_array();
    for (const auto& p : r.non_persons) w.value(p.identity);
    for (const auto& p : r.participants)
        if (p.non_person) w.value(p.identity);
    w.end_array();
    w.key("anomalies").begin_array();
    for (const auto& a : r.anomalies) {
        w.begin_object();
        w.field("name", a.name);
        w.field("identity", a.identity);
        w.field("connection", a.connection);
        w.field("room", a.room);
        w.field("at", tz.format(a.at));
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

}  // namespace rollcall::report
