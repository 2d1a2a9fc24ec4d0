#include "store/mysql_schema.hpp"

#include <string>
#include <vector>

namespace rollcall::store::detail {
namespace {

// Append-only: migration N takes the tables from version N-1 to N, one statement at a time (MySQL
// commits each DDL statement on its own, so every statement of a step must be safe to run again:
// CREATE TABLE IF NOT EXISTS, and so on). Never edit a shipped one.
//
// Version 1 is the SQLite store's schema 5 in one step, with these differences: every text is binary
// (VARBINARY, LONGBLOB); a text that is unique or a primary key is keyed by its SHA-256 (`*_key`
// BINARY(32)); other text indexes are prefix indexes (the full value is still compared); the events'
// fact and dedup keys are SHA-256 too; the change feed's sequence comes from a counter row locked by
// the appending transaction (`counters` 'change_seq'), not AUTO_INCREMENT, so that numbers become
// visible in commit order; and there are no foreign keys (the store checks them, under the writer lock).
const std::vector<std::vector<const char*>> migrations = {
    {
        R"sql(CREATE TABLE IF NOT EXISTS {payloads} (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    platform INT NOT NULL,
    body_sha256 BINARY(32) NOT NULL,
    body LONGBLOB NOT NULL,
    headers LONGBLOB NOT NULL,
    request_url LONGBLOB NOT NULL,
    received_ms BIGINT NOT NULL,
    rejected INT NOT NULL,
    reject_message LONGBLOB NOT NULL,
    has_events TINYINT NOT NULL,
    is_rejected TINYINT NOT NULL,
    eventless TINYINT NULL,
    UNIQUE KEY payloads_eventless (platform, body_sha256, is_rejected, eventless)
) ENGINE=InnoDB)sql",
        R"sql(CREATE TABLE IF NOT EXISTS {sessions} (
    id_key BINARY(32) NOT NULL PRIMARY KEY,
    id LONGBLOB NOT NULL,
    type LONGBLOB NOT NULL,
    teacher LONGBLOB NULL,
    students LONGBLOB NOT NULL,
    start_ms BIGINT NULL,
    end_ms BIGINT NULL,
    package LONGBLOB NOT NULL,
    rate_kind INT NOT NULL,
    rate_minor BIGINT NOT NULL,
    currency LONGBLOB NOT NULL,
    status INT NOT NULL,
    status_reason LONGBLOB NOT NULL,
    created_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL,
    KEY sessions_teacher_start (teacher(255), start_ms),
    KEY sessions_start (start_ms),
    KEY sessions_status (status)
) ENGINE=InnoDB)sql",
        R"sql(CREATE TABLE IF NOT EXISTS {status_history} (
    session_key BINARY(32) NOT NULL,
    seq INT NOT NULL,
    from_status INT NOT NULL,
    to_status INT NOT NULL,
    at_ms BIGINT NOT NULL,
    reason LONGBLOB NOT NULL,
    PRIMARY KEY (session_key, seq)
) ENGINE=InnoDB)sql",
        // Clustered by room (the by-room reads), unique by the fact (SPEC §2) and by the dedup key.
        R"sql(CREATE TABLE IF NOT EXISTS {events} (
    room_key BINARY(32) NOT NULL,
    kind INT NOT NULL,
    connection_key BINARY(32) NOT NULL,
    at_ms BIGINT NOT NULL,
    dedup_key_hash BINARY(32) NOT NULL,
    payload_id BIGINT NULL,
    platform INT NOT NULL,
    room LONGBLOB NOT NULL,
    room_alt LONGBLOB NOT NULL,
    identity LONGBLOB NOT NULL,
    connection LONGBLOB NOT NULL,
    joined_at_ms BIGINT NULL,
    dedup_key LONGBLOB NOT NULL,
    display_name LONGBLOB NOT NULL,
    email LONGBLOB NOT NULL,
    role INT NOT NULL,
    non_person TINYINT NOT NULL,
    detail LONGBLOB NOT NULL,
    identity_keys LONGBLOB NOT NULL,
    unresolved TINYINT NOT NULL,
    PRIMARY KEY (room_key, kind, connection_key, at_ms),
    UNIQUE KEY events_dedup (platform, dedup_key_hash, kind),
    KEY events_room_end (kind, platform, at_ms)
) ENGINE=InnoDB)sql",
        R"sql(CREATE TABLE IF NOT EXISTS {rooms} (
    room_key BINARY(32) NOT NULL PRIMARY KEY,
    room LONGBLOB NOT NULL,
    platform INT NOT NULL,
    room_alt LONGBLOB NOT NULL,
    first_ms BIGINT NULL,
    session_id LONGBLOB NULL,
    named_session LONGBLOB NULL,
    named_type LONGBLOB NOT NULL,
    KEY rooms_session (session_id(255)),
    KEY rooms_named (named_session(255), named_type(255)),
    KEY rooms_alt (platform, room_alt(255))
) ENGINE=InnoDB)sql",
        R"sql(CREATE TABLE IF NOT EXISTS {subscription_usage} (
    session_key BINARY(32) NOT NULL PRIMARY KEY,
    session_id LONGBLOB NOT NULL,
    package LONGBLOB NOT NULL,
    counted_ms BIGINT NOT NULL,
    KEY subscription_usage_package (package(255))
) ENGINE=InnoDB)sql",
        R"sql(CREATE TABLE IF NOT EXISTS {links} (
    token_key BINARY(32) NOT NULL PRIMARY KEY,
    token LONGBLOB NOT NULL,
    teacher LONGBLOB NOT NULL,
    student LONGBLOB NOT NULL,
    meeting_url LONGBLOB NOT NULL,
    package LONGBLOB NOT NULL,
    rate_kind INT NOT NULL,
    rate_minor BIGINT NOT NULL,
    currency LONGBLOB NOT NULL,
    sent_ms BIGINT NOT NULL,
    session_id LONGBLOB NULL,
    status INT NOT NULL,
    clicked_ms BIGINT NULL,
    last_heartbeat_ms BIGINT NULL,
    ended_ms BIGINT NULL,
    KEY links_status (status),
    KEY links_sent (sent_ms),
    KEY links_teacher_sent (teacher(255), sent_ms),
    KEY links_student_sent (student(255), sent_ms),
    KEY links_session (session_id(255))
) ENGINE=InnoDB)sql",
        R"sql(CREATE TABLE IF NOT EXISTS {counters} (
    name VARBINARY(64) NOT NULL PRIMARY KEY,
    value BIGINT NOT NULL
) ENGINE=InnoDB)sql",
        R"sql(INSERT INTO {counters} (name, value) VALUES ('change_seq', 0) ON DUPLICATE KEY UPDATE value = value)sql",
        R"sql(CREATE TABLE IF NOT EXISTS {changes} (
    seq BIGINT NOT NULL PRIMARY KEY,
    at_ms BIGINT NOT NULL,
    type VARBINARY(64) NOT NULL,
    session_id LONGBLOB NOT NULL,
    subject LONGBLOB NOT NULL,
    from_value LONGBLOB NOT NULL,
    to_value LONGBLOB NOT NULL,
    reason LONGBLOB NOT NULL
) ENGINE=InnoDB)sql",
        R"sql(CREATE TABLE IF NOT EXISTS {change_cursors} (
    consumer_key BINARY(32) NOT NULL PRIMARY KEY,
    consumer LONGBLOB NOT NULL,
    seq BIGINT NOT NULL
) ENGINE=InnoDB)sql",
        R"sql(CREATE TABLE IF NOT EXISTS {session_meetings} (
    session_key BINARY(32) NOT NULL,
    meeting_key BINARY(32) NOT NULL,
    session_id LONGBLOB NOT NULL,
    meeting LONGBLOB NOT NULL,
    PRIMARY KEY (session_key, meeting_key),
    KEY session_meetings_meeting (meeting_key)
) ENGINE=InnoDB)sql",
        R"sql(CREATE TABLE IF NOT EXISTS {room_reports} (
    room_key BINARY(32) NOT NULL PRIMARY KEY,
    room LONGBLOB NOT NULL,
    stored_ms BIGINT NOT NULL
) ENGINE=InnoDB)sql",
        R"sql(CREATE TABLE IF NOT EXISTS {aliases} (
    alias_key BINARY(32) NOT NULL PRIMARY KEY,
    session LONGBLOB NOT NULL,
    kind INT NOT NULL,
    value LONGBLOB NOT NULL,
    person LONGBLOB NOT NULL,
    KEY aliases_person (person(255)),
    KEY aliases_session (session(255))
) ENGINE=InnoDB)sql",
    },
};

