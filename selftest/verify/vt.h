/* SPDX-License-Identifier: MIT */
/* vt.h: helpers of the verify, record and secrets selftests: the provider program
 * (started, switched between API versions, stopped), the `honest` tool run
 * in a scratch directory, and reading what it wrote. */
#ifndef VT_H
#define VT_H

#include <stddef.h>
#include <sys/types.h>

#include "support.h"

struct cJSON;

/* A running provider (selftest/verify/provider.c). */
typedef struct vt_provider {
    pid_t pid;
    int in;  /* its stdin: commands */
    int out; /* its stdout: the port, then answers */
    unsigned port;
    char base[64]; /* "http://127.0.0.1:PORT" */
} vt_provider;

/* Starts the provider (version 1 of its API); fails the test when it does not
 * start. Stop it with vt_provider_stop (the end of the test process also
 * stops it: it quits when its stdin closes). */
void vt_provider_start(vt_provider *p);
/* The same over HTTPS with the PEM certificate and key given; base is then
 * "https://127.0.0.1:PORT". */
void vt_provider_start_tls(vt_provider *p, const char *cert, const char *key);
/* The same as the careless provider of the secrets corpus (provider.c
 * --secrets): every request echoed, tokens NONCE-WHAT-vN handed out. */
void vt_provider_start_secrets(vt_provider *p, const char *nonce);
/* Switches the API to version v (1 or 2) and waits until it has. */
void vt_provider_version(vt_provider *p, int v);
/* Requests the provider has answered so far. */
long vt_provider_count(vt_provider *p);
void vt_provider_stop(vt_provider *p);
/* The times of the requests to /paced/... and /limited so far, in
 * milliseconds after the first, into out (at most max); returns how many. */
int vt_provider_times(vt_provider *p, long long *out, int max);

/* A port on 127.0.0.1 where nothing listens (bound, then closed). */
unsigned vt_dead_port(void);

/* Runs the honest tool with args (NULL-terminated) in dir, with extra
 * environment entries env (NULL-terminated or NULL). Fills *p. */
void vt_honest(st_proc *p, const char *dir, const char *const *env, const char *const *args);
/* Runs `honest verify FIXTURES` in dir against a provider started for it
 * (and stopped after), its base URL given as the environment variable
 * base_var (the placeholder the fixtures' URLs start with). */
void vt_verify_against_provider(st_proc *p, const char *dir, const char *base_var,
                                const char *fixtures);
/* Records base + path into dir/name.json with `honest record` (extra args
 * may be NULL); fails the test when it does not exit 0. Returns the
 * fixture's path (malloc'd). */
char *vt_record(const vt_provider *p, const char *dir, const char *path, const char *name,
                const char *const *extra);

/* Parses a JSON file; fails the test when it cannot. Free with cJSON_Delete. */
struct cJSON *vt_json_file(const char *path);
/* Writes a cJSON document to path (formatted); fails the test when it cannot. */
void vt_json_write(const char *path, const struct cJSON *doc);
/* The entry of the verify JSON report for the fixture named `name`, or NULL. */
const struct cJSON *vt_report_fixture(const struct cJSON *report, const char *name);
/* Whether any file in dir has a name containing ".tmp-" (a temporary file
 * left behind). */
int vt_temp_files_left(const char *dir);

/* Sets the string member `key` of object `section` (NULL: the top level) of
 * the JSON file at path, adding it when absent; fails the test when the file
 * is not JSON. */
void vt_json_set(const char *path, const char *section, const char *key, const char *value);
/* The end of a test: stops p (NULL: none), removes dir and frees it. */
void vt_finish(vt_provider *p, char *dir);

/* Starts argv in the background with stdout and stderr to /dev/null. */
pid_t vt_spawn(const char *const *argv, const char *dir);

#endif
