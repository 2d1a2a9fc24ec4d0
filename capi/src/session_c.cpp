// rollcall_session_* and rollcall_link_*: sessions, host actions and tracked links over the C ABI.
#include "json_input_c.hpp"
#include "request_c.hpp"
#include "rollcall/json_writer.hpp"
#include "rollcall/result_json.hpp"
#include "tracker_c.hpp"

using namespace rollcall::capi;
namespace rc = rollcall;

namespace {

void write_ms(rc::json_writer& w, std::string_view key, const std::optional<rc::instant>& t) {
    w.key(key);
    if (t) w.value(rc::to_unix_ms(*t));
    else w.null();
}

std::string describe_link(const rc::tracker::link_view& v) {
    const auto& l = v.link;
    rc::json_writer w;
    w.begin_object();
    w.field("token", l.token);
    w.field("status", to_string(l.status));
    w.field("teacher", l.teacher);
    w.field("student", l.student);
    w.field("meeting_url", l.meeting_url);
    w.field("package", l.package);
    w.field("rate", to_string(l.rate));
    w.field("rate_minor", l.rate_minor);
    w.field("currency", l.currency);
    w.key("session_id");
    if (l.session_id) w.value(*l.session_id);
    else w.null();
    w.field("sent_at_ms", rc::to_unix_ms(l.sent_at));
    write_ms(w, "clicked_at_ms", l.clicked_at);
    write_ms(w, "last_heartbeat_ms", l.last_heartbeat);
    write_ms(w, "ended_at_ms", l.ended_at);
    w.field("duration_s", rc::whole_seconds(v.duration));
    write_ms(w, "presence_end_ms", v.presence_end);
    w.field("room", v.room);
    w.end_object();
    return std::move(w).str();
}

/// Runs a link state change (click, heartbeat, end) under the tracker's lock.
template <class F>
rollcall_status link_change(rollcall_tracker* tracker, const char* token, F&& change) {
    return guard([&]() -> rollcall_status {
        if (tracker == nullptr) return null_argument("tracker");
        if (token == nullptr) return null_argument("token");
        std::lock_guard lock(tracker->mutex);
        auto r = change(tracker->impl, std::string_view(token));
        if (!r) return set_error(r.err());
        return ROLLCALL_OK;
    });
}

/// Create or update: the same argument checks and parse, then `apply` (a tracker member) under the lock.
template <class Apply>
rollcall_status apply_session_spec(rollcall_tracker* tracker, const char* session_json, size_t len, Apply apply) {
    return guard([&]() -> rollcall_status {
        if (tracker == nullptr) return null_argument("tracker");
        std::string_view text;
        if (!view_arg(session_json, len, text)) return null_argument("session_json");
        auto spec = parse_session_json(text);
        if (!spec) return set_error(spec.err());
        std::lock_guard lock(tracker->mutex);
        auto r = (tracker->impl.*apply)(*spec, clock_or(ROLLCALL_NOW));
        return r ? ROLLCALL_OK : set_error(r.err());
    });
}

}  // namespace

