#include "store/pg_schema.hpp"

#include <span>
#include <string>

#include "store/pg_store.hpp"

namespace rollcall::store::detail {
namespace {

// The current schema in one script (version pg_schema_version), the same tables and uniqueness rules
// as the SQLite store's schema 5. Text that is compared or sorted is text COLLATE "C" (byte order, as
// SQLite's BINARY); free text that is only carried (bodies, headers, names, details) is bytea, so any
// bytes round-trip. Instants are integer milliseconds, as in SQLite.
constexpr const char* create_script = R"sql(
CREATE TABLE rollcall_schema (
    application text NOT NULL,
    version integer NOT NULL
);

CREATE TABLE payloads (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform smallint NOT NULL,
    body_sha256 bytea NOT NULL,
    body bytea NOT NULL,
    headers bytea NOT NULL,
    request_url bytea NOT NULL,
    received_ms bigint NOT NULL,
    rejected integer NOT NULL,          -- 0: accepted; else the errc of the rejection
    reject_message bytea NOT NULL,
    has_events smallint NOT NULL
);
-- A payload with events is a replay exactly when every one of its events is (the events' own rules
-- decide): only payloads without events are deduplicated by their bytes.
CREATE UNIQUE INDEX payloads_eventless ON payloads (platform, body_sha256, (rejected <> 0)) WHERE has_events = 0;

CREATE TABLE sessions (
    id text COLLATE "C" PRIMARY KEY,
    type text COLLATE "C" NOT NULL,
    teacher text COLLATE "C",
    students text NOT NULL,             -- JSON array of identities
    start_ms bigint,
    end_ms bigint,
    package text COLLATE "C" NOT NULL,
    rate_kind smallint NOT NULL,
    rate_minor bigint NOT NULL,
    currency text NOT NULL,
    status smallint NOT NULL,
    status_reason text NOT NULL,
    created_ms bigint NOT NULL,
    updated_ms bigint NOT NULL
);
CREATE INDEX sessions_teacher_start ON sessions (teacher, start_ms);
CREATE INDEX sessions_start ON sessions (start_ms);
CREATE INDEX sessions_status ON sessions (status);

CREATE TABLE status_history (
    session_id text COLLATE "C" NOT NULL REFERENCES sessions (id),
    seq bigint NOT NULL,
    from_status smallint NOT NULL,
    to_status smallint NOT NULL,
    at_ms bigint NOT NULL,
    reason text NOT NULL,
    PRIMARY KEY (session_id, seq)
);

-- Keyed by the fact (SPEC §2: the same (kind, room, connection, at) twice is a duplicate), room first so
-- that the key also serves the by-room reads.
CREATE TABLE events (
    payload_id bigint REFERENCES payloads (id),
    kind smallint NOT NULL,
    platform smallint NOT NULL,
    room text COLLATE "C" NOT NULL,
    room_alt text COLLATE "C" NOT NULL,
    identity text COLLATE "C" NOT NULL,
    connection text COLLATE "C" NOT NULL,
    at_ms bigint NOT NULL,
    joined_at_ms bigint,
    dedup_key text COLLATE "C" NOT NULL,
    display_name bytea NOT NULL,
    email bytea NOT NULL,
    role smallint NOT NULL,
    non_person smallint NOT NULL,
    detail bytea NOT NULL,
    keys bytea NOT NULL,
    unresolved smallint NOT NULL,
    PRIMARY KEY (room, kind, connection, at_ms)
);
CREATE UNIQUE INDEX events_dedup ON events (platform, dedup_key, kind);
CREATE INDEX events_room_end ON events (platform, at_ms) WHERE kind = 5;
-- Dropping a replayed payload checks the foreign key: without this index, a scan of every event.
CREATE INDEX events_payload ON events (payload_id);

CREATE TABLE rooms (
    room text COLLATE "C" PRIMARY KEY,
    platform smallint NOT NULL,
    room_alt text COLLATE "C" NOT NULL,
    first_ms bigint,                    -- the first event stored (NULL: linked before any event)
    session_id text COLLATE "C" REFERENCES sessions (id),
    named_session text COLLATE "C",
    named_type text COLLATE "C" NOT NULL
);
CREATE INDEX rooms_session ON rooms (session_id);
CREATE INDEX rooms_named ON rooms (named_session, named_type);
CREATE INDEX rooms_alt ON rooms (platform, room_alt);

CREATE TABLE subscription_usage (
    session_id text COLLATE "C" PRIMARY KEY REFERENCES sessions (id),
    package text COLLATE "C" NOT NULL,
    counted_ms bigint NOT NULL
);
CREATE INDEX subscription_usage_package ON subscription_usage (package);

CREATE TABLE links (
    token text COLLATE "C" PRIMARY KEY,
    teacher text COLLATE "C" NOT NULL,
    student text COLLATE "C" NOT NULL,
    meeting_url text NOT NULL,
    package text COLLATE "C" NOT NULL,
    rate_kind smallint NOT NULL,
    rate_minor bigint NOT NULL,
    currency text NOT NULL,
    sent_ms bigint NOT NULL,
    session_id text COLLATE "C" REFERENCES sessions (id),
    status smallint NOT NULL,
    clicked_ms bigint,
    last_heartbeat_ms bigint,
    ended_ms bigint
);
CREATE INDEX links_status ON links (status);
CREATE INDEX links_sent ON links (sent_ms);
CREATE INDEX links_teacher_sent ON links (teacher, sent_ms);
CREATE INDEX links_student_sent ON links (student, sent_ms);
CREATE INDEX links_session ON links (session_id);

CREATE TABLE counters (
    name text COLLATE "C" PRIMARY KEY,
    value bigint NOT NULL
);

-- The change feed. seq comes from change_seq, never from a sequence: its one row is updated by the
-- appending transaction and stays locked until that commits, so numbers are handed out in commit order
-- and a reader at cursor N never misses an entry that commits later with a number below N.
CREATE TABLE change_seq (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    last bigint NOT NULL
);
INSERT INTO change_seq (one, last) VALUES (true, 0);
CREATE TABLE changes (
    seq bigint PRIMARY KEY,
    at_ms bigint NOT NULL,
    type text NOT NULL,
    session_id text NOT NULL,
    subject text NOT NULL,
    from_value text NOT NULL,
    to_value text NOT NULL,
    reason text NOT NULL
);
CREATE TABLE change_cursors (
    consumer text COLLATE "C" PRIMARY KEY,
    seq bigint NOT NULL
);

CREATE TABLE session_meetings (
    session_id text COLLATE "C" NOT NULL REFERENCES sessions (id),
    meeting text COLLATE "C" NOT NULL,
    PRIMARY KEY (session_id, meeting)
);
CREATE INDEX session_meetings_meeting ON session_meetings (meeting);
CREATE TABLE room_reports (
    room text COLLATE "C" PRIMARY KEY,
    stored_ms bigint NOT NULL
);

CREATE TABLE aliases (
    session text COLLATE "C" NOT NULL,  -- '' for a global alias
    kind smallint NOT NULL,             -- rollcall::key_kind
    value text COLLATE "C" NOT NULL,    -- normalised (src/identity/normalise.hpp)
    person text COLLATE "C" NOT NULL,
    PRIMARY KEY (session, kind, value)
);
CREATE INDEX aliases_person ON aliases (person);
)sql";

// Append-only: migrations[N - 1] takes a schema from version N to N + 1 (the create script above always
// writes the current version). None yet: version 1 is the first PostgreSQL schema.
constexpr std::span<const char* const> migrations{};
static_assert(migrations.size() + 1 == pg_schema_version, "one migration per version after the first");

}  // namespace

