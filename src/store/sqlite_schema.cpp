#include "store/sqlite_schema.hpp"

#include <string>

#include "store/sqlite_store.hpp"

namespace rollcall::store::detail {
namespace {

// Append-only: migration N takes a database from version N-1 to N. Never edit a shipped one.
constexpr const char* migrations[] = {
    // 1: the first schema.
    R"sql(
CREATE TABLE payloads (
    id INTEGER PRIMARY KEY,
    platform INTEGER NOT NULL,
    body_sha256 BLOB NOT NULL,
    body BLOB NOT NULL,
    headers TEXT NOT NULL,
    request_url TEXT NOT NULL,
    received_ms INTEGER NOT NULL,
    rejected INTEGER NOT NULL,          -- 0: accepted; else the errc of the rejection
    reject_message TEXT NOT NULL
);
CREATE UNIQUE INDEX payloads_body ON payloads (platform, body_sha256, rejected <> 0);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    teacher TEXT,
    students TEXT NOT NULL,             -- JSON array of identities
    start_ms INTEGER,
    end_ms INTEGER,
    package TEXT NOT NULL,
    rate_kind INTEGER NOT NULL,
    rate_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    status INTEGER NOT NULL,
    status_reason TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL
);
CREATE INDEX sessions_teacher_start ON sessions (teacher, start_ms);
CREATE INDEX sessions_start ON sessions (start_ms);
CREATE INDEX sessions_status ON sessions (status);

CREATE TABLE status_history (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    seq INTEGER NOT NULL,
    from_status INTEGER NOT NULL,
    to_status INTEGER NOT NULL,
    at_ms INTEGER NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
);

-- Keyed by the fact (SPEC §2: the same (kind, room, connection, at) twice is a duplicate), room first so
-- that the key also serves the by-room reads: one b-tree instead of a table plus an index, which is one
-- page less to write per ingested webhook.
CREATE TABLE events (
    payload_id INTEGER REFERENCES payloads (id),
    kind INTEGER NOT NULL,
    platform INTEGER NOT NULL,
    room TEXT NOT NULL,
    room_alt TEXT NOT NULL,
    identity TEXT NOT NULL,
    connection TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    joined_at_ms INTEGER,
    dedup_key TEXT NOT NULL,
    display_name TEXT NOT NULL,
    email TEXT NOT NULL,
    role INTEGER NOT NULL,
    non_person INTEGER NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (room, kind, connection, at_ms)
) WITHOUT ROWID;
CREATE UNIQUE INDEX events_dedup ON events (platform, dedup_key, kind);

CREATE TABLE rooms (
    room TEXT PRIMARY KEY,
    platform INTEGER NOT NULL,
    room_alt TEXT NOT NULL,
    first_ms INTEGER,                   -- the first event stored (NULL: linked before any event)
    session_id TEXT REFERENCES sessions (id),
    named_session TEXT,
    named_type TEXT NOT NULL
);
CREATE INDEX rooms_session ON rooms (session_id);
CREATE INDEX rooms_named ON rooms (named_session, named_type);

CREATE TABLE subscription_usage (
    session_id TEXT PRIMARY KEY REFERENCES sessions (id),
    package TEXT NOT NULL,
    counted_ms INTEGER NOT NULL
);
CREATE INDEX subscription_usage_package ON subscription_usage (package);

CREATE TABLE links (
    token TEXT PRIMARY KEY,
    teacher TEXT NOT NULL,
    student TEXT NOT NULL,
    meeting_url TEXT NOT NULL,
    package TEXT NOT NULL,
    rate_kind INTEGER NOT NULL,
    rate_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    sent_ms INTEGER NOT NULL,
    session_id TEXT REFERENCES sessions (id),
    status INTEGER NOT NULL,
    clicked_ms INTEGER,
    last_heartbeat_ms INTEGER,
    ended_ms INTEGER
);
CREATE INDEX links_status ON links (status);

CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
)sql",
    // 2: a payload that produced events is a duplicate exactly when every one of its events is (the
    // events' own uniqueness rules decide), so only payloads without events (rejected, or carrying
    // nothing rollcall turns into an event) still need the body-hash index. One b-tree page fewer to
    // write per ingested webhook.
    R"sql(
ALTER TABLE payloads ADD COLUMN has_events INTEGER NOT NULL DEFAULT 0;
UPDATE payloads SET has_events = 1 WHERE id IN (SELECT payload_id FROM events WHERE payload_id IS NOT NULL);
DROP INDEX payloads_body;
CREATE UNIQUE INDEX payloads_eventless ON payloads (platform, body_sha256, rejected <> 0) WHERE has_events = 0;
)sql",
    // 3: the change feed (SPEC §8) and its named readers' cursors; links listed by teacher, student,
    // session and date. AUTOINCREMENT: a sequence number is never handed out twice, even after the
    // newest entries were deleted.
    R"sql(
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms INTEGER NOT NULL,
    type TEXT NOT NULL,
    session_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    from_value TEXT NOT NULL,
    to_value TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE change_cursors (
    consumer TEXT PRIMARY KEY,
    seq INTEGER NOT NULL
);
CREATE INDEX links_sent ON links (sent_ms);
CREATE INDEX links_teacher_sent ON links (teacher, sent_ms);
CREATE INDEX links_student_sent ON links (student, sent_ms);
CREATE INDEX links_session ON links (session_id);
)sql",
    // 4: Zoom sessions linked by what hosts store (SPEC §11): a meeting key ("zoom:<numeric id>") per
    // session, many sessions per meeting (a recurring meeting), resolved to instances through the
    // rooms' room_alt; and which rooms have their platform report stored (the report-due query reads
    // room ends through a partial index, which costs nothing on the join/leave hot path).
    R"sql(
