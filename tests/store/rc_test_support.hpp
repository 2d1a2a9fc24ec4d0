// Helpers for the storage and tracker tests: scratch directories and event builders.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "rollcall/event.hpp"
#include "rollcall/time.hpp"

namespace rollcall::test {

/// A fresh directory under the system temp dir, removed with everything in it on destruction.
class scratch_dir {
public:
    scratch_dir() {
        static std::atomic<int> n{0};
        path_ = std::filesystem::temp_directory_path() /
                ("rollcall-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~scratch_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline void spit(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

/// An event of a LiveKit-like room at `at_s` seconds after 2025-10-12T09:00:00Z.
inline event make_event(event_kind kind, std::string room, std::string identity, std::string connection, int at_s,
                        std::string key = {}) {
    event e;
    e.kind = kind;
    e.source = platform::livekit;
    e.room = std::move(room);
    e.identity = std::move(identity);
    e.connection = std::move(connection);
    e.at = from_unix_s(1760259600 + at_s);
    e.dedup_key = std::move(key);
    return e;
}

}  // namespace rollcall::test