extern "C" {

rollcall_status rollcall_session_create(rollcall_tracker* tracker, const char* session_json, size_t len) {
    return apply_session_spec(tracker, session_json, len, &rc::tracker::tracker::create_session);
}

rollcall_status rollcall_session_update(rollcall_tracker* tracker, const char* session_json, size_t len) {
    return apply_session_spec(tracker, session_json, len, &rc::tracker::tracker::update_session);
}

rollcall_status rollcall_session_act(rollcall_tracker* tracker, const char* session_id, const char* action,
                                     int64_t at_ms) {
    return guard([&]() -> rollcall_status {
        if (tracker == nullptr) return null_argument("tracker");
        if (session_id == nullptr) return null_argument("session_id");
        if (action == nullptr) return null_argument("action");
        const auto a = rc::parse_session_action(action);
        if (!a)
            return set_error(ROLLCALL_INVALID_ARGUMENT, "action '" + std::string(action).substr(0, 32) +
                                                            "' is not cancel, mark_absent or complete");
        std::lock_guard lock(tracker->mutex);
        auto r = tracker->impl.act(session_id, *a, clock_or(at_ms));
        return r ? ROLLCALL_OK : set_error(r.err());
    });
}

rollcall_status rollcall_session_get(rollcall_tracker* tracker, const char* session_id, int64_t now_ms, char** out,
                                     size_t* out_len) {
    return guard_output(out, out_len, [&]() -> rollcall_status {
        if (tracker == nullptr) return null_argument("tracker");
        if (session_id == nullptr) return null_argument("session_id");
        if (out == nullptr) return null_argument("out");
        std::unique_lock lock(tracker->mutex);
        auto rec = tracker->impl.get_session(session_id);
        if (!rec) return set_error(rec.err());
        auto eval = tracker->impl.evaluate(session_id, clock_or(now_ms));
        if (!eval) return set_error(eval.err());
        lock.unlock();
        rc::json_writer w;
        w.begin_object();
        w.field("id", rec->spec.id);
        w.field("status", to_string(rec->status));
        w.field("status_reason", rec->status_reason);
        w.key("history").begin_array();
        for (const auto& h : rec->history) {
            w.begin_object();
            w.field("from", to_string(h.from));
            w.field("to", to_string(h.to));
            w.field("at", rc::format_rfc3339(h.at));
            w.field("at_ms", rc::to_unix_ms(h.at));
            w.field("reason", h.reason);
            w.end_object();
        }
        w.end_array();
        w.key("evaluation");
        rc::write_session_result_json(w, *eval);
        w.end_object();
        return give(w.str(), out, out_len);
    });
}

rollcall_status rollcall_link_create(rollcall_tracker* tracker, const char* link_json, size_t len, int64_t at_ms,
                                     char** out, size_t* out_len) {
    return guard_output(out, out_len, [&]() -> rollcall_status {
        if (tracker == nullptr) return null_argument("tracker");
        if (out == nullptr) return null_argument("out");
        std::string_view text;
        if (!view_arg(link_json, len, text)) return null_argument("link_json");
        auto spec = parse_link_json(text);
        if (!spec) return set_error(spec.err());
        const auto now = clock_or(at_ms);
        std::lock_guard lock(tracker->mutex);
        auto created = tracker->impl.create_link(*spec, now);
        if (!created) return set_error(created.err());
        auto view = tracker->impl.link_status(created->token, now);
        if (!view) return set_error(view.err());
        return give(describe_link(*view), out, out_len);
    });
}

rollcall_status rollcall_link_click(rollcall_tracker* tracker, const char* token, int64_t at_ms) {
    return link_change(tracker, token, [&](rc::tracker::tracker& t, std::string_view tok) { return t.click(tok, clock_or(at_ms)); });
}

rollcall_status rollcall_link_heartbeat(rollcall_tracker* tracker, const char* token, int64_t at_ms) {
    return link_change(tracker, token, [&](rc::tracker::tracker& t, std::string_view tok) { return t.heartbeat(tok, clock_or(at_ms)); });
}

rollcall_status rollcall_link_end(rollcall_tracker* tracker, const char* token, int64_t at_ms) {
    return link_change(tracker, token, [&](rc::tracker::tracker& t, std::string_view tok) { return t.end(tok, clock_or(at_ms)); });
}

rollcall_status rollcall_link_get(rollcall_tracker* tracker, const char* token, int64_t now_ms, char** out,
                                  size_t* out_len) {
    return guard_output(out, out_len, [&]() -> rollcall_status {
        if (tracker == nullptr) return null_argument("tracker");
        if (token == nullptr) return null_argument("token");
        if (out == nullptr) return null_argument("out");
        std::unique_lock lock(tracker->mutex);
        auto view = tracker->impl.link_status(token, clock_or(now_ms));
        lock.unlock();
        if (!view) return set_error(view.err());
        return give(describe_link(*view), out, out_len);
    });
}

rollcall_status rollcall_tracker_sweep(rollcall_tracker* tracker, int64_t now_ms, char** out, size_t* out_len) {
    return guard_output(out, out_len, [&]() -> rollcall_status {
        if (tracker == nullptr) return null_argument("tracker");
        if (out == nullptr) return null_argument("out");
        std::unique_lock lock(tracker->mutex);
        auto r = tracker->impl.sweep(clock_or(now_ms));
        lock.unlock();
        if (!r) return set_error(r.err());
        rc::json_writer w;
        w.begin_object();
        w.field("sessions_checked", r->sessions_checked);
        w.field("sessions_changed", r->sessions_changed);
        w.field("transitions", r->transitions);
        w.field("sessions_counted", r->sessions_counted);
        w.field("links_timed_out", r->links_timed_out);
        w.key("changed").begin_array();
        for (const auto& id : r->changed) w.value(id);
        w.end_array();
        w.end_object();
        return give(w.str(), out, out_len);
    });
}

}  // extern "C"
