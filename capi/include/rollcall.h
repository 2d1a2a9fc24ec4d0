/*
 * rollcall.h: the stable C ABI of rollcall, an attendance engine for online teaching.
 *
 * C99. Everything here is prefixed `rollcall_` (functions, types) or `ROLLCALL_` (macros).
 *
 * THREADING
 *   - Functions that take no handle (version, errors, rollcall_free, rollcall_replay) may be called
 *     from any thread at any time.
 *   - Error detail (rollcall_errcode, rollcall_errmsg) is per thread: a call on one thread never
 *     changes what another thread reads.
 *   - rollcall_verifier (immutable) and rollcall_tracker (calls serialised inside the handle) may be
 *     used from several threads at once. Several processes may open one database file at once.
 *   - Result objects are immutable once returned: they may be read from any thread, and are freed
 *     exactly once, by any thread, after the last read.
 *
 * ERRORS
 *   Every fallible function returns a rollcall_status: ROLLCALL_OK (0) or an error code below. On
 *   failure every out-parameter is set to NULL (or 0), nothing needs freeing, and the calling
 *   thread's rollcall_errcode() / rollcall_errmsg() describe the failure. No C++ exception ever
 *   crosses this boundary.
 *
 * OWNERSHIP
 *   - `T** out`: on success the caller owns *out and releases it with the matching rollcall_*_free.
 *   - `char** out`: a buffer the library allocated; release it with rollcall_free().
 *   - A returned `const char*` is borrowed: its documentation says how long it stays valid.
 *   - Every *_free function accepts NULL and never fails; handles may be freed in any order.
 *
 * TIME
 *   Instants are int64_t milliseconds since the Unix epoch, UTC.
 *
 * VERSIONING
 *   Status values and functions are append-only. See docs/versioning.md.
 */
#ifndef ROLLCALL_H
#define ROLLCALL_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  if defined(ROLLCALL_BUILDING)
#    define ROLLCALL_API __declspec(dllexport)
#  else
#    define ROLLCALL_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && defined(ROLLCALL_BUILDING)
#  define ROLLCALL_API __attribute__((visibility("default")))
#else
#  define ROLLCALL_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------------
 * Version
 * ------------------------------------------------------------------------------------------- */

#define ROLLCALL_VERSION_MAJOR 0
#define ROLLCALL_VERSION_MINOR 4
#define ROLLCALL_VERSION_PATCH 0
/** MAJOR * 10000 + MINOR * 100 + PATCH, comparable with rollcall_version(). */
#define ROLLCALL_VERSION_NUMBER (ROLLCALL_VERSION_MAJOR * 10000 + ROLLCALL_VERSION_MINOR * 100 + ROLLCALL_VERSION_PATCH)
#define ROLLCALL_VERSION_STRING "0.4.0"

/** The version of the library actually loaded, as ROLLCALL_VERSION_NUMBER. Bindings compare it
 *  with the number they were built against (same major, and minor at least theirs). */
ROLLCALL_API uint32_t rollcall_version(void);

/** The loaded library's version as text, e.g. "0.1.0". Static storage: never freed, never NULL. */
ROLLCALL_API const char* rollcall_version_string(void);

/* ---------------------------------------------------------------------------------------------
 * Status codes and error detail
 * ------------------------------------------------------------------------------------------- */

/** 0 on success, otherwise one of the ROLLCALL_* codes below. Values are append-only. */
typedef int32_t rollcall_status;