CREATE TABLE session_meetings (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    meeting TEXT NOT NULL,
    PRIMARY KEY (session_id, meeting)
) WITHOUT ROWID;
CREATE INDEX session_meetings_meeting ON session_meetings (meeting);
CREATE INDEX rooms_alt ON rooms (platform, room_alt);
CREATE TABLE room_reports (
    room TEXT PRIMARY KEY,
    stored_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX events_room_end ON events (platform, at_ms) WHERE kind = 5;
)sql",
    // 5: identity (SPEC §11): the platform keys of an event whose identity is only a fallback, so that
    // aliases added later still apply; the host's alias table, global (session '') or per session.
    R"sql(
ALTER TABLE events ADD COLUMN keys TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN unresolved INTEGER NOT NULL DEFAULT 0;
CREATE TABLE aliases (
    session TEXT NOT NULL,              -- '' for a global alias
    kind INTEGER NOT NULL,              -- rollcall::key_kind
    value TEXT NOT NULL,                -- normalised (src/identity/normalise.hpp)
    person TEXT NOT NULL,
    PRIMARY KEY (session, kind, value)
) WITHOUT ROWID;
CREATE INDEX aliases_person ON aliases (person);
)sql",
};

constexpr int latest = static_cast<int>(sizeof migrations / sizeof migrations[0]);
static_assert(latest == sqlite_schema_version, "sqlite_schema_version must name the last migration");

}  // namespace

result<int> inspect_schema(connection& db) {
    // The three reads share one read transaction: another process may be creating the schema right
    // now, and reading its header before and its user_version after that commit would look like a
    // foreign file.
    // (migrate() calls this inside its own write transaction, which already gives that guarantee.)
    const bool own_transaction = sqlite3_get_autocommit(db.handle()) != 0;
    if (own_transaction)
        if (auto r = db.exec("BEGIN"); !r) return failure{r.err()};
    // Reading the header is what fails on a file that is not SQLite at all.
    auto app = db.query_int("PRAGMA application_id");
    auto ver = app ? db.query_int("PRAGMA user_version") : result<std::int64_t>{failure{app.err()}};
    auto objects = ver ? db.query_int("SELECT count(*) FROM sqlite_master") : result<std::int64_t>{failure{ver.err()}};
    if (own_transaction)
        if (auto end = db.exec(objects ? "COMMIT" : "ROLLBACK"); !end && objects) return failure{end.err()};
    if (!objects) return failure{objects.err()};
    if (*app == 0 && *ver == 0 && *objects == 0) return 0;  // a new, empty file
    if (*app != sqlite_application_id)
        return fail(errc::corrupt_database, "not a rollcall database (another application's SQLite file)");
    if (*ver > latest)
        return fail(errc::schema_too_new, "the database has schema version " + std::to_string(*ver) +
                                              "; this rollcall reads up to version " + std::to_string(latest));
    if (*ver < 1) return fail(errc::corrupt_database, "a rollcall database without a schema version");
    return static_cast<int>(*ver);
}

result<int> migrate(connection& db) {
    for (;;) {
        if (auto r = db.exec("BEGIN IMMEDIATE"); !r) return failure{r.err()};
        // Re-read inside the lock: another process may have migrated meanwhile.
        auto ver = inspect_schema(db);
        if (!ver || *ver >= latest) {
            (void)db.exec("ROLLBACK");
            if (!ver) return failure{ver.err()};
            return *ver;
        }
        const int next = *ver + 1;
        std::string step = migrations[next - 1];
        step += "PRAGMA user_version = " + std::to_string(next) + ";";
        if (next == 1) step += "PRAGMA application_id = " + std::to_string(sqlite_application_id) + ";";
        if (auto r = db.exec(step.c_str()); !r) {
            (void)db.exec("ROLLBACK");
            return fail(r.err().code, "migrating to schema version " + std::to_string(next) + ": " + r.err().message);
        }
        if (auto r = db.exec("COMMIT"); !r) {
            (void)db.exec("ROLLBACK");
            return failure{r.err()};
        }
    }
}

}  // namespace rollcall::store::detail
