// Shared by the storage commands (ingest, stats, sessions, links, sweep): opening the database with a
// configuration, reading --now, printing JSON. Header-only because the CLI target globs only .cpp
// files that register commands.
#pragma once

#include <chrono>
#include <iostream>
#include <iterator>
#include <string>

#include "cli/command.hpp"
#include "rollcall/json_writer.hpp"
#include "rollcall/time.hpp"
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
    store::sqlite_options o = config.storage;
    o.read_only = read_only;
    return tracker::tracker::open_sqlite(a.require("db"), std::move(config), o).take();
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

}  // namespace rollcall::cli::storage
