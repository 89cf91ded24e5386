/* SPDX-License-Identifier: MIT */
/* audit_run.c: the binaries `honest audit` runs: given ones, or the honest
 * test binaries of a CTest build directory; each run once with --audit. */
#include "audit/audit.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mem.h"

static char **ctest_binaries(const char *dir, size_t *n, char *err, size_t errlen);

extern char **environ;

/* Runs argv with standard input from /dev/null, standard output to out_fd
 * (or /dev/null when -1) and standard error to /dev/null. Returns the wait
 * status, or -1 with errno when it could not start. */
static int run(char *const *argv, int out_fd)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (out_fd >= 0)
        posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
    else
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        errno = rc;
        return -1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return status;
}

/* 1 when an audit file holds the "run" record every honest test binary
 * writes first. */
static int has_run_record(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[64 * 1024];
    int found = 0;
    while (f && !found && fgets(line, sizeof line, f))
        found = strstr(line, "{\"type\":\"run\"") == line;
    if (f)
        fclose(f);
    return found;
}

static int audit_one(hn__audit *a, const char *binary, char *err, size_t errlen)
{
    const char *tmpdir = getenv("TMPDIR");
    hn__buf path = {0};
    hn__buf_printf(&path, "%s/honest-audit-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = mkstemp(path.data);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a temporary file in %s: %s",
                 tmpdir && *tmpdir ? tmpdir : "/tmp", strerror(errno));
        hn__buf_free(&path);
        return -1;
    }
    close(fd);
    hn__buf flag = {0}, prog = {0};
    hn__buf_printf(&flag, "--audit=%s", path.data);
    /* A binary named without a directory is the file here when there is
     * one (as a user means it), not a program searched in PATH. */
    hn__buf_printf(&prog, "%s%s", !strchr(binary, '/') && access(binary, X_OK) == 0 ? "./" : "",
                   binary);
    char *argv[] = {prog.data, flag.data, NULL};
    int status = run(argv, -1);
    int rc = 0;
    if (status < 0) {
        snprintf(err, errlen, "cannot run %s: %s", binary, strerror(errno));
        rc = -1;
    } else if (!has_run_record(path.data)) {
        snprintf(err, errlen, "%s wrote no audit (exit status %d): is it a test binary built "
                 "with honest? honest audit runs each binary with --audit=FILE", binary,
                 WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
        rc = -1;
    } else {
        rc = hn__audit_read(a, path.data, err, errlen);
    }
    unlink(path.data);
    hn__buf_free(&flag);
    hn__buf_free(&prog);
    hn__buf_free(&path);
    return rc;
}

/* Runs each binary with --audit into a temporary file and
 * reads it into a. A binary that cannot run is an error; failing tests are
 * not (the audit describes the suite as it is). Returns 0, or -1 with err. */
static int run_binaries(hn__audit *a, const char *const *binaries, size_t n, char *err,
                        size_t errlen)
{
    for (size_t i = 0; i < n; i++)
        if (audit_one(a, binaries[i], err, errlen) != 0)
            return -1;
    return 0;
}

int hn__audit_collect(hn__audit *a, const char *build, const char *const *binaries,
                      size_t nbinaries, const char *const *from, size_t nfrom, char *err,
                      size_t errlen)
{
    char **found = NULL;
    size_t nfound = 0;
    int rc = 0;
    if (build && !(found = ctest_binaries(build, &nfound, err, errlen)))
        rc = -1;
    if (rc == 0 && run_binaries(a, (const char *const *)found, nfound, err, errlen))
        rc = -1;
    if (rc == 0 && run_binaries(a, binaries, nbinaries, err, errlen))
        rc = -1;
    for (size_t i = 0; rc == 0 && i < nfrom; i++)
        if (hn__audit_read(a, from[i], err, errlen))
            rc = -1;
    for (size_t i = 0; i < nfound; i++)
        free(found[i]);
    free(found);
    return rc;
}

/* The output of `ctest --test-dir DIR --show-only=json-v1`, malloc'd. */
static char *ctest_json(const char *dir, char *err, size_t errlen)
{
    char tmpl[] = "/tmp/honest-ctest-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a temporary file: %s", strerror(errno));
        return NULL;
    }
    unlink(tmpl);
    char *argv[] = {"ctest", "--test-dir", (char *)dir, "--show-only=json-v1", NULL};
    int status = run(argv, fd);
    hn__buf out = {0};
    char chunk[65536];
    ssize_t got;
    lseek(fd, 0, SEEK_SET);
    while ((got = read(fd, chunk, sizeof chunk)) > 0)
        hn__buf_add(&out, chunk, (size_t)got);
    close(fd);
    if (status < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(err, errlen, "ctest --test-dir %s --show-only=json-v1 failed%s%s: is %s a "
                 "CMake build directory with tests?", dir, status < 0 ? ": " : "",
                 status < 0 ? strerror(errno) : "", dir);
        hn__buf_free(&out);
        return NULL;
    }
    return hn__buf_take(&out);
}

static int labelled_honest(const cJSON *test)
{
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(test, "properties")) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(p, "name");
        if (!cJSON_IsString(name) || strcmp(name->valuestring, "LABELS"))
            continue;
        const cJSON *v;
        cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(p, "value"))
            if (cJSON_IsString(v) && !strcmp(v->valuestring, "honest"))
                return 1;
    }
    return 0;
}

/* The honest test binaries of a CTest build directory (tests labelled
 * "honest" by honest_add_test), each once, malloc'd; *n receives the count.
 * NULL with err filled when ctest fails or lists none. */
static char **ctest_binaries(const char *dir, size_t *n, char *err, size_t errlen)
{
    *n = 0;
    char *text = ctest_json(dir, err, errlen);
    if (!text)
        return NULL;
    cJSON *doc = cJSON_Parse(text);
    free(text);
    char **bins = NULL;
    size_t cap = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(doc, "tests")) {
        const cJSON *cmd = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(t, "command"), 0);
        if (!labelled_honest(t) || !cJSON_IsString(cmd))
            continue;
        int seen = 0;
        for (size_t i = 0; i < *n && !seen; i++)
            seen = !strcmp(bins[i], cmd->valuestring);
        if (seen)
            continue;
        if (hn__grow(&bins, &cap, *n + 1, sizeof *bins) != 0)
            hn__must(NULL);
        bins[(*n)++] = hn__must(strdup(cmd->valuestring));
    }
    cJSON_Delete(doc);
    if (!*n) {
        snprintf(err, errlen, "no test of %s was added by honest_add_test (label \"honest\"); "
                 "name the test binaries instead", dir);
        free(bins);
        return NULL;
    }
    return bins;
}
