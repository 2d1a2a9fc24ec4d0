// rollcall_session_*, rollcall_link_* and rollcall_tracker_sweep: thin doors to the application layer's
// sessions.*, links.* and sweep methods (the same answers as the CLI and the bindings).
#include "tracker_c.hpp"

using namespace rollcall::capi;
namespace rc = rollcall;

namespace {

/// {"<key>": <the caller's JSON>, "now": at} for the methods that take a whole object.
std::string wrap(std::string_view key, std::string_view json, int64_t at_ms) {
    rc::json_writer p;
    p.begin_object().key(key).raw(json.find_first_not_of(" \t\r\n") == std::string_view::npos ? "null" : json);
    now_param(p, at_ms);
    p.end_object();
    return std::move(p).str();
}

/// {"token": token, "now": at} or {"id": id, ...}.
std::string keyed(std::string_view key, const char* value, int64_t at_ms) {
    rc::json_writer p;
    p.begin_object().field(key, value);
    now_param(p, at_ms);
    p.end_object();
    return std::move(p).str();
}

rollcall_status spec_call(rollcall_tracker* tracker, const char* method, const char* session_json, size_t len) {
    return guard([&]() -> rollcall_status {
        if (tracker == nullptr) return null_argument("tracker");
        std::string_view text;
        if (!view_arg(session_json, len, text) || session_json == nullptr) return null_argument("session_json");
        return call_into(tracker, method, wrap("sessions", text, ROLLCALL_NOW), nullptr, nullptr);
    });
}

/// click, heartbeat, end: the method on the token at `at_ms`.
rollcall_status link_change(rollcall_tracker* tracker, const char* method, const char* token, int64_t at_ms) {
    return guard([&]() -> rollcall_status {
        if (tracker == nullptr) return null_argument("tracker");
        if (token == nullptr) return null_argument("token");
        return call_into(tracker, method, keyed("token", token, at_ms), nullptr, nullptr);
    });
}

/// A method answering with text into out, keyed by one NUL-terminated argument.
rollcall_status keyed_output(rollcall_tracker* tracker, const char* method, const char* key, const char* value,
                             int64_t at_ms, char** out, size_t* out_len) {
    return guard_output(out, out_len, [&]() -> rollcall_status {
        if (tracker == nullptr) return null_argument("tracker");
        if (value == nullptr) return null_argument(key);
        if (out == nullptr) return null_argument("out");
        return call_into(tracker, method, keyed(std::string_view(key) == "session_id" ? "id" : key, value, at_ms), out, out_len);
    });
}

}  // namespace

extern "C" {

rollcall_status rollcall_tracker_call(rollcall_tracker* tracker, const char* method, const char* params_json,
                                      size_t params_len, char** out, size_t* out_len) {
    return guard_output(out, out_len, [&]() -> rollcall_status {
        if (tracker == nullptr) return null_argument("tracker");
        if (method == nullptr) return null_argument("method");
        if (out == nullptr) return null_argument("out");
        std::string_view params;
        if (!view_arg(params_json, params_len, params)) return null_argument("params_json");
        return call_into(tracker, method, params, out, out_len);
    });
}

rollcall_status rollcall_evaluate(const char* params_json, size_t params_len, char** out, size_t* out_len) {
    return guard_output(out, out_len, [&]() -> rollcall_status {
        if (out == nullptr) return null_argument("out");
        std::string_view params;
        if (!view_arg(params_json, params_len, params) || params_json == nullptr) return null_argument("params_json");
        auto r = rc::app::call_stateless("evaluate", params);
        if (!r) return set_error(r.err());
        return give(*r, out, out_len);
    });
}

rollcall_status rollcall_session_create(rollcall_tracker* tracker, const char* session_json, size_t len) {
    return spec_call(tracker, "sessions.create", session_json, len);
}

rollcall_status rollcall_session_update(rollcall_tracker* tracker, const char* session_json, size_t len) {
    return spec_call(tracker, "sessions.update", session_json, len);
}

rollcall_status rollcall_session_act(rollcall_tracker* tracker, const char* session_id, const char* action,
                                     int64_t at_ms) {
    return guard([&]() -> rollcall_status {
        if (tracker == nullptr) return null_argument("tracker");
        if (session_id == nullptr) return null_argument("session_id");
        if (action == nullptr) return null_argument("action");
        if (!rc::parse_session_action(action))
            return set_error(ROLLCALL_INVALID_ARGUMENT, "action '" + std::string(action).substr(0, 32) +
                                                            "' is not cancel, mark_absent or complete");
        rc::json_writer p;
        p.begin_object().field("id", session_id).field("action", action);
        now_param(p, at_ms);
        p.end_object();
        return call_into(tracker, "sessions.act", p.str(), nullptr, nullptr);
    });
}

rollcall_status rollcall_session_get(rollcall_tracker* tracker, const char* session_id, int64_t now_ms, char** out,
                                     size_t* out_len) {
    return keyed_output(tracker, "sessions.get", "session_id", session_id, now_ms, out, out_len);
}

rollcall_status rollcall_link_create(rollcall_tracker* tracker, const char* link_json, size_t len, int64_t at_ms,
                                     char** out, size_t* out_len) {
    return guard_output(out, out_len, [&]() -> rollcall_status {
        if (tracker == nullptr) return null_argument("tracker");
        if (out == nullptr) return null_argument("out");
        std::string_view text;
        if (!view_arg(link_json, len, text) || link_json == nullptr) return null_argument("link_json");
        return call_into(tracker, "links.create", wrap("link", text, at_ms), out, out_len);
    });
}

rollcall_status rollcall_link_click(rollcall_tracker* tracker, const char* token, int64_t at_ms) {
    return link_change(tracker, "links.click", token, at_ms);
}

rollcall_status rollcall_link_heartbeat(rollcall_tracker* tracker, const char* token, int64_t at_ms) {
    return link_change(tracker, "links.heartbeat", token, at_ms);
}

rollcall_status rollcall_link_end(rollcall_tracker* tracker, const char* token, int64_t at_ms) {
    return link_change(tracker, "links.end", token, at_ms);
}

rollcall_status rollcall_link_get(rollcall_tracker* tracker, const char* token, int64_t now_ms, char** out,
                                  size_t* out_len) {
    return keyed_output(tracker, "links.get", "token", token, now_ms, out, out_len);
}

rollcall_status rollcall_tracker_sweep(rollcall_tracker* tracker, int64_t now_ms, char** out, size_t* out_len) {
    return guard_output(out, out_len, [&]() -> rollcall_status {
        if (tracker == nullptr) return null_argument("tracker");
        if (out == nullptr) return null_argument("out");
        rc::json_writer p;
        p.begin_object();
        now_param(p, now_ms);
        p.end_object();
        return call_into(tracker, "sweep", p.str(), out, out_len);
    });
}

}  // extern "C"
