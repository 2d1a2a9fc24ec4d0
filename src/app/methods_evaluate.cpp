// The stateless methods: evaluate (a session and the events the host keeps in its own database) and
// replay (a scenario file, SPEC §10). Nothing is stored; the answer is a pure function of the input.
#include "app/methods.hpp"
#include "app/shapes.hpp"
#include "identity/normalise.hpp"
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

// SPEC §11 rule 2 for hosts that keep their own storage: `aliases`, an array of {"person", "kind",
// "value"}, normalised as identities.add stores them; one key naming two people is refused.
result<alias_table> read_aliases(params& p) {
    alias_table table;
    if (!p.get("aliases")) return table;
    RC_TRY(items, p.objects("aliases"));
    for (auto& item : *items) {
        RC_TRY(person, item.required_text("person"));
        RC_TRY(kind, item.name("kind", parse_key_kind, "email, name, zoom_user_id, zoom_registrant_id, bbb_user_id, identity"));
        if (!*kind) return fail(errc::missing_field, item.where() + ".kind: required");
        RC_TRY(value, item.required_text("value"));
        if (auto f = item.finish(); !f) return failure{f.err()};
        if (person->empty()) return item.bad("person", "must not be empty");
        RC_TRY(key, identity::key_value(**kind, *value));
        if (const std::string* other = table.find(**kind, *key); other && *other != *person)
            return fail(errc::already_exists, item.where() + ": " + std::string(to_string(**kind)) + " '" + *key +
                                                  "' already names '" + *other + "'");
        table.add(**kind, std::move(*key), std::move(*person));
    }
    return table;
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
    RC_TRY(aliases, read_aliases(p));
    RC_TRY(now, p.now());
    if (auto f = p.finish(); !f) return failure{f.err()};
    if (spec->scheduled_start.has_value() != spec->scheduled_end.has_value())
        return fail(errc::invalid_value, p.where() + ".session: scheduled_start and scheduled_end go together");
    if (spec->scheduled_start && *spec->scheduled_end <= *spec->scheduled_start)
        return fail(errc::invalid_value, p.where() + ".session.scheduled_end: must be after scheduled_start");
    const auto r = evaluate_session(*spec, *events, pol, *now, *status, reason->value_or(""), {nullptr, &*aliases});
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
