// `rollcall identities`: the host's alias table (SPEC §11 rule 2): which platform key (an email, a
// display name, a Zoom or BBB user id) is which of the host's people. Each subcommand is one
// application-layer method (identities.*).
#include "cli/storage_cli.hpp"

namespace rollcall::cli {
namespace {

const char* const usage_text =
    "usage: rollcall identities add    --db FILE [--config CONFIG] [--session ID] PERSON KIND VALUE\n"
    "       rollcall identities remove --db FILE [--config CONFIG] [--session ID] KIND VALUE\n"
    "       rollcall identities list   --db FILE [--config CONFIG] [--person ID] [--session ID | --global]\n"
    "KIND: email, name, zoom_user_id, zoom_registrant_id, bbb_user_id, identity (the fallback identity an\n"
    "unresolved participant is reported under). Names are compared normalised (Unicode NFC, case-folded,\n"
    "spaces collapsed), emails lower-cased. Without --session an alias is global; with it, it holds in\n"
    "that session only and wins over a global one. Aliases apply whenever a session is evaluated, so\n"
    "reports of past sessions change. A participant the platform names with the host's own id (LiveKit\n"
    "identity, BBB external user id, Zoom customer_key) is never renamed. add prints {\"alias\", \"added\"};\n"
    "a key that already names another person in that scope, or a session's named person mapped onto\n"
    "another person, fails with already_exists (exit 2), nothing stored. remove prints the alias removed.";

int add_or_remove(const arg_reader& a, bool add) {
    const auto& pos = a.positionals();
    if (pos.size() != (add ? 3u : 2u))
        throw usage_error{add ? "expected PERSON KIND VALUE" : "expected KIND VALUE"};
    json_writer p;
    p.begin_object();
    if (add) p.field("person", pos[0]);
    p.field("kind", pos[add ? 1 : 0]).field("value", pos[add ? 2 : 1]);
    storage::text_param(p, a, "session", "session_id");
    p.end_object();
    return storage::call_method(a, add ? "identities.add" : "identities.remove", p.str());
}

int list(const arg_reader& a) {
    if (!a.positionals().empty()) throw usage_error{"identities list takes no positional argument"};
    if (a.has("global") && a.has("session")) throw usage_error{"--global and --session exclude each other"};
    json_writer p;
    p.begin_object();
    storage::text_param(p, a, "person", "person");
    storage::text_param(p, a, "session", "session_id");
    if (a.has("global")) p.field("global", true);
    p.end_object();
    return storage::call_method(a, "identities.list", p.str());
}

int run_identities(std::span<const std::string_view> args) {
    if (args.empty()) throw usage_error{"expected a subcommand: add, remove, list"};
    const std::string_view sub = args[0];
    arg_reader a(args.subspan(1), {"db", "config", "session", "person"}, {"global"});
    if (sub == "list") return list(a);
    if (sub != "add" && sub != "remove") throw usage_error{"unknown subcommand '" + std::string(sub) + "'"};
    for (const char* filter : {"person", "global"})
        if (a.has(filter)) throw usage_error{"--" + std::string(filter) + " applies to identities list only"};
    return add_or_remove(a, sub == "add");
}

const register_command reg{"identities", {"the alias table: which email, name or platform id is which person",
                                          usage_text, run_identities}};

}  // namespace
}  // namespace rollcall::cli
