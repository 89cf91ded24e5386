/* SPDX-License-Identifier: MIT */
/* readme_test.c: every marked block of README.md is what it claims to be (a
 * quote of a file, lines of a file, or what an example prints), and .ci/run
 * runs the README's two commands. */
#include <honest.h>

#include <ctype.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* One fenced block of the README and the marker comment above it. */
typedef struct block {
    char kind[16];   /* "quote", "lines of", "output", or "" */
    char path[256];  /* the file the marker names */
    char *text;      /* the block's lines, each ending in '\n' */
    int line;        /* README line of the opening fence */
} block;

static char *readme(void)
{
    char *path = st_join(ST_SOURCE_DIR, "README.md");
    char *text = st_read_file(path, NULL);
    free(path);
    HN_ASSERT_NOT_NULL(text);
    return text;
}

static void parse_marker(block *b, const char *line)
{
    static const char *const kinds[] = {"quote:", "lines of:", "output:"};
    for (int k = 0; k < 3; k++) {
        const char *at = strstr(line, kinds[k]);
        if (!at)
            continue;
        snprintf(b->kind, sizeof b->kind, "%.*s", (int)strlen(kinds[k]) - 1, kinds[k]);
        at += strlen(kinds[k]);
        while (*at == ' ')
            at++;
        size_t n = strcspn(at, " ,-");
        snprintf(b->path, sizeof b->path, "%.*s", (int)n, at);
    }
}

/* Splits text into fenced blocks; returns how many (at most max). */
static int blocks(char *text, block *out, int max)
{
    int n = 0, lineno = 0;
    char marker[512] = "";
    for (char *p = text; *p && n < max;) {
        char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        lineno++;
        if (len >= 3 && !strncmp(p, "```", 3)) {
            block *b = &out[n++];
            memset(b, 0, sizeof *b);
            b->line = lineno;
            parse_marker(b, marker);
            char *body = eol ? eol + 1 : p + len, *end = strstr(body, "\n```");
            HN_ASSERT_NOT_NULL(end);
            b->text = strndup(body, (size_t)(end - body) + 1);
            for (char *q = body; q <= end; q++)
                lineno += *q == '\n';
            p = strchr(end + 1, '\n');
            p = p ? p + 1 : end + 4;
            marker[0] = '\0';
            continue;
        }
        if (len > 4 && !strncmp(p, "<!--", 4))
            snprintf(marker, sizeof marker, "%.*s", (int)len, p);
        else if (len > 0)
            marker[0] = '\0';
        p = eol ? eol + 1 : p + len;
    }
    return n;
}

static char *source(const char *rel)
{
    char *path = st_join(ST_SOURCE_DIR, rel);
    char *text = st_read_file(path, NULL);
    free(path);
    return text;
}

/* Trims spaces at both ends of a line, in place. */
static char *trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* Every non-empty line of block occurs (trimmed) as a line of text. */
static void each_line_in(const block *b, const char *text, const char *what)
{
    char *copy = strdup(b->text);
    for (char *save = NULL, *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        char *t = trim(l);
        if (!*t)
            continue;
        char needle[1024];
        int found = 0;
        for (const char *p = text; !found && (p = strstr(p, t)); p++) {
            const char *start = p;
            while (start > text && start[-1] == ' ')
                start--;
            found = (start == text || start[-1] == '\n') &&
                    (p[strlen(t)] == '\n' || p[strlen(t)] == '\0' || p[strlen(t)] == ' ');
        }
        if (!found) {
            snprintf(needle, sizeof needle, "README.md:%d: %s lacks line: %s", b->line, what, t);
            HN_LOG("%s", needle);
        }
        HN_CHECK(found);
    }
    free(copy);
}

static block all[64];
static int nall;
static char *text_of_readme;

static void load(void)
{
    text_of_readme = readme();
    nall = blocks(text_of_readme, all, 64);
}

static void unload(void)
{
    for (int i = 0; i < nall; i++)
        free(all[i].text);
    free(text_of_readme);
}

HN_SUITE(readme, .setup = load, .teardown = unload);

HN_TEST(readme, quotes_are_in_their_files)
{
    int checked = 0;
    for (int i = 0; i < nall; i++) {
        block *b = &all[i];
        if (strcmp(b->kind, "quote"))
            continue;
        char *src = source(b->path);
        HN_ASSERT_NOT_NULL(src);
        if (!strstr(src, b->text))
            HN_FAIL("README.md:%d: the block is not a verbatim part of %s", b->line, b->path);
        free(src);
        checked++;
    }
    HN_CHECK_GE(checked, 5);
}

