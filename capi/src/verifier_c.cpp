// rollcall_verifier: verify + parse without storage (the parsers of src/sources over the C ABI).
#include "capi_internal.hpp"
#include "request_c.hpp"
#include "rollcall/event_json.hpp"
#include "rollcall/json_writer.hpp"
#include "tracker/config.hpp"

struct rollcall_verifier {
    rollcall::sources::verify_config config;
};

using namespace rollcall::capi;

extern "C" {

rollcall_status rollcall_verifier_new(const char* config_json, rollcall_verifier** out) {
    if (out != nullptr) *out = nullptr;
    return guard([&]() -> rollcall_status {
        if (out == nullptr) return null_argument("out");
        if (config_json == nullptr) return null_argument("config_json");
        auto cfg = rollcall::tracker::parse_config(config_json);
        if (!cfg) return set_error(cfg.err());
        *out = new rollcall_verifier{std::move(cfg->verify)};
        return ROLLCALL_OK;
    });
}

void rollcall_verifier_free(rollcall_verifier* verifier) { delete verifier; }

rollcall_status rollcall_verifier_parse(const rollcall_verifier* verifier, const char* platform, const char* headers,
                                        size_t headers_len, const char* body, size_t body_len,
                                        const rollcall_request_options* options, char** out, size_t* out_len) {
    return guard_output(out, out_len, [&]() -> rollcall_status {
        if (verifier == nullptr) return null_argument("verifier");
        if (out == nullptr) return null_argument("out");
        auto req = make_request(platform, headers, headers_len, body, body_len, options);
        if (!req) return set_error(req.err());
        auto parsed = rollcall::sources::parse_request(verifier->config, *req);
        if (!parsed) return set_error(parsed.err());
        rollcall::json_writer w;
        w.begin_object();
        w.field("event", parsed->event_name);
        w.key("events").begin_array();
        for (const auto& e : parsed->events) rollcall::write_event_json(w, e);
        w.end_array();
        w.key("ignored").begin_array();
        for (const auto& s : parsed->ignored) w.value(s);
        w.end_array();
        w.key("notes").begin_array();
        for (const auto& s : parsed->notes) w.value(s);
        w.end_array();
        w.key("response");
        if (parsed->response_body) w.value(*parsed->response_body);
        else w.null();
        w.end_object();
        const std::string& json = w.str();
        *out = to_buffer(json);
        if (out_len != nullptr) *out_len = json.size();
        return ROLLCALL_OK;
    });
}

}  // extern "C"
