/* SPDX-License-Identifier: MIT */
/* diff_assert.c: HN_ASSERT_JSON_EQ and HN_CHECK_JSON_EQ: two JSON documents
 * equal in values mode, or a failure listing their structural differences. */
#include "diff/diff_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/buf.h"
#include "core/context.h"

#define SHOWN_MAX 50       /* differences listed in one failure message */
#define MESSAGE_MAX 16384 /* bytes of it */

hn__diff_arg hn__diff_arg_text(const char *text)
{
    return (hn__diff_arg){.tree = 0, .p = text};
}

hn__diff_arg hn__diff_arg_tree(const struct cJSON *tree)
{
    return (hn__diff_arg){.tree = 1, .p = tree};
}

hn__diff_arg hn__diff_arg_ptr(const void *text)
{
    return (hn__diff_arg){.tree = 0, .p = text};
}

/* The tree of an argument (parsed into *arena when it is text), or NULL
 * with the reason added to m. */
static const cJSON *tree_of(hn__diff_arg arg, const char *expr, hn__diff_arena **arena, hn__buf *m)
{
    if (!arg.p) {
        hn__buf_printf(m, "\n  %s is NULL", expr);
        return NULL;
    }
    if (arg.tree)
        return arg.p;
    hn_diff_error err;
    const char *text = arg.p;
    cJSON *t = hn__diff_parse_arena(text, strlen(text), arena, &err);
    if (!t && err.line)
        hn__buf_printf(m, "\n  %s is not JSON: line %d, column %d: %s", expr, err.line, err.column, err.text);
    else if (!t)
        hn__buf_printf(m, "\n  %s: %s", expr, err.text);
    return t;
}

static void list(hn__buf *m, const hn_diff *d)
{
    size_t n = hn_diff_count(d);
    hn__buf_printf(m, "\n  %zu difference%s (expected -> actual; added: only in actual, "
                      "removed: only in expected):", n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n && i < SHOWN_MAX; i++) {
        const hn_diff_entry *e = hn_diff_at(d, i);
        size_t len = hn_diff_entry_write(e, NULL, 0);
        char *line = malloc(len + 1);
        if (line)
            hn_diff_entry_write(e, line, len + 1);
        hn__buf_printf(m, "\n  %s %s", hn_diff_kind_word(e->kind), line ? line : e->path);
        free(line);
    }
    if (n > SHOWN_MAX)
        hn__buf_printf(m, "\n  ... and %zu more", n - SHOWN_MAX);
}

void hn__diff_assert_eq(int fatal, const char *file, int line, const char *macro, const char *ea,
                        const char *eb, hn__diff_arg actual, hn__diff_arg expected)
{
    hn__ctx_count(file, line);
    hn__buf m = {0};
    hn__diff_arena *aa = NULL, *ab = NULL;
    hn_diff *d = NULL;
    int equal = 0;
    hn__buf_printf(&m, "%s(%s, %s)", macro, ea, eb);
    const cJSON *want = tree_of(expected, eb, &ab, &m);
    const cJSON *got = tree_of(actual, ea, &aa, &m);
    if (want && got) {
        d = hn_diff_json(want, got, NULL);
        equal = d && !hn_diff_count(d);
        if (d)
            list(&m, d);
        else
            hn__buf_puts(&m, "\n  out of memory while comparing");
    }
    /* A fatal failure does not return: copy the message to the stack and
     * free the rest first. */
    char msg[MESSAGE_MAX];
    snprintf(msg, sizeof msg, "%s", hn__buf_str(&m));
    if (m.len >= sizeof msg)
        memcpy(msg + sizeof msg - 5, "\n...", 5);
    hn__buf_free(&m);
    hn_diff_free(d);
    hn__diff_arena_free(aa);
    hn__diff_arena_free(ab);
    if (!equal)
        hn__ctx_fail(fatal, file, line, "%s", msg);
}
