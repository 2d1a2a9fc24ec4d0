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
    RC_TRY(items, p.objects("events"));
    std::vector<event> out;
    out.reserve(items->size());
    for (auto& item : *items) {
        RC_TRY(e, read_event(item));
        out.push_back(std::move(*e));
    }
    return out;
}

}  // namespace

result<std::string> evaluate(params& p) {
    RC_TRY(sp, p.object("session"));
    RC_TRY(spec, read_session_spec(*sp));
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
