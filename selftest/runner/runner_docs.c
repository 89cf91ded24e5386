/* SPDX-License-Identifier: MIT */
/* runner_docs.c: the examples of docs/runner.md and docs/getting-started.md
 * are real. A fenced block after `<!-- example: PATH -->` must be the file
 * PATH (without its license and description comments); a fenced block after `<!-- output -->`
 * starts with "$ COMMAND", which is run in a directory holding the docs'
 * example programs, and the rest of the block must be what it prints. */
#include <honest.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt.h"

HN_SUITE(runner_docs, .teardown = rt_cleanup);

/* The text of the fenced block that follows *p; advances *p past it. */
static char *fenced_block(const char **p)
{
    const char *open = strstr(*p, "\n```");
    HN_ASSERT_NOT_NULL(open);
    const char *body = strchr(open + 1, '\n');
    HN_ASSERT_NOT_NULL(body);
    body++;
    const char *close = strstr(body - 1, "\n```");
    HN_ASSERT_NOT_NULL(close);
    size_t n = (size_t)(close + 1 - body);
    char *text = malloc(n + 1);
    HN_ASSERT_NOT_NULL(text);
    memcpy(text, body, n);
    text[n] = '\0';
    *p = close + 4;
    return text;
}

/* A source file without its leading license and description comment. */
static char *without_header(const char *path)
{
    char *text = rt_read(path);
    const char *p = text;
    if (!strncmp(p, "/* SPDX", 7)) {
        /* The SPDX line and the file's description comment. */
        while (!strncmp(p, "/*", 2)) {
            p = strstr(p, "*/");
            HN_ASSERT_NOT_NULL(p);
            p = strchr(p, '\n');
            p = p ? p + 1 : "";
        }
    } else {
        while (*p == '#') {
            p = strchr(p, '\n');
            p = p ? p + 1 : "";
        }
    }
    while (*p == '\n')
        p++;
    char *out = strdup(p);
    free(text);
    return out;
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts each run of consecutive one-line "PASS " results (their order
 * depends on scheduling when tests run in parallel). */
static char *sort_passes(char *text)
{
    char *lines[512];
    int n = 0;
    for (char *p = text; *p && n < 512;) {
        lines[n++] = p;
        p = strchr(p, '\n');
        if (!p)
            break;
        *p++ = '\0';
    }
    for (int i = 0; i < n;) {
        int k = i;
        while (k < n && !strncmp(lines[k], "PASS ", 5))
            k++;
        if (k > i)
            qsort(lines + i, (size_t)(k - i), sizeof *lines, by_string);
        i = k > i ? k : i + 1;
    }
    size_t len = 0;
    for (int i = 0; i < n; i++)
        len += strlen(lines[i]) + 1;
    char *out = malloc(len + 1), *w = out;
    HN_ASSERT_NOT_NULL(out);
    for (int i = 0; i < n; i++)
        w += sprintf(w, "%s\n", lines[i]);
    *w = '\0';
    free(text);
    return out;
}

/* What may differ between the doc and a run: times, seeds, job counts,
 * and the order of passing tests that ran in parallel. */
static char *doc_norm(const char *text)
{
    char *s = rt_norm(text);
    s = rt_replace(s, "seed [0-9]+", "seed S");
    s = rt_replace(s, "seed: [0-9]+", "seed: S");
    s = rt_replace(s, "--seed=[0-9]+", "--seed=S");
    s = rt_replace(s, "forked, [0-9]+ jobs?", "forked, J jobs");
    return sort_passes(s);
}

/* A directory holding links to every docs example program. */
static const char *program_dir(void)
{
    const char *dir = rt_tmpdir();
    DIR *d = opendir(RT_DOCS_DIR);
    HN_ASSERT_NOT_NULL(d);
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char target[4200];
        snprintf(target, sizeof target, "%s/%s", RT_DOCS_DIR, e->d_name);
        HN_ASSERT_EQ(symlink(target, rt_path(dir, e->d_name)), 0);
    }
    closedir(d);
    return dir;
}

