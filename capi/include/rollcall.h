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
 *   - A handle may be passed between threads. Handles that are documented as shareable may be used
 *     from several threads at once; the others must be used by one thread at a time.
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
#define ROLLCALL_VERSION_MINOR 1
#define ROLLCALL_VERSION_PATCH 0
/** MAJOR * 10000 + MINOR * 100 + PATCH, comparable with rollcall_version(). */
#define ROLLCALL_VERSION_NUMBER (ROLLCALL_VERSION_MAJOR * 10000 + ROLLCALL_VERSION_MINOR * 100 + ROLLCALL_VERSION_PATCH)
#define ROLLCALL_VERSION_STRING "0.1.0"

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

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ROLLCALL_H */
