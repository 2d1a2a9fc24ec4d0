// rollcall/result_json.hpp: the JSON form of a session result — what `rollcall replay` prints and the
// C ABI returns. Keys named in SPEC §10 (`session_status`, `billable_s`, `participants.<identity>.*`,
// `anomalies`) come first; the rest is detail a report may want.
#pragma once

#include <set>
#include <string>

#include "rollcall/json_writer.hpp"
#include "rollcall/policy.hpp"
#include "rollcall/results.hpp"

namespace rollcall {

inline void write_policy_json(json_writer& w, const policy& p) {
    w.begin_object();
    w.field("reconnect_grace_s", p.reconnect_grace_s);
    w.field("stale_after_s", p.stale_after_s);
    w.field("heartbeat_timeout_s", p.heartbeat_timeout_s);
    w.field("session_timeout_s", p.session_timeout_s);
    w.field("link_expiry_s", p.link_expiry_s);
    w.field("clip_to_schedule", p.clip_to_schedule);
    w.field("late_grace_s", p.late_grace_s);
    w.field("min_presence_s", p.min_presence_s);
    w.field("partial_below_ratio", p.partial_below_ratio);
    w.field("creation_window_s", p.creation_window_s);
    w.field("cleanup_delay_s", p.cleanup_delay_s);
    w.field("billable_basis", to_string(p.basis));
    w.key("rounding").begin_object();
    w.field("mode", to_string(p.rounding.mode));
    w.field("unit_s", p.rounding.unit_s);
    w.field("min_s", p.rounding.min_s);
    w.end_object();
    w.end_object();
}

namespace detail {

inline void write_optional_instant(json_writer& w, std::string_view key, const std::optional<instant>& t) {
    w.key(key);
    if (t) {
        w.value(format_rfc3339(*t));
    } else {
        w.null();
    }
}

inline void write_participant_json(json_writer& w, const participant_result& p) {
    w.begin_object();
    w.field("status", to_string(p.status));
    w.field("attended_s", whole_seconds(p.attended));
    w.field("raw_connected_s", whole_seconds(p.raw_connected));
    w.field("bridged_s", whole_seconds(p.bridged));
    w.field("late_s", whole_seconds(p.late));
    w.field("cycles", p.cycles.size());
    write_optional_instant(w, "first_join", p.first_join);
    write_optional_instant(w, "last_leave", p.last_leave);
    w.field("in_progress", p.in_progress);
    w.field("role", to_string(p.who));
    if (!p.display_name.empty()) w.field("name", p.display_name);
    if (!p.email.empty()) w.field("email", p.email);
    w.key("platform_role");  // SPEC §11: the platform's hint; null when it gave none
    if (p.platform_role != role::other) {
        w.value(to_string(p.platform_role));
    } else {
        w.null();
    }
    w.field("unresolved", p.unresolved);
    w.field("connections", p.connections);
    w.key("ratio");
    if (p.ratio) {
        w.value(*p.ratio);
    } else {
        w.null();
    }
    w.key("cycle_list").begin_array();
    for (const auto& c : p.cycles) {
        w.begin_object();
        w.field("start", format_rfc3339(c.start));
        w.field("end", format_rfc3339(c.end));
        w.field("reason", to_string(c.reason));
        w.field("bridged_s", whole_seconds(c.bridged));
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

}  // namespace detail

/// Writes the whole result as one JSON object.
inline void write_session_result_json(json_writer& w, const session_result& r) {
    w.begin_object();
    w.field("session_id", r.session.id);
    w.field("session_status", to_string(r.status));
    w.field("billable_s", r.billing.billable_s);
    w.key("participants").begin_object();
    for (const auto& p : r.participants) {
        w.key(p.identity);
        detail::write_participant_json(w, p);
    }
    w.end_object();
    // Distinct names, sorted: the SPEC §10 list. Each occurrence is in anomaly_details.
    std::set<std::string> names;
    for (const auto& a : r.anomalies) names.insert(a.name);
    w.key("anomalies").begin_array();
    for (const auto& n : names) w.value(n);
    w.end_array();
    w.key("anomaly_details").begin_array();
    for (const auto& a : r.anomalies) {
        w.begin_object();
        w.field("name", a.name).field("identity", a.identity).field("connection", a.connection);
        w.field("room", a.room).field("at", format_rfc3339(a.at));
        w.end_object();
    }
    w.end_array();
    w.field("status_reason", r.status_reason);
    w.field("in_progress", r.in_progress);
    w.key("billing").begin_object();
    w.field("basis", to_string(r.billing.basis));
    w.field("unrounded_s", whole_seconds(r.billing.unrounded));
    w.field("billable_s", r.billing.billable_s);
    w.field("amount_minor", r.billing.amount_minor);
    w.field("rate", to_string(r.session.rate));
    w.field("rate_minor", r.session.rate_minor);
    if (!r.session.currency.empty()) w.field("currency", r.session.currency);
    w.field("counts_toward_subscription", r.billing.counts_toward_subscription);
    w.end_object();
    w.key("transitions").begin_array();
    for (const auto& t : r.transitions) {
        w.begin_object();
        w.field("from", to_string(t.from)).field("to", to_string(t.to));
        w.field("at", format_rfc3339(t.at)).field("reason", t.reason);
        w.end_object();
    }
    w.end_array();
    w.key("non_persons").begin_object();
    for (const auto& p : r.non_persons) {
        w.key(p.identity);
        detail::write_participant_json(w, p);
    }
    w.end_object();
    detail::write_optional_instant(w, "started_at", r.started_at);
    detail::write_optional_instant(w, "ended_at", r.ended_at);
    w.field("now", format_rfc3339(r.now));
    w.key("policy");
    write_policy_json(w, r.used);
    // Only the tracker knows links; stateless evaluation and replay never write the key.
    if (!r.unlinked_rooms.empty()) {
        w.key("unlinked_rooms").begin_array();
        for (const auto& room : r.unlinked_rooms) w.value(room);
        w.end_array();
    }
    w.end_object();
}

inline std::string session_result_json(const session_result& r) {
    json_writer w;
    write_session_result_json(w, r);
    return std::move(w).str();
}

}  // namespace rollcall
