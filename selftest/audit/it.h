/* SPDX-License-Identifier: MIT */
/* it.h: helpers of the import selftests: `honest import` run in a scratch
 * directory, the fixtures it wrote read back, replayed by a libcurl program
 * under HN_HTTP_FIXTURES, and verified against the loopback provider. */
#ifndef IT_H
#define IT_H

#include "support.h"
#include "vt.h"

struct cJSON;

/* Runs `honest import ARGS` (NULL-terminated) in dir; fills p. */
void it_import(st_proc *p, const char *dir, const char *const *args);
/* The same, which must succeed (exit 0, nothing on stderr). */
void it_import_ok(const char *dir, const char *const *args);
/* dir/out/NAME.json parsed; fails the test when it is missing. */
struct cJSON *it_fixture(const char *dir, const char *name);
/* The value at a dotted path ("request.headers.Accept", "response.body.tags.1"). */
const struct cJSON *it_at(const struct cJSON *doc, const char *path);
/* Its string, or NULL. */
const char *it_str(const struct cJSON *doc, const char *path);
/* The number of regular files (dot files too) in dir; -1 when it does not exist. */
int it_count_files(const char *dir);
/* Fails unless no file under dir/out holds secret. */
void it_no_secret(const char *dir, const char *secret);
/* Runs the replay program on the fixtures in dir/out with the requests
 * (one a line: METHOD, URL, "Name: value" headers, a JSON body or
 * "body=TEXT", separated by tabs); returns what it wrote (malloc'd). */
char *it_replay(const char *dir, const char *requests);
/* Verifies the fixtures named (paths relative to dir) against a fresh
 * provider with API_BASE set to it, plus env (NULL-terminated, may be
 * NULL); checks every one is aligned and verify exits 0. */
void it_verify_aligned(const char *dir, const char *const *files, const char *const *env);

#endif