constexpr const char* meta_table = R"sql(CREATE TABLE IF NOT EXISTS {meta} (
    name VARBINARY(64) NOT NULL PRIMARY KEY,
    value VARBINARY(255) NOT NULL
) ENGINE=InnoDB)sql";

}  // namespace

const std::vector<std::string_view>& my_table_names() {
    static const std::vector<std::string_view> names{
        "meta",     "payloads", "sessions", "status_history", "events",           "rooms",        "subscription_usage",
        "links",    "counters", "changes",  "change_cursors", "session_meetings", "room_reports", "aliases"};
    return names;
}

result<int> my_inspect_schema(mysql_store::impl& s) {
    // Which of our table names exist in this database (information_schema is not transactional:
    // read it under the writer lock when it matters, as my_migrate does).
    auto q = s.prep("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()");
    if (!q) return failure{q.err()};
    std::set<std::string, std::less<>> ours;
    {
        statement st(s.db, *q);
        auto r = each_row(st, "database: listing tables", [&]() -> result<void> {
            const std::string name = st.text(0);
            if (name.size() > s.prefix.size() && name.compare(0, s.prefix.size(), s.prefix) == 0)
                for (auto t : my_table_names())
                    if (std::string_view(name).substr(s.prefix.size()) == t) ours.insert(std::string(t));
            return {};
        });
        if (!r) return failure{r.err()};
    }
    if (ours.empty()) return 0;
    const auto foreign = [&](std::string why) {
        return fail(errc::corrupt_database, "not a rollcall database: " + why +
                                                " (another application's tables? choose another table_prefix)");
    };
    if (!ours.count("meta")) return foreign("table '" + s.prefix + *ours.begin() + "' exists without '" + s.prefix + "meta'");
    auto m = s.prep("SELECT name, value FROM {meta}");
    if (!m) return failure{m.err()};
    std::optional<std::string> app, version;
    {
        statement st(s.db, *m);
        auto r = each_row(st, "database: reading the schema version", [&]() -> result<void> {
            const std::string name = st.text(0);
            if (name == "application") app = st.text(1);
            else if (name == "schema_version") version = st.text(1);
            return {};
        });
        if (!r) return failure{r.err()};
    }
    if (!app || *app != mysql_application_marker)
        return foreign("'" + s.prefix + "meta' does not name rollcall as its application");
    if (!version || version->empty() || version->size() > 9 ||
        version->find_first_not_of("0123456789") != std::string::npos)
        return fail(errc::corrupt_database, "a rollcall database without a schema version");
    const int ver = std::stoi(*version);
    const int latest = static_cast<int>(migrations.size());
    if (ver > latest)
        return fail(errc::schema_too_new, "the database has schema version " + std::to_string(ver) +
                                              "; this rollcall reads up to version " + std::to_string(latest));
    return ver;
}

