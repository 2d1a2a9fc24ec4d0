// Tracker and Verifier classes of the addon: thin wrappers of rollcall_tracker / rollcall_verifier.
// Handles are held by shared_ptr so that a Promise still running on the thread pool keeps its tracker
// alive even if JavaScript closes it or drops it meanwhile: objects can be released in any order.
#include <memory>
#include <mutex>
#include <vector>
#include <optional>

#include "addon.hpp"

namespace rollcall_node {
namespace {

using tracker_ptr = std::shared_ptr<rollcall_tracker>;

/// Unix ms from a JS number; undefined/null → the system clock.
int64_t time_arg(const Napi::Value& v, const char* name) {
    if (v.IsUndefined() || v.IsNull()) return ROLLCALL_NOW;
    if (!v.IsNumber()) raise(v.Env(), failure{ROLLCALL_INVALID_ARGUMENT, std::string(name) + " must be Unix milliseconds"});
    return v.As<Napi::Number>().Int64Value();
}

std::optional<std::string> optional_string(const Napi::Object& o, const char* key) {
    Napi::Value v = o.Get(key);
    if (v.IsUndefined() || v.IsNull()) return std::nullopt;
    return string_arg(v, key);
}

/// An owned copy of a JS string/Buffer or nothing; `ptr()` is what the C call takes.
struct owned_text {
    std::optional<std::string> text;
    const char* ptr() const { return text ? text->c_str() : nullptr; }
};

/// A request (platform, header block, body, options) copied out of JS, so it can cross threads.
struct request_args {
    std::string platform, headers, body;
    owned_text request_url;
    int64_t now_ms = ROLLCALL_NOW;

    static request_args read(const Napi::CallbackInfo& info) {
        request_args r;
        r.platform = string_arg(info[0], "platform");
        r.headers = info[1].IsUndefined() || info[1].IsNull() ? std::string() : string_arg(info[1], "headers");
        r.body = bytes_arg(info[2], "body");
        if (info[3].IsObject()) {
            auto o = info[3].As<Napi::Object>();
            r.request_url.text = optional_string(o, "requestUrl");
            r.now_ms = time_arg(o.Get("nowMs"), "nowMs");
        }
        return r;
    }
    rollcall_request_options options() const {
        rollcall_request_options o = ROLLCALL_REQUEST_OPTIONS_INIT;
        o.request_url = request_url.ptr();
        o.now_ms = now_ms;
        return o;
    }
};

/// The ingest result (docs/json.md), built from the accessors: the per-webhook hot path skips
/// producing and parsing JSON text. Keys in the order of the JSON shape, so JSON.stringify matches it.
Napi::Object ingest_object(Napi::Env env, const rollcall_ingest_result* r) {
    auto o = Napi::Object::New(env);
    o.Set("status", rollcall_ingest_result_outcome(r) == ROLLCALL_INGEST_DUPLICATE ? "duplicate" : "stored");
    o.Set("event", rollcall_ingest_result_event(r));
    o.Set("events_stored", Napi::Number::New(env, static_cast<double>(rollcall_ingest_result_stored(r))));
    o.Set("events_duplicate", Napi::Number::New(env, static_cast<double>(rollcall_ingest_result_duplicates(r))));
    const char* response = rollcall_ingest_result_response(r);
    o.Set("response", response == nullptr ? env.Null() : Napi::String::New(env, response));
    o.Set("code", env.Null());
    o.Set("message", env.Null());
    if (const size_t n = rollcall_ingest_result_room_count(r); n > 0) {
        auto rooms = Napi::Array::New(env, n);
        for (size_t i = 0; i < n; ++i) {
            auto k = Napi::Object::New(env);
            k.Set("room", rollcall_ingest_result_room(r, i));
            k.Set("room_alt", rollcall_ingest_result_room_alt(r, i));
            rooms.Set(static_cast<uint32_t>(i), k);
        }
        o.Set("rooms", rooms);
    }
    return o;
}

/// An application-layer call (method name, parameters as JSON text) copied out of JS.
struct call_args {
    std::string method, params;

