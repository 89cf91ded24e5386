/* SPDX-License-Identifier: MIT */
/* http_docs.c: docs/http.md is real. A fenced block after `<!-- quote: PATH
 * -->` must appear, verbatim, in PATH; after `<!-- example: PATH -->` it must
 * be PATH without its header comments; after `<!-- declared: HEADER -->` each
 * of its lines, without its trailing comment, must appear in HEADER; after
 * `<!-- output: PROG ARGS -->` it must appear in what the built PROG prints
 * when run with ARGS in the source tree (with the source tree's path taken
 * out). */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docs.h"
#include "support.h"

static char *source_file(const char *rel)
{
    return st_read_source(ST_SOURCE_DIR, rel);
}

/* The blocks of docs/http.md marked `<!-- KIND: ARG -->`, each handed to check
 * (support/docs.h). Returns the count. */
static int each(const char *kind, void (*check)(const char *arg, const char *text))
{
    return st_doc_each(ST_SOURCE_DIR, "docs/http.md", kind, check);
}

/* A C file without the comments that open it (license, description). */
static const char *without_header(const char *text)
{
    const char *p = text;
    while (!strncmp(p, "/*", 2)) {
        p = strstr(p, "*/");
        HN_ASSERT_NOT_NULL(p);
        p += 2;
        while (*p == '\n')
            p++;
    }
    return p;
}

static void quoted(const char *path, const char *text)
{
    char *file = source_file(path);
    if (!strstr(file, text))
        HN_CHECK(!"a quoted block is not in its file"), HN_LOG("%s:\n%s", path, text);
    free(file);
}

static void example(const char *path, const char *text)
{
    char *file = source_file(path);
    HN_CHECK_STR_EQ(text, without_header(file));
    free(file);
}

static void declared(const char *path, const char *text)
{
    char *file = source_file(path), *copy = strdup(text), *save = NULL;
    for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        char *comment = strstr(l, "/*");
        size_t n = comment ? (size_t)(comment - l) : strlen(l);
        while (n && l[n - 1] == ' ')
            n--;
        l[n] = '\0';
        if (n && !strstr(file, l))
            HN_CHECK(!"a declaration is not in its header"), HN_LOG("%s: %s", path, l);
    }
    free(copy);
    free(file);
}

/* Removes every "DIR/" from s in place. */
static void strip(char *s, const char *dir)
{
    size_t n = strlen(dir);
    for (char *at; (at = strstr(s, dir)) && at[n] == '/';)
        memmove(at, at + n + 1, strlen(at + n + 1) + 1);
}

static void output(const char *args, const char *text)
{
    char *copy = strdup(args), *save = NULL;
    const char *argv[16] = {NULL};
    size_t n = 0;
    for (char *t = strtok_r(copy, " ", &save); t && n < 15; t = strtok_r(NULL, " ", &save))
        argv[n++] = t;
    HN_ASSERT_STR_EQ(argv[0], "forecast_days");
    argv[0] = ST_HTTP_DOC_FORECAST;
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, &(st_opts){.cwd = ST_SOURCE_DIR, .timeout_ms = 30000}), 0);
    strip(p.out, ST_SOURCE_DIR);
    if (!strstr(p.out, text))
        HN_CHECK(!"a quoted output is not what the program prints"),
            HN_LOG("expected:\n%s\nprinted:\n%s", text, p.out);
    st_proc_free(&p);
    free(copy);
}

HN_TEST(http_docs, quoted_code_is_in_the_files)
{
    HN_ASSERT_GE(each("quote", quoted), 6);
}

HN_TEST(http_docs, examples_are_the_files)
{
    HN_ASSERT_GE(each("example", example), 1);
}

HN_TEST(http_docs, declarations_are_in_the_headers)
{
    HN_ASSERT_GE(each("declared", declared), 1);
}

HN_TEST(http_docs, outputs_are_what_the_programs_print)
{
    HN_ASSERT_GE(each("output", output), 1);
}
