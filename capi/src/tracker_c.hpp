// The C handle of a tracker: the C++ tracker behind a mutex, since the C ABI promises that one
// tracker may be shared between threads while the C++ tracker is used by one thread at a time.
#pragma once

#include <mutex>

#include "capi_internal.hpp"
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

}  // namespace rollcall::capi