#define ROLLCALL_OK 0
#define ROLLCALL_INVALID_ARGUMENT 1      /* a NULL or out-of-range argument, a bad option */
#define ROLLCALL_MALFORMED_INPUT 2       /* not JSON, a broken form body, a truncated document */
#define ROLLCALL_MISSING_FIELD 3         /* a required field is absent */
#define ROLLCALL_INVALID_VALUE 4         /* a field has the wrong type or an impossible value */
#define ROLLCALL_UNSUPPORTED_EVENT 5     /* an event type this library does not handle */
#define ROLLCALL_MISSING_SIGNATURE 6     /* no Authorization / checksum / signature */
#define ROLLCALL_BAD_SIGNATURE 7         /* the signature, checksum or token does not verify */
#define ROLLCALL_TOKEN_EXPIRED 8         /* a JWT whose exp is past */
#define ROLLCALL_TOKEN_NOT_YET_VALID 9   /* a JWT whose nbf is in the future */
#define ROLLCALL_UNKNOWN_KEY 10          /* the token names a key that is not configured */
#define ROLLCALL_STALE_TIMESTAMP 11      /* a signed request timestamp outside the window */
#define ROLLCALL_UNSUPPORTED_ALGORITHM 12 /* a JWT alg other than the accepted one */
#define ROLLCALL_ILLEGAL_TRANSITION 13   /* a session status change the lifecycle forbids */
#define ROLLCALL_NOT_FOUND 14            /* no session / link / room with that id */
#define ROLLCALL_ALREADY_EXISTS 15       /* a create with an id that is taken */
#define ROLLCALL_STORAGE_ERROR 16        /* the database failed (I/O, busy beyond the timeout) */
#define ROLLCALL_CORRUPT_DATABASE 17     /* not a rollcall database, or fails its integrity check */
#define ROLLCALL_SCHEMA_TOO_NEW 18       /* written by a newer rollcall */
#define ROLLCALL_READ_ONLY 19            /* the database cannot be written */
#define ROLLCALL_IO_ERROR 20             /* a file could not be read or written */
#define ROLLCALL_CONFIG_ERROR 21         /* the configuration is invalid */
#define ROLLCALL_LINK_CLOSED 22          /* a heartbeat or click for a tracked link that has ended */
#define ROLLCALL_VERSION_MISMATCH 23     /* a binding was built against another ABI version */
#define ROLLCALL_INTERNAL_ERROR 99       /* a bug: please report it */

/** Stable snake_case name of a status, e.g. "bad_signature" for ROLLCALL_BAD_SIGNATURE;
 *  "unknown_error" for a value this library does not know. Static storage, never NULL. */
ROLLCALL_API const char* rollcall_errstr(rollcall_status status);

/** The status of the last rollcall call on this thread that returns a rollcall_status
 *  (ROLLCALL_OK after a success). */
ROLLCALL_API rollcall_status rollcall_errcode(void);

/** A message describing the last failure on this thread ("" after a success). Never NULL; valid
 *  until the next rollcall call on this thread. It names the offending field, never a secret. */
ROLLCALL_API const char* rollcall_errmsg(void);

/* ---------------------------------------------------------------------------------------------
 * Memory
 * ------------------------------------------------------------------------------------------- */

/** Releases a buffer the library returned through a `char** out`. NULL is ignored. */
ROLLCALL_API void rollcall_free(void* buffer);

/* ---------------------------------------------------------------------------------------------
 * Replay (stateless; any thread)
 * ------------------------------------------------------------------------------------------- */

/** Evaluates a scenario (SPEC §10: session, events, policy overrides, `now`) and writes the result
 *  as JSON into *out: the same object `rollcall replay FILE` prints (status, billing, participants,
 *  anomalies, ...). `scenario_json` is `scenario_len` bytes of UTF-8 JSON (no NUL needed).
 *  On success *out is a NUL-terminated buffer to release with rollcall_free and, when out_len is
 *  not NULL, *out_len its length without the NUL.
 *  Errors: ROLLCALL_INVALID_ARGUMENT (NULL scenario with a length, NULL out), ROLLCALL_MALFORMED_INPUT,
 *  ROLLCALL_MISSING_FIELD, ROLLCALL_INVALID_VALUE (the message names the field, e.g. "events[3].at"). */
ROLLCALL_API rollcall_status rollcall_replay(const char* scenario_json, size_t scenario_len, char** out,
                                             size_t* out_len);

/* ---------------------------------------------------------------------------------------------
 * Requests: what arrives from a platform (headers, body bytes), shared by the verifier and the
 * tracker. `platform` is "livekit", "bbb" or "zoom". `headers` is an HTTP header block of
 * `headers_len` bytes: one "Name: value" per line, lines separated by "\n" or "\r\n", names
 * case-insensitive (NULL with length 0: no headers). `body` is the exact bytes received.
 * ------------------------------------------------------------------------------------------- */

/** Pass as `now_ms` to use the system clock. */
#define ROLLCALL_NOW INT64_MIN

