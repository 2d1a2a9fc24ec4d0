/* Tests of the C ABI through librollcall only, compiled as strict C99. Each test is a function;
 * CHECK records a failure with its line and keeps going, so one run reports every broken rule. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "rollcall.h"

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                             \
    do {                                                                        \
        ++checks;                                                               \
        if (!(cond)) {                                                          \
            ++failures;                                                         \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
        }                                                                       \
    } while (0)

static void test_version(void) {
    char expected[32];
    CHECK(rollcall_version() == ROLLCALL_VERSION_NUMBER);
    sprintf(expected, "%d.%d.%d", ROLLCALL_VERSION_MAJOR, ROLLCALL_VERSION_MINOR, ROLLCALL_VERSION_PATCH);
    CHECK(strcmp(rollcall_version_string(), expected) == 0);
    CHECK(strcmp(ROLLCALL_VERSION_STRING, expected) == 0);
}

static void test_errstr(void) {
    CHECK(strcmp(rollcall_errstr(ROLLCALL_OK), "ok") == 0);
    CHECK(strcmp(rollcall_errstr(ROLLCALL_BAD_SIGNATURE), "bad_signature") == 0);
    CHECK(strcmp(rollcall_errstr(ROLLCALL_ILLEGAL_TRANSITION), "illegal_transition") == 0);
    CHECK(strcmp(rollcall_errstr(ROLLCALL_VERSION_MISMATCH), "version_mismatch") == 0);
    CHECK(strcmp(rollcall_errstr(ROLLCALL_INTERNAL_ERROR), "internal_error") == 0);
    /* Unknown values still give static text, never NULL. */
    CHECK(strcmp(rollcall_errstr(-1), "unknown_error") == 0);
    CHECK(strcmp(rollcall_errstr(12345), "unknown_error") == 0);
    {
        rollcall_status s;
        for (s = 1; s <= ROLLCALL_VERSION_MISMATCH; ++s) CHECK(strcmp(rollcall_errstr(s), "unknown_error") != 0);
    }
}

static void test_error_detail_starts_clean(void) {
    CHECK(rollcall_errmsg() != NULL);
}

static void test_free_null(void) {
    rollcall_free(NULL);
    CHECK(1);
}

/* Reads a file of the repository's tests/ folder into a malloc'd buffer (NUL-terminated). */
static char* read_test_file(const char* rel, size_t* len) {
    char path[1024];
    FILE* f;
    char* buf;
    long n;
    sprintf(path, "%s/%s", ROLLCALL_TEST_DIR, rel);
    f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = (char*)malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) exit(2);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static const char* scenario_01 = "scenarios/01_a_90_minute_one_to_one_lesson.json";

static void test_replay(void) {
    size_t len = 0, out_len = 0;
    char* text = read_test_file(scenario_01, &len);
    char* out = NULL;
    CHECK(rollcall_replay(text, len, &out, &out_len) == ROLLCALL_OK);
    CHECK(out != NULL && out_len == strlen(out));
    CHECK(out != NULL && strstr(out, "\"session_status\":\"completed\"") != NULL);
    CHECK(rollcall_errcode() == ROLLCALL_OK && strcmp(rollcall_errmsg(), "") == 0);
    rollcall_free(out);
    /* out_len is optional. */
    out = NULL;
    CHECK(rollcall_replay(text, len, &out, NULL) == ROLLCALL_OK && out != NULL);
    rollcall_free(out);
    free(text);
}

