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

int main(void) {
    test_version();
    test_errstr();
    test_error_detail_starts_clean();
    test_free_null();
    printf("capi: %d checks, %d failures\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