#define ROLLCALL_REQUEST_OPTIONS_VERSION 1
/** Optional details of a request. Initialise with ROLLCALL_REQUEST_OPTIONS_INIT. */
typedef struct rollcall_request_options {
    uint32_t version;        /* ROLLCALL_REQUEST_OPTIONS_VERSION */
    const char* request_url; /* BBB: the URL the callback arrived at, with its query; else NULL */
    int64_t now_ms;          /* the verification clock (token expiry, timestamp window); ROLLCALL_NOW */
} rollcall_request_options;
#define ROLLCALL_REQUEST_OPTIONS_INIT { ROLLCALL_REQUEST_OPTIONS_VERSION, NULL, ROLLCALL_NOW }

/* ---------------------------------------------------------------------------------------------
 * Verifier: checks and parses requests without storing anything. Immutable once created: one
 * verifier may be used from any number of threads at once.
 * ------------------------------------------------------------------------------------------- */

typedef struct rollcall_verifier rollcall_verifier;

/** Creates a verifier from a configuration (NUL-terminated JSON text, the same as
 *  rollcall_tracker_open takes; only its platform sections matter here). On success *out is owned by
 *  the caller and released with rollcall_verifier_free.
 *  Errors: ROLLCALL_INVALID_ARGUMENT, ROLLCALL_CONFIG_ERROR (the message names the key). */
ROLLCALL_API rollcall_status rollcall_verifier_new(const char* config_json, rollcall_verifier** out);

/** Releases a verifier. NULL is ignored. */
ROLLCALL_API void rollcall_verifier_free(rollcall_verifier* verifier);

/** Verifies the request's signature (in constant time, before reading the payload), then parses it
 *  into normalised events. On success *out is JSON, released with rollcall_free:
 *  {"event": platform event name, "events": [event, ...], "ignored": [...], "notes": [...],
 *   "response": body to send back (Zoom URL validation) or null}; *out_len (if not NULL) its length.
 *  `options` may be NULL (defaults).
 *  Errors: ROLLCALL_INVALID_ARGUMENT (NULL argument, unknown platform, a header line without ':'),
 *  the signature errors (ROLLCALL_MISSING_SIGNATURE ... ROLLCALL_UNSUPPORTED_ALGORITHM), and the
 *  payload errors (ROLLCALL_MALFORMED_INPUT, ROLLCALL_MISSING_FIELD, ROLLCALL_INVALID_VALUE). */
ROLLCALL_API rollcall_status rollcall_verifier_parse(const rollcall_verifier* verifier, const char* platform,
                                                     const char* headers, size_t headers_len, const char* body,
                                                     size_t body_len, const rollcall_request_options* options,
                                                     char** out, size_t* out_len);

/* ---------------------------------------------------------------------------------------------
 * Tracker: a database of payloads, events, sessions and links, with its configuration.
 * A rollcall_tracker may be shared: calls on one tracker from several threads are serialised.
 * Several processes may open the same database file at once (SQLite WAL).
 * ------------------------------------------------------------------------------------------- */

typedef struct rollcall_tracker rollcall_tracker;

#define ROLLCALL_OPEN_OPTIONS_VERSION 1
/** Options of rollcall_tracker_open. Initialise with ROLLCALL_OPEN_OPTIONS_INIT. */
typedef struct rollcall_open_options {
    uint32_t version;        /* ROLLCALL_OPEN_OPTIONS_VERSION */
    const char* config_json; /* configuration as NUL-terminated JSON text (docs/c-api.md), or NULL */
} rollcall_open_options;
#define ROLLCALL_OPEN_OPTIONS_INIT { ROLLCALL_OPEN_OPTIONS_VERSION, NULL }

/** Opens (creating if needed) the database at `path` (UTF-8; ":memory:" for a private in-memory
 *  database; a "postgresql://" or "postgres://" URL for a PostgreSQL database, a "mysql://" or
 *  "mariadb://" URL for MySQL/MariaDB, docs/storage.md) with
 *  `options` (NULL: defaults, no platform secrets). On success *out is a tracker the caller releases
 *  with rollcall_tracker_free.
 *  Errors: ROLLCALL_INVALID_ARGUMENT, ROLLCALL_CONFIG_ERROR (the message names the key),
 *  ROLLCALL_STORAGE_ERROR, ROLLCALL_CORRUPT_DATABASE, ROLLCALL_SCHEMA_TOO_NEW, ROLLCALL_READ_ONLY,
 *  ROLLCALL_IO_ERROR (cannot reach or log in to a server; the message never holds the password). */
ROLLCALL_API rollcall_status rollcall_tracker_open(const char* path, const rollcall_open_options* options,
                                                   rollcall_tracker** out);

