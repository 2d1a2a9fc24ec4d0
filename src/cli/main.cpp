// Entry point of the `rollcall` command: dispatches to the registered subcommands and turns every
// error into a message on stderr and an exit code; nothing escapes as a crash.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command.hpp"
#include "rollcall/error.hpp"
#include "rollcall/version.hpp"

namespace rollcall::cli {

std::map<std::string, command_info, std::less<>>& commands() {
    static std::map<std::string, command_info, std::less<>> registry;
    return registry;
}

arg_reader::arg_reader(std::span<const std::string_view> args, std::vector<std::string_view> value_options,
                       std::vector<std::string_view> flags) {
    auto known = [](const std::vector<std::string_view>& list, std::string_view n) {
        for (auto x : list)
            if (x == n) return true;
        return false;
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view a = args[i];
        if (a == "--") {
            for (++i; i < args.size(); ++i) positionals_.emplace_back(args[i]);
            break;
        }
        if (a.size() > 2 && a.substr(0, 2) == "--") {
            std::string_view name = a.substr(2), value;
            bool inline_value = false;
            if (auto eq = name.find('='); eq != std::string_view::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
                inline_value = true;
            }
            if (known(flags, name)) {
                if (inline_value) throw usage_error{"--" + std::string(name) + " takes no value"};
                options_.emplace_back(std::string(name), std::string());
            } else if (known(value_options, name)) {
                if (!inline_value) {
                    if (i + 1 >= args.size()) throw usage_error{"--" + std::string(name) + " needs a value"};
                    value = args[++i];
                }
                options_.emplace_back(std::string(name), std::string(value));
            } else {
                throw usage_error{"unknown option --" + std::string(name)};
            }
        } else {
            positionals_.emplace_back(a);
        }
    }
}

std::optional<std::string> arg_reader::get(std::string_view name) const {
    for (auto it = options_.rbegin(); it != options_.rend(); ++it)
        if (it->first == name) return it->second;
    return std::nullopt;
}

std::vector<std::string> arg_reader::get_all(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : options_)
        if (k == name) out.push_back(v);
    return out;
}

bool arg_reader::has(std::string_view name) const { return get(name).has_value(); }

std::string arg_reader::require(std::string_view name) const {
    auto v = get(name);
    if (!v) throw usage_error{"missing --" + std::string(name)};
    return *v;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw exception(errc::io_error, "cannot open '" + path + "'");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw exception(errc::io_error, "cannot read '" + path + "'");
    return std::move(ss).str();
}

namespace {

void print_help() {
    std::cout << "usage: rollcall COMMAND [ARGS...]\n\ncommands:\n";
    std::size_t width = 0;
    for (const auto& entry : commands()) width = std::max(width, entry.first.size());
    for (const auto& [name, info] : commands())
        std::cout << "  " << name << std::string(width - name.size() + 2, ' ') << info.summary << "\n";
    std::cout << "\n`rollcall help COMMAND` shows a command's usage.\n";
}

}  // namespace
}  // namespace rollcall::cli

int main(int argc, char** argv) {
    using namespace rollcall::cli;
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
        if (args.size() >= 2) {
            auto it = commands().find(args[1]);
            if (it == commands().end()) {
                std::cerr << "rollcall: unknown command '" << args[1] << "'\n";
                return exit_usage;
            }
            std::cout << it->second.usage << "\n";
            return exit_ok;
        }
        print_help();
        return args.empty() ? exit_usage : exit_ok;
    }
    if (args[0] == "--version" || args[0] == "version") {
        std::cout << "rollcall " << ROLLCALL_VERSION_TEXT << "\n";
        return exit_ok;
    }
    auto it = commands().find(args[0]);
    if (it == commands().end()) {
        std::cerr << "rollcall: unknown command '" << args[0] << "' (try `rollcall help`)\n";
        return exit_usage;
    }
    try {
        return it->second.run(std::span<const std::string_view>(args).subspan(1));
    } catch (const usage_error& e) {
        std::cerr << "rollcall " << it->first << ": " << e.message << "\n" << it->second.usage << "\n";
        return exit_usage;
    } catch (const rollcall::exception& e) {
        std::cerr << "rollcall " << it->first << ": " << e.what() << "\n";
        switch (e.code()) {
            case rollcall::errc::storage_error:
            case rollcall::errc::internal_error: return exit_failure;
            default: return exit_rejected;
        }
    } catch (const std::exception& e) {
        std::cerr << "rollcall " << it->first << ": internal error: " << e.what() << "\n";
        return exit_failure;
    }
}
