// `rollcall replay FILE.json`: evaluates a scenario file (SPEC §10) and prints the result object.
#include <iostream>

#include "cli/command.hpp"
#include "rollcall/scenario.hpp"

namespace rollcall::cli {
namespace {

int run_replay(std::span<const std::string_view> args) {
    arg_reader a(args, {}, {"check"});
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

const register_command reg{"replay",
                           {"evaluate a scenario file and print the result",
                            "usage: rollcall replay [--check] FILE.json\n"
                            "  Evaluates the scenario (SPEC §10) and prints one JSON object with the keys of\n"
                            "  `expect` (all of them) and more. --check also compares against the file's\n"
                            "  `expect` and exits 1 on a difference. Invalid input exits 2 naming the field.",
                            run_replay}};

}  // namespace
}  // namespace rollcall::cli