    static call_args read(const Napi::CallbackInfo& info) {
        call_args a;
        a.method = string_arg(info[0], "method");
        if (!info[1].IsUndefined() && !info[1].IsNull()) a.params = bytes_arg(info[1], "params");
        return a;
    }

    /// Runs the call on the calling thread; returns the answer or the failure.
    rollcall_status run(rollcall_tracker* t, std::string& text, failure& f) const {
        char* out = nullptr;
        size_t len = 0;
        const rollcall_status s = rollcall_tracker_call(t, method.c_str(), params.data(), params.size(), &out, &len);
        if (s != ROLLCALL_OK) {
            f = failure::capture(s);
            return s;
        }
        text.assign(out, len);
        rollcall_free(out);
        return ROLLCALL_OK;
    }
};

/// Takes a library buffer into a JS string.
Napi::Value take_buffer(Napi::Env env, rollcall_status s, char* out, size_t len) {
    if (s != ROLLCALL_OK) raise(env, failure::capture(s));
    Napi::String str = Napi::String::New(env, out, len);
    rollcall_free(out);
    return str;
}

void check(Napi::Env env, rollcall_status s) {
    if (s != ROLLCALL_OK) raise(env, failure::capture(s));
}

/// Asynchronous ingest. A webhook server has many requests in flight at once; a thread-pool hop per
/// request costs several times the ingest itself (waking a pool thread, then the event loop). So the
/// requests of one tracker wait in a queue, and one worker at a time drains everything queued when it
/// starts: N concurrent ingests share the hops. Each request is still its own call (its own
/// transaction, acknowledged only after its commit) and settles its own Promise.
class ingest_queue : public std::enable_shared_from_this<ingest_queue> {
public:
    explicit ingest_queue(tracker_ptr t) : tracker_(std::move(t)) {}

    Napi::Promise add(Napi::Env env, request_args args) {
        auto deferred = Napi::Promise::Deferred::New(env);
        auto promise = deferred.Promise();
        std::lock_guard lock(mutex_);
        waiting_.push_back(job{std::move(args), std::move(deferred), ROLLCALL_OK, {}, nullptr});
        if (!running_) {
            running_ = true;
            (new drain(env, shared_from_this()))->Queue();  // deleted by node-addon-api after OnOK
        }
        return promise;
    }

private:
    struct result_free {
        void operator()(rollcall_ingest_result* r) const { rollcall_ingest_result_free(r); }
    };
    struct job {
        request_args args;
        Napi::Promise::Deferred deferred;
        rollcall_status status = ROLLCALL_OK;
        failure error;
        std::unique_ptr<rollcall_ingest_result, result_free> result;
    };

    class drain : public Napi::AsyncWorker {
    public:
        drain(Napi::Env env, std::shared_ptr<ingest_queue> q) : Napi::AsyncWorker(env), q_(std::move(q)) {}

        void Execute() override {  // on a libuv pool thread: errmsg is read on this same thread
            {
                std::lock_guard lock(q_->mutex_);
                batch_.swap(q_->waiting_);
            }
            for (auto& j : batch_) {
                const auto o = j.args.options();
                rollcall_ingest_result* r = nullptr;
                j.status = rollcall_tracker_ingest(q_->tracker_.get(), j.args.platform.c_str(), j.args.headers.data(),
                                                   j.args.headers.size(), j.args.body.data(), j.args.body.size(), &o, &r);
                if (j.status != ROLLCALL_OK) j.error = failure::capture(j.status);
                j.result.reset(r);
            }
        }
        void OnOK() override {
            for (auto& j : batch_) {
                if (j.status != ROLLCALL_OK) j.deferred.Reject(make_error(Env(), j.error).Value());
                else j.deferred.Resolve(ingest_object(Env(), j.result.get()));
            }
            std::lock_guard lock(q_->mutex_);
            if (q_->waiting_.empty()) q_->running_ = false;
            else (new drain(Env(), q_))->Queue();  // what arrived while this batch ran
        }

    private:
        std::shared_ptr<ingest_queue> q_;
        std::vector<job> batch_;
    };

