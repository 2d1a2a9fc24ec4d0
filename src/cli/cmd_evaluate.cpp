// `rollcall evaluate`: stateless evaluation of one session from events the host keeps itself.
#include "cli/storage_cli.hpp"

namespace rollcall::cli {
namespace {

int run_evaluate(std::span<const std::string_view> args) {
    arg_reader a(args, {}, {});
    if (a.positionals().size() != 1) throw usage_error{"expected one INPUT.json file (or - for stdin)"};
    std::cout << app::call_stateless("evaluate", storage::read_input(a.positionals()[0])).take() << "\n";
    return exit_ok;
}

const register_command reg{
    "evaluate",
    {"evaluate one session from events kept elsewhere (no database)",
     "usage: rollcall evaluate INPUT.json|-\n"
     "INPUT: {\"session\": {id, type, teacher, students, scheduled_start, scheduled_end, rooms, package, rate,\n"
     "rate_minor, currency}, \"events\": [events exactly as `rollcall parse` / Verifier.parse print them],\n"
     "\"policy\": {overrides of SPEC §9}, \"status\": the stored status to advance from, \"status_reason\",\n"
     "\"now\": RFC 3339 or Unix ms}. Prints the evaluation (the shape of sessions get's \"evaluation\").\n"
     "Nothing is stored: the answer is a pure function of the input (docs/json.md, \"evaluate\").",
     run_evaluate}};

}  // namespace
}  // namespace rollcall::cli
