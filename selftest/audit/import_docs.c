/* SPDX-License-Identifier: MIT */
/* import_docs.c: the section "Importing recordings" of docs/migration.md is
 * real: `<!-- import: file NAME -->` blocks are written to NAME in a scratch
 * directory, `<!-- import: run -->` and `<!-- import: refused -->` blocks run
 * their "$ honest ..." line there and must print the lines that follow, and
 * `<!-- import: fixture PATH -->` blocks must be the file written, byte for
 * byte. */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "it.h"

/* The fenced block after `<!-- import: what -->` (a new string). */
static char *block(const char *what)
{
    char *doc = st_read_file(ST_SOURCE_DIR "/docs/migration.md", NULL), marker[256];
    HN_ASSERT_NOT_NULL(doc);
    snprintf(marker, sizeof marker, "<!-- import: %s -->\n", what);
    const char *at = strstr(doc, marker);
    HN_ASSERT_NOT_NULL(at);
    const char *open = strchr(strstr(at, "```"), '\n') + 1, *close = strstr(open, "```");
    HN_ASSERT_NOT_NULL(close);
    char *text = strndup(open, (size_t)(close - open));
    free(doc);
    return text;
}

/* Runs the "$ honest ..." line of block `what` in dir; returns what the
 * block says it prints and fills *got with what it printed. */
static char *run(const char *what, const char *dir, char **got, int *status)
{
    char *text = block(what), *nl = strchr(text, '\n');
    HN_ASSERT(!strncmp(text, "$ honest ", 9));
    *nl = '\0';
    const char *args[32];
    size_t n = 0;
    for (char *save, *w = strtok_r(text + 9, " ", &save); w && n < 31;
         w = strtok_r(NULL, " ", &save))
        args[n++] = w;
    args[n] = NULL;
    st_proc p;
    vt_honest(&p, dir, NULL, args);
    *status = p.exit_code;
    size_t len = p.out_len + p.err_len;
    *got = malloc(len + 1);
    memcpy(*got, p.out, p.out_len);
    memcpy(*got + p.out_len, p.err, p.err_len + 1);
    st_proc_free(&p);
    char *want = strdup(nl + 1);
    free(text);
    return want;
}

HN_TEST(import_docs, the_har_example_runs_as_shown)
{
    char *dir = st_tmpdir(), *har = block("file session.har"), *path = st_join(dir, "session.har");
    HN_ASSERT_EQ(st_write_file(path, har), 0);
    char *got;
    int status;
    char *want = run("run", dir, &got, &status);
    HN_CHECK_EQ(status, 0);
    HN_CHECK_STR_EQ(got, want);
    char *fixture = block("fixture fixtures/001-get-v1-stable.json");
    char *written_path = st_join(dir, "fixtures/001-get-v1-stable.json");
    char *written = st_read_file(written_path, NULL);
    HN_CHECK_STR_EQ(written, fixture);
    free(written);
    free(written_path);
    free(fixture);
    free(want);
    free(got);
    free(path);
    free(har);
    vt_finish(NULL, dir);
}

HN_TEST(import_docs, the_refused_mapping_says_so)
{
    char *dir = st_tmpdir(), *maps = st_join(dir, "mappings");
    HN_ASSERT_EQ(mkdir(maps, 0777), 0);
    char *src = st_read_file(ST_AUDIT_BAD "/wiremock/mappings/pattern.json", NULL);
    char *dst = st_join(maps, "users.json");
    HN_ASSERT_EQ(st_write_file(dst, src), 0);
    char *got;
    int status;
    char *want = run("refused", dir, &got, &status);
    HN_CHECK_EQ(status, 2);
    HN_CHECK_STR_EQ(got, want);
    char *out = st_join(dir, "fixtures");
    HN_CHECK_EQ(it_count_files(out), -1);
    free(out);
    free(want);
    free(got);
    free(dst);
    free(src);
    free(maps);
    vt_finish(NULL, dir);
}
