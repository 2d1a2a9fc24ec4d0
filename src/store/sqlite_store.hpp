// The SQLite store (SPEC §8): WAL, busy timeout, cached prepared statements, foreign keys, schema
// version in PRAGMA user_version with forward migrations. Safe for several processes at once: every
// write is a BEGIN IMMEDIATE transaction and every uniqueness rule is a UNIQUE index.
#pragma once

#include <memory>
#include <string>

#include "store/store.hpp"

namespace rollcall::store {

enum class sync_mode : std::uint8_t { normal, full };

struct sqlite_options {
    bool read_only = false;             ///< open without writing anything; writes fail with read_only
    bool create = true;                 ///< create the file when missing (ignored when read_only)
    sync_mode synchronous = sync_mode::full;  ///< full: fsync on commit (survives power loss too)
    int busy_timeout_ms = 10000;        ///< how long a writer waits for another process's lock
    /// WAL frames between automatic checkpoints. Larger means fewer checkpoint fsyncs and pages written
    /// once per checkpoint rather than once per transaction, for a larger -wal file (4 KiB a frame).
    /// SQLite's default of 1,000 put two fsyncs in every ~300th webhook's commit; at 10,000 (a -wal
    /// file of up to ~40 MiB) one-webhook transactions ran ~1.7x faster on 50,000 webhooks
    /// (docs/benchmarks.md, Ingest).
    int wal_autocheckpoint = 10000;
    /// Hand each commit's WAL frames to the kernel in one write (store/sqlite_wal_vfs.hpp) instead of
    /// SQLite's two per frame. Same durability; off only to compare.
    bool coalesce_wal_writes = true;
};

/// The schema version this build writes (PRAGMA user_version).
inline constexpr int sqlite_schema_version = 5;
/// PRAGMA application_id of a rollcall database ("RCL1"): tells ours apart from any other SQLite file.
inline constexpr std::int32_t sqlite_application_id = 0x52434C31;

class sqlite_store final : public store {
public:
    /// Opens (or creates) a database. A file that is not a rollcall database is never modified:
    /// corrupt_database (not SQLite, damaged, or another application's database), schema_too_new
    /// (written by a newer rollcall), read_only (the file cannot be written), io_error (cannot open).
    static result<std::unique_ptr<sqlite_store>> open(const std::string& path, const sqlite_options& options = {});
    ~sqlite_store() override;

    result<void> transaction(const std::function<result<void>()>& fn) override;
    result<std::vector<item_outcome>> ingest(std::span<const ingest_item> items) override;
    result<std::vector<event>> events_for_rooms(std::span<const std::string> rooms) override;
    result<room_sources> sources_for_rooms(std::span<const std::string> rooms) override;
    result<std::optional<room_record>> get_room(std::string_view room) override;
    result<std::vector<std::string>> rooms_of_session(std::string_view session_id, std::string_view type) override;
    result<void> link_room(std::string_view room, std::string_view session_id) override;
    result<void> link_meeting(std::string_view meeting, std::string_view session_id) override;
    result<std::vector<std::string>> sessions_of_meeting(std::string_view meeting) override;
    result<std::vector<room_record>> rooms_with_alt(platform source, std::string_view alt) override;
    result<void> mark_report(std::string_view room, instant at) override;
    result<std::vector<room_record>> rooms_report_due(platform source, instant ended_by) override;
    result<void> insert_session(const session_record& rec) override;
    result<void> update_session_spec(const session_spec& spec, instant updated_at) override;
    result<std::optional<session_record>> get_session(std::string_view id) override;
    result<std::vector<session_record>> list_sessions(const session_filter& filter) override;
    result<bool> record_transition(std::string_view id, const status_change& change) override;
    result<bool> count_usage(std::string_view session_id, std::string_view package, instant at) override;
    result<package_usage> usage(std::string_view package) override;
    result<void> insert_link(const link_record& link) override;
    result<void> update_link(const link_record& link) override;
    result<std::optional<link_record>> get_link(std::string_view token) override;
    result<std::vector<link_record>> active_links() override;
    result<std::vector<link_record>> list_links(const link_filter& filter) override;
    result<void> append_change(const change_record& change) override;
    result<std::vector<change_record>> changes(std::int64_t after, std::size_t limit) override;
    result<std::int64_t> last_change_seq() override;
    result<std::int64_t> change_cursor(std::string_view consumer) override;
    result<void> set_change_cursor(std::string_view consumer, std::int64_t seq) override;
    result<store_stats> stats() override;
    result<bool> put_alias(const alias& a) override;
    result<bool> remove_alias(key_kind kind, std::string_view value, std::string_view session) override;
    result<std::vector<alias>> list_aliases(const alias_filter& filter) override;
    result<std::int64_t> alias_stamp() override;

    /// Runs PRAGMA integrity_check; ok when the database is sound, corrupt_database otherwise.
    result<void> integrity_check();
    int schema_version() const noexcept { return schema_version_; }
    /// The value of an integer PRAGMA on this connection ("synchronous": 1 normal, 2 full;
    /// "busy_timeout"; "wal_autocheckpoint"): what the open actually set. Errors: invalid_argument
    /// for a name that is not a plain identifier.
    result<std::int64_t> pragma_value(std::string_view name);

private:
    struct impl;
    explicit sqlite_store(std::unique_ptr<impl> p);
    std::unique_ptr<impl> p_;
    int schema_version_ = 0;
};

}  // namespace rollcall::store