HN_TEST(readme, excerpts_are_lines_of_their_files)
{
    int checked = 0;
    for (int i = 0; i < nall; i++) {
        block *b = &all[i];
        if (strcmp(b->kind, "lines of"))
            continue;
        char *src = source(b->path);
        HN_ASSERT_NOT_NULL(src);
        each_line_in(b, src, b->path);
        free(src);
        checked++;
    }
    HN_CHECK_GE(checked, 3);
}

static const char *example_for(const char *path)
{
    if (strstr(path, "examples/doubles/"))
        return ST_EXAMPLE_DOUBLES;
    if (strstr(path, "examples/weather/"))
        return ST_EXAMPLE_WEATHER;
    if (strstr(path, "examples/ringbuf/"))
        return ST_EXAMPLE_RINGBUF;
    return NULL;
}

HN_TEST(readme, outputs_are_what_the_examples_print)
{
    int checked = 0;
    for (int i = 0; i < nall; i++) {
        block *b = &all[i];
        if (strcmp(b->kind, "output"))
            continue;
        const char *bin = example_for(b->path);
        HN_ASSERT_NOT_NULL(bin);
        st_proc p;
        const char *argv[] = {bin, "--jobs=1", "--color=never", NULL};
        st_opts o = {.cwd = ST_SOURCE_DIR};
        HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
        each_line_in(b, p.out, bin);
        st_proc_free(&p);
        checked++;
    }
    HN_CHECK_GE(checked, 2);
}

HN_TEST(readme, every_code_block_but_the_two_commands_names_its_source)
{
    HN_ASSERT_GE(nall, 3);
    for (int i = 2; i < nall; i++)
        if (!all[i].kind[0])
            HN_FAIL("README.md:%d: a code block without a quote/lines of/output marker",
                    all[i].line);
}

/* The brief: CI runs exactly the README's test command, and the first
 * command's build steps. */
HN_TEST(readme, ci_runs_the_two_commands)
{
    char *ci = source(".ci/run");
    HN_ASSERT_NOT_NULL(ci);
    HN_ASSERT_GE(nall, 2);
    HN_CHECK_STR_CONTAINS(ci, trim(all[1].text));
    const char *first = strstr(all[0].text, "&& cmake");
    HN_ASSERT_NOT_NULL(first);
    char *steps = strdup(first + 3);
    for (char *save = NULL, *s = strtok_r(steps, "&", &save); s; s = strtok_r(NULL, "&", &save))
        HN_CHECK_STR_CONTAINS(ci, trim(s));
    free(steps);
    free(ci);
}

/* The first command up to its build steps, with every apt-get replaced by
 * `echo apt-get`, run by sh with only dir on PATH. malloc'd output. */
static char *apt_part_run(const char *dir)
{
    const char *end = strstr(all[0].text, "&& cmake");
    HN_ASSERT_NOT_NULL(end);
    char *cmd = calloc(1, 2 * (size_t)(end - all[0].text) + 64);
    HN_ASSERT_NOT_NULL(cmd);
    for (const char *s = all[0].text; s < end;) {
        if (!strncmp(s, "apt-get", 7))
            strcat(cmd, "echo ");
        strncat(cmd, s, 1);
        s++;
    }
    char path[4200];
    snprintf(path, sizeof path, "PATH=%s", dir);
    const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    const char *const env[] = {path, NULL};
    st_opts o = {.env = env};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
    HN_CHECK_EQ(p.exit_code, 0);
    char *out = strdup(p.out);
    st_proc_free(&p);
    free(cmd);
    return out;
}

/* The first command works as written as root on a machine without sudo
 * (Debian's default) and through sudo where there is one. */
HN_TEST(readme, first_command_works_with_and_without_sudo)
{
    HN_ASSERT_GE(nall, 1);
    char *dir = st_tmpdir();
    HN_ASSERT_NOT_NULL(dir);
    char *out = apt_part_run(dir);
    HN_CHECK_STR_CONTAINS(out, "apt-get update\napt-get install -y build-essential");
    free(out);
    char *sudo = st_join(dir, "sudo");
    HN_ASSERT_EQ(st_write_file(sudo, "#!/bin/sh\necho \"sudo $*\"\n"), 0);
    HN_ASSERT_EQ(chmod(sudo, 0755), 0);
    out = apt_part_run(dir);
    HN_CHECK_STR_CONTAINS(out, "sudo echo apt-get update\n");
    HN_CHECK_STR_CONTAINS(out, "sudo echo apt-get install -y build-essential");
    free(out);
    free(sudo);
    st_rmtree(dir);
    free(dir);
}
