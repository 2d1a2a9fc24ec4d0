/* A small rollcall host in C: opens a tracker, schedules a session, tracks a student through a
 * tracked join link (click, heartbeats, end) and prints the session's attendance report.
 *
 *   rollcall_example [DATABASE]        (default ":memory:")
 *   rollcall_example --replay FILE     evaluate a scenario file (SPEC §10) and print the result
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rollcall.h>

static int fail(const char* what, rollcall_status s) {
    fprintf(stderr, "%s: %s: %s\n", what, rollcall_errstr(s), rollcall_errmsg());
    return 1;
}

static int replay(const char* path) {
    FILE* f = fopen(path, "rb");
    char* text;
    char* out = NULL;
    long n;
    rollcall_status s;
    if (f == NULL) return perror(path), 1;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    text = (char*)malloc((size_t)n);
    if (text == NULL || fread(text, 1, (size_t)n, f) != (size_t)n) return fclose(f), 1;
    fclose(f);
    s = rollcall_replay(text, (size_t)n, &out, NULL);
    free(text);
    if (s != ROLLCALL_OK) return fail("replay", s);
    puts(out);
    rollcall_free(out);
    return 0;
}

/* One person on a tracked join link: sent at `sent`, opened at `from`, a heartbeat every 30 s, closed at `to`. */
static int track(rollcall_tracker* tracker, const char* who, int64_t sent, int64_t from, int64_t to) {
    char link[160], token[128] = {0};
    char* out = NULL;
    const char* p;
    int64_t t;
    rollcall_status s;
    sprintf(link, "{\"teacher\":\"teacher-1\",\"student\":\"%s\",\"session_id\":\"lesson-1\"}", who);
    if ((s = rollcall_link_create(tracker, link, strlen(link), sent, &out, NULL)) != ROLLCALL_OK) return fail("link", s);
    p = strstr(out, "\"token\":\""); /* the token is the value of "token" in the link's JSON */
    if (p != NULL) sscanf(p + 9, "%127[^\"]", token);
    rollcall_free(out);
    if ((s = rollcall_link_click(tracker, token, from)) != ROLLCALL_OK) return fail("click", s);
    for (t = from + 30000; t < to; t += 30000)
        if ((s = rollcall_link_heartbeat(tracker, token, t)) != ROLLCALL_OK) return fail("heartbeat", s);
    if ((s = rollcall_link_end(tracker, token, to)) != ROLLCALL_OK) return fail("end", s);
    return 0;
}

int main(int argc, char** argv) {
    const int64_t t0 = 1760259600000LL; /* 2025-10-12T09:00:00Z */
    const char* session = "{\"id\":\"lesson-1\",\"type\":\"quran\",\"teacher\":\"teacher-1\",\"students\":[\"student-1\"],"
                          "\"scheduled_start\":\"2025-10-12T09:00:00Z\",\"scheduled_end\":\"2025-10-12T09:30:00Z\"}";
    rollcall_open_options options = ROLLCALL_OPEN_OPTIONS_INIT;
    rollcall_report_options report = ROLLCALL_REPORT_OPTIONS_INIT;
    rollcall_tracker* tracker = NULL;
    rollcall_status s;
    char* out = NULL;

    /* The library must speak the ABI this program was compiled against. */
    if (rollcall_version() / 100 != ROLLCALL_VERSION_NUMBER / 100) {
        fprintf(stderr, "built against rollcall %s, loaded %s\n", ROLLCALL_VERSION_STRING, rollcall_version_string());
        return 1;
    }
    if (argc == 3 && strcmp(argv[1], "--replay") == 0) return replay(argv[2]);

    options.config_json = "{\"timezone\":\"Europe/Berlin\",\"policies\":{\"quran\":{\"late_grace_s\":600}}}";
    s = rollcall_tracker_open(argc > 1 ? argv[1] : ":memory:", &options, &tracker);
    if (s != ROLLCALL_OK) return fail("open", s);

    s = rollcall_session_create(tracker, session, strlen(session));
    if (s != ROLLCALL_OK && s != ROLLCALL_ALREADY_EXISTS) return fail("session", s);

    /* The teacher is on the page 09:00-09:30; the student opens it at 09:02 and leaves at 09:28. */
    if (track(tracker, "teacher-1", t0 - 60000, t0, t0 + 30 * 60000) != 0) return 1;
    if (track(tracker, "student-1", t0 - 60000, t0 + 2 * 60000, t0 + 28 * 60000) != 0) return 1;

    report.now_ms = t0 + 60 * 60000;
    s = rollcall_report_session(tracker, "lesson-1", &report, &out, NULL);
    if (s != ROLLCALL_OK) return fail("report", s);
    printf("rollcall %s\n%s\n", rollcall_version_string(), out);
    rollcall_free(out);
    rollcall_tracker_free(tracker);
    return 0;
}
