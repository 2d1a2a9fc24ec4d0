// `rollcall sweep`: the periodic job (run it every minute from cron or a scheduler).
#include "cli/storage_cli.hpp"
#include "tracker/tracker_json.hpp"

namespace rollcall::cli {
namespace {

int run_sweep(std::span<const std::string_view> args) {
    arg_reader a(args, {"db", "config", "now"}, {});
    if (!a.positionals().empty()) throw usage_error{"unexpected argument '" + a.positionals()[0] + "'"};
    const instant now = storage::now_option(a);
    auto t = storage::open_tracker(a, false);
    json_writer w;
    tracker::write_sweep_result(w, t.sweep(now).take());
    return storage::print(w);
}

const register_command reg{
    "sweep",
    {"advance session statuses, count subscription usage, time out silent tracked links",
     "usage: rollcall sweep --db FILE [--config CONFIG] [--now T]\n"
     "One transaction: safe to run from several processes at once. T is RFC 3339 or Unix seconds\n"
     "(default: now). Prints {sessions_checked, sessions_changed, transitions, sessions_counted,\n"
     "links_timed_out, changed}. --config supplies the policies per session type.",
     run_sweep}};

}  // namespace
}  // namespace rollcall::cli