static void test_replay_failures_leave_out_null(void) {
    char* out = (char*)&out; /* garbage the call must overwrite */
    size_t out_len = 77;
    CHECK(rollcall_replay("{not json", 9, &out, &out_len) == ROLLCALL_MALFORMED_INPUT);
    CHECK(out == NULL && out_len == 0);
    CHECK(rollcall_errcode() == ROLLCALL_MALFORMED_INPUT);
    CHECK(strlen(rollcall_errmsg()) > 0);

    out = (char*)&out;
    CHECK(rollcall_replay("{\"name\":\"x\"}", 12, &out, NULL) == ROLLCALL_MISSING_FIELD);
    CHECK(out == NULL && strstr(rollcall_errmsg(), "session") != NULL);

    /* NULL arguments. */
    CHECK(rollcall_replay(NULL, 5, &out, NULL) == ROLLCALL_INVALID_ARGUMENT && out == NULL);
    CHECK(strstr(rollcall_errmsg(), "scenario_json") != NULL);
    CHECK(rollcall_replay("{}", 2, NULL, NULL) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(strstr(rollcall_errmsg(), "out") != NULL);
    CHECK(rollcall_replay(NULL, 0, &out, &out_len) == ROLLCALL_MALFORMED_INPUT && out == NULL && out_len == 0);
}

/* Error detail is per thread: a failure on one thread is not seen by another that succeeded, and
 * each thread reads back its own message after the other has run. */
struct thread_result {
    int fail;
    rollcall_status code_after;
    char message[256];
};

static void* failing_thread(void* arg) {
    struct thread_result* r = (struct thread_result*)arg;
    char* out = NULL;
    r->fail = rollcall_replay("[1,2", 4, &out, NULL) != ROLLCALL_MALFORMED_INPUT;
    r->code_after = rollcall_errcode();
    strncpy(r->message, rollcall_errmsg(), sizeof r->message - 1);
    return NULL;
}

static void* succeeding_thread(void* arg) {
    struct thread_result* r = (struct thread_result*)arg;
    size_t len = 0;
    char* text = read_test_file(scenario_01, &len);
    char* out = NULL;
    r->fail = rollcall_replay(text, len, &out, NULL) != ROLLCALL_OK;
    rollcall_free(out);
    free(text);
    r->code_after = rollcall_errcode();
    strncpy(r->message, rollcall_errmsg(), sizeof r->message - 1);
    return NULL;
}

static void test_errors_are_per_thread(void) {
    pthread_t a, b;
    struct thread_result ra, rb;
    char* out = NULL;
    memset(&ra, 0, sizeof ra);
    memset(&rb, 0, sizeof rb);
    /* This thread fails first with its own code, which the other threads must not change. */
    CHECK(rollcall_replay("{}", 2, &out, NULL) == ROLLCALL_MISSING_FIELD);
    CHECK(pthread_create(&a, NULL, failing_thread, &ra) == 0);
    CHECK(pthread_join(a, NULL) == 0);
    CHECK(pthread_create(&b, NULL, succeeding_thread, &rb) == 0);
    CHECK(pthread_join(b, NULL) == 0);
    CHECK(!ra.fail && ra.code_after == ROLLCALL_MALFORMED_INPUT && strlen(ra.message) > 0);
    CHECK(!rb.fail && rb.code_after == ROLLCALL_OK && rb.message[0] == '\0');
    CHECK(rollcall_errcode() == ROLLCALL_MISSING_FIELD);
    CHECK(strstr(rollcall_errmsg(), "session") != NULL);
}

/* ---- verifier and tracker ------------------------------------------------------------------ */

static const char* config_json =
    "{\"livekit\":{\"keys\":{\"APItestkey\":\"test-secret-that-is-long-enough-0123456789\"}},"
    "\"zoom\":{\"secret_token\":\"zoom_secret_token_example\"},\"timezone\":\"Europe/Berlin\"}";

/* The value of "key": "..." in a small JSON text, copied into buf (no escapes expected). */
static const char* json_string(const char* json, const char* key, char* buf, size_t size) {
    char pattern[64];
    const char* p;
    size_t n = 0;
    sprintf(pattern, "\"%s\"", key);
    p = strstr(json, pattern);
    buf[0] = '\0';
    if (p == NULL) return buf;
    p = strchr(p + strlen(pattern), '"');
    if (p == NULL) return buf;
    for (++p; *p != '"' && *p != '\0' && n + 1 < size; ++p) buf[n++] = *p;
    buf[n] = '\0';
    return buf;
}

/* A signed LiveKit request from a vector file: headers "Authorization: ...", body, clock. */
struct signed_request {
    char headers[1024];
    char* body;
    size_t body_len;
    int64_t now_ms;
};

static void load_livekit(const char* vector, struct signed_request* r) {
    size_t len = 0;
    char* v = read_test_file(vector, &len);
    char auth[900], body_file[256], path[300], now[32];
    sprintf(r->headers, "Content-Type: application/webhook+json\r\nAuthorization: %s\r\n",
            json_string(v, "authorization", auth, sizeof auth));
    json_string(v, "body_file", body_file, sizeof body_file);
    sprintf(path, "fixtures/%s", body_file);
    r->body = read_test_file(path, &r->body_len);
    {
        const char* p = strstr(v, "\"now_unix\":");
        r->now_ms = p == NULL ? 0 : (int64_t)atol(p + 11) * 1000;
    }
    (void)now;
    free(v);
}

static rollcall_request_options at(int64_t now_ms) {
    rollcall_request_options o = ROLLCALL_REQUEST_OPTIONS_INIT;
    o.now_ms = now_ms;
    return o;
}

static void test_verifier(void) {
    rollcall_verifier* v = (rollcall_verifier*)&v;
    struct signed_request joined, tampered;
    rollcall_request_options o;
    char* out = (char*)&out;
    size_t out_len = 9;

    CHECK(rollcall_verifier_new(NULL, &v) == ROLLCALL_INVALID_ARGUMENT && v == NULL);
    CHECK(rollcall_verifier_new(config_json, NULL) == ROLLCALL_INVALID_ARGUMENT);
    v = (rollcall_verifier*)&v;
    CHECK(rollcall_verifier_new("{\"nope\":1}", &v) == ROLLCALL_CONFIG_ERROR && v == NULL);
    CHECK(strstr(rollcall_errmsg(), "nope") != NULL);
    CHECK(rollcall_verifier_new(config_json, &v) == ROLLCALL_OK && v != NULL);

    load_livekit("fixtures/livekit/signed/participant_joined__valid.json", &joined);
    o = at(joined.now_ms);
    CHECK(rollcall_verifier_parse(v, "livekit", joined.headers, strlen(joined.headers), joined.body, joined.body_len, &o,
                                  &out, &out_len) == ROLLCALL_OK);
    CHECK(out != NULL && out_len == strlen(out));
    CHECK(out != NULL && strstr(out, "\"event\":\"participant_joined\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"kind\":\"join\"") != NULL && strstr(out, "\"response\":null") != NULL);
    rollcall_free(out);

    /* A body that does not match its token's sha256 claim. */
    load_livekit("fixtures/livekit/signed/participant_left_tampered__body_mismatch.json", &tampered);
    o = at(tampered.now_ms);
    out = (char*)&out;
    CHECK(rollcall_verifier_parse(v, "livekit", tampered.headers, strlen(tampered.headers), tampered.body,
                                  tampered.body_len, &o, &out, &out_len) == ROLLCALL_BAD_SIGNATURE);
    CHECK(out == NULL && out_len == 0 && rollcall_errcode() == ROLLCALL_BAD_SIGNATURE);
    /* No signature at all; an expired token (the system clock is years past the vector). */
    CHECK(rollcall_verifier_parse(v, "livekit", NULL, 0, joined.body, joined.body_len, &o, &out, NULL) ==
          ROLLCALL_MISSING_SIGNATURE);
    CHECK(rollcall_verifier_parse(v, "livekit", joined.headers, strlen(joined.headers), joined.body, joined.body_len,
                                  NULL, &out, NULL) == ROLLCALL_TOKEN_EXPIRED && out == NULL);
    /* Bad arguments. */
    CHECK(rollcall_verifier_parse(NULL, "livekit", NULL, 0, "", 0, NULL, &out, NULL) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(rollcall_verifier_parse(v, "teams", NULL, 0, "", 0, NULL, &out, NULL) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(strstr(rollcall_errmsg(), "teams") != NULL);
    CHECK(rollcall_verifier_parse(v, NULL, NULL, 0, "", 0, NULL, &out, NULL) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(rollcall_verifier_parse(v, "livekit", "no colon here", 13, "", 0, NULL, &out, NULL) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(rollcall_verifier_parse(v, "livekit", NULL, 0, NULL, 4, NULL, &out, NULL) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(rollcall_verifier_parse(v, "livekit", NULL, 0, "", 0, NULL, NULL, NULL) == ROLLCALL_INVALID_ARGUMENT);
    o.version = 0;
    CHECK(rollcall_verifier_parse(v, "livekit", NULL, 0, "", 0, &o, &out, NULL) == ROLLCALL_INVALID_ARGUMENT);

    /* Zoom URL validation: the response to send back. */
    {
        size_t zlen = 0;
        char* zbody = read_test_file("fixtures/zoom/endpoint.url_validation_signed.json", &zlen);
        const char* zh = "x-zm-request-timestamp: 1626230692\nx-zm-signature: "
                         "v0=6a64271252d53c2bd369e6ec9d20900419b6fcb9356961049e476d34db6c7bf1\n";
        o = at(1626230693000LL);
        CHECK(rollcall_verifier_parse(v, "zoom", zh, strlen(zh), zbody, zlen, &o, &out, NULL) == ROLLCALL_OK);
        CHECK(out != NULL && strstr(out, "encryptedToken") != NULL && strstr(out, "qgg8vlvZRS6UYooatFL8Aw") != NULL);
        rollcall_free(out);
        free(zbody);
    }
    rollcall_verifier_free(v);
    rollcall_verifier_free(NULL);
    free(joined.body);
    free(tampered.body);
}

static void test_tracker_open_failures(void) {
    rollcall_tracker* t = (rollcall_tracker*)&t;
    rollcall_open_options o = ROLLCALL_OPEN_OPTIONS_INIT;
    CHECK(rollcall_tracker_open(NULL, NULL, &t) == ROLLCALL_INVALID_ARGUMENT && t == NULL);
    CHECK(rollcall_tracker_open(":memory:", NULL, NULL) == ROLLCALL_INVALID_ARGUMENT);
    o.config_json = "{\"policies\":{\"default\":{\"reconnect_grace_s\":\"soon\"}}}";
    t = (rollcall_tracker*)&t;
    CHECK(rollcall_tracker_open(":memory:", &o, &t) == ROLLCALL_CONFIG_ERROR && t == NULL);
    CHECK(strstr(rollcall_errmsg(), "reconnect_grace_s") != NULL);
    o.config_json = "{\"timezone\":\"Mars/Olympus\"}";
    CHECK(rollcall_tracker_open(":memory:", &o, &t) == ROLLCALL_CONFIG_ERROR && t == NULL);
    o.version = 0;
    o.config_json = NULL;
    CHECK(rollcall_tracker_open(":memory:", &o, &t) == ROLLCALL_INVALID_ARGUMENT && t == NULL);
    /* A file that is not a database. */
    CHECK(rollcall_tracker_open(ROLLCALL_TEST_DIR "/scenarios/01_a_90_minute_one_to_one_lesson.json", NULL, &t) != ROLLCALL_OK);
    CHECK(t == NULL);
    rollcall_tracker_free(NULL);
}

static rollcall_tracker* open_tracker(const char* path) {
    rollcall_tracker* t = NULL;
    rollcall_open_options o = ROLLCALL_OPEN_OPTIONS_INIT;
    o.config_json = config_json;
    if (rollcall_tracker_open(path, &o, &t) != ROLLCALL_OK) {
        fprintf(stderr, "open %s: %s\n", path, rollcall_errmsg());
        exit(2);
    }
    return t;
}

static void test_ingest(void) {
    rollcall_tracker* t = open_tracker(":memory:");
    struct signed_request joined, tampered;
    rollcall_request_options o;
    rollcall_ingest_result* r = (rollcall_ingest_result*)&r;

    load_livekit("fixtures/livekit/signed/participant_joined__valid.json", &joined);
    o = at(joined.now_ms);
    CHECK(rollcall_tracker_ingest(t, "livekit", joined.headers, strlen(joined.headers), joined.body, joined.body_len, &o,
                                  &r) == ROLLCALL_OK);
    CHECK(rollcall_ingest_result_outcome(r) == ROLLCALL_INGEST_STORED);
    CHECK(rollcall_ingest_result_stored(r) >= 1 && rollcall_ingest_result_duplicates(r) == 0);
    CHECK(strcmp(rollcall_ingest_result_event(r), "participant_joined") == 0);
    CHECK(rollcall_ingest_result_response(r) == NULL);
    CHECK(strstr(rollcall_ingest_result_json(r), "\"status\":\"stored\"") != NULL);
    /* The room its events went to, by index; out of range is NULL. */
    CHECK(rollcall_ingest_result_room_count(r) == 1);
    CHECK(rollcall_ingest_result_room(r, 0) != NULL && strlen(rollcall_ingest_result_room(r, 0)) > 0);
    CHECK(rollcall_ingest_result_room_alt(r, 0) != NULL);
    CHECK(rollcall_ingest_result_room(r, 1) == NULL && rollcall_ingest_result_room_alt(r, 1) == NULL);
    CHECK(strstr(rollcall_ingest_result_json(r), "\"rooms\":[{\"room\":") != NULL);
    rollcall_ingest_result_free(r);

    /* The same webhook again: a duplicate, not an error. */
    CHECK(rollcall_tracker_ingest(t, "livekit", joined.headers, strlen(joined.headers), joined.body, joined.body_len, &o,
                                  &r) == ROLLCALL_OK);
    CHECK(rollcall_ingest_result_outcome(r) == ROLLCALL_INGEST_DUPLICATE && rollcall_ingest_result_stored(r) == 0);
    rollcall_ingest_result_free(r);

    /* Rejected: the code, no result. */
    load_livekit("fixtures/livekit/signed/participant_left_tampered__body_mismatch.json", &tampered);
    o = at(tampered.now_ms);
    r = (rollcall_ingest_result*)&r;
    CHECK(rollcall_tracker_ingest(t, "livekit", tampered.headers, strlen(tampered.headers), tampered.body,
                                  tampered.body_len, &o, &r) == ROLLCALL_BAD_SIGNATURE);
    CHECK(r == NULL && rollcall_errcode() == ROLLCALL_BAD_SIGNATURE && strlen(rollcall_errmsg()) > 0);
    CHECK(rollcall_tracker_ingest(NULL, "livekit", NULL, 0, "", 0, NULL, &r) == ROLLCALL_INVALID_ARGUMENT && r == NULL);
    CHECK(rollcall_tracker_ingest(t, "livekit", NULL, 0, "", 0, NULL, NULL) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(rollcall_tracker_ingest(t, "nope", NULL, 0, "", 0, NULL, &r) == ROLLCALL_INVALID_ARGUMENT && r == NULL);

    /* Zoom URL validation through the tracker. */
    {
        size_t zlen = 0;
        char* zbody = read_test_file("fixtures/zoom/endpoint.url_validation_signed.json", &zlen);
        const char* zh = "x-zm-request-timestamp: 1626230692\r\nx-zm-signature: "
                         "v0=6a64271252d53c2bd369e6ec9d20900419b6fcb9356961049e476d34db6c7bf1\r\n";
        o = at(1626230693000LL);
        CHECK(rollcall_tracker_ingest(t, "zoom", zh, strlen(zh), zbody, zlen, &o, &r) == ROLLCALL_OK);
        CHECK(rollcall_ingest_result_response(r) != NULL && strstr(rollcall_ingest_result_response(r), "encryptedToken") != NULL);
        /* Freed in any order: the result outlives its tracker. */
        rollcall_tracker_free(t);
        CHECK(strstr(rollcall_ingest_result_json(r), "plainToken") != NULL);
        rollcall_ingest_result_free(r);
        free(zbody);
    }
    /* Accessors accept NULL. */
    CHECK(rollcall_ingest_result_outcome(NULL) == -1 && rollcall_ingest_result_stored(NULL) == 0);
    CHECK(rollcall_ingest_result_duplicates(NULL) == 0 && strcmp(rollcall_ingest_result_event(NULL), "") == 0);
    CHECK(rollcall_ingest_result_response(NULL) == NULL && strcmp(rollcall_ingest_result_json(NULL), "") == 0);
    CHECK(rollcall_ingest_result_room_count(NULL) == 0 && rollcall_ingest_result_room(NULL, 0) == NULL);
    CHECK(rollcall_ingest_result_room_alt(NULL, 0) == NULL);
    rollcall_ingest_result_free(NULL);
    free(joined.body);
    free(tampered.body);
}

#define T0 1755086406000LL /* the LiveKit vectors' time */

static void test_sessions(void) {
    rollcall_tracker* t = open_tracker(":memory:");
    struct signed_request joined;
    rollcall_request_options o;
    rollcall_ingest_result* r = NULL;
    char* out = (char*)&out;
    size_t out_len = 0;
    const char* session = "{\"id\":\"s1\",\"type\":\"academic\",\"teacher\":\"teacher-1\",\"students\":[\"alice@example.com\"],"
                          "\"scheduled_start\":\"2025-08-13T12:00:00Z\",\"scheduled_end\":1755090000000,"
                          "\"rooms\":[\"standup-42\"],\"rate\":\"per_hour\",\"rate_minor\":3000,\"currency\":\"EUR\"}";

    CHECK(rollcall_session_create(t, session, strlen(session)) == ROLLCALL_OK);
    CHECK(rollcall_session_create(t, session, strlen(session)) == ROLLCALL_ALREADY_EXISTS);
    CHECK(rollcall_session_update(t, session, strlen(session)) == ROLLCALL_OK);
    CHECK(rollcall_session_create(t, "{\"id\":", 6) == ROLLCALL_MALFORMED_INPUT);
    CHECK(rollcall_session_create(t, "{\"type\":\"x\"}", 12) == ROLLCALL_MISSING_FIELD);
    CHECK(strstr(rollcall_errmsg(), "id") != NULL);
    CHECK(rollcall_session_create(t, "{\"id\":\"x\",\"type\":\"x\",\"colour\":1}", 32) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(strstr(rollcall_errmsg(), "colour") != NULL);
    CHECK(rollcall_session_create(t, "{\"id\":\"x\",\"type\":\"x\",\"scheduled_start\":\"noon\"}", 46) == ROLLCALL_INVALID_VALUE);
    CHECK(rollcall_session_update(t, "{\"id\":\"ghost\",\"type\":\"x\"}", 25) == ROLLCALL_NOT_FOUND);
    CHECK(rollcall_session_create(NULL, session, strlen(session)) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(rollcall_session_create(t, NULL, 3) == ROLLCALL_INVALID_ARGUMENT);

    load_livekit("fixtures/livekit/signed/participant_joined__valid.json", &joined);
    o = at(joined.now_ms);
    CHECK(rollcall_tracker_ingest(t, "livekit", joined.headers, strlen(joined.headers), joined.body, joined.body_len, &o,
                                  &r) == ROLLCALL_OK);
    rollcall_ingest_result_free(r);

    CHECK(rollcall_session_get(t, "s1", T0 + 600000, &out, &out_len) == ROLLCALL_OK);
    CHECK(out != NULL && out_len == strlen(out));
    CHECK(out != NULL && strstr(out, "\"id\":\"s1\"") != NULL && strstr(out, "alice@example.com") != NULL);
    rollcall_free(out);
    out = (char*)&out;
    CHECK(rollcall_session_get(t, "ghost", ROLLCALL_NOW, &out, &out_len) == ROLLCALL_NOT_FOUND && out == NULL && out_len == 0);
    CHECK(rollcall_session_get(t, NULL, ROLLCALL_NOW, &out, NULL) == ROLLCALL_INVALID_ARGUMENT && out == NULL);
    CHECK(rollcall_session_get(t, "s1", ROLLCALL_NOW, NULL, NULL) == ROLLCALL_INVALID_ARGUMENT);

    /* Host actions obey the lifecycle table. */
    CHECK(rollcall_session_act(t, "s1", "teleport", T0) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(rollcall_session_act(t, "ghost", "cancel", T0) == ROLLCALL_NOT_FOUND);
    CHECK(rollcall_session_act(t, NULL, "cancel", T0) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(rollcall_session_act(t, "s1", NULL, T0) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(rollcall_session_act(t, "s1", "complete", T0 + 3000000) == ROLLCALL_OK);
    CHECK(rollcall_session_act(t, "s1", "cancel", T0 + 3000001) == ROLLCALL_ILLEGAL_TRANSITION);
    CHECK(rollcall_session_get(t, "s1", T0 + 3600000, &out, NULL) == ROLLCALL_OK);
    CHECK(out != NULL && strstr(out, "\"status\":\"completed\"") != NULL);
    rollcall_free(out);

    /* Reports. */
    {
        rollcall_report_options ro = ROLLCALL_REPORT_OPTIONS_INIT;
        ro.now_ms = T0 + 3600000;
        CHECK(rollcall_report_session(t, "s1", &ro, &out, &out_len) == ROLLCALL_OK);
        CHECK(out != NULL && out_len == strlen(out) && strstr(out, "alice@example.com") != NULL);
        CHECK(out != NULL && strstr(out, "+02:00") != NULL); /* the configured zone, Europe/Berlin */
        rollcall_free(out);
        ro.format = ROLLCALL_FORMAT_CSV;
        ro.timezone = "UTC";
        CHECK(rollcall_report_session(t, "s1", &ro, &out, &out_len) == ROLLCALL_OK);
        CHECK(out != NULL && strchr(out, ',') != NULL && strstr(out, "alice@example.com") != NULL && out[0] != '{');
        rollcall_free(out);
        CHECK(rollcall_report_session(t, "s1", NULL, &out, NULL) == ROLLCALL_OK && out != NULL);
        rollcall_free(out);
        CHECK(rollcall_report_teacher(t, "teacher-1", &ro, &out, &out_len) == ROLLCALL_OK && out != NULL);
        rollcall_free(out);
        ro.format = ROLLCALL_FORMAT_JSON;
        ro.period = "week";
        ro.from = "2025-08-01";
        ro.to = "2025-08-31";
        CHECK(rollcall_report_teacher(t, NULL, &ro, &out, &out_len) == ROLLCALL_OK && out != NULL);
        CHECK(out != NULL && strstr(out, "teacher-1") != NULL);
        rollcall_free(out);
        CHECK(rollcall_report_trends(t, "teacher-1", &ro, &out, &out_len) == ROLLCALL_OK && out != NULL);
        CHECK(out != NULL && strstr(out, "2025-08-13") != NULL);
        rollcall_free(out);
        out = (char*)&out;
        ro.period = "fortnight";
        CHECK(rollcall_report_teacher(t, NULL, &ro, &out, &out_len) == ROLLCALL_INVALID_VALUE && out == NULL);
        ro.period = NULL;
        ro.from = "2025-13-01";
        CHECK(rollcall_report_trends(t, NULL, &ro, &out, &out_len) == ROLLCALL_INVALID_VALUE && out == NULL);
        ro.from = NULL;
        ro.timezone = "Nowhere/Special";
        CHECK(rollcall_report_session(t, "s1", &ro, &out, &out_len) == ROLLCALL_CONFIG_ERROR && out == NULL);
        ro.timezone = NULL;
        ro.format = 7;
        CHECK(rollcall_report_session(t, "s1", &ro, &out, &out_len) == ROLLCALL_INVALID_ARGUMENT && out == NULL);
        ro.format = ROLLCALL_FORMAT_JSON;
        CHECK(rollcall_report_session(t, "ghost", &ro, &out, &out_len) == ROLLCALL_NOT_FOUND && out == NULL);
        /* NULL: every session (in the options' date range), as the CLI's report without --session. */
        CHECK(rollcall_report_session(t, NULL, &ro, &out, &out_len) == ROLLCALL_OK && out != NULL);
        CHECK(out != NULL && strstr(out, "\"s1\"") != NULL);
        rollcall_free(out);
        CHECK(rollcall_report_teacher(NULL, NULL, &ro, &out, &out_len) == ROLLCALL_INVALID_ARGUMENT);
        CHECK(rollcall_report_trends(t, NULL, &ro, NULL, &out_len) == ROLLCALL_INVALID_ARGUMENT);
    }

    /* Sweep. */
    CHECK(rollcall_tracker_sweep(t, T0 + 86400000, &out, &out_len) == ROLLCALL_OK);
    CHECK(out != NULL && strstr(out, "\"sessions_checked\"") != NULL);
    rollcall_free(out);
    CHECK(rollcall_tracker_sweep(NULL, T0, &out, NULL) == ROLLCALL_INVALID_ARGUMENT && out == NULL);
    CHECK(rollcall_tracker_sweep(t, T0, NULL, NULL) == ROLLCALL_INVALID_ARGUMENT);
    rollcall_tracker_free(t);
    free(joined.body);
}

static void test_links(void) {
    rollcall_tracker* t = open_tracker(":memory:");
    char* out = NULL;
    char token[128];
    const char* link = "{\"teacher\":\"teacher-1\",\"student\":\"student-7\",\"meeting_url\":\"https://meet.example.com/x\"}";
    CHECK(rollcall_link_create(t, link, strlen(link), T0, &out, NULL) == ROLLCALL_OK);
    json_string(out != NULL ? out : "", "token", token, sizeof token);
    CHECK(strlen(token) >= 22); /* at least 128 bits, base64url */
    CHECK(out != NULL && strstr(out, "\"status\":\"sent\"") != NULL);
    rollcall_free(out);
    CHECK(rollcall_link_click(t, token, T0 + 1000) == ROLLCALL_OK);
    CHECK(rollcall_link_heartbeat(t, token, T0 + 31000) == ROLLCALL_OK);
    CHECK(rollcall_link_heartbeat(t, token, T0 + 61000) == ROLLCALL_OK);
    CHECK(rollcall_link_end(t, token, T0 + 91000) == ROLLCALL_OK);
    CHECK(rollcall_link_heartbeat(t, token, T0 + 92000) == ROLLCALL_LINK_CLOSED);
    CHECK(rollcall_link_end(t, token, T0 + 93000) == ROLLCALL_LINK_CLOSED);
    CHECK(rollcall_link_get(t, token, T0 + 100000, &out, NULL) == ROLLCALL_OK);
    CHECK(out != NULL && strstr(out, "\"status\":\"ended\"") != NULL && strstr(out, "\"duration_s\":90") != NULL);
    rollcall_free(out);
    out = (char*)&out;
    CHECK(rollcall_link_get(t, "not-a-token", T0, &out, NULL) == ROLLCALL_NOT_FOUND && out == NULL);
    CHECK(rollcall_link_click(t, "not-a-token", T0) == ROLLCALL_NOT_FOUND);
    CHECK(rollcall_link_click(t, NULL, T0) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(rollcall_link_heartbeat(NULL, token, T0) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(rollcall_link_end(t, NULL, T0) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(rollcall_link_create(t, "{\"teacher\":\"x\"}", 15, T0, &out, NULL) == ROLLCALL_MISSING_FIELD && out == NULL);
    CHECK(rollcall_link_create(t, link, strlen(link), T0, NULL, NULL) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(rollcall_link_get(t, token, T0, NULL, NULL) == ROLLCALL_INVALID_ARGUMENT);
    rollcall_tracker_free(t);
}

/* A database file survives close and reopen; a replayed webhook stays a duplicate. */
static void test_file_database(void) {
    char path[256];
    struct signed_request joined;
    rollcall_request_options o;
    rollcall_ingest_result* r = NULL;
    rollcall_tracker* t;
    sprintf(path, "/tmp/rollcall_capi_test_%ld.db", (long)getpid());
    unlink(path);
    load_livekit("fixtures/livekit/signed/participant_joined__valid.json", &joined);
    o = at(joined.now_ms);
    t = open_tracker(path);
    CHECK(rollcall_tracker_ingest(t, "livekit", joined.headers, strlen(joined.headers), joined.body, joined.body_len, &o,
                                  &r) == ROLLCALL_OK);
    CHECK(rollcall_ingest_result_outcome(r) == ROLLCALL_INGEST_STORED);
    rollcall_ingest_result_free(r);
    rollcall_tracker_free(t);
    t = open_tracker(path);
    CHECK(rollcall_tracker_ingest(t, "livekit", joined.headers, strlen(joined.headers), joined.body, joined.body_len, &o,
                                  &r) == ROLLCALL_OK);
    CHECK(rollcall_ingest_result_outcome(r) == ROLLCALL_INGEST_DUPLICATE);
    rollcall_tracker_free(t); /* before its result */
    rollcall_ingest_result_free(r);
    free(joined.body);
    unlink(path);
    {
        char side[300];
        sprintf(side, "%s-wal", path);
        unlink(side);
        sprintf(side, "%s-shm", path);
        unlink(side);
    }
}

/* One tracker shared by two threads (the C handle serialises calls). */
struct shared_tracker {
    rollcall_tracker* t;
    int failures;
};

static void* report_loop(void* arg) {
    struct shared_tracker* s = (struct shared_tracker*)arg;
    int i;
    for (i = 0; i < 25; ++i) {
        char* out = NULL;
        char link_out[8];
        if (rollcall_report_teacher(s->t, NULL, NULL, &out, NULL) != ROLLCALL_OK) ++s->failures;
        rollcall_free(out);
        out = NULL;
        if (rollcall_link_create(s->t, "{\"student\":\"s\"}", 15, T0, &out, NULL) != ROLLCALL_OK) ++s->failures;
        rollcall_free(out);
        (void)link_out;
    }
    return NULL;
}

static void test_tracker_shared_between_threads(void) {
    struct shared_tracker a, b;
    pthread_t ta, tb;
    a.t = b.t = open_tracker(":memory:");
    a.failures = b.failures = 0;
    CHECK(pthread_create(&ta, NULL, report_loop, &a) == 0);
    CHECK(pthread_create(&tb, NULL, report_loop, &b) == 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    CHECK(a.failures == 0 && b.failures == 0);
    rollcall_tracker_free(a.t);
}

/* The application layer's door: every method by name, one JSON shape; the stateless evaluation. */
static void test_call(void) {
    rollcall_tracker* t = NULL;
    char* out = (char*)&out;
    size_t out_len = 99;
    const char* session = "{\"sessions\":{\"id\":\"c1\",\"type\":\"t\",\"teacher\":\"T\",\"students\":[\"S\"],"
                          "\"scheduled_start\":\"2025-08-13T12:00:00Z\",\"scheduled_end\":\"2025-08-13T13:00:00Z\"}}";
    CHECK(rollcall_tracker_open(":memory:", NULL, &t) == ROLLCALL_OK);
    CHECK(rollcall_tracker_call(t, "sessions.create", session, strlen(session), &out, &out_len) == ROLLCALL_OK);
    CHECK(out != NULL && out_len == strlen(out) && strstr(out, "\"status\":\"scheduled\"") != NULL);
    rollcall_free(out);
    /* No parameters: NULL with length 0. */
    CHECK(rollcall_tracker_call(t, "sessions.list", NULL, 0, &out, NULL) == ROLLCALL_OK && out != NULL);
    CHECK(out != NULL && strstr(out, "\"id\":\"c1\"") != NULL);
    rollcall_free(out);
    CHECK(rollcall_tracker_call(t, "sessions.list", "{\"teacher\":\"nobody\"}", 20, &out, NULL) == ROLLCALL_OK);
    CHECK(out != NULL && strcmp(out, "[]") == 0);
    rollcall_free(out);
    CHECK(rollcall_tracker_call(t, "sweep", "{\"now\":\"2025-08-13T12:00:00Z\"}", 30, &out, NULL) == ROLLCALL_OK);
    rollcall_free(out);
    CHECK(rollcall_tracker_call(t, "changes", "{\"after\":0}", 11, &out, NULL) == ROLLCALL_OK);
    CHECK(out != NULL && strstr(out, "\"type\":\"session_status\"") != NULL && strstr(out, "\"cursor\":1") != NULL);
    rollcall_free(out);
    CHECK(rollcall_tracker_call(t, "reports.session", "{\"format\":\"csv\"}", 16, &out, NULL) == ROLLCALL_OK);
    CHECK(out != NULL && strncmp(out, "session_id,", 11) == 0);
    rollcall_free(out);

    /* Failures: a code, a message, *out NULL, nothing changed. */
    out = (char*)&out;
    CHECK(rollcall_tracker_call(t, "sessions.drop", "{}", 2, &out, &out_len) == ROLLCALL_NOT_FOUND && out == NULL && out_len == 0);
    CHECK(strstr(rollcall_errmsg(), "sessions.list") != NULL);
    CHECK(rollcall_tracker_call(t, "changes", "{\"after\":99}", 12, &out, NULL) == ROLLCALL_INVALID_ARGUMENT && out == NULL);
    CHECK(rollcall_tracker_call(t, "sessions.list", "{\"colour\":1}", 12, &out, NULL) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(strstr(rollcall_errmsg(), "colour") != NULL);
    CHECK(rollcall_tracker_call(t, "sessions.list", "{\"teacher\":", 11, &out, NULL) == ROLLCALL_MALFORMED_INPUT);
    CHECK(rollcall_tracker_call(t, "sessions.list", NULL, 3, &out, NULL) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(rollcall_tracker_call(t, NULL, "{}", 2, &out, NULL) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(rollcall_tracker_call(NULL, "stats", "{}", 2, &out, NULL) == ROLLCALL_INVALID_ARGUMENT && out == NULL);
    CHECK(rollcall_tracker_call(t, "stats", "{}", 2, NULL, NULL) == ROLLCALL_INVALID_ARGUMENT);
    CHECK(rollcall_tracker_call(t, "stats", "{}", 2, &out, NULL) == ROLLCALL_OK && out != NULL);
    CHECK(out != NULL && strstr(out, "\"sessions\":1,") != NULL);
    rollcall_free(out);
    rollcall_tracker_free(t);

    {
        const char* input = "{\"session\":{\"id\":\"e\",\"type\":\"t\",\"teacher\":\"T\"},\"now\":\"2025-08-13T12:20:00Z\","
                            "\"events\":[{\"kind\":\"join\",\"platform\":\"livekit\",\"room\":\"r\",\"identity\":\"T\","
                            "\"connection\":\"c\",\"at\":\"2025-08-13T12:00:00Z\"}]}";
        CHECK(rollcall_evaluate(input, strlen(input), &out, &out_len) == ROLLCALL_OK && out != NULL);
        CHECK(out != NULL && strstr(out, "\"attended_s\":1200") != NULL);
        rollcall_free(out);
        out = (char*)&out;
        CHECK(rollcall_evaluate("{\"events\":[]}", 13, &out, &out_len) == ROLLCALL_MISSING_FIELD && out == NULL);
        CHECK(rollcall_evaluate(NULL, 0, &out, NULL) == ROLLCALL_INVALID_ARGUMENT);
        CHECK(rollcall_evaluate("{}", 2, NULL, NULL) == ROLLCALL_INVALID_ARGUMENT);
    }
}

/* rollcall_tracker_call with NUL-terminated parameters. */
static rollcall_status call_text(rollcall_tracker* t, const char* method, const char* params, char** out) {
    return rollcall_tracker_call(t, method, params, strlen(params), out, NULL);
}

/* SPEC §11 aliases through rollcall_tracker_call (identities.*) and the stateless evaluate. */
static void test_identities(void) {
    rollcall_tracker* t = NULL;
    char* out = NULL;
    size_t out_len = 0;
    const char* session = "{\"sessions\":{\"id\":\"c1\",\"type\":\"t\",\"teacher\":\"T\",\"students\":[\"S\",\"U\"]}}";
    const char* add = "{\"person\":\"S\",\"kind\":\"name\",\"value\":\"  Dina   SCHMIDT \"}";
    const char* clash = "{\"person\":\"U\",\"kind\":\"name\",\"value\":\"dina schmidt\"}";
    const char* merge = "{\"person\":\"T\",\"kind\":\"identity\",\"value\":\"S\",\"session_id\":\"c1\"}";
    CHECK(rollcall_tracker_open(":memory:", NULL, &t) == ROLLCALL_OK);
    CHECK(rollcall_tracker_call(t, "sessions.create", session, strlen(session), &out, NULL) == ROLLCALL_OK);
    rollcall_free(out);
    CHECK(rollcall_tracker_call(t, "identities.add", add, strlen(add), &out, &out_len) == ROLLCALL_OK);
    CHECK(out != NULL && strstr(out, "\"value\":\"dina schmidt\"") != NULL && strstr(out, "\"added\":true") != NULL);
    rollcall_free(out);
    /* Refused, with a code and a message naming the person the key already names; *out NULL. */
    out = (char*)&out;
    CHECK(rollcall_tracker_call(t, "identities.add", clash, strlen(clash), &out, &out_len) == ROLLCALL_ALREADY_EXISTS);
    CHECK(out == NULL && strstr(rollcall_errmsg(), "'S'") != NULL);
    CHECK(rollcall_tracker_call(t, "identities.add", merge, strlen(merge), &out, NULL) == ROLLCALL_ALREADY_EXISTS);
    CHECK(call_text(t, "identities.add", "{\"person\":\"S\",\"kind\":\"shoe\",\"value\":\"x\"}", &out) == ROLLCALL_INVALID_VALUE);
    CHECK(call_text(t, "identities.add", "{\"person\":\"\",\"kind\":\"email\",\"value\":\"x\"}", &out) == ROLLCALL_MISSING_FIELD);
    CHECK(call_text(t, "identities.add", "{\"person\":null,\"kind\":\"email\",\"value\":\"x\"}", &out) == ROLLCALL_MISSING_FIELD);
    CHECK(call_text(t, "identities.add", "{\"person\":\"S\",\"kind\":\"email\",\"value\":\"x\",\"session_id\":\"nope\"}", &out) == ROLLCALL_NOT_FOUND);
    CHECK(rollcall_tracker_call(t, "identities.list", NULL, 0, &out, NULL) == ROLLCALL_OK);
    CHECK(out != NULL && strcmp(out, "[{\"person\":\"S\",\"kind\":\"name\",\"value\":\"dina schmidt\",\"session_id\":null}]") == 0);
    rollcall_free(out);
    CHECK(call_text(t, "identities.remove", "{\"kind\":\"name\",\"value\":\"DINA SCHMIDT\"}", &out) == ROLLCALL_OK);
    CHECK(out != NULL && strstr(out, "\"person\":\"S\"") != NULL);
    rollcall_free(out);
    CHECK(call_text(t, "identities.remove", "{\"kind\":\"name\",\"value\":\"DINA SCHMIDT\"}", &out) == ROLLCALL_NOT_FOUND);
    rollcall_tracker_free(t);
    {
        /* A host keeping its own events passes its aliases to the stateless evaluate. */
        const char* input =
            "{\"session\":{\"id\":\"e\",\"type\":\"t\",\"students\":[\"S\"]},\"now\":\"2025-08-13T12:20:00Z\","
            "\"aliases\":[{\"person\":\"S\",\"kind\":\"email\",\"value\":\"Dina@X.example\"}],"
            "\"events\":[{\"kind\":\"join\",\"platform\":\"zoom\",\"room\":\"r\",\"identity\":\"dina@x.example\","
            "\"connection\":\"c\",\"at\":\"2025-08-13T12:00:00Z\",\"unresolved\":true,"
            "\"keys\":{\"email\":\"dina@x.example\"}}]}";
        CHECK(rollcall_evaluate(input, strlen(input), &out, &out_len) == ROLLCALL_OK && out != NULL);
        CHECK(out != NULL && strstr(out, "\"S\":{\"status\":") != NULL && strstr(out, "dina@x.example\":{") == NULL);
        rollcall_free(out);
    }
}

int main(void) {
    test_version();
    test_errstr();
    test_error_detail_starts_clean();
    test_free_null();
    test_replay();
    test_replay_failures_leave_out_null();
    test_errors_are_per_thread();
    test_verifier();
    test_tracker_open_failures();
    test_ingest();
    test_sessions();
    test_call();
    test_identities();
    test_links();
    test_file_database();
    test_tracker_shared_between_threads();
    printf("capi: %d checks, %d failures\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
