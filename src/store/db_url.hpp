// Server database URLs (SPEC §8): scheme://user:password@host:port/database?name=value&...
// One parser for every server store (MySQL/MariaDB, PostgreSQL): the store then checks which scheme
// and which query parameters it accepts. Internal to the stores.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rollcall/error.hpp"

namespace rollcall::store {

/// A parsed database URL, every part percent-decoded.
struct db_url {
    std::string scheme;    ///< lower case, e.g. "mysql"
    std::string user;      ///< empty: none given
    std::string password;  ///< empty: none given (a secret: never put it in a message)
    bool has_password = false;  ///< "user:@host" gives an empty password that was given
    std::string host;      ///< empty: none given; an IPv6 address without its brackets
    std::optional<std::uint16_t> port;
    std::string database;  ///< the single path segment; empty: none given
    /// Every query parameter in order of appearance; a name appears at most once.
    std::vector<std::pair<std::string, std::string>> params;

    /// The value of query parameter `name`, or nullptr.
    const std::string* param(std::string_view name) const noexcept;
};

/// Parses `text`. Errors: invalid_argument (not a URL, no scheme, a fragment, a bad percent escape,
/// a port outside 1..65535, more than one path segment, a query parameter given twice). Messages never
/// quote the URL (it may hold a password), only the part at fault when that part is not secret.
result<db_url> parse_db_url(std::string_view text);

/// `url` with the password replaced by "***" (for logs and messages): scheme://user:***@host:port/db.
/// Query parameters are left out.
std::string redacted(const db_url& url);

}  // namespace rollcall::store