static void check_example(const char *path, const char *block)
{
    char full[4200];
    snprintf(full, sizeof full, "%s/%s", RT_REPO_DIR, path);
    char *file = without_header(full);
    if (strcmp(file, block) != 0)
        HN_CHECK_STR_EQ(block, file);
    free(file);
}

static void check_output(const char *dir, const char *block)
{
    HN_ASSERT(!strncmp(block, "$ ", 2));
    size_t n = strcspn(block, "\n");
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "cd '%s' && %.*s", dir, (int)n - 2, block + 2);
    st_proc p;
    rt_sh(&p, cmd, NULL, 20000);
    char *want = doc_norm(block + n + (block[n] == '\n'));
    char *got = doc_norm(p.out);
    if (strcmp(want, got) != 0)
        HN_FAIL("the output of `%.*s` differs from the doc:\n--- doc\n%s--- run\n%s", (int)n - 2,
                block + 2, want, got);
    free(want);
    free(got);
    st_proc_free(&p);
}

typedef struct doc {
    const char *name;
    const char *path;
    int min_examples, min_outputs;
} doc;

static const doc docs[] = {
    {"runner", "docs/runner.md", 4, 9},
    {"getting_started", "docs/getting-started.md", 3, 1},
};

HN_TEST_PN(runner_docs, examples_and_outputs_are_real, doc, docs, name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", RT_REPO_DIR, HN_PARAM->path);
    char *text = rt_read(path);
    const char *dir = program_dir();
    int examples = 0, outputs = 0;
    for (const char *p = text; (p = strstr(p, "<!-- "));) {
        if (!strncmp(p, "<!-- example: ", 14)) {
            char file[1024];
            HN_ASSERT_EQ(sscanf(p + 14, "%1023s", file), 1);
            char *block = fenced_block(&p);
            check_example(file, block);
            free(block);
            examples++;
        } else if (!strncmp(p, "<!-- output -->", 15)) {
            char *block = fenced_block(&p);
            check_output(dir, block);
            free(block);
            outputs++;
        } else {
            p += 5;
        }
    }
    free(text);
    HN_CHECK_GE(examples, HN_PARAM->min_examples);
    HN_CHECK_GE(outputs, HN_PARAM->min_outputs);
}

HN_TEST(runner_docs, every_example_program_is_quoted)
{
    char *runner = rt_read(RT_REPO_DIR "/docs/runner.md");
    char *start = rt_read(RT_REPO_DIR "/docs/getting-started.md");
    DIR *d = opendir(RT_SRC_DIR "/docs");
    HN_ASSERT_NOT_NULL(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len < 3 || strcmp(e->d_name + len - 2, ".c"))
            continue;
        char marker[512];
        snprintf(marker, sizeof marker, "<!-- example: selftest/runner/docs/%s -->", e->d_name);
        if (!strstr(runner, marker) && !strstr(start, marker))
            HN_FAIL("selftest/runner/docs/%s is quoted in no doc", e->d_name);
        n++;
    }
    closedir(d);
    HN_CHECK_GE(n, 5);
    free(runner);
    free(start);
}

HN_TEST(runner_docs, the_reference_names_every_flag_of_help)
{
    st_proc p;
    RT_RUN(&p, "names", "--help");
    char *doc = rt_read(RT_REPO_DIR "/docs/runner.md");
    int n = 0;
    for (const char *s = p.out; (s = strstr(s, "  --"));) {
        char flag[64], want[80];
        s += 2;
        size_t len = strspn(s, "-abcdefghijklmnopqrstuvwxyz");
        snprintf(flag, sizeof flag, "%.*s", (int)len, s);
        snprintf(want, sizeof want, "`%s", flag);
        HN_CHECK_STR_CONTAINS(doc, want);
        n++;
    }
    HN_CHECK_GE(n, 20);
    free(doc);
    st_proc_free(&p);
}
