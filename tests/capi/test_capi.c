/* Tests of the C ABI through librollcall only, compiled as strict C99. Each test is a function;
 * CHECK records a failure with its line and keeps going, so one run reports every broken rule. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(void) {
    test_version();
    test_errstr();
    test_error_detail_starts_clean();
    test_free_null();
    test_replay();
    test_replay_failures_leave_out_null();
    test_errors_are_per_thread();
    printf("capi: %d checks, %d failures\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
