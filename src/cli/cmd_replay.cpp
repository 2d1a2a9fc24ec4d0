// `rollcall replay`: deterministic replay (SPEC §8, §10). `replay FILE.json` evaluates a scenario file;
// `replay --db DB` evaluates stored sessions again from their raw payloads (the method sessions.replay)
// and says where that differs from their stored events.
#include <simdjson.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/storage_cli.hpp"
#include "rollcall/scenario.hpp"

namespace rollcall::cli {
namespace {

int run_scenario(const arg_reader& a) {
    if (a.positionals().size() != 1) throw usage_error{"expected exactly one scenario FILE"};
    const std::string& path = a.positionals()[0];
    const std::string text = read_file(path);
    auto sc = load_scenario(text);
    if (!sc) {
        std::cerr << "rollcall replay: " << path << ": " << sc.err().describe() << "\n";
        return exit_rejected;
    }
    const std::string out = replay_scenario_json(*sc);
    std::cout << out << "\n";
    if (a.has("check") && !sc->expect_json.empty()) {
        const auto diffs = check_expectations(sc->expect_json, out);
        for (const auto& d : diffs)
            std::cerr << "rollcall replay: " << path << ": " << d.path << ": expected " << d.expected << ", got "
                      << d.actual << "\n";
        if (!diffs.empty()) return exit_failure;
    }
    return exit_ok;
}

int run_stored(const arg_reader& a) {
    if (!a.positionals().empty()) throw usage_error{"replay --db takes no FILE (select sessions with --session or the filters)"};
    json_writer p;
    p.begin_object();
    storage::text_param(p, a, "session", "id");
    storage::text_param(p, a, "teacher", "teacher");
    storage::text_param(p, a, "type", "type");
    storage::time_param(p, a, "from", "from");
    storage::time_param(p, a, "to", "to");
    storage::now_param(p, a);
    p.end_object();
    const std::string out = storage::call_method_output(a, "sessions.replay", p.str());
    // The answer is this build's own JSON; only its "differ" count decides the exit status.
    simdjson::dom::parser parser;
    std::int64_t differ = 0;
    if (parser.parse(out).get_object()["differ"].get_int64().get(differ))
        throw exception(errc::internal_error, "sessions.replay: an answer without \"differ\"");
    if (differ > 0 && a.has("check")) return exit_failure;
    return exit_ok;
}

int run_replay(std::span<const std::string_view> args) {
    arg_reader a(args, {"db", "config", "now", "session", "teacher", "type", "from", "to"}, {"check"});
    return a.has("db") ? run_stored(a) : run_scenario(a);
}

const register_command reg{"replay",
                           {"evaluate a scenario file, or stored sessions again from their raw payloads",
                            "usage: rollcall replay [--check] FILE.json\n"
                            "       rollcall replay --db DB [--config CONFIG] [--session ID | --teacher T --type TYPE\n"
                            "                       --from T --to T] [--now T] [--check]\n"
                            "  FILE.json: evaluates the scenario (SPEC §10) and prints one JSON object with the\n"
                            "  keys of `expect` (all of them) and more. --check also compares against the\n"
                            "  file's `expect` and exits 1 on a difference. Invalid input exits 2 naming the field.\n"
                            "  --db: evaluates each selected session (default: all) at --now twice, from its\n"
                            "  stored events and from its stored raw payloads parsed again by this build\n"
                            "  (webhooks without their signature: it was checked when they arrived), and prints\n"
                            "  {\"sessions\": [{\"id\", \"agrees\", \"payloads\", \"host_events\", \"failures\",\n"
                            "  \"differences\", \"evaluation\"}], \"agree\", \"differ\"} (docs/json.md). --check exits 1\n"
                            "  when a session differs. Opens the database read-only.",
                            run_replay}};

}  // namespace
}  // namespace rollcall::cli
