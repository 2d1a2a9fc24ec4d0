// Schema of the SQLite store and its forward migrations. Internal to the SQLite store.
#pragma once

#include "store/sqlite_db.hpp"

namespace rollcall::store::detail {

/// Checks that the open file is a rollcall database this build can use (or an empty new file),
/// without writing. Returns its schema version (0 for a new file). Errors: corrupt_database,
/// schema_too_new.
result<int> inspect_schema(connection& db);

/// Brings the schema up to the current version, one migration per transaction; safe when several
/// processes open a new database at once. Returns the version reached.
result<int> migrate(connection& db);

}  // namespace rollcall::store::detail
