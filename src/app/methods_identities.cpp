// identities.*: the host's alias table (SPEC §11 rule 2), applied whenever a session is evaluated.
#include "app/methods.hpp"
#include "app/shapes.hpp"

namespace rollcall::app::methods {
namespace {

constexpr std::string_view kinds = "email, name, zoom_user_id, zoom_registrant_id, bbb_user_id, identity";

// The key of an alias: kind and value, and the session it is scoped to ("" when global).
struct key_params {
    key_kind kind = key_kind::email;
    std::string value;
    std::string session;
};

result<key_params> read_key(params& p) {
    RC_TRY(kind, p.name("kind", parse_key_kind, kinds));
    if (!*kind) return fail(errc::missing_field, p.where() + ": kind is required (" + std::string(kinds) + ")");
    RC_TRY(value, p.required_text("value"));
    RC_TRY(session, p.text("session_id"));
    if (*session && (*session)->empty())
        return p.bad("session_id", "must not be empty (leave it out for a global alias)");
    return key_params{**kind, std::move(*value), session->value_or(std::string())};
}

}  // namespace

result<std::string> identities_add(tracker::tracker& t, params& p) {
    RC_TRY(person, p.required_text("person"));
    RC_TRY(key, read_key(p));
    if (auto f = p.finish(); !f) return failure{f.err()};
    RC_TRY(added, t.add_alias(*person, key->kind, key->value, key->session));
    return written([&](json_writer& w) -> result<void> {
        w.begin_object().key("alias");
        write_alias(w, added->first);
        w.field("added", added->second).end_object();
        return {};
    });
}

result<std::string> identities_list(tracker::tracker& t, params& p) {
    store::alias_filter f;
    RC_TRY(person, p.text("person"));
    RC_TRY(session, p.text("session_id"));
    RC_TRY(global, p.flag("global"));
    if (auto fin = p.finish(); !fin) return failure{fin.err()};
    if (*global && *session) return fail(errc::invalid_argument, p.where() + ": global and session_id exclude each other");
    f.person = *person;
    f.session = *global ? std::optional<std::string>(std::string()) : *session;
    RC_TRY(rows, t.list_aliases(f));
    return written([&](json_writer& w) -> result<void> {
        w.begin_array();
        for (const auto& a : *rows) write_alias(w, a);
        w.end_array();
        return {};
    });
}

result<std::string> identities_remove(tracker::tracker& t, params& p) {
    RC_TRY(key, read_key(p));
    if (auto f = p.finish(); !f) return failure{f.err()};
    RC_TRY(removed, t.remove_alias(key->kind, key->value, key->session));
    return written([&](json_writer& w) -> result<void> {
        write_alias(w, *removed);
        return {};
    });
}

}  // namespace rollcall::app::methods