result<int> my_migrate(mysql_store::impl& s) {
    static_assert(mysql_schema_version == 1, "mysql_schema_version must name the last migration");
    if (static_cast<int>(migrations.size()) != mysql_schema_version)
        return fail(errc::internal_error, "mysql_schema_version does not name the last migration");
    if (auto r = s.lock_writers(); !r) return failure{r.err()};
    auto ver = my_inspect_schema(s);
    auto run = [&]() -> result<int> {
        if (!ver) return failure{ver.err()};
        if (*ver >= mysql_schema_version) return *ver;
        // The marker comes first: tables that exist under a marker at version 0 are our own creation
        // that stopped half way, which the next open resumes.
        if (auto r = s.exec(meta_table, "database: creating the schema"); !r) return failure{r.err()};
        if (auto r = s.exec("INSERT INTO {meta} (name, value) VALUES ('application', 'rollcall'), ('schema_version', '0') "
                            "ON DUPLICATE KEY UPDATE value = value",
                            "database: creating the schema");
            !r)
            return failure{r.err()};
        for (int next = *ver + 1; next <= mysql_schema_version; ++next) {
            const std::string what = "migrating to schema version " + std::to_string(next);
            for (const char* stmt : migrations[static_cast<std::size_t>(next - 1)])
                if (auto r = s.exec(stmt, what); !r) return failure{r.err()};
            const std::string set = "UPDATE {meta} SET value = '" + std::to_string(next) + "' WHERE name = 'schema_version'";
            if (auto r = s.exec(set, what); !r) return failure{r.err()};
        }
        return mysql_schema_version;
    };
    auto out = run();
    s.unlock_writers();
    return out;
}

}  // namespace rollcall::store::detail
