// Module entry: version checks, errors, stateless functions (replay). The Tracker lives in tracker.cpp.
#include "addon.hpp"

namespace rollcall_node {

Napi::Error make_error(Napi::Env env, const failure& f) {
    auto* data = env.GetInstanceData<addon_data>();
    const std::string message = f.message.empty() ? rollcall_errstr(f.status) : f.message;
    Napi::Value code = Napi::String::New(env, rollcall_errstr(f.status));
    Napi::Value status = Napi::Number::New(env, f.status);
    if (data != nullptr && !data->error_class.IsEmpty())
        return Napi::Error(env, data->error_class.New({Napi::String::New(env, message), code, status}));
    Napi::Error e = Napi::Error::New(env, message);
    e.Set("code", code);
    e.Set("status", status);
    return e;
}

std::string bytes_arg(const Napi::Value& v, const char* name) {
    if (v.IsString()) return v.As<Napi::String>().Utf8Value();
    if (v.IsTypedArray()) {
        auto a = v.As<Napi::TypedArray>();
        const auto* base = static_cast<const char*>(a.ArrayBuffer().Data()) + a.ByteOffset();
        return std::string(base, a.ByteLength());
    }
    raise(v.Env(), failure{ROLLCALL_INVALID_ARGUMENT, std::string(name) + " must be a string, Buffer or Uint8Array"});
}

std::string string_arg(const Napi::Value& v, const char* name) {
    if (!v.IsString()) raise(v.Env(), failure{ROLLCALL_INVALID_ARGUMENT, std::string(name) + " must be a string"});
    return v.As<Napi::String>().Utf8Value();
}

namespace {

Napi::Value set_error_class(const Napi::CallbackInfo& info) {
    if (!info[0].IsFunction()) raise(info.Env(), failure{ROLLCALL_INVALID_ARGUMENT, "RollcallError must be a class"});
    info.Env().GetInstanceData<addon_data>()->error_class = Napi::Persistent(info[0].As<Napi::Function>());
    return info.Env().Undefined();
}

Napi::Value errstr(const Napi::CallbackInfo& info) {
    if (!info[0].IsNumber()) raise(info.Env(), failure{ROLLCALL_INVALID_ARGUMENT, "status must be a number"});
    return Napi::String::New(info.Env(), rollcall_errstr(info[0].As<Napi::Number>().Int32Value()));
}

/// A stateless C call that takes JSON text and answers with JSON text (replay, evaluate).
template <rollcall_status (*Fn)(const char*, size_t, char**, size_t*)>
Napi::Value json_call(const Napi::CallbackInfo& info) {
    const std::string input = bytes_arg(info[0], "input");
    char* out = nullptr;
    size_t len = 0;
    const rollcall_status s = Fn(input.data(), input.size(), &out, &len);
    if (s != ROLLCALL_OK) raise(info.Env(), failure::capture(s));
    Napi::String result = Napi::String::New(info.Env(), out, len);
    rollcall_free(out);
    return result;
}

}  // namespace

Napi::Object init(Napi::Env env, Napi::Object exports) {
    auto* data = new addon_data();
    env.SetInstanceData(data);  // deleted by node-addon-api when this environment shuts down
    exports.Set("headerVersion", Napi::Number::New(env, ROLLCALL_VERSION_NUMBER));
    exports.Set("libraryVersion", Napi::Number::New(env, rollcall_version()));
    exports.Set("libraryVersionString", Napi::String::New(env, rollcall_version_string()));
    exports.Set("setErrorClass", Napi::Function::New(env, set_error_class, "setErrorClass"));
    exports.Set("errstr", Napi::Function::New(env, errstr, "errstr"));
    exports.Set("replay", Napi::Function::New(env, json_call<rollcall_replay>, "replay"));
    exports.Set("evaluate", Napi::Function::New(env, json_call<rollcall_evaluate>, "evaluate"));
    return init_tracker(env, exports, data);
}

}  // namespace rollcall_node

static Napi::Object module_init(Napi::Env env, Napi::Object exports) { return rollcall_node::init(env, exports); }

NODE_API_MODULE(rollcall, module_init)
