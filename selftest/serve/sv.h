/* SPDX-License-Identifier: MIT */
/* sv.h: helpers of the serve selftests: the real `honest serve` or `honest
 * proxy` started as a subprocess on an ephemeral port and stopped by a signal,
 * HTTP requests with the real libcurl, scratch fixtures, /proc counts. */
#ifndef SV_H
#define SV_H

#include <stddef.h>
#include <sys/types.h>

/* A running `honest serve|proxy`. */
typedef struct sv_server {
    pid_t pid;
    int out;             /* its stdout */
    char base[128];      /* from its first line */
    char first[256];     /* that first line */
    char *errfile;       /* its stderr, a file in dir */
} sv_server;

/* Starts `honest ARGS...` in dir (args NULL-terminated, e.g. "serve",
 * "fixtures", "--port", "0") and reads its first line; fails the test when
 * it prints none within 10 s. */
void sv_start(sv_server *s, const char *dir, const char *const *args);
/* Sends sig, reads the rest of its stdout (returned, malloc'd) and waits for
 * it; *status gets its exit status (-1 when killed by a signal). */
char *sv_stop(sv_server *s, int sig, int *status);
/* What it printed on stderr so far (malloc'd). */
char *sv_stderr(const sv_server *s);

/* One answer. */
typedef struct sv_resp {
    long status;        /* 0: no HTTP answer (see code) */
    int code;           /* the CURLcode */
    char *body;         /* NUL-terminated */
    size_t len;
    char *ctype;        /* Content-Type, or NULL */
    char *variant;      /* X-Honest-Variant of the answer, or NULL */
} sv_resp;

/* Sends a request with the real libcurl (no HN_HTTP_FIXTURES runs in these
 * tests). headers: "Name: value", NULL-terminated, may be NULL; body may be
 * NULL; cainfo: a CA file to verify TLS with, or NULL. */
void sv_request(sv_resp *r, const char *method, const char *url, const char *const *headers,
                const char *body, const char *cainfo);
void sv_resp_free(sv_resp *r);

/* Writes a fixture file dir/name from JSON text; fails the test when it cannot. */
void sv_fixture(const char *dir, const char *name, const char *json);
/* The number of *.json files in dir (and, when tmp is not NULL, in *tmp the
 * number of other files: temporaries left behind). */
int sv_json_files(const char *dir, int *tmp);
/* Open descriptors of process pid (/proc/PID/fd), and its resident memory in KiB. */
int sv_fd_count(pid_t pid);
long sv_rss_kib(pid_t pid);

#endif
