/* SPDX-License-Identifier: MIT */
/* diff_format.c: differences for people (one line each, grouped by kind,
 * optionally coloured) and for programs (JSON). */
#include "diff/diff_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sbuf {
    char *s;
    size_t len, cap;
    int oom;
} sbuf;

static void add(sbuf *b, const char *p, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->oom = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    memcpy(b->s + b->len, p, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void adds(sbuf *b, const char *s)
{
    add(b, s, strlen(s));
}

static void addf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void addf(sbuf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        add(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->oom = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    add(b, big, (size_t)n);
    free(big);
}

static char *finish(sbuf *b)
{
    if (b->oom) {
        free(b->s);
        return NULL;
    }
    if (!b->s)
        add(b, "", 0);
    return b->oom ? NULL : b->s;
}

/* ---- one entry --------------------------------------------------------- */

static void side_text(sbuf *b, hn_diff_kind kind, const hn_diff_side *s)
{
    if (!s->type) {
        adds(b, "absent");
        return;
    }
    if (kind == HN_DIFF_VALUE_CHANGED && s->value) {
        adds(b, s->value);
    } else {
        adds(b, s->type);
        if (s->value && strcmp(s->type, "null")) { /* not "null null" */
            adds(b, " ");
            adds(b, s->value);
        }
    }
    if (s->note)
        addf(b, " (%s)", s->note);
}

static void entry_text(sbuf *b, const hn_diff_entry *e)
{
    int only_b = e->kind == HN_DIFF_ADDED && !e->a.type;
    int only_a = e->kind == HN_DIFF_REMOVED && !e->b.type;
    adds(b, e->path);
    adds(b, ": ");
    if (!only_b)
        side_text(b, e->kind, &e->a);
    if (!only_a && !only_b)
        adds(b, " -> ");
    if (!only_a)
        side_text(b, e->kind, &e->b);
}

size_t hn_diff_entry_write(const hn_diff_entry *e, char *buf, size_t cap)
{
    sbuf b = {0};
    entry_text(&b, e);
    size_t len = b.len;
    if (cap) {
        size_t n = len < cap - 1 ? len : cap - 1;
        if (b.s)
            memcpy(buf, b.s, n);
        buf[b.s ? n : 0] = '\0';
    }
    free(b.s);
    return b.oom ? 0 : len;
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

static void counts_line(sbuf *b, const hn_diff *d)
{
    size_t n = hn_diff_count(d);
    addf(b, "%zu difference%s:", n, n == 1 ? "" : "s");
    const char *sep = " ";
    for (int k = HN_DIFF_ADDED; k <= HN_DIFF_HEADER_CHANGED; k++) {
        size_t c = hn_diff_count_kind(d, (hn_diff_kind)k);
        if (c) {
            addf(b, "%s%zu %s", sep, c, hn_diff_kind_word((hn_diff_kind)k));
            sep = ", ";
        }
    }
    adds(b, "\n");
}

char *hn_diff_format_text(const hn_diff *d, int flags)
{
    sbuf b = {0};
    int colour = flags & HN_DIFF_FMT_COLOR;
    size_t n = hn_diff_count(d);
    if (flags & HN_DIFF_FMT_LINES) {
        for (size_t i = 0; i < n; i++) {
            const hn_diff_entry *e = hn_diff_at(d, i);
            addf(&b, "%s%s%s ", colour ? colour_of(e->kind) : "", hn_diff_kind_word(e->kind),
                 colour ? "\033[0m" : "");
            entry_text(&b, e);
            adds(&b, "\n");
        }
    } else if (!n) {
        adds(&b, "no differences\n");
    } else {
        counts_line(&b, d);
        for (int k = HN_DIFF_ADDED; k <= HN_DIFF_HEADER_CHANGED; k++) {
            if (!hn_diff_count_kind(d, (hn_diff_kind)k))
                continue;
            addf(&b, "%s%s:%s\n", colour ? colour_of((hn_diff_kind)k) : "", hn_diff_kind_word((hn_diff_kind)k),
                 colour ? "\033[0m" : "");
            for (size_t i = 0; i < n; i++) {
                const hn_diff_entry *e = hn_diff_at(d, i);
                if (e->kind != (hn_diff_kind)k)
                    continue;
                adds(&b, "  ");
                entry_text(&b, e);
                adds(&b, "\n");
            }
        }
    }
    for (size_t i = 0; i < hn_diff_note_count(d); i++)
        addf(&b, "note: %s\n", hn_diff_note_at(d, i));
    return finish(&b);
}

/* ---- JSON -------------------------------------------------------------- */

static void json_string(sbuf *b, const char *s)
{
    adds(b, "\"");
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        add(b, run, (size_t)(s - run));
        if (c == '"' || c == '\\')
            addf(b, "\\%c", c);
        else if (c == '\n')
            adds(b, "\\n");
        else if (c == '\t')
            adds(b, "\\t");
        else
            addf(b, "\\u%04x", c);
        run = s + 1;
    }
    add(b, run, (size_t)(s - run));
    adds(b, "\"");
}

static void json_side(sbuf *b, const hn_diff_side *s)
{
    if (!s->type) {
        adds(b, "null");
        return;
    }
    adds(b, "{\"type\": ");
    json_string(b, s->type);
    if (s->value && !s->truncated) {
        adds(b, ", \"value\": ");
        adds(b, s->value);
    } else if (s->value) {
        adds(b, ", \"excerpt\": ");
        json_string(b, s->value);
    }
    if (s->note) {
        adds(b, ", \"note\": ");
        json_string(b, s->note);
    }
    adds(b, "}");
}

char *hn_diff_format_json(const hn_diff *d)
{
    sbuf b = {0};
    size_t n = hn_diff_count(d);
    addf(&b, "{\"equal\": %s, \"count\": %zu, \"counts\": {", n ? "false" : "true", n);
    for (int k = HN_DIFF_ADDED; k <= HN_DIFF_HEADER_CHANGED; k++)
        addf(&b, "%s\"%s\": %zu", k == HN_DIFF_ADDED ? "" : ", ", hn_diff_kind_word((hn_diff_kind)k),
             hn_diff_count_kind(d, (hn_diff_kind)k));
    adds(&b, "},\n \"differences\": [");
    for (size_t i = 0; i < n; i++) {
        const hn_diff_entry *e = hn_diff_at(d, i);
        addf(&b, "%s\n  {\"kind\": \"%s\", \"path\": ", i ? "," : "", hn_diff_kind_word(e->kind));
        json_string(&b, e->path);
        adds(&b, ", \"a\": ");
        json_side(&b, &e->a);
        adds(&b, ", \"b\": ");
        json_side(&b, &e->b);
        adds(&b, "}");
    }
    adds(&b, n ? "\n ],\n \"notes\": [" : "],\n \"notes\": [");
    for (size_t i = 0; i < hn_diff_note_count(d); i++) {
        adds(&b, i ? ", " : "");
        json_string(&b, hn_diff_note_at(d, i));
    }
    adds(&b, "]}\n");
    return finish(&b);
}
