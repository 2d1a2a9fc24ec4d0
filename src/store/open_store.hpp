// Choosing a store by its location: the one place that knows which database a location names.
#pragma once

#include <memory>
#include <string>

#include "store/sqlite_store.hpp"

namespace rollcall::store {

/// Opens the store a location names:
///   postgresql://... or postgres://...  the PostgreSQL store (pg_store::open; `?schema=NAME` selects
///                                       the PostgreSQL schema);
///   mysql://... or mariadb://...        the MySQL/MariaDB store (mysql_store::open; `?table_prefix=`
///                                       names its tables, `?socket=` a Unix socket);
///   anything else                       a SQLite file path, exactly as sqlite_store::open.
/// `options` are the SQLite store's; a server store takes read_only from them (PostgreSQL also create),
/// and busy_timeout_ms as its lock timeout (how long a writer waits for another's write lock).
/// Errors: those of the store opened; messages never contain a password.
result<std::unique_ptr<store>> open_store(const std::string& location, const sqlite_options& options = {});

/// Whether a location names a database server rather than a file (no file-system checks apply).
bool is_server_location(std::string_view location) noexcept;

}  // namespace rollcall::store