/** Closes the database and releases the tracker. NULL is ignored. Objects obtained from the tracker
 *  (results, buffers) stay valid and are freed on their own. */
ROLLCALL_API void rollcall_tracker_free(rollcall_tracker* tracker);

/* Ingest ------------------------------------------------------------------------------------ */

/** What one accepted request did. Immutable; release with rollcall_ingest_result_free. */
typedef struct rollcall_ingest_result rollcall_ingest_result;

/** Verifies, parses and stores one request (raw payload kept, events deduplicated), atomically.
 *  On success *out describes what happened: events stored, duplicates skipped (a replayed webhook
 *  stores nothing and is not an error), the platform's event name, and the body to answer with, if
 *  any (Zoom URL validation). A rejected request returns its code (signature and payload errors as
 *  for rollcall_verifier_parse), is counted as rejected by the tracker, and stores no event.
 *  `options` may be NULL. */
ROLLCALL_API rollcall_status rollcall_tracker_ingest(rollcall_tracker* tracker, const char* platform,
                                                     const char* headers, size_t headers_len, const char* body,
                                                     size_t body_len, const rollcall_request_options* options,
                                                     rollcall_ingest_result** out);

#define ROLLCALL_INGEST_STORED 0    /* something new was stored */
#define ROLLCALL_INGEST_DUPLICATE 1 /* the payload, or every event it carried, was stored before */

/** ROLLCALL_INGEST_STORED or ROLLCALL_INGEST_DUPLICATE (-1 for a NULL result). */
ROLLCALL_API int32_t rollcall_ingest_result_outcome(const rollcall_ingest_result* result);
/** Number of events stored by the ingest (0 for a NULL result). */
ROLLCALL_API size_t rollcall_ingest_result_stored(const rollcall_ingest_result* result);
/** Number of duplicate events skipped (0 for a NULL result). */
ROLLCALL_API size_t rollcall_ingest_result_duplicates(const rollcall_ingest_result* result);
/** The platform's event name, e.g. "participant_joined"; "" for a NULL result. Lives as long as
 *  the result. */
ROLLCALL_API const char* rollcall_ingest_result_event(const rollcall_ingest_result* result);
/** The body the host must send back with HTTP 200 (Zoom endpoint.url_validation: a JSON object
 *  with plainToken and encryptedToken), or NULL when there is none. Lives as long as the result. */
ROLLCALL_API const char* rollcall_ingest_result_response(const rollcall_ingest_result* result);
/** Everything above as the ingest-result JSON of docs/json.md: {"status": "stored"|"duplicate",
 *  "event", "events_stored", "events_duplicate", "response": text or null, "code": null,
 *  "message": null} and, when it produced events, "rooms": [{"room", "room_alt"}]; "" for a NULL
 *  result. Lives as long as the result. */
ROLLCALL_API const char* rollcall_ingest_result_json(const rollcall_ingest_result* result);
/** Releases an ingest result. NULL is ignored. */
ROLLCALL_API void rollcall_ingest_result_free(rollcall_ingest_result* result);
/** Number of rooms the request's events went to (0 for a NULL result, or when it produced no event).
 *  A Zoom session links by the numeric meeting id that these name beside the uuid. */
ROLLCALL_API size_t rollcall_ingest_result_room_count(const rollcall_ingest_result* result);
/** The room key of the index-th room, sorted (Zoom: the meeting uuid), or NULL when index is out of
 *  range. Lives as long as the result. */
ROLLCALL_API const char* rollcall_ingest_result_room(const rollcall_ingest_result* result, size_t index);
/** The other id of the index-th room (Zoom: the numeric meeting id; "" when unknown), or NULL when
 *  index is out of range. Lives as long as the result. */
ROLLCALL_API const char* rollcall_ingest_result_room_alt(const rollcall_ingest_result* result, size_t index);

/* Sessions ---------------------------------------------------------------------------------- */

/** Creates a session from JSON: {"id", "type", "teacher", "students": [...], "scheduled_start",
 *  "scheduled_end" (RFC 3339 text or Unix ms), "rooms": [...], "package", "rate": "none" |
 *  "per_hour" | "per_session", "rate_minor", "currency"}; only "id" and "type" are required.
 *  `session_json` is `len` bytes. The session starts scheduled (unscheduled without a schedule).
 *  Errors: ROLLCALL_MALFORMED_INPUT, ROLLCALL_MISSING_FIELD, ROLLCALL_INVALID_VALUE (names the key),
 *  ROLLCALL_ALREADY_EXISTS (the id, or a room linked to another session). */
