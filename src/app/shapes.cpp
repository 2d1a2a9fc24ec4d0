#include "app/shapes.hpp"

namespace rollcall::app {
namespace {

#define RC_READ(target, expr)                \
    do {                                     \
        auto r_ = (expr);                    \
        if (!r_) return failure{r_.err()};   \
        if (*r_) target = std::move(**r_);   \
    } while (0)

void opt_time(json_writer& w, std::string_view key, const std::optional<instant>& t) {
    w.key(key);
    if (t) w.value(format_rfc3339(*t));
    else w.null();
}

void opt_text(json_writer& w, std::string_view key, const std::optional<std::string>& s) {
    w.key(key);
    if (s) w.value(*s);
    else w.null();
}

void texts(json_writer& w, std::string_view key, const std::vector<std::string>& v) {
    w.key(key).begin_array();
    for (const auto& x : v) w.value(x);
    w.end_array();
}

result<std::optional<rate_kind>> read_rate(params& p) {
    return p.name("rate", parse_rate_kind, "none, per_hour, per_session");
}

}  // namespace

result<session_spec> read_session_spec(params& p) {
    session_spec s;
    auto id = p.required_text("id");
    if (!id) return failure{id.err()};
    s.id = std::move(*id);
    auto type = p.required_text("type");
    if (!type) return failure{type.err()};
    s.type = std::move(*type);
    auto teacher = p.text("teacher");
    if (!teacher) return failure{teacher.err()};
    s.teacher = std::move(*teacher);
    RC_READ(s.students, p.texts("students"));
    RC_READ(s.rooms, p.texts("rooms"));
    auto start = p.time("scheduled_start");
    if (!start) return failure{start.err()};
    s.scheduled_start = *start;
    auto end = p.time("scheduled_end");
    if (!end) return failure{end.err()};
    s.scheduled_end = *end;
    RC_READ(s.package, p.text("package"));
    RC_READ(s.rate, read_rate(p));
    RC_READ(s.rate_minor, p.integer("rate_minor", 0, INT64_MAX / 3600));
    RC_READ(s.currency, p.text("currency"));
    if (auto f = p.finish(); !f) return failure{f.err()};
    return s;
}

result<tracker::link_spec> read_link_spec(params& p) {
    tracker::link_spec l;
    auto student = p.required_text("student");
    if (!student) return failure{student.err()};
    l.student = std::move(*student);
    RC_READ(l.teacher, p.text("teacher"));
    RC_READ(l.meeting_url, p.text("meeting_url"));
    RC_READ(l.package, p.text("package"));
    RC_READ(l.rate, read_rate(p));
    RC_READ(l.rate_minor, p.integer("rate_minor", 0, INT64_MAX / 3600));
    RC_READ(l.currency, p.text("currency"));
    auto session = p.text("session_id");
    if (!session) return failure{session.err()};
    l.session_id = std::move(*session);
    if (auto f = p.finish(); !f) return failure{f.err()};
    return l;
}

namespace {

/// "<key>" (RFC 3339) or "<key>_ms" (Unix ms); when both are given they must agree.
result<std::optional<instant>> event_time(params& p, std::string_view key) {
    auto text = p.time(key);
    if (!text) return failure{text.err()};
    const std::string ms_key = std::string(key) + "_ms";
    auto ms = p.integer(ms_key, INT64_MIN / 2, INT64_MAX / 2);
    if (!ms) return failure{ms.err()};
    if (*ms && *text && **text != from_unix_ms(**ms)) return p.bad(ms_key, "disagrees with " + std::string(key));
    if (*ms) return std::optional<instant>{from_unix_ms(**ms)};
    return *text;
}

}  // namespace

result<tracker::ingest_request> read_ingest_request(params& p, instant now, integer_time unit) {
    tracker::ingest_request rq;
    auto source = p.name("platform", parse_platform, "livekit, bbb, zoom");
    if (!source) return failure{source.err()};
    if (!*source) return fail(errc::missing_field, p.where() + ".platform: required");
    if (**source == platform::link) return p.bad("platform", "must be livekit, bbb or zoom (links are the host's own calls)");
    rq.source = **source;
    auto body = p.get("body");
    std::string_view text;
    if (!body) return fail(errc::missing_field, p.where() + ".body: required");
    if (body->get_string().get(text)) return p.bad("body", "must be a string (the exact bytes received)");
    rq.body.assign(text);
    if (auto h = p.get("headers")) {
        simdjson::dom::object obj;
        if (h->get_object().get(obj)) return p.bad("headers", "must be an object of header names and values");
        for (auto [name, value] : obj) {
            if (value.get_string().get(text)) return p.bad("headers", std::string(name) + " must be a string");
            rq.headers.add(std::string(name), std::string(text));
        }
    }
    RC_READ(rq.request_url, p.text("request_url"));
    rq.received_at = now;
    if (auto r = p.get("received_at")) {
        std::int64_t n = 0;
        if (!r->get_int64().get(n)) {
            rq.received_at = unit == integer_time::unix_ms ? from_unix_ms(n) : from_unix_s(n);
        } else if (!r->get_string().get(text)) {
            auto t = parse_rfc3339(text);
            if (!t) return p.bad("received_at", t.err().message);
            rq.received_at = *t;
        } else {
            return p.bad("received_at", unit == integer_time::unix_ms ? "must be RFC 3339 or Unix milliseconds"
                                                                      : "must be RFC 3339 or Unix seconds");
        }
    }
    return rq;
}

result<event> read_event(params& p) {
    event e;
    auto kind = p.name("kind", parse_event_kind, "room_start, join, evidence, heartbeat, leave, room_end, recording_ready, snapshot");
    if (!kind) return failure{kind.err()};
    if (!*kind) return fail(errc::missing_field, p.where() + ".kind: required");
    e.kind = **kind;
    auto source = p.name("platform", parse_platform, "livekit, bbb, zoom, link");
    if (!source) return failure{source.err()};
    if (!*source) return fail(errc::missing_field, p.where() + ".platform: required");
    e.source = **source;
    auto room = p.required_text("room");
    if (!room) return failure{room.err()};
    e.room = std::move(*room);
    auto at = event_time(p, "at");
    if (!at) return failure{at.err()};
    if (!*at) return fail(errc::missing_field, p.where() + ".at: required (or at_ms)");
    e.at = **at;
    auto joined = event_time(p, "joined_at");
    if (!joined) return failure{joined.err()};
    e.joined_at = *joined;
    RC_READ(e.room_alt, p.text("room_alt"));
    RC_READ(e.identity, p.text("identity"));
    RC_READ(e.connection, p.text("connection"));
    RC_READ(e.dedup_key, p.text("dedup_key"));
    RC_READ(e.display_name, p.text("display_name"));
    RC_READ(e.email, p.text("email"));
    RC_READ(e.who, p.name("role", parse_role, "other, teacher, student, guest"));
    auto non_person = p.flag("non_person");
    if (!non_person) return failure{non_person.err()};
    e.non_person = *non_person;
    if (auto d = p.get("detail")) {
        if (!d->is_object()) return p.bad("detail", "must be an object");
        e.detail = simdjson::minify(*d);
    }
    auto unresolved = p.flag("unresolved");
    if (!unresolved) return failure{unresolved.err()};
    e.unresolved = *unresolved;
    if (auto k = p.get("keys")) {
        simdjson::dom::object keys;
        if (k->get_object().get(keys) != simdjson::SUCCESS) return p.bad("keys", "must be an object of platform keys by kind");
        for (auto field : keys) {
            const auto key = parse_key_kind(field.key);
            std::string_view value;
            if (!key || field.value.get_string().get(value) != simdjson::SUCCESS)
                return p.bad("keys", "'" + std::string(field.key.substr(0, 32)) + "' is not a key kind with a string value");
            append_key(e.keys, *key, value);
        }
    }
    const bool person = e.kind == event_kind::join || e.kind == event_kind::leave || e.kind == event_kind::evidence ||
                        e.kind == event_kind::heartbeat;
    if (person && (e.identity.empty() || e.connection.empty()))
        return fail(errc::missing_field, p.where() + ": a " + std::string(to_string(e.kind)) + " needs identity and connection");
    if (auto f = p.finish(); !f) return failure{f.err()};
    return e;
}

#undef RC_READ

void write_session_record(json_writer& w, const store::session_record& rec) {
    const auto& s = rec.spec;
    w.begin_object();
    w.field("id", s.id).field("type", s.type);
    opt_text(w, "teacher", s.teacher);
    texts(w, "students", s.students);
    opt_time(w, "scheduled_start", s.scheduled_start);
    opt_time(w, "scheduled_end", s.scheduled_end);
    w.field("package", s.package).field("rate", to_string(s.rate)).field("rate_minor", s.rate_minor);
    w.field("currency", s.currency);
    texts(w, "rooms", s.rooms);
    texts(w, "meetings", s.meetings);
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

void write_link(json_writer& w, const tracker::link_view& v) {
    const auto& l = v.link;
    w.begin_object();
    w.field("token", l.token).field("status", to_string(l.status));
    w.field("teacher", l.teacher).field("student", l.student).field("meeting_url", l.meeting_url);
    w.field("package", l.package).field("rate", to_string(l.rate)).field("rate_minor", l.rate_minor);
    w.field("currency", l.currency);
    opt_text(w, "session_id", l.session_id);
    w.field("sent_at", format_rfc3339(l.sent_at));
    opt_time(w, "clicked_at", l.clicked_at);
    opt_time(w, "last_heartbeat", l.last_heartbeat);
    opt_time(w, "ended_at", l.ended_at);
    w.field("room", v.room);
    w.field("duration_s", whole_seconds(v.duration));
    opt_time(w, "presence_end", v.presence_end);
    w.end_object();
}

void write_ingest_result(json_writer& w, const tracker::ingest_result& r) {
    w.begin_object();
    w.field("status", to_string(r.status));
    w.field("event", r.event_name);
    w.field("events_stored", r.events_stored).field("events_duplicate", r.events_duplicate);
    opt_text(w, "response", r.response_body);
    if (r.status == tracker::ingest_status::rejected) {
        w.field("code", errc_name(r.code)).field("message", r.message);
    } else {
        w.key("code").null().key("message").null();
    }
    // Where the events went (SPEC §11): a Zoom uuid with its numeric id is what a host links by.
    if (!r.rooms.empty()) {
        w.key("rooms").begin_array();
        for (const auto& k : r.rooms) w.begin_object().field("room", k.room).field("room_alt", k.room_alt).end_object();
        w.end_array();
    }
    w.end_object();
}

void write_batch_result(json_writer& w, const tracker::batch_result& b) {
    w.begin_object();
    w.field("requests", b.requests).field("stored", b.stored).field("duplicates", b.duplicates);
    w.field("rejected", b.rejected).field("events_stored", b.events_stored).field("events_duplicate", b.events_duplicate);
    w.key("results").begin_array();
    for (const auto& item : b.items) write_ingest_result(w, item);
    w.end_array();
    w.end_object();
}

void write_sweep_result(json_writer& w, const tracker::sweep_result& s) {
    w.begin_object();
    w.field("sessions_checked", s.sessions_checked).field("sessions_changed", s.sessions_changed);
    w.field("transitions", s.transitions).field("sessions_counted", s.sessions_counted);
    w.field("links_timed_out", s.links_timed_out);
    w.field("links_expired", s.links_expired);
    texts(w, "changed", s.changed);
    w.end_object();
}

void write_stats(json_writer& w, const store::store_stats& s) {
    w.begin_object();
    w.field("payloads", s.payloads).field("events", s.events).field("duplicates_skipped", s.duplicates_skipped);
    w.field("duplicate_payloads", s.duplicate_payloads).field("rejected", s.rejected);
    w.field("rejected_payloads", s.rejected_payloads).field("rooms", s.rooms).field("sessions", s.sessions);
    w.field("links", s.links).field("counted_sessions", s.counted_sessions).field("changes", s.changes);
    w.field("schema_version", s.schema_version);
    w.end_object();
}

void write_usage(json_writer& w, const store::package_usage& u) {
    w.begin_object().field("package", u.package).field("count", u.session_ids.size());
    texts(w, "sessions", u.session_ids);
    w.end_object();
}

void write_change_page(json_writer& w, const tracker::change_page& p) {
    w.begin_object();
    w.key("changes").begin_array();
    for (const auto& c : p.changes) {
        w.begin_object();
        w.field("seq", c.seq).field("at", format_rfc3339(c.at)).field("type", to_string(c.type));
        w.field("session_id", c.session_id).field("subject", c.subject);
        w.field("from", c.from).field("to", c.to).field("reason", c.reason);
        w.end_object();
    }
    w.end_array();
    w.field("cursor", p.cursor);
    w.end_object();
}

void write_reports_due(json_writer& w, const std::vector<tracker::report_due>& due) {
    w.begin_array();
    for (const auto& d : due) {
        w.begin_object().field("meeting", d.meeting_uuid).field("meeting_id", d.meeting_id);
        opt_time(w, "started_at", d.started_at);
        w.field("ended_at", format_rfc3339(d.ended_at)).field("request_path", d.request_path);
        texts(w, "sessions", d.sessions);
        w.end_object();
    }
    w.end_array();
}

void write_alias(json_writer& w, const alias& a) {
    w.begin_object();
    w.field("person", a.person).field("kind", to_string(a.kind)).field("value", a.value);
    w.key("session_id");
    if (a.session.empty()) w.null();
    else w.value(a.session);
    w.end_object();
}

}  // namespace rollcall::app
