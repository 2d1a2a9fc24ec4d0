// The PostgreSQL store (SPEC §8, issue #12): libpq only, every statement prepared once per connection,
// binary parameters, one PostgreSQL schema per rollcall database, the schema version and an application
// marker in table rollcall_schema. Safe for many processes at once: every write unit holds the schema's
// advisory write lock until it commits (what BEGIN IMMEDIATE is to the SQLite store), every uniqueness
// rule is a UNIQUE index written with ON CONFLICT DO NOTHING, and change-feed numbers come from a
// one-row counter updated in the appending transaction (see docs/storage.md, PostgreSQL).
#pragma once

#include <memory>
#include <string>

#include "store/store.hpp"

namespace rollcall::store {

struct pg_options {
    bool read_only = false;       ///< every transaction read-only (SET default_transaction_read_only)
    bool create = true;           ///< create the tables (and the schema) when missing
    int lock_timeout_ms = 10000;  ///< how long a writer waits for another's write lock (0: forever)
    int statement_timeout_ms = 0;  ///< cancel any statement running longer (0: the server's or the URL's setting)
};

/// The schema version this build writes (table rollcall_schema).
inline constexpr int pg_schema_version = 1;
/// The application marker in rollcall_schema: tells our tables apart from another application's.
inline constexpr const char* pg_application = "rollcall";

/// Whether a location names a PostgreSQL database (postgresql:// or postgres://).
bool is_postgres_url(std::string_view location) noexcept;

class pg_store final : public store {
public:
    /// Connects to `url` (a libpq URI, postgresql://user:password@host:port/db?param=...). rollcall's
    /// own parameter `schema=NAME` selects the PostgreSQL schema (created when missing; default: the
    /// server's current schema, usually public) and is removed before libpq sees the URI.
    /// Nothing is written to a schema that is not rollcall's. Errors: invalid_argument (a malformed
    /// URL or schema name), io_error (cannot connect or authenticate; the password never appears in
    /// the message), corrupt_database (another application's tables), schema_too_new, not_found
    /// (read-only or create=false and no rollcall tables), storage_error.
    static result<std::unique_ptr<pg_store>> open(const std::string& url, const pg_options& options = {});
    ~pg_store() override;

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
    /// The PostgreSQL schema the tables live in.
    const std::string& schema() const noexcept;

private:
    struct impl;
    explicit pg_store(std::unique_ptr<impl> p);
    std::unique_ptr<impl> p_;
    int schema_version_ = 0;
};

}  // namespace rollcall::store
