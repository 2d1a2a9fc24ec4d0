// Shared plumbing of the C ABI translation layer: thread-local error detail, the exception guard
// every entry point runs in, and library-owned buffers. Nothing here is exported.
#pragma once

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <string_view>

#include "rollcall.h"
#include "rollcall/error.hpp"

namespace rollcall::capi {

/// The calling thread's last status and message (rollcall_errcode / rollcall_errmsg).
struct thread_error {
    rollcall_status code = ROLLCALL_OK;
    std::string message;
};
thread_error& last_error() noexcept;

inline rollcall_status set_error(rollcall_status code, std::string_view message) noexcept {
    auto& e = last_error();
    e.code = code;
    try {
        e.message.assign(message);
    } catch (...) {
        e.message.clear();  // out of memory while reporting: the code still tells what happened
    }
    return code;
}
inline rollcall_status set_error(const error& err) noexcept {
    return set_error(static_cast<rollcall_status>(err.code), err.message);
}
inline rollcall_status set_ok() noexcept {
    auto& e = last_error();
    e.code = ROLLCALL_OK;
    e.message.clear();
    return ROLLCALL_OK;
}

/// Runs `body` (which returns a rollcall_status, or throws) and maps every exception to a status,
/// so that nothing thrown by the C++ core ever unwinds into C.
template <class F>
rollcall_status guard(F&& body) noexcept {
    try {
        const rollcall_status s = body();
        return s == ROLLCALL_OK ? set_ok() : s;
    } catch (const exception& e) {
        return set_error(e.err());
    } catch (const std::bad_alloc&) {
        return set_error(ROLLCALL_INTERNAL_ERROR, "out of memory");
    } catch (const std::exception& e) {
        return set_error(ROLLCALL_INTERNAL_ERROR, e.what());
    } catch (...) {
        return set_error(ROLLCALL_INTERNAL_ERROR, "unknown exception");
    }
}

/// `guard` for the calls that hand back a string: `*out` and `*out_len` are cleared before anything can
/// fail, so a caller may rollcall_free(*out) whatever the status.
template <class F>
rollcall_status guard_output(char** out, size_t* out_len, F&& body) noexcept {
    if (out != nullptr) *out = nullptr;
    if (out_len != nullptr) *out_len = 0;
    return guard(std::forward<F>(body));
}

inline rollcall_status null_argument(const char* name) noexcept {
    return set_error(ROLLCALL_INVALID_ARGUMENT, std::string(name) + " is NULL");
}

/// Copies `s` into a NUL-terminated malloc'd buffer released by rollcall_free.
inline char* to_buffer(std::string_view s) {
    auto* p = static_cast<char*>(std::malloc(s.size() + 1));
    if (p == nullptr) throw std::bad_alloc();
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

/// A (pointer, length) argument: NULL is only allowed when the length is 0.
inline bool view_arg(const char* p, std::size_t n, std::string_view& v) noexcept {
    if (p == nullptr && n != 0) return false;
    v = p == nullptr ? std::string_view{} : std::string_view{p, n};
    return true;
}

}  // namespace rollcall::capi
