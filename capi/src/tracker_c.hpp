// The C handle of a tracker: the C++ tracker behind a mutex, since the C ABI promises that one
// tracker may be shared between threads while the C++ tracker is used by one thread at a time.
#pragma once

#include <mutex>

#include "app/app.hpp"
#include "capi_internal.hpp"
#include "rollcall/json_writer.hpp"
#include "tracker/tracker.hpp"

struct rollcall_tracker {
    explicit rollcall_tracker(rollcall::tracker::tracker t) : impl(std::move(t)) {}
    std::mutex mutex;
    rollcall::tracker::tracker impl;
};

namespace rollcall::capi {

/// Hands `json` to the caller as a library buffer (and its length when asked).
inline rollcall_status give(const std::string& json, char** out, size_t* out_len) {
    *out = to_buffer(json);
    if (out_len != nullptr) *out_len = json.size();
    return ROLLCALL_OK;
}

/// Runs an application-layer method under the tracker's lock and returns its answer (the C ABI's
/// functions are this plus argument checks, so they answer exactly what the CLI and bindings do).
inline result<std::string> call_locked(rollcall_tracker* tracker, std::string_view method, std::string_view params) {
    std::lock_guard lock(tracker->mutex);
    return app::call(tracker->impl, method, params);
}

/// The same, handing the answer to the caller (`out` may be NULL to discard it).
inline rollcall_status call_into(rollcall_tracker* tracker, std::string_view method, std::string_view params, char** out,
                                 size_t* out_len) {
    auto r = call_locked(tracker, method, params);
    if (!r) return set_error(r.err());
    if (out != nullptr) return give(*r, out, out_len);
    return ROLLCALL_OK;
}

/// Adds "now" (Unix ms) to a method's parameters unless it is ROLLCALL_NOW (the method reads the clock).
inline void now_param(json_writer& params, int64_t now_ms) {
    if (now_ms != ROLLCALL_NOW) params.field("now", static_cast<std::int64_t>(now_ms));
}

}  // namespace rollcall::capi
