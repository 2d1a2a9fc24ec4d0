// The host's identity aliases (SPEC §11 rule 2): validated and normalised here, stored by the store,
// applied by evaluate_session.
#include "identity/normalise.hpp"
#include "tracker/tracker.hpp"
#include "tracker/tracker_impl.hpp"

namespace rollcall::tracker {

result<identity_aliases> tracker::impl::aliases_for(std::string_view session_id, alias_table& session) {
    auto stamp = db->alias_stamp();
    if (!stamp) return failure{stamp.err()};
    if (*stamp == 0) return identity_aliases{};  // no alias was ever stored: nothing to read
    if (global_aliases_stamp != *stamp) {
        store::alias_filter global;
        global.session = std::string();
        auto rows = db->list_aliases(global);
        if (!rows) return failure{rows.err()};
        global_aliases = alias_table{};
        for (auto& a : *rows) global_aliases.add(a.kind, std::move(a.value), std::move(a.person));
        global_aliases_stamp = *stamp;
    }
    if (!session_id.empty()) {
        store::alias_filter own;
        own.session = std::string(session_id);
        auto rows = db->list_aliases(own);
        if (!rows) return failure{rows.err()};
        for (auto& a : *rows) session.add(a.kind, std::move(a.value), std::move(a.person));
    }
    return identity_aliases{&session, &global_aliases};
}

result<std::pair<alias, bool>> tracker::add_alias(std::string_view person, key_kind kind, std::string_view value,
                                                  std::string_view session) {
    if (person.empty()) return fail(errc::invalid_argument, "alias person: must not be empty");
    auto normalised = identity::key_value(kind, value);
    if (!normalised) return failure{normalised.err()};
    alias a{std::string(person), kind, std::move(*normalised), std::string(session)};
    // A key that is itself a person a session names may only stand for that person: in its session
    // for a roster alias, in every session for a global one (which applies everywhere).
    const auto names_the_key = [&](const session_spec& spec) {
        return (spec.is_teacher(a.value) || spec.is_student(a.value)) && a.value != a.person;
    };
    const auto refuse = [&](const std::string& sid) {
        return fail(errc::already_exists, "'" + a.value + "' is a person session '" + sid + "' names; it cannot stand for '" +
                                              a.person + "'");
    };
    if (!session.empty()) {
        auto rec = p_->db->get_session(session);
        if (!rec) return failure{rec.err()};
        if (!*rec) return fail(errc::not_found, "no session '" + std::string(session) + "'");
        if (names_the_key((*rec)->spec)) return refuse(a.session);
    } else if (a.value != a.person) {
        // Adding a global alias is an administrator's act, rare beside evaluation: one pass over the
        // sessions costs less than a students index every store would have to keep.
        auto all = p_->db->list_sessions({});
        if (!all) return failure{all.err()};
        for (const auto& rec : *all)
            if (names_the_key(rec.spec)) return refuse(rec.spec.id);
    }
    auto added = p_->db->put_alias(a);
    if (!added) return failure{added.err()};
    return std::pair<alias, bool>{std::move(a), *added};
}

result<alias> tracker::remove_alias(key_kind kind, std::string_view value, std::string_view session) {
    auto normalised = identity::key_value(kind, value);
    if (!normalised) return failure{normalised.err()};
    store::alias_filter f;
    f.session = std::string(session);
    auto rows = p_->db->list_aliases(f);
    if (!rows) return failure{rows.err()};
    for (auto& a : *rows) {
        if (a.kind != kind || a.value != *normalised) continue;
        auto removed = p_->db->remove_alias(kind, *normalised, session);
        if (!removed) return failure{removed.err()};
        return std::move(a);
    }
    return fail(errc::not_found, "no alias for " + std::string(to_string(kind)) + " '" + *normalised + "'" +
                                     (session.empty() ? std::string(" (global)") : " in session '" + std::string(session) + "'"));
}

result<std::vector<alias>> tracker::list_aliases(const store::alias_filter& filter) { return p_->db->list_aliases(filter); }

}  // namespace rollcall::tracker
