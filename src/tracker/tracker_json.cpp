#include "tracker/tracker_json.hpp"

namespace rollcall::tracker {
namespace {

using simdjson::dom::element;

failure bad(std::string_view where, std::string_view key, std::string_view why) {
    return fail(errc::invalid_value, std::string(where) + "." + std::string(key) + ": " + std::string(why));
}

result<std::string> text(element v, std::string_view where, std::string_view key) {
    std::string_view s;
    if (v.get_string().get(s)) return bad(where, key, "must be a string");
    return std::string(s);
}

result<instant> when(element v, std::string_view where, std::string_view key) {
    std::string_view s;
    if (v.get_string().get(s)) return bad(where, key, "must be an RFC 3339 date-time string");
    auto t = parse_rfc3339(s);
    if (!t) return bad(where, key, t.err().message);
    return *t;
}

result<std::vector<std::string>> strings(element v, std::string_view where, std::string_view key) {
    simdjson::dom::array arr;
    if (v.get_array().get(arr)) return bad(where, key, "must be an array of strings");
    std::vector<std::string> out;
    for (element x : arr) {
        std::string_view s;
        if (x.get_string().get(s) || s.empty()) return bad(where, key, "must be an array of non-empty strings");
        out.emplace_back(s);
    }
    return out;
}

result<rate_kind> rate(element v, std::string_view where) {
    std::string_view s;
    if (v.get_string().get(s)) return bad(where, "rate", "must be a string");
    auto r = parse_rate_kind(s);
    if (!r) return bad(where, "rate", "must be none, per_hour or per_session");
    return *r;
}

result<std::int64_t> amount(element v, std::string_view where) {
    std::int64_t n = 0;
    if (v.get_int64().get(n) || n < 0) return bad(where, "rate_minor", "must be a non-negative integer (minor units)");
    return n;
}

#define RC_TRY_SET(target, expr)             \
    do {                                     \
        auto _r = (expr);                    \
        if (!_r) return failure{_r.err()};   \
        target = std::move(*_r);             \
    } while (0)

}  // namespace

result<session_spec> parse_session_spec(element v, std::string_view where) {
    simdjson::dom::object obj;
    if (v.get_object().get(obj)) return fail(errc::invalid_value, std::string(where) + ": must be an object");
    session_spec s;
    bool has_id = false, has_type = false;
    for (auto [k, val] : obj) {
        if (k == "id") {
            RC_TRY_SET(s.id, text(val, where, k));
            has_id = true;
        } else if (k == "type") {
            RC_TRY_SET(s.type, text(val, where, k));
            has_type = true;
        }
        else if (k == "teacher") {
            if (val.is_null()) s.teacher.reset();
            else RC_TRY_SET(s.teacher, text(val, where, k));
        } else if (k == "students") RC_TRY_SET(s.students, strings(val, where, k));
        else if (k == "rooms") RC_TRY_SET(s.rooms, strings(val, where, k));
        else if (k == "scheduled_start") RC_TRY_SET(s.scheduled_start, when(val, where, k));
        else if (k == "scheduled_end") RC_TRY_SET(s.scheduled_end, when(val, where, k));
        else if (k == "package") RC_TRY_SET(s.package, text(val, where, k));
        else if (k == "rate") RC_TRY_SET(s.rate, rate(val, where));
        else if (k == "rate_minor") RC_TRY_SET(s.rate_minor, amount(val, where));
        else if (k == "currency") RC_TRY_SET(s.currency, text(val, where, k));
        else return bad(where, k, "unknown key");
    }
    if (!has_id) return fail(errc::missing_field, std::string(where) + ".id");
    if (!has_type) return fail(errc::missing_field, std::string(where) + ".type");
    return s;
}

result<std::vector<session_spec>> parse_session_specs(std::string_view json_text) {
    if (json_text.empty()) return fail(errc::malformed_input, "sessions: empty input");
    simdjson::dom::parser parser;
    element doc;
    if (auto e = parser.parse(json_text.data(), json_text.size()).get(doc))
        return fail(errc::malformed_input, std::string("sessions: not valid JSON (") + simdjson::error_message(e) + ")");
    std::vector<session_spec> out;
    simdjson::dom::array arr;
    if (!doc.get_array().get(arr)) {
        std::size_t i = 0;
        for (element x : arr) {
            auto s = parse_session_spec(x, "sessions[" + std::to_string(i++) + "]");
            if (!s) return failure{s.err()};
            out.push_back(std::move(*s));
        }
        return out;
    }
    auto s = parse_session_spec(doc);
    if (!s) return failure{s.err()};
    out.push_back(std::move(*s));
    return out;
}

result<link_spec> parse_link_spec(std::string_view json_text) {
    if (json_text.empty()) return fail(errc::malformed_input, "link: empty input");
    simdjson::dom::parser parser;
    element doc;
    if (auto e = parser.parse(json_text.data(), json_text.size()).get(doc))
        return fail(errc::malformed_input, std::string("link: not valid JSON (") + simdjson::error_message(e) + ")");
    simdjson::dom::object obj;
    if (doc.get_object().get(obj)) return fail(errc::invalid_value, "link: must be an object");
    link_spec l;
    const std::string_view where = "link";
    for (auto [k, val] : obj) {
        if (k == "student") RC_TRY_SET(l.student, text(val, where, k));
        else if (k == "teacher") RC_TRY_SET(l.teacher, text(val, where, k));
        else if (k == "meeting_url") RC_TRY_SET(l.meeting_url, text(val, where, k));
        else if (k == "package") RC_TRY_SET(l.package, text(val, where, k));
        else if (k == "rate") RC_TRY_SET(l.rate, rate(val, where));
        else if (k == "rate_minor") RC_TRY_SET(l.rate_minor, amount(val, where));
        else if (k == "currency") RC_TRY_SET(l.currency, text(val, where, k));
        else if (k == "session_id") RC_TRY_SET(l.session_id, text(val, where, k));
        else return bad(where, k, "unknown key");
    }
    if (l.student.empty()) return fail(errc::missing_field, "link.student");
    return l;
}

#undef RC_TRY_SET

namespace {

void opt_time(json_writer& w, std::string_view key, const std::optional<instant>& t) {
    w.key(key);
    if (t) w.value(format_rfc3339(*t));
    else w.null();
}

}  // namespace

void write_session_record(json_writer& w, const store::session_record& rec) {
    const auto& s = rec.spec;
    w.begin_object();
    w.field("id", s.id).field("type", s.type);
    w.key("teacher");
    if (s.teacher) w.value(*s.teacher);
    else w.null();
    w.key("students").begin_array();
    for (const auto& x : s.students) w.value(x);
    w.end_array();
    opt_time(w, "scheduled_start", s.scheduled_start);
    opt_time(w, "scheduled_end", s.scheduled_end);
    w.field("package", s.package).field("rate", to_string(s.rate)).field("rate_minor", s.rate_minor);
    w.field("currency", s.currency);
    w.key("rooms").begin_array();
    for (const auto& x : s.rooms) w.value(x);
    w.end_array();
    w.field("status", to_string(rec.status)).field("status_reason", rec.status_reason);
    w.key("history").begin_array();
    for (const auto& h : rec.history)
        w.begin_object()
            .field("from", to_string(h.from))
            .field("to", to_string(h.to))
            .field("at", format_rfc3339(h.at))
            .field("reason", h.reason)
            .end_object();
    w.end_array();
    w.field("created_at", format_rfc3339(rec.created_at)).field("updated_at", format_rfc3339(rec.updated_at));
    w.end_object();
}

void write_link(json_writer& w, const store::link_record& l) {
    w.begin_object();
    w.field("token", l.token).field("status", to_string(l.status));
    w.field("teacher", l.teacher).field("student", l.student).field("meeting_url", l.meeting_url);
    w.field("package", l.package).field("rate", to_string(l.rate)).field("rate_minor", l.rate_minor);
    w.field("currency", l.currency).field("sent_at", format_rfc3339(l.sent_at));
    w.key("session_id");
    if (l.session_id) w.value(*l.session_id);
    else w.null();
    opt_time(w, "clicked_at", l.clicked_at);
    opt_time(w, "last_heartbeat", l.last_heartbeat);
    opt_time(w, "ended_at", l.ended_at);
    w.end_object();
}

void write_link_view(json_writer& w, const link_view& v) {
    w.begin_object();
    w.key("link");
    write_link(w, v.link);
    w.field("room", v.room);
    w.field("duration_s", static_cast<std::int64_t>(v.duration.count() / 1000));
    opt_time(w, "presence_end", v.presence_end);
    w.end_object();
}

void write_ingest_result(json_writer& w, const ingest_result& r) {
    w.begin_object();
    w.field("status", to_string(r.status));
    w.field("events_stored", r.events_stored).field("events_duplicate", r.events_duplicate);
    w.field("event", r.event_name);
    if (r.status == ingest_status::rejected) w.field("code", errc_name(r.code)).field("message", r.message);
    if (r.response_body) {
        w.key("response");
        w.raw(*r.response_body);
    }
    w.end_object();
}

void write_batch_result(json_writer& w, const batch_result& b) {
    w.begin_object();
    w.field("requests", b.requests).field("stored", b.stored).field("duplicates", b.duplicates);
    w.field("rejected", b.rejected).field("events_stored", b.events_stored).field("events_duplicate", b.events_duplicate);
    w.end_object();
}

void write_sweep_result(json_writer& w, const sweep_result& s) {
    w.begin_object();
    w.field("sessions_checked", s.sessions_checked).field("sessions_changed", s.sessions_changed);
    w.field("transitions", s.transitions).field("sessions_counted", s.sessions_counted);
    w.field("links_timed_out", s.links_timed_out);
    w.key("changed").begin_array();
    for (const auto& id : s.changed) w.value(id);
    w.end_array();
    w.end_object();
}

void write_stats(json_writer& w, const store::store_stats& s) {
    w.begin_object();
    w.field("payloads", s.payloads).field("events", s.events).field("duplicates_skipped", s.duplicates_skipped);
    w.field("duplicate_payloads", s.duplicate_payloads).field("rejected", s.rejected);
    w.field("rejected_payloads", s.rejected_payloads).field("rooms", s.rooms).field("sessions", s.sessions);
    w.field("links", s.links).field("counted_sessions", s.counted_sessions).field("schema_version", s.schema_version);
    w.end_object();
}

}  // namespace rollcall::tracker
