/* SPDX-License-Identifier: MIT */
/* diff_format.c: differences for people (one line each, grouped by kind,
 * optionally coloured) and for programs (JSON). */
#include "diff/diff_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

/* ---- one entry --------------------------------------------------------- */

static void side_text(hn__buf *b, hn_diff_kind kind, const hn_diff_side *s)
{
    if (!s->type) {
        hn__buf_puts(b, "absent");
        return;
    }
    if (kind == HN_DIFF_VALUE_CHANGED && s->value) {
        hn__buf_puts(b, s->value);
    } else {
        hn__buf_puts(b, s->type);
        if (s->value && strcmp(s->type, "null")) { /* not "null null" */
            hn__buf_puts(b, " ");
            hn__buf_puts(b, s->value);
        }
    }
    if (s->note)
        hn__buf_printf(b, " (%s)", s->note);
}

static void entry_text(hn__buf *b, const hn_diff_entry *e)
{
    int only_b = e->kind == HN_DIFF_ADDED && !e->a.type;
    int only_a = e->kind == HN_DIFF_REMOVED && !e->b.type;
    hn__buf_puts(b, e->path);
    hn__buf_puts(b, ": ");
    if (!only_b)
        side_text(b, e->kind, &e->a);
    if (!only_a && !only_b)
        hn__buf_puts(b, " -> ");
    if (!only_a)
        side_text(b, e->kind, &e->b);
}

size_t hn_diff_entry_write(const hn_diff_entry *e, char *buf, size_t cap)
{
    hn__buf b = {.soft = 1};
    entry_text(&b, e);
    size_t len = b.len;
    if (cap) {
        size_t n = len < cap - 1 ? len : cap - 1;
        if (b.data)
            memcpy(buf, b.data, n);
        buf[b.data ? n : 0] = '\0';
    }
    int oom = b.oom;
    hn__buf_free(&b);
    return oom ? 0 : len;
}

/* ---- text -------------------------------------------------------------- */

static const char *colour_of(hn_diff_kind k)
{
    switch (k) {
    case HN_DIFF_ADDED:
        return "\033[32m";
    case HN_DIFF_REMOVED:
        return "\033[31m";
    case HN_DIFF_TYPE_CHANGED:
        return "\033[35m";
    case HN_DIFF_VALUE_CHANGED:
        return "\033[33m";
    default:
        return "\033[36m";
    }
}

static void counts_line(hn__buf *b, const hn_diff *d)
{
    size_t n = hn_diff_count(d);
    hn__buf_printf(b, "%zu difference%s:", n, n == 1 ? "" : "s");
    const char *sep = " ";
    for (int k = HN_DIFF_ADDED; k <= HN_DIFF_HEADER_CHANGED; k++) {
        size_t c = hn_diff_count_kind(d, (hn_diff_kind)k);
        if (c) {
            hn__buf_printf(b, "%s%zu %s", sep, c, hn_diff_kind_word((hn_diff_kind)k));
            sep = ", ";
        }
    }
    hn__buf_puts(b, "\n");
}

char *hn_diff_format_text(const hn_diff *d, int flags)
{
    hn__buf b = {.soft = 1};
    int colour = flags & HN_DIFF_FMT_COLOR;
    size_t n = hn_diff_count(d);
    if (flags & HN_DIFF_FMT_LINES) {
        for (size_t i = 0; i < n; i++) {
            const hn_diff_entry *e = hn_diff_at(d, i);
            hn__buf_printf(&b, "%s%s%s ", colour ? colour_of(e->kind) : "", hn_diff_kind_word(e->kind),
                 colour ? "\033[0m" : "");
            entry_text(&b, e);
            hn__buf_puts(&b, "\n");
        }
    } else if (!n) {
        hn__buf_puts(&b, "no differences\n");
    } else {
        counts_line(&b, d);
        for (int k = HN_DIFF_ADDED; k <= HN_DIFF_HEADER_CHANGED; k++) {
            if (!hn_diff_count_kind(d, (hn_diff_kind)k))
                continue;
            hn__buf_printf(&b, "%s%s:%s\n", colour ? colour_of((hn_diff_kind)k) : "", hn_diff_kind_word((hn_diff_kind)k),
                 colour ? "\033[0m" : "");
            for (size_t i = 0; i < n; i++) {
                const hn_diff_entry *e = hn_diff_at(d, i);
                if (e->kind != (hn_diff_kind)k)
                    continue;
                hn__buf_puts(&b, "  ");
                entry_text(&b, e);
                hn__buf_puts(&b, "\n");
            }
        }
    }
    for (size_t i = 0; i < hn_diff_note_count(d); i++)
        hn__buf_printf(&b, "note: %s\n", hn_diff_note_at(d, i));
    return hn__buf_take(&b);
}

/* ---- JSON -------------------------------------------------------------- */

static void json_side(hn__buf *b, const hn_diff_side *s)
{
    if (!s->type) {
        hn__buf_puts(b, "null");
        return;
    }
    hn__buf_puts(b, "{\"type\": ");
    hn__buf_quote_json(b, s->type);
    if (s->value && !s->truncated) {
        hn__buf_puts(b, ", \"value\": ");
        hn__buf_puts(b, s->value);
    } else if (s->value) {
        hn__buf_puts(b, ", \"excerpt\": ");
        hn__buf_quote_json(b, s->value);
    }
    if (s->note) {
        hn__buf_puts(b, ", \"note\": ");
        hn__buf_quote_json(b, s->note);
    }
    hn__buf_puts(b, "}");
}

char *hn_diff_format_json(const hn_diff *d)
{
    hn__buf b = {.soft = 1};
    size_t n = hn_diff_count(d);
    hn__buf_printf(&b, "{\"equal\": %s, \"count\": %zu, \"counts\": {", n ? "false" : "true", n);
    for (int k = HN_DIFF_ADDED; k <= HN_DIFF_HEADER_CHANGED; k++)
        hn__buf_printf(&b, "%s\"%s\": %zu", k == HN_DIFF_ADDED ? "" : ", ", hn_diff_kind_word((hn_diff_kind)k),
             hn_diff_count_kind(d, (hn_diff_kind)k));
    hn__buf_puts(&b, "},\n \"differences\": [");
    for (size_t i = 0; i < n; i++) {
        const hn_diff_entry *e = hn_diff_at(d, i);
        hn__buf_printf(&b, "%s\n  {\"kind\": \"%s\", \"path\": ", i ? "," : "", hn_diff_kind_word(e->kind));
        hn__buf_quote_json(&b, e->path);
        hn__buf_puts(&b, ", \"a\": ");
        json_side(&b, &e->a);
        hn__buf_puts(&b, ", \"b\": ");
        json_side(&b, &e->b);
        hn__buf_puts(&b, "}");
    }
    hn__buf_puts(&b, n ? "\n ],\n \"notes\": [" : "],\n \"notes\": [");
    for (size_t i = 0; i < hn_diff_note_count(d); i++) {
        hn__buf_puts(&b, i ? ", " : "");
        hn__buf_quote_json(&b, hn_diff_note_at(d, i));
    }
    hn__buf_puts(&b, "]}\n");
    return hn__buf_take(&b);
}
