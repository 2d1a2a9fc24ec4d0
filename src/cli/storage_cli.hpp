// Shared by the storage commands (ingest, stats, sessions, links, sweep): opening the database with a
// configuration, reading --now, printing JSON. Header-only because the CLI target globs only .cpp
// files that register commands.
#pragma once

#include <chrono>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <string>

#include "app/app.hpp"
#include "cli/command.hpp"
#include "rollcall/json_writer.hpp"
#include "rollcall/time.hpp"
#include "store/open_store.hpp"
#include "tracker/config.hpp"
#include "tracker/tracker.hpp"

namespace rollcall::cli::storage {

/// --now as RFC 3339 or Unix seconds; the system clock when absent.
inline instant now_option(const arg_reader& a) {
    auto n = a.get("now");
    if (!n) return std::chrono::time_point_cast<milliseconds>(std::chrono::system_clock::now());
    if (auto t = parse_rfc3339(*n)) return *t;
    if (auto t = parse_unix_seconds(*n)) return *t;
    throw usage_error{"--now takes an RFC 3339 date-time or Unix seconds, got '" + *n + "'"};
}

/// The configuration of --config, or the defaults when the option is absent and not required.
inline tracker::tracker_config config_option(const arg_reader& a, bool required) {
    auto path = a.get("config");
    if (!path) {
        if (required) throw usage_error{"missing --config"};
        return {};
    }
    return tracker::load_config(*path).take();
}

/// Opens the tracker over --db (created when missing unless read-only).
inline tracker::tracker open_tracker(const arg_reader& a, bool config_required, bool read_only = false) {
    auto config = config_option(a, config_required);
    const std::string db = a.require("db");
    // Reading never creates a database: a wrong path must not leave an empty file behind (a server
    // location opened read-only creates nothing either).
    if (read_only && !store::is_server_location(db) && !std::filesystem::exists(db))
        throw exception(errc::io_error, "no database at '" + db + "'");
    store::sqlite_options o = config.storage;
    o.read_only = read_only;
    return tracker::tracker::open(db, std::move(config), o).take();
}

/// Reads a file, or stdin for "-".
inline std::string read_input(const std::string& path) {
    if (path != "-") return read_file(path);
    return std::string{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
}

inline int print(const json_writer& w) {
    std::cout << w.str() << "\n";
    return exit_ok;
}

/// Adds "now" to a method's parameters when --now was given (else the method reads the clock).
inline void now_param(json_writer& params, const arg_reader& a) {
    if (a.has("now")) params.field("now", format_rfc3339(now_option(a)));
}

/// Adds `key` to a method's parameters when --option was given.
inline void text_param(json_writer& params, const arg_reader& a, std::string_view option, std::string_view key) {
    if (auto v = a.get(option)) params.field(key, *v);
}

/// Adds `key` (RFC 3339) to a method's parameters when --option (RFC 3339 or Unix seconds) was given.
inline void time_param(json_writer& params, const arg_reader& a, std::string_view option, std::string_view key) {
    auto v = a.get(option);
    if (!v) return;
    if (auto t = parse_rfc3339(*v)) params.field(key, format_rfc3339(*t));
    else if (auto u = parse_unix_seconds(*v)) params.field(key, format_rfc3339(*u));
    else throw usage_error{"--" + std::string(option) + " takes an RFC 3339 date-time or Unix seconds"};
}

/// Runs an application-layer method (app/app.hpp) on the database of --db, prints its answer and
/// returns it: the command line reaches rollcall through the same methods and JSON shapes as the C ABI
/// and the bindings. Methods that only read open the database read-only (and never create it).
inline std::string call_method_output(const arg_reader& a, std::string_view method, std::string_view params_json,
                                      bool config_required = false) {
    const auto* info = app::find_method(method);
    if (info == nullptr) throw exception(errc::internal_error, "no method '" + std::string(method) + "'");
    auto t = open_tracker(a, config_required, !info->writes);
    std::string out = app::call(t, method, params_json).take();
    std::cout << out;
    if (out.empty() || out.back() != '\n') std::cout << "\n";
    return out;
}

/// The same, for commands whose exit status does not depend on the answer.
inline int call_method(const arg_reader& a, std::string_view method, std::string_view params_json,
                       bool config_required = false) {
    call_method_output(a, method, params_json, config_required);
    return exit_ok;
}

}  // namespace rollcall::cli::storage
