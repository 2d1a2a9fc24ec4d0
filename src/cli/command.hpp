// The `rollcall` command: each subcommand lives in its own cmd_*.cpp and registers itself here, so
// adding a command never touches main.cpp.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rollcall::cli {

/// Exit codes (sysexits-style where one exists).
inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;   ///< the operation ran and failed (storage, internal)
inline constexpr int exit_rejected = 2;  ///< the input was rejected (invalid file, bad signature, ...)
inline constexpr int exit_usage = 64;    ///< EX_USAGE: wrong arguments

using command_fn = std::function<int(std::span<const std::string_view> args)>;

struct command_info {
    std::string summary;  ///< one line for `rollcall help`
    std::string usage;    ///< full usage text for `rollcall help NAME` and usage errors
    command_fn run;
};

/// All registered commands, by name.
std::map<std::string, command_info, std::less<>>& commands();

/// Registers a command at static-initialisation time: `static const register_command r{"replay", {...}};`
struct register_command {
    register_command(std::string name, command_info info) { commands().emplace(std::move(name), std::move(info)); }
};

/// Thrown by argument parsing; main prints the message and the command's usage and exits 64.
struct usage_error {
    std::string message;
};

/// A tiny argument reader: `--name value`, `--name=value`, repeated options, flags and positionals.
class arg_reader {
public:
    /// `value_options` take a value; `flags` do not. Anything else starting with "--" is a usage error.
    arg_reader(std::span<const std::string_view> args, std::vector<std::string_view> value_options,
               std::vector<std::string_view> flags);

    std::optional<std::string> get(std::string_view name) const;       ///< last occurrence
    std::vector<std::string> get_all(std::string_view name) const;     ///< every occurrence, in order
    bool has(std::string_view name) const;                              ///< a flag or an option was given
    const std::vector<std::string>& positionals() const noexcept { return positionals_; }
    std::string require(std::string_view name) const;                   ///< throws usage_error when absent

private:
    std::vector<std::pair<std::string, std::string>> options_;
    std::vector<std::string> positionals_;
};

/// Reads a whole file as bytes; throws rollcall::exception(io_error) naming the path.
std::string read_file(const std::string& path);

}  // namespace rollcall::cli
