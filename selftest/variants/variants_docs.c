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

#include "support.h"

static char *source_file(const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", ST_SOURCE_DIR, rel);
    char *text = st_read_file(path, NULL);
    if (!text)
        HN_FAIL("cannot read %s", path);
    return text;
}

/* Calls check(ARG, block) for each block of docs/variants.md marked
 * `<!-- KIND: ARG -->`; returns how many. */
static int each(const char *kind, void (*check)(const char *arg, const char *text))
{
    char *doc = source_file("docs/variants.md"), *rest = doc, *line, prefix[32];
    char arg[512] = "", block[8192] = "";
    int armed = 0, inside = 0, n = 0;
    snprintf(prefix, sizeof prefix, "<!-- %s: ", kind);
    while ((line = strsep(&rest, "\n")) != NULL) {
        int fence = !strncmp(line, "```", 3);
        if (inside && fence) {
            check(arg, block);
            inside = armed = 0;
            n++;
        } else if (inside) {
            strncat(block, line, sizeof block - strlen(block) - 2);
            strcat(block, "\n");
        } else if (armed && fence) {
            inside = 1;
            block[0] = '\0';
        } else if (!strncmp(line, prefix, strlen(prefix))) {
            snprintf(arg, sizeof arg, "%s", line + strlen(prefix));
            char *end = strstr(arg, " -->");
            HN_ASSERT_NOT_NULL(end);
            *end = '\0';
            armed = 1;
        }
    }
    HN_ASSERT(!inside);
    free(doc);
    return n;
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
