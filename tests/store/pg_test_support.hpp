// The PostgreSQL server of the test run (tests/store/with_postgres.sh exports its location): tests that
// need one read it here and are skipped when the variable is unset.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <optional>
#include <string>

namespace rollcall::test {

/// ROLLCALL_TEST_POSTGRES, or nothing when the tests run without a server.
inline std::optional<std::string> pg_url() {
    const char* v = std::getenv("ROLLCALL_TEST_POSTGRES");
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
}

inline std::string pg_env(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

/// A schema name no other test (or process) of this run uses.
inline std::string pg_unique_schema(const std::string& prefix = "rc_test") {
    static std::atomic<int> n{0};
    return prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(n++);
}

/// `url` with rollcall's schema parameter added.
inline std::string pg_with_schema(const std::string& url, const std::string& schema) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "schema=" + schema;
}

}  // namespace rollcall::test
