// Schema of the MySQL/MariaDB store and its forward migrations. Internal to the MySQL store.
#pragma once

#include "store/mysql_store_impl.hpp"

namespace rollcall::store::detail {

/// Checks that the tables under the store's prefix are a rollcall store this build can use (or that
/// there are none), without writing. Returns the schema version (0: nothing there yet, or a creation
/// that stopped half way and may be resumed). Errors: corrupt_database, schema_too_new, storage_error.
result<int> my_inspect_schema(mysql_store::impl& s);

/// Brings the tables up to the current version under the writer lock; safe when several processes
/// open a new database at once. Returns the version reached.
result<int> my_migrate(mysql_store::impl& s);

/// The tables of the current schema, without the prefix (for checks and tests).
const std::vector<std::string_view>& my_table_names();

}  // namespace rollcall::store::detail