    tracker_ptr tracker_;
    std::mutex mutex_;
    std::vector<job> waiting_;
    bool running_ = false;
};

class call_worker : public Napi::AsyncWorker {
public:
    call_worker(Napi::Env env, tracker_ptr t, call_args args)
        : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), tracker_(std::move(t)), args_(std::move(args)) {}
    Napi::Promise promise() { return deferred_.Promise(); }
    void Execute() override { status_ = args_.run(tracker_.get(), text_, failure_); }
    void OnOK() override {
        if (status_ != ROLLCALL_OK) deferred_.Reject(make_error(Env(), failure_).Value());
        else deferred_.Resolve(Napi::String::New(Env(), text_));
    }

private:
    Napi::Promise::Deferred deferred_;
    tracker_ptr tracker_;
    call_args args_;
    rollcall_status status_ = ROLLCALL_OK;
    failure failure_;
    std::string text_;
};

class tracker_wrap : public Napi::ObjectWrap<tracker_wrap> {
public:
    static Napi::Function define(Napi::Env env) {
        return DefineClass(env, "NativeTracker",
                           {InstanceMethod("close", &tracker_wrap::close),
                            InstanceMethod("ingestSync", &tracker_wrap::ingest_sync),
                            InstanceMethod("bindIngestSlots", &tracker_wrap::bind_ingest_slots),
                            InstanceMethod("lastResponse", &tracker_wrap::last_response),
                            InstanceMethod("ingest", &tracker_wrap::ingest_async),
                            InstanceMethod("call", &tracker_wrap::call_sync),
                            InstanceMethod("callAsync", &tracker_wrap::call_async)});
    }

    explicit tracker_wrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<tracker_wrap>(info) {
        const std::string path = string_arg(info[0], "path");
        owned_text config;
        if (!info[1].IsUndefined() && !info[1].IsNull()) config.text = string_arg(info[1], "config");
        rollcall_open_options o = ROLLCALL_OPEN_OPTIONS_INIT;
        o.config_json = config.ptr();
        rollcall_tracker* t = nullptr;
        check(info.Env(), rollcall_tracker_open(path.c_str(), &o, &t));
        tracker_ = tracker_ptr(t, rollcall_tracker_free);
    }

private:
    rollcall_tracker* get(Napi::Env env) const {
        if (!tracker_) raise(env, failure{ROLLCALL_INVALID_ARGUMENT, "the tracker is closed"});
        return tracker_.get();
    }

    Napi::Value close(const Napi::CallbackInfo& info) {
        tracker_.reset();  // running Promises keep their own reference
        ingests_.reset();  // a drain in progress holds the queue (and so the tracker) until it is done
        return info.Env().Undefined();
    }

    /// The synchronous ingest hands its numbers back through a Float64Array shared with index.js
    /// (`bindIngestSlots`) and returns only the event name; index.js builds the result object. Building
    /// it here took seven property sets, each creating its key string anew (node-api cannot keep a
    /// string alive between calls before version 10): ≈ 0.9 µs of a 9 µs webhook
    /// (benchmarks/bench_boundary.sh, docs/benchmarks.md "Boundary").
    /// Slots: [0] 1 when every event was a duplicate, [1] events stored, [2] events skipped as
    /// duplicates, [3] 1 when the platform expects a response body (read it with `lastResponse`).
    /// Returns the event name, or [event, room, room_alt, ...] when the events went to rooms.
    Napi::Value ingest_sync(const Napi::CallbackInfo& info) {
        auto t = get(info.Env());
        if (slots_ == nullptr) raise(info.Env(), failure{ROLLCALL_INVALID_ARGUMENT, "bindIngestSlots was not called"});
        const auto args = request_args::read(info);
        const auto o = args.options();
        rollcall_ingest_result* r = nullptr;
        check(info.Env(), rollcall_tracker_ingest(t, args.platform.c_str(), args.headers.data(), args.headers.size(),
                                                  args.body.data(), args.body.size(), &o, &r));
        slots_[0] = rollcall_ingest_result_outcome(r) == ROLLCALL_INGEST_DUPLICATE ? 1 : 0;
        slots_[1] = static_cast<double>(rollcall_ingest_result_stored(r));
        slots_[2] = static_cast<double>(rollcall_ingest_result_duplicates(r));
        const char* response = rollcall_ingest_result_response(r);
        slots_[3] = response == nullptr ? 0 : 1;
        if (response != nullptr) last_response_ = response;
        Napi::Env env = info.Env();
        Napi::Value answer = Napi::String::New(env, rollcall_ingest_result_event(r));
        if (const size_t n = rollcall_ingest_result_room_count(r); n > 0) {
            // The rooms its events went to, flat: [event, room, room_alt, room, room_alt, ...].
            auto flat = Napi::Array::New(env, 1 + 2 * n);
            flat.Set(uint32_t{0}, answer);
            for (size_t i = 0; i < n; ++i) {
                flat.Set(static_cast<uint32_t>(1 + 2 * i), rollcall_ingest_result_room(r, i));
                flat.Set(static_cast<uint32_t>(2 + 2 * i), rollcall_ingest_result_room_alt(r, i));
            }
            answer = flat;
        }
        rollcall_ingest_result_free(r);
        return answer;
    }

