// rollcall_replay: the scenario loader and evaluator behind `rollcall replay`, over the C ABI.
#include "capi_internal.hpp"
#include "rollcall/scenario.hpp"

using namespace rollcall::capi;

extern "C" rollcall_status rollcall_replay(const char* scenario_json, size_t scenario_len, char** out,
                                           size_t* out_len) {
    return guard_output(out, out_len, [&]() -> rollcall_status {
        if (out == nullptr) return null_argument("out");
        std::string_view text;
        if (!view_arg(scenario_json, scenario_len, text)) return null_argument("scenario_json");
        auto sc = rollcall::load_scenario(text);
        if (!sc) return set_error(sc.err());
        const std::string json = rollcall::replay_scenario_json(*sc);
        *out = to_buffer(json);
        if (out_len != nullptr) *out_len = json.size();
        return ROLLCALL_OK;
    });
}
