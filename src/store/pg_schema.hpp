// Schema of the PostgreSQL store: one create script for the current version, forward migrations for
// the versions after it, and the check that refuses a schema this build must not touch. Internal to the
// PostgreSQL store.
#pragma once

#include <string>

#include "store/pg_db.hpp"

namespace rollcall::store::detail {

/// Checks, without writing, that `schema` holds a rollcall schema this build can use, or nothing at
/// all. Returns its version (0: no table yet, or no such schema). Errors: corrupt_database (another
/// application's tables, a damaged version marker), schema_too_new.
result<int> pg_inspect_schema(pg_connection& db, const std::string& schema);

/// Creates the schema (and the PostgreSQL schema `schema` itself when missing) or brings it up to the
/// current version, in one transaction under the store's write lock `lock_key`: several processes may
/// open a new database at once. Returns the version reached.
result<int> pg_migrate(pg_connection& db, const std::string& schema, std::int64_t lock_key);

}  // namespace rollcall::store::detail
