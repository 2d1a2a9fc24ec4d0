// A SQLite VFS shim over the default one that writes each commit's WAL frames to the kernel in one
// call (SQLite's own unix VFS makes two per frame). Durability and what other connections see are
// unchanged: see sqlite_wal_vfs.cpp. Internal.
#pragma once

namespace rollcall::store::detail {

inline constexpr const char* wal_coalescing_vfs_name = "rollcall-wal";

/// Registers the shim on first use (thread-safe) and returns its name for sqlite3_open_v2, or nullptr
/// when there is no default VFS to wrap.
const char* wal_coalescing_vfs();

}  // namespace rollcall::store::detail
