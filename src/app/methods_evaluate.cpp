// The stateless methods: evaluate (a session and the events the host keeps in its own database) and
// replay (a scenario file, SPEC §10). Nothing is stored; the answer is a pure function of the input.
#include "app/methods.hpp"
#include "app/shapes.hpp"
#include "rollcall/evaluate.hpp"
#include "rollcall/policy_json.hpp"
#include "rollcall/result_json.hpp"
#include "rollcall/scenario.hpp"

namespace rollcall::app::methods {
namespace {

result<std::vector<event>> read_events(params& p) {
    auto v = p.get("events");
    if (!v) return fail(errc::missing_field, p.where() + ".events: required (an array, possibly empty)");
    simdjson::dom::array arr;
    if (v->get_array().get(arr)) return p.bad("events", "must be an array of events");
    std::vector<event> out;
    out.reserve(arr.size());
    std::size_t i = 0;
    for (simdjson::dom::element x : arr) {
        const std::string where = p.where() + ".events[" + std::to_string(i++) + "]";
        simdjson::dom::object obj;
        if (x.get_object().get(obj)) return fail(errc::invalid_value, where + ": must be an object");
        auto ep = params::of(obj, where);
        RC_TRY(e, read_event(ep));
        out.push_back(std::move(*e));
    }
    return out;
}

}  // namespace

result<std::string> evaluate(params& p) {
    auto sv = p.get("session");
    if (!sv) return fail(errc::missing_field, p.where() + ".session: required");
    simdjson::dom::object sobj;
    if (sv->get_object().get(sobj)) return p.bad("session", "must be an object");
    auto sp = params::of(sobj, p.where() + ".session");
    RC_TRY(spec, read_session_spec(sp));
    RC_TRY(events, read_events(p));
    policy pol;
    if (auto pv = p.get("policy")) {
        if (!pv->is_object()) return p.bad("policy", "must be an object of policy keys (SPEC §9)");
        auto parsed = parse_policy_json(simdjson::minify(*pv), policy{}, p.where() + ".policy");
        if (!parsed) return fail(errc::invalid_value, parsed.err().message);  // input, not configuration
        pol = *parsed;
    }
    RC_TRY(status, p.name("status", parse_session_status, "unscheduled, scheduled, ready, ongoing, completed, absent, cancelled"));
    RC_TRY(reason, p.text("status_reason"));
    RC_TRY(now, p.now());
    if (auto f = p.finish(); !f) return failure{f.err()};
    if (spec->scheduled_start.has_value() != spec->scheduled_end.has_value())
        return fail(errc::invalid_value, p.where() + ".session: scheduled_start and scheduled_end go together");
    if (spec->scheduled_start && *spec->scheduled_end <= *spec->scheduled_start)
        return fail(errc::invalid_value, p.where() + ".session.scheduled_end: must be after scheduled_start");
    const auto r = evaluate_session(*spec, *events, pol, *now, *status, reason->value_or(""));
    return session_result_json(r);
}

result<std::string> replay(params& p) {
    // The scenario is the whole parameter object; its own reader checks it.
    auto v = p.get("scenario");
    if (!v) return fail(errc::missing_field, p.where() + ".scenario: required (a scenario object, SPEC §10)");
    if (auto f = p.finish(); !f) return failure{f.err()};
    RC_TRY(sc, load_scenario(simdjson::minify(*v)));
    return replay_scenario_json(*sc);
}

}  // namespace rollcall::app::methods
