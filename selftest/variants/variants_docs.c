/* SPDX-License-Identifier: MIT */
/* variants_docs.c: docs/variants.md is real. A fenced block after `<!--
 * quote: PATH -->` must appear, verbatim, in PATH; every line of the block
 * after `<!-- output: examples/payments -->` (but its `$` command line) must
 * be a line of what the payments example prints with --variants --seed=1,
 * with the source tree's path taken out. */
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

/* The blocks of docs/variants.md marked `<!-- KIND: ARG -->`, each handed to check
 * (support/docs.h). Returns the count. */
static int each(const char *kind, void (*check)(const char *arg, const char *text))
{
    return st_doc_each(ST_SOURCE_DIR, "docs/variants.md", kind, check);
}

static void quoted(const char *path, const char *text)
{
    char *file = source_file(path);
    if (!strstr(file, text))
        HN_CHECK(!"a quoted block is not in its file"), HN_LOG("%s:\n%s", path, text);
    free(file);
}

HN_TEST(variants_docs, quotes_are_in_their_files)
{
    HN_CHECK_GE(each("quote", quoted), 4);
}

/* What the example printed, the source tree's path taken out. */
static char *printed;

static void output(const char *arg, const char *text)
{
    HN_ASSERT_STR_EQ(arg, "examples/payments");
    char *copy = strdup(text), *rest = copy, *line;
    while ((line = strsep(&rest, "\n")) != NULL) {
        if (!*line || !strncmp(line, "$ ", 2))
            continue;
        char want[1024];
        snprintf(want, sizeof want, "\n%s\n", line);
        if (!strstr(printed, want))
            HN_CHECK(!"a line of the output is not printed"), HN_LOG("%s", line);
    }
    free(copy);
}

HN_TEST(variants_docs, the_output_is_what_the_example_prints)
{
    const char *argv[] = {ST_PAYMENTS, "--variants", "--seed=1", "--jobs=2", "--color=never", NULL};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, NULL), 0);
    HN_CHECK_EQ(p.exit_code, 1);
    char prefix[1024];
    snprintf(prefix, sizeof prefix, "%s/", ST_SOURCE_DIR);
    size_t n = strlen(prefix), len = 0;
    printed = calloc(1, p.out_len + 2);
    printed[len++] = '\n';
    for (const char *s = p.out; *s;) {
        if (!strncmp(s, prefix, n)) {
            s += n;
            continue;
        }
        printed[len++] = *s++;
    }
    HN_CHECK_EQ(each("output", output), 1);
    free(printed);
    st_proc_free(&p);
}