ROLLCALL_API rollcall_status rollcall_session_create(rollcall_tracker* tracker, const char* session_json,
                                                     size_t len);

/** Replaces a session's details (same JSON as rollcall_session_create); its status and history stay
 *  and rooms are only ever added. Errors: as rollcall_session_create, ROLLCALL_NOT_FOUND. */
ROLLCALL_API rollcall_status rollcall_session_update(rollcall_tracker* tracker, const char* session_json,
                                                     size_t len);

/** Applies a host action to a session at `at_ms` (ROLLCALL_NOW: the system clock): "cancel",
 *  "mark_absent" or "complete". Errors: ROLLCALL_NOT_FOUND, ROLLCALL_ILLEGAL_TRANSITION (nothing
 *  changes), ROLLCALL_INVALID_ARGUMENT (unknown action). */
ROLLCALL_API rollcall_status rollcall_session_act(rollcall_tracker* tracker, const char* session_id,
                                                  const char* action, int64_t at_ms);

/** The session at `now_ms` as JSON in *out (release with rollcall_free): {"session": the stored
 *  record with its status and history, "evaluation": attendance, status and billing} (method
 *  "sessions.get" of docs/json.md). Errors: ROLLCALL_NOT_FOUND. */
ROLLCALL_API rollcall_status rollcall_session_get(rollcall_tracker* tracker, const char* session_id,
                                                  int64_t now_ms, char** out, size_t* out_len);

/* Tracked links (SPEC §6) ------------------------------------------------------------------- */

/** Creates a tracked link sent at `at_ms`, from JSON {"student" (required), "teacher",
 *  "meeting_url", "package", "rate", "rate_minor", "currency", "session_id"}; *out is the link as
 *  JSON (as rollcall_link_get) with its new unguessable "token" (release with rollcall_free).
 *  Errors: ROLLCALL_MALFORMED_INPUT, ROLLCALL_MISSING_FIELD, ROLLCALL_INVALID_VALUE,
 *  ROLLCALL_NOT_FOUND (session_id). */
ROLLCALL_API rollcall_status rollcall_link_create(rollcall_tracker* tracker, const char* link_json, size_t len,
                                                  int64_t at_ms, char** out, size_t* out_len);
/** The student opened the link at `at_ms`: starts its connection. Errors: ROLLCALL_NOT_FOUND,
 *  ROLLCALL_LINK_CLOSED. */
ROLLCALL_API rollcall_status rollcall_link_click(rollcall_tracker* tracker, const char* token, int64_t at_ms);
/** A heartbeat from the tracking page. Errors: ROLLCALL_NOT_FOUND, ROLLCALL_LINK_CLOSED. */
ROLLCALL_API rollcall_status rollcall_link_heartbeat(rollcall_tracker* tracker, const char* token, int64_t at_ms);
/** The page was closed: ends the link's connection. Errors: ROLLCALL_NOT_FOUND, ROLLCALL_LINK_CLOSED. */
ROLLCALL_API rollcall_status rollcall_link_end(rollcall_tracker* tracker, const char* token, int64_t at_ms);
/** The link with its status, times and duration at `now_ms`, as the link JSON of docs/json.md
 *  {"token", "status", "teacher", "student", ..., "sent_at", "clicked_at", "last_heartbeat",
 *  "ended_at" (RFC 3339 or null), "room", "duration_s", "presence_end"} (release with rollcall_free).
 *  Errors: ROLLCALL_NOT_FOUND. */
ROLLCALL_API rollcall_status rollcall_link_get(rollcall_tracker* tracker, const char* token, int64_t now_ms,
                                               char** out, size_t* out_len);

/* Sweep ------------------------------------------------------------------------------------- */

/** Advances every open session's lifecycle to `now_ms`, closes stale connections, times out
 *  silent links, counts subscription usage exactly once per session (safe when several processes
 *  sweep at once). *out is a JSON summary (release with rollcall_free). */
ROLLCALL_API rollcall_status rollcall_tracker_sweep(rollcall_tracker* tracker, int64_t now_ms, char** out,
                                                    size_t* out_len);

/* Reports ----------------------------------------------------------------------------------- */

