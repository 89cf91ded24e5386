/* SPDX-License-Identifier: MIT */
/* migration_docs.c: docs/migration.md is real: a fenced block under
 * `<!-- quote: PATH -->` is in PATH as written, and a block under
 * `<!-- output: example_heater_cmocka -->` holds lines that example prints. */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* Calls fn for each marked block of the page: the marker's kind and argument
 * ("quote", "examples/...") and the block's text. Returns how many. */
static int each_block(void (*fn)(const char *kind, const char *arg, const char *text))
{
    char *path = st_join(ST_SOURCE_DIR, "docs/migration.md");
    char *page = st_read_file(path, NULL);
    free(path);
    HN_ASSERT_NOT_NULL(page);
    int n = 0;
    for (char *at = strstr(page, "<!-- "); at; at = strstr(at + 1, "<!-- ")) {
        char kind[16], arg[256];
        if (sscanf(at, "<!-- %15[a-z]: %255s -->", kind, arg) != 2)
            continue;
        char *open = strstr(at, "```");
        HN_ASSERT_NOT_NULL(open);
        char *body = strchr(open, '\n') + 1;
        char *close = strstr(body, "\n```");
        HN_ASSERT_NOT_NULL(close);
        char *text = strndup(body, (size_t)(close - body) + 1);
        fn(kind, arg, text);
        free(text);
        n++;
    }
    free(page);
    return n;
}

static void check(const char *kind, const char *arg, const char *text)
{
    if (!strcmp(kind, "quote")) {
        char *path = st_join(ST_SOURCE_DIR, arg);
        char *file = st_read_file(path, NULL);
        free(path);
        HN_ASSERT_NOT_NULL(file);
        HN_CHECK_STR_CONTAINS(file, text);
        free(file);
        return;
    }
    if (strcmp(kind, "output") || strcmp(arg, "example_heater_cmocka"))
        return; /* another page's check (selftest/audit/import_docs.c) */
    const char *argv[] = {ST_EXAMPLE_HEATER_CMOCKA, "--color=never", NULL};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, NULL), 0);
    HN_CHECK_EQ(p.exit_code, 0);
    /* Line by line: the run prints its seed between them. */
    char *lines = strdup(text), *save = NULL;
    for (char *l = strtok_r(lines, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
        HN_CHECK_STR_CONTAINS(p.out, l);
    free(lines);
    st_proc_free(&p);
}

HN_TEST(compat_docs, migration_page_quotes_and_outputs_are_real)
{
    HN_CHECK_GE(each_block(check), 7);
}
