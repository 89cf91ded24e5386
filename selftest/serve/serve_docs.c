/* SPDX-License-Identifier: MIT */
/* serve_docs.c: docs/serve.md is real: its session (`<!-- st: session -->`)
 * runs with bash -e in a scratch directory, with the built honest first on
 * PATH and the files it names (`<!-- st: file NAME -->`) written there; every
 * line of `<!-- st: output -->` must appear in what it prints, and every line
 * of `<!-- st: fixture PATH -->` in that file. Ports compare as PORT, times
 * as T. A block after `<!-- st: quote PATH -->` is the text of that file of
 * the repository, as it is. */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docs.h"
#include "support.h"

static char *norm(const char *text)
{
    char *a = st_replace_all(text, "127\\.0\\.0\\.1:[0-9]+", "127.0.0.1:PORT");
    char *b = st_replace_all(a, "in [0-9]+\\.[0-9]+ s", "in T s");
    free(a);
    return b;
}

/* The fenced block after `<!-- st: NAME -->` in docs/serve.md (a new string). */
static char *block(const char *name)
{
    char *path = st_join(ST_SOURCE_DIR, "docs/serve.md"), *text = st_doc_block(path, name);
    free(path);
    return text;
}

/* Each line of want (non-empty) appears in have. */
static void lines_in(const char *have, const char *want, const char *where)
{
    for (const char *l = want; *l;) {
        size_t n = strcspn(l, "\n");
        if (n) {
            char *line = strndup(l, n);
            if (!strstr(have, line))
                HN_FAIL("%s: the docs show\n  %s\nwhich is not in what it printed:\n%s", where,
                        line, have);
            free(line);
        }
        l += n + (l[n] == '\n');
    }
}

HN_TEST(serve_docs, the_session_runs_as_shown, .timeout_ms = 60000)
{
    char *dir = st_tmpdir(), *script = block("session"), *client = block("file client.py");
    char *sp = st_join(dir, "session.sh"), *cp = st_join(dir, "client.py");
    HN_ASSERT_EQ(st_write_file(sp, script), 0);
    HN_ASSERT_EQ(st_write_file(cp, client), 0);
    char path[4096];
    const char *slash = strrchr(ST_HONEST, '/');
    snprintf(path, sizeof path, "PATH=%.*s:%s", (int)(slash - ST_HONEST), ST_HONEST,
             getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
    const char *env[] = {path, "UPSTREAM", "API_BASE", NULL};
    st_opts o = {.env = env, .cwd = dir, .timeout_ms = 50000};
    const char *const argv[] = {"/bin/bash", "-e", "session.sh", NULL};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
    if (p.exit_code != 0)
        HN_LOG("stderr: %s", p.err);
    HN_CHECK_EQ(p.exit_code, 0);
    char *have = norm(p.out), *want = block("output");
    lines_in(have, want, "docs/serve.md, the session's output");
    char *fx = block("fixture fixtures/get-v1-items.json");
    char *fp = st_join(dir, "fixtures/get-v1-items.json"), *ftext = st_read_file(fp, NULL);
    HN_ASSERT_NOT_NULL(ftext);
    lines_in(ftext, fx, "docs/serve.md, fixtures/get-v1-items.json");
    free(fx);
    free(fp);
    free(ftext);
    free(have);
    free(want);
    st_proc_free(&p);
    free(sp);
    free(cp);
    free(script);
    free(client);
    st_rmtree(dir);
    free(dir);
}

/* The block after `<!-- st: quote PATH -->` appears whole in PATH. */
static void quoted(const char *path)
{
    char name[256];
    snprintf(name, sizeof name, "quote %s", path);
    char *want = block(name), *file = st_join(ST_SOURCE_DIR, path);
    char *have = st_read_file(file, NULL);
    HN_ASSERT_NOT_NULL(have);
    if (!strstr(have, want))
        HN_FAIL("docs/serve.md quotes %s, but the file does not hold:\n%s", path, want);
    free(have);
    free(file);
    free(want);
}

HN_TEST(serve_docs, quoted_blocks_are_the_files)
{
    quoted("selftest/serve/server_prog.c");
    quoted("selftest/serve/fixtures/greet.json");
}