result<int> pg_inspect_schema(pg_connection& db, const std::string& schema) {
    auto t = db.exec(
        "SELECT count(*), count(*) FILTER (WHERE c.relname = 'rollcall_schema' AND c.relkind = 'r') "
        "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')",
        {p_text(schema)}, "database: reading the schema's tables");
    if (!t) return failure{t.err()};
    const auto tables = t->i64(0, 0), marker = t->i64(0, 1);
    if (tables == 0) return 0;  // a new (or missing) schema
    if (marker == 0)
        return fail(errc::corrupt_database,
                    "not a rollcall database (schema '" + schema + "' holds another application's tables)");
    auto v = db.exec("SELECT application, version FROM rollcall_schema", {}, "database: reading the schema version");
    if (!v) return failure{v.err()};
    if (v->size() != 1 || v->text(0, 0) != pg_application)
        return fail(errc::corrupt_database,
                    "not a rollcall database (schema '" + schema + "': table rollcall_schema names another application)");
    const auto version = v->i64(0, 1);
    if (version > pg_schema_version)
        return fail(errc::schema_too_new, "the database has schema version " + std::to_string(version) +
                                              "; this rollcall reads up to version " + std::to_string(pg_schema_version));
    if (version < 1) return fail(errc::corrupt_database, "a rollcall database without a schema version");
    return static_cast<int>(version);
}

result<int> pg_migrate(pg_connection& db, const std::string& schema, std::int64_t lock_key) {
    if (auto r = db.exec_script("BEGIN"); !r) return failure{r.err()};
    auto step = [&]() -> result<int> {
        if (auto l = db.exec("SELECT pg_advisory_xact_lock($1)", {p_int(lock_key)}, "database: taking the write lock"); !l)
            return failure{l.err()};
        // Re-read under the lock: another process may have created or migrated the schema meanwhile.
        auto ns = db.exec("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1", {p_text(schema)},
                          "database: reading schemas");
        if (!ns) return failure{ns.err()};
        if (ns->empty()) {
            // The name was checked to be a plain identifier; quoting keeps its case.
            const std::string create = "CREATE SCHEMA \"" + schema + "\"";
            if (auto r = db.exec_script(create.c_str()); !r)
                return fail(r.err().code, "creating schema '" + schema + "': " + r.err().message);
        }
        auto ver = pg_inspect_schema(db, schema);
        if (!ver) return ver;
        int v = *ver;
        if (v == 0) {
            if (auto r = db.exec_script(create_script); !r)
                return fail(r.err().code, "creating the schema: " + r.err().message);
            auto mark = db.exec("INSERT INTO rollcall_schema (application, version) VALUES ($1, $2)",
                                {p_text(pg_application), p_int(pg_schema_version)}, "database: marking the schema");
            if (!mark) return failure{mark.err()};
            v = pg_schema_version;
        }
        for (; v < pg_schema_version; ++v) {
            if (auto r = db.exec_script(migrations[static_cast<std::size_t>(v - 1)]); !r)
                return fail(r.err().code, "migrating to schema version " + std::to_string(v + 1) + ": " + r.err().message);
            auto mark = db.exec("UPDATE rollcall_schema SET version = $1", {p_int(v + 1)}, "database: marking the schema");
            if (!mark) return failure{mark.err()};
        }
        return v;
    };
    auto reached = step();
    if (!reached) {
        (void)db.exec_script("ROLLBACK");
        return reached;
    }
    if (auto r = db.exec_script("COMMIT"); !r) {
        (void)db.exec_script("ROLLBACK");
        return failure{r.err()};
    }
    return reached;
}

}  // namespace rollcall::store::detail
