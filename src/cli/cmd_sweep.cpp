// `rollcall sweep`: the periodic job (run it every minute from cron or a scheduler).
#include "cli/storage_cli.hpp"

namespace rollcall::cli {
namespace {

int run_sweep(std::span<const std::string_view> args) {
    arg_reader a(args, {"db", "config", "now"}, {});
    if (!a.positionals().empty()) throw usage_error{"unexpected argument '" + a.positionals()[0] + "'"};
    json_writer p;
    p.begin_object();
    storage::now_param(p, a);
    p.end_object();
    return storage::call_method(a, "sweep", p.str());
}

const register_command reg{
    "sweep",
    {"advance session statuses, count subscription usage, time out silent tracked links",
     "usage: rollcall sweep --db FILE [--config CONFIG] [--now T]\n"
     "One transaction: safe to run from several processes at once. T is RFC 3339 or Unix seconds\n"
     "(default: now). Prints {sessions_checked, sessions_changed, transitions, sessions_counted,\n"
     "links_timed_out, links_expired, changed}. --config supplies the policies per session type.",
     run_sweep}};

}  // namespace
}  // namespace rollcall::cli
