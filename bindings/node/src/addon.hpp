// Shared pieces of the Node addon: per-environment data (one per main thread or worker) and the
// conversion of a rollcall status into a thrown or rejected RollcallError.
#pragma once

#include <napi.h>

#include <string>

#include "rollcall.h"

namespace rollcall_node {

/// Per-environment state: each worker_threads Worker loads its own copy of the addon.
struct addon_data {
    Napi::FunctionReference error_class;  ///< RollcallError, registered by index.js
    Napi::FunctionReference tracker_class;
};

/// A failure captured on the thread that made the C call (errmsg is thread-local).
struct failure {
    rollcall_status status = ROLLCALL_OK;
    std::string message;
    static failure capture(rollcall_status s) { return failure{s, rollcall_errmsg()}; }
};

/// A RollcallError object (message, code name, numeric status) to throw or reject with.
Napi::Error make_error(Napi::Env env, const failure& f);

/// Throws `f` as a RollcallError.
[[noreturn]] inline void raise(Napi::Env env, const failure& f) { throw make_error(env, f); }

/// Bytes of a string, Buffer or Uint8Array argument (copied: async work outlives the call).
std::string bytes_arg(const Napi::Value& v, const char* name);
/// A string argument; `null`/`undefined` allowed when `optional`.
std::string string_arg(const Napi::Value& v, const char* name);


Napi::Object init_tracker(Napi::Env env, Napi::Object exports, addon_data* data);

}  // namespace rollcall_node