#define ROLLCALL_FORMAT_JSON 0
#define ROLLCALL_FORMAT_CSV 1

#define ROLLCALL_REPORT_OPTIONS_VERSION 1
/** Options of the reports. Initialise with ROLLCALL_REPORT_OPTIONS_INIT. */
typedef struct rollcall_report_options {
    uint32_t version;     /* ROLLCALL_REPORT_OPTIONS_VERSION */
    int32_t format;       /* ROLLCALL_FORMAT_JSON or ROLLCALL_FORMAT_CSV */
    const char* timezone; /* IANA zone of dates and buckets; NULL: the configuration's */
    const char* from;     /* first local date "YYYY-MM-DD" (inclusive); NULL: the earliest session's */
    const char* to;       /* last local date (inclusive); NULL: the latest session's */
    const char* period;   /* teacher report buckets: "day", "week" or "month"; NULL: "month" */
    int64_t now_ms;       /* sessions are evaluated at this instant; ROLLCALL_NOW */
} rollcall_report_options;
#define ROLLCALL_REPORT_OPTIONS_INIT \
    { ROLLCALL_REPORT_OPTIONS_VERSION, ROLLCALL_FORMAT_JSON, NULL, NULL, NULL, NULL, ROLLCALL_NOW }

/** Attendance of one session: one row per participant. *out (release with rollcall_free) is
 *  JSON or CSV per options->format; *out_len its length. `options` may be NULL. */
ROLLCALL_API rollcall_status rollcall_report_session(rollcall_tracker* tracker, const char* session_id,
                                                     const rollcall_report_options* options, char** out,
                                                     size_t* out_len);
/** Daily, weekly and monthly aggregates of one teacher (`teacher` NULL: all teachers). */
ROLLCALL_API rollcall_status rollcall_report_teacher(rollcall_tracker* tracker, const char* teacher,
                                                     const rollcall_report_options* options, char** out,
                                                     size_t* out_len);
/** Participation trend per day and the duration distribution (`teacher` NULL: all). */
ROLLCALL_API rollcall_status rollcall_report_trends(rollcall_tracker* tracker, const char* teacher,
                                                    const rollcall_report_options* options, char** out,
                                                    size_t* out_len);

/* The application layer ------------------------------------------------------------------ */

/** Runs one method of the application layer (docs/json.md lists them: "sessions.list",
 *  "links.list", "reports.session", "packages.usage", "stats", "changes", "changes.claim", ...), the
 *  same methods the command line and the bindings run, so every ability of rollcall is reachable
 *  here with the same JSON. `params_json` is a JSON object of `params_len` bytes (NULL with length 0:
 *  no parameters). On success *out (release with rollcall_free) is the method's answer: JSON, or
 *  CSV / a text table for a report asked for in that format.
 *  Errors: ROLLCALL_INVALID_ARGUMENT (NULL argument, an unknown parameter, a cursor beyond the newest
 *  change), ROLLCALL_NOT_FOUND (an unknown method, or what the method looked up),
 *  ROLLCALL_MALFORMED_INPUT, ROLLCALL_MISSING_FIELD, ROLLCALL_INVALID_VALUE (naming the parameter),
 *  and the method's own errors (ROLLCALL_ILLEGAL_TRANSITION, ROLLCALL_LINK_CLOSED, storage errors). */
ROLLCALL_API rollcall_status rollcall_tracker_call(rollcall_tracker* tracker, const char* method,
                                                   const char* params_json, size_t params_len, char** out,
                                                   size_t* out_len);

/** Stateless evaluation, for hosts that keep events in their own database: `params_json` is
 *  {"session": {...}, "events": [events as rollcall_verifier_parse returns them], "policy": {...},
 *  "status": stored status, "status_reason", "now": RFC 3339 or Unix ms}; *out (release with
 *  rollcall_free) is the evaluation (attendance, status, billing). Nothing is stored. Any thread.
 *  Errors: ROLLCALL_INVALID_ARGUMENT, ROLLCALL_MALFORMED_INPUT, ROLLCALL_MISSING_FIELD,
 *  ROLLCALL_INVALID_VALUE (the message names the field, e.g. "evaluate.events[3].kind"). */
ROLLCALL_API rollcall_status rollcall_evaluate(const char* params_json, size_t params_len, char** out,
                                               size_t* out_len);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ROLLCALL_H */
