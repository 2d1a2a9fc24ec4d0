/* The parity flow through the C ABI (tests/parity/run.py prepares its input): each step through the
 * named C function where one exists, else rollcall_tracker_call. Writes each answer to OUT/<name>.txt.
 * usage: driver DB CONFIG REQUESTS STEPS OUT */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rollcall.h"

static void die(const char* what, rollcall_status s) {
    fprintf(stderr, "parity C driver: %s: %s (%s)\n", what, rollcall_errstr(s), rollcall_errmsg());
    exit(1);
}

static char* slurp(const char* path) {
    FILE* f = fopen(path, "rb");
    long n;
    char* buf;
    if (f == NULL) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) { perror(path); exit(1); }
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void save(const char* dir, const char* name, const char* text, size_t len) {
    char path[4096];
    FILE* f;
    snprintf(path, sizeof path, "%s/%s.txt", dir, name);
    f = fopen(path, "wb");
    if (f == NULL || fwrite(text, 1, len, f) != len) { perror(path); exit(1); }
    fclose(f);
}

/* Splits a line at tabs in place; returns the number of fields. */
static int fields(char* line, char** out, int max) {
    int n = 0;
    char* p = line;
    while (n < max) {
        char* tab = strchr(p, '\t');
        out[n++] = p;
        if (tab == NULL) break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static const char* opt(const char* s) { return strcmp(s, "-") == 0 ? NULL : s; }

/* "$token" replaced by the token link_create gave. */
static char* with_token(const char* text, const char* token) {
    const char* at = strstr(text, "$token");
    char* out;
    if (at == NULL) return strdup(text);
    out = malloc(strlen(text) + strlen(token) + 1);
    memcpy(out, text, (size_t)(at - text));
    strcpy(out + (at - text), token);
    strcat(out, at + 6);
    return out;
}

static void ingest_all(rollcall_tracker* t, const char* requests_path, const char* dir, const char* name) {
    FILE* f = fopen(requests_path, "rb");
    size_t cap = 1 << 16, len = 0;
    char* all = malloc(cap);
    char platform[16];
    long long received;
    size_t hlen, blen, ulen;
    if (f == NULL || all == NULL) { perror(requests_path); exit(1); }
    all[len++] = '[';
    while (fscanf(f, "%15s %lld %zu %zu %zu", platform, &received, &hlen, &blen, &ulen) == 5) {
        char* buf;
        const char* json;
        size_t jlen;
        rollcall_ingest_result* r = NULL;
        rollcall_request_options o = ROLLCALL_REQUEST_OPTIONS_INIT;
        rollcall_status s;
        fgetc(f); /* the newline after the counts */
        buf = malloc(hlen + blen + ulen + 1);
        if (fread(buf, 1, hlen + blen + ulen, f) != hlen + blen + ulen) { fprintf(stderr, "short request\n"); exit(1); }
        buf[hlen + blen + ulen] = '\0';
        o.now_ms = received;
        o.request_url = ulen > 0 ? buf + hlen + blen : NULL;
        s = rollcall_tracker_ingest(t, platform, buf, hlen, buf + hlen, blen, &o, &r);
        if (s != ROLLCALL_OK) die("ingest", s);
        json = rollcall_ingest_result_json(r);
        jlen = strlen(json);
        while (len + jlen + 2 > cap) all = realloc(all, cap *= 2);
        if (all[len - 1] != '[') all[len++] = ',';
        memcpy(all + len, json, jlen);
        len += jlen;
        rollcall_ingest_result_free(r);
        free(buf);
    }
    all[len++] = ']';
    save(dir, name, all, len);
    free(all);
    fclose(f);
}

int main(int argc, char** argv) {
    rollcall_tracker* t = NULL;
    rollcall_open_options oo = ROLLCALL_OPEN_OPTIONS_INIT;
    char* config;
    char* steps;
    char* line;
    char* save_line = NULL;
    char token[128] = "";
    rollcall_status s;
    if (argc != 6) { fprintf(stderr, "usage: driver DB CONFIG REQUESTS STEPS OUT\n"); return 64; }
    config = slurp(argv[2]);
    oo.config_json = config;
    if ((s = rollcall_tracker_open(argv[1], &oo, &t)) != ROLLCALL_OK) die("open", s);
    steps = slurp(argv[4]);
    for (line = strtok_r(steps, "\n", &save_line); line != NULL; line = strtok_r(NULL, "\n", &save_line)) {
        char* f[12];
        int n = fields(line, f, 12);
        char* out = NULL;
        size_t out_len = 0;
        const char* name = f[0];
        const char* kind = f[1];
        if (strcmp(kind, "ingest") == 0) {
            ingest_all(t, argv[3], argv[5], name);
            continue;
        } else if (strcmp(kind, "sweep") == 0) {
            s = rollcall_tracker_sweep(t, atoll(f[2]), &out, &out_len);
        } else if (strcmp(kind, "get") == 0) {
            s = rollcall_session_get(t, f[2], atoll(f[3]), &out, &out_len);
        } else if (strcmp(kind, "link_create") == 0) {
            s = rollcall_link_create(t, f[2], strlen(f[2]), atoll(f[3]), &out, &out_len);
            if (s == ROLLCALL_OK) {
                const char* at = strstr(out, "\"token\":\"") + 9;
                size_t tl = (size_t)(strchr(at, '"') - at);
                memcpy(token, at, tl);
                token[tl] = '\0';
            }
        } else if (strcmp(kind, "link_get") == 0) {
            s = rollcall_link_get(t, token, atoll(f[2]), &out, &out_len);
        } else if (strcmp(kind, "report") == 0 && n == 10) {
            rollcall_report_options ro = ROLLCALL_REPORT_OPTIONS_INIT;
            const char* id = opt(f[3]);
            ro.format = atoi(f[4]) == 1 ? ROLLCALL_FORMAT_CSV : ROLLCALL_FORMAT_JSON;
            ro.timezone = opt(f[5]);
            ro.from = opt(f[6]);
            ro.to = opt(f[7]);
            ro.period = opt(f[8]);
            ro.now_ms = atoll(f[9]);
            s = strcmp(f[2], "session") == 0   ? rollcall_report_session(t, id, &ro, &out, &out_len)
                : strcmp(f[2], "teacher") == 0 ? rollcall_report_teacher(t, id, &ro, &out, &out_len)
                                               : rollcall_report_trends(t, id, &ro, &out, &out_len);
        } else if (strcmp(kind, "evaluate") == 0) {
            s = rollcall_evaluate(f[2], strlen(f[2]), &out, &out_len);
        } else if (strcmp(kind, "call") == 0 && n == 4) {
            char* params = with_token(f[3], token);
            s = rollcall_tracker_call(t, f[2], params, strlen(params), &out, &out_len);
            free(params);
        } else {
            fprintf(stderr, "parity C driver: bad step line for %s\n", name);
            return 1;
        }
        if (s != ROLLCALL_OK) die(name, s);
        save(argv[5], name, out, out_len);
        rollcall_free(out);
    }
    rollcall_tracker_free(t);
    free(steps);
    free(config);
    return 0;
}