    Napi::Value bind_ingest_slots(const Napi::CallbackInfo& info) {
        if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array ||
            info[0].As<Napi::Float64Array>().ElementLength() < 4)
            raise(info.Env(), failure{ROLLCALL_INVALID_ARGUMENT, "ingest slots must be a Float64Array of 4"});
        auto slots = info[0].As<Napi::Float64Array>();
        slots_ref_ = Napi::Persistent(slots);  // keeps the memory `slots_` points into alive
        slots_ = slots.Data();
        return info.Env().Undefined();
    }

    Napi::Value last_response(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), last_response_); }

    Napi::Value ingest_async(const Napi::CallbackInfo& info) {
        get(info.Env());
        if (!ingests_) ingests_ = std::make_shared<ingest_queue>(tracker_);
        return ingests_->add(info.Env(), request_args::read(info));
    }

    /// An application-layer method on the calling thread: its answer as text.
    Napi::Value call_sync(const Napi::CallbackInfo& info) {
        auto t = get(info.Env());
        const auto args = call_args::read(info);
        std::string text;
        failure f;
        if (args.run(t, text, f) != ROLLCALL_OK) raise(info.Env(), f);
        return Napi::String::New(info.Env(), text);
    }
    /// The same on the thread pool: a Promise of the text.
    Napi::Value call_async(const Napi::CallbackInfo& info) {
        get(info.Env());
        auto* w = new call_worker(info.Env(), tracker_, call_args::read(info));
        auto p = w->promise();
        w->Queue();  // deleted by node-addon-api after OnOK
        return p;
    }

    tracker_ptr tracker_;
    std::shared_ptr<ingest_queue> ingests_;
    Napi::Reference<Napi::Float64Array> slots_ref_;
    double* slots_ = nullptr;
    std::string last_response_;
};

class verifier_wrap : public Napi::ObjectWrap<verifier_wrap> {
public:
    static Napi::Function define(Napi::Env env) {
        return DefineClass(env, "NativeVerifier", {InstanceMethod("parse", &verifier_wrap::parse)});
    }
    explicit verifier_wrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<verifier_wrap>(info) {
        const std::string config = string_arg(info[0], "config");
        rollcall_verifier* v = nullptr;
        check(info.Env(), rollcall_verifier_new(config.c_str(), &v));
        verifier_ = std::shared_ptr<rollcall_verifier>(v, rollcall_verifier_free);
    }

private:
    Napi::Value parse(const Napi::CallbackInfo& info) {
        const auto args = request_args::read(info);
        const auto o = args.options();
        char* out = nullptr;
        size_t len = 0;
        const auto s = rollcall_verifier_parse(verifier_.get(), args.platform.c_str(), args.headers.data(), args.headers.size(),
                                               args.body.data(), args.body.size(), &o, &out, &len);
        return take_buffer(info.Env(), s, out, len);
    }
    std::shared_ptr<rollcall_verifier> verifier_;
};

}  // namespace

Napi::Object init_tracker(Napi::Env env, Napi::Object exports, addon_data* data) {
    Napi::Function tracker = tracker_wrap::define(env);
    data->tracker_class = Napi::Persistent(tracker);
    exports.Set("NativeTracker", tracker);
    exports.Set("NativeVerifier", verifier_wrap::define(env));
    return exports;
}

}  // namespace rollcall_node
