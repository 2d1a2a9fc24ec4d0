// The MySQL/MariaDB store (SPEC §8) through MariaDB Connector/C: InnoDB tables under a configurable
// prefix, server-side prepared statements, every uniqueness rule a UNIQUE index, every write a
// transaction serialised with the other writers of the same tables (GET_LOCK), so that it behaves like
// the SQLite store with several processes at once (docs/storage.md, MySQL/MariaDB).
#pragma once

#include <memory>
#include <string>

#include "store/store.hpp"

namespace rollcall::store {

struct mysql_options {
    /// Open without writing anything (no tables created; a database without our tables is
    /// not_found); every write fails with read_only. For commands that only read.
    bool read_only = false;
    /// How long a write waits for another process's transaction (the writer lock, then row locks)
    /// before failing with storage_error.
    int lock_timeout_ms = 10000;
    /// A statement running longer than this fails with storage_error (MariaDB max_statement_time,
    /// MySQL max_execution_time); 0: no limit.
    int statement_timeout_ms = 0;
    int connect_timeout_ms = 10000;
    /// Network read/write timeout of the client, beyond the lock timeout (a server that stops answering).
    int io_timeout_ms = 60000;
};

/// The schema version this build writes (`<prefix>meta`, name 'schema_version').
inline constexpr int mysql_schema_version = 1;
/// `<prefix>meta`'s 'application' value: tells our tables apart from another application's.
inline constexpr const char* mysql_application_marker = "rollcall";

class mysql_store final : public store {
public:
    /// Connects to `url` and creates or checks the tables:
    ///   mysql://user:password@host:port/database?socket=/path&table_prefix=rc_   (or mariadb://)
    /// every part percent-decoded; `socket` connects through a unix socket; `table_prefix` (letters,
    /// digits, '_'; default "rollcall_") names the tables. Tables of another application or of a newer
    /// rollcall are never modified. Errors: invalid_argument (a bad URL, scheme or parameter),
    /// not_found (read_only, and no rollcall tables under the prefix),
    /// io_error (cannot connect: unreachable, refused, wrong password), corrupt_database (tables with
    /// our names that are not a rollcall store), schema_too_new, read_only, storage_error. No message
    /// ever holds the password.
    static result<std::unique_ptr<mysql_store>> open(const std::string& url, const mysql_options& options = {});
    ~mysql_store() override;

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

    int schema_version() const noexcept { return schema_version_; }
    /// The table prefix in use.
    const std::string& table_prefix() const noexcept;
    /// The URL without its password ("mysql://user:***@host/db"), for messages.
    const std::string& display_url() const noexcept;

    struct impl;  // mysql_store_impl.hpp

private:
    result<void> upsert_room_for(const event& e);
    explicit mysql_store(std::unique_ptr<impl> p);
    std::unique_ptr<impl> p_;
    int schema_version_ = 0;
};

}  // namespace rollcall::store
