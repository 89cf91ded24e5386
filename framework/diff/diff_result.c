/* SPDX-License-Identifier: MIT */
/* diff_result.c: the list of differences (hn_diff): entries and notes with
 * their strings in one store, and compact JSON excerpts of values. */
#include "diff/diff_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/buf.h"
#include "base/mem.h"

#define VALUE_LIMIT 100 /* bytes of a value's compact JSON kept in an entry */
#define NOTES_MAX 100   /* notes kept; one more says that others were left out */

struct hn_diff {
    hn_diff_entry *e;
    size_t n, cap;
    char **notes;
    size_t nnotes, notecap;
    hn__diff_arena *store; /* every string of entries and notes */
};

hn_diff *hn_diff_new(void)
{
    return calloc(1, sizeof(hn_diff));
}

void hn_diff_free(hn_diff *d)
{
    if (!d)
        return;
    hn__diff_arena_free(d->store);
    free(d->e);
    free(d->notes);
    free(d);
}

char *hn__diff_result_str(hn_diff *d, const char *s, size_t n)
{
    if (!d->store && !(d->store = hn__diff_arena_new()))
        return NULL;
    char *out = hn__diff_arena_alloc(d->store, n + 1);
    if (out) {
        memcpy(out, s, n);
        out[n] = '\0';
    }
    return out;
}

static const char *copy(hn_diff *d, const char *s, int *oom)
{
    if (!s)
        return NULL;
    const char *c = hn__diff_result_str(d, s, strlen(s));
    if (!c)
        *oom = 1;
    return c;
}

static void copy_side(hn_diff *d, hn_diff_side *to, const hn_diff_side *from, int *oom)
{
    memset(to, 0, sizeof *to);
    if (!from || !from->type)
        return;
    to->type = copy(d, from->type, oom);
    to->value = copy(d, from->value, oom);
    to->truncated = from->truncated;
    to->note = copy(d, from->note, oom);
}

int hn__diff_result_push(hn_diff *d, hn_diff_kind kind, const char *path, size_t path_len,
                         const hn_diff_side *a, const hn_diff_side *b, int copy_sides)
{
    if (d->n == d->cap && hn__grow(&d->e, &d->cap, d->n + 1, sizeof *d->e))
        return -1;
    int oom = 0;
    hn_diff_entry *e = &d->e[d->n];
    e->kind = kind;
    e->path = hn__diff_result_str(d, path, path_len);
    hn_diff_side none = {0};
    if (copy_sides) {
        copy_side(d, &e->a, a, &oom);
        copy_side(d, &e->b, b, &oom);
    } else {
        e->a = a ? *a : none;
        e->b = b ? *b : none;
    }
    if (oom || !e->path)
        return -1;
    d->n++;
    return 0;
}

int hn_diff_add(hn_diff *d, hn_diff_kind kind, const char *path, const hn_diff_side *a,
                const hn_diff_side *b)
{
    if (!d || !path)
        return -1;
    return hn__diff_result_push(d, kind, path, strlen(path), a, b, 1);
}

int hn__diff_result_note(hn_diff *d, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    if (d->nnotes > NOTES_MAX)
        return 0;
    if (d->nnotes == NOTES_MAX)
        snprintf(buf, sizeof buf, "more notes left out");
    if (hn__grow(&d->notes, &d->notecap, d->nnotes + 1, sizeof *d->notes))
        return -1;
    char *s = hn__diff_result_str(d, buf, strlen(buf));
    if (!s)
        return -1;
    d->notes[d->nnotes++] = s;
    return 0;
}

size_t hn_diff_count(const hn_diff *d)
{
    return d ? d->n : 0;
}

size_t hn_diff_count_kind(const hn_diff *d, hn_diff_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; d && i < d->n; i++)
        n += d->e[i].kind == kind;
    return n;
}

const hn_diff_entry *hn_diff_at(const hn_diff *d, size_t i)
{
    return d && i < d->n ? &d->e[i] : NULL;
}

size_t hn_diff_note_count(const hn_diff *d)
{
    return d ? d->nnotes : 0;
}

const char *hn_diff_note_at(const hn_diff *d, size_t i)
{
    return d && i < d->nnotes ? d->notes[i] : NULL;
}

/* ---- compact JSON excerpts --------------------------------------------- */

/* An excerpt is the compact JSON of a value cut after `limit` bytes. It is
 * built in a scratch hn__buf that holds at most limit + 1 bytes: one byte
 * past the limit marks the cut, and writing stops there. */

/* Appends n bytes at p unless the excerpt is already past its limit. Most
 * pieces are a byte or a word into a buffer already grown: copied here, and
 * hn__buf_add only when the buffer must grow. */
static void put(hn__buf *b, size_t limit, const char *p, size_t n)
{
    if (b->len > limit)
        return;
    if (n > limit + 1 - b->len)
        n = limit + 1 - b->len;
    if (b->len + n < b->cap) {
        memcpy(b->data + b->len, p, n);
        b->len += n;
        b->data[b->len] = '\0';
        return;
    }
    hn__buf_add(b, p, n);
}

static void put_number(hn__buf *b, size_t limit, const cJSON *n)
{
    char num[40];
    double v = n->valuedouble;
    int len;
    if (!isfinite(v)) {
        len = snprintf(num, sizeof num, "%s", v < 0 ? "-1e999" : "1e999");
    } else if (v == floor(v) && fabs(v) < 1e15) {
        len = snprintf(num, sizeof num, (n->type & HN_DIFF_FLOAT_BIT) ? "%.1f" : "%.0f", v);
    } else {
        len = snprintf(num, sizeof num, "%.15g", v);
        if (strtod(num, NULL) != v)
            len = snprintf(num, sizeof num, "%.17g", v);
    }
    for (char *c = num; *c; c++)
        if (*c == ',')
            *c = '.'; /* a locale's decimal comma */
    put(b, limit, num, (size_t)len);
}

static void put_string(hn__buf *b, size_t limit, const char *str)
{
    put(b, limit, "\"", 1);
    const char *run = str;
    for (const char *c = str; *c && b->len <= limit; c++) {
        unsigned char u = (unsigned char)*c;
        if (u >= 0x20 && u != '"' && u != '\\')
            continue;
        put(b, limit, run, (size_t)(c - run));
        char esc[8];
        put(b, limit, esc, hn__json_escape_char(u, esc));
        run = c + 1;
    }
    put(b, limit, run, strlen(run));
    put(b, limit, "\"", 1);
}

static void put_node(hn__buf *b, size_t limit, const cJSON *n)
{
    if (b->len > limit)
        return;
    switch (n->type & 0xFF) {
    case cJSON_NULL:
        put(b, limit, "null", 4);
        break;
    case cJSON_True:
        put(b, limit, "true", 4);
        break;
    case cJSON_False:
        put(b, limit, "false", 5);
        break;
    case cJSON_Number:
        put_number(b, limit, n);
        break;
    case cJSON_String:
        put_string(b, limit, n->valuestring ? n->valuestring : "");
        break;
    case cJSON_Raw:
        put(b, limit, n->valuestring ? n->valuestring : "", n->valuestring ? strlen(n->valuestring) : 0);
        break;
    case cJSON_Array:
    case cJSON_Object: {
        int obj = (n->type & 0xFF) == cJSON_Object;
        put(b, limit, obj ? "{" : "[", 1);
        for (const cJSON *c = n->child; c && b->len <= limit; c = c->next) {
            if (c != n->child)
                put(b, limit, ",", 1);
            if (obj) {
                put_string(b, limit, c->string ? c->string : "");
                put(b, limit, ":", 1);
            }
            put_node(b, limit, c);
        }
        put(b, limit, obj ? "}" : "]", 1);
        break;
    }
    default:
        put(b, limit, "?", 1);
    }
}

/* Replaces b's contents with node as compact JSON cut after about `limit`
 * bytes; *cut is 1 when it was cut (it then ends in "..."). */
static void compact(const cJSON *node, hn__buf *b, size_t limit, int *cut)
{
    hn__buf_clear(b);
    put_node(b, limit, node);
    *cut = b->len > limit;
    if (*cut && !b->oom) {
        /* Drop a UTF-8 character the cut split, and say it was cut. */
        size_t len = limit, i = len;
        while (i > 0 && ((unsigned char)b->data[i - 1] & 0xC0) == 0x80)
            i--;
        if (i > 0) {
            unsigned char lead = (unsigned char)b->data[i - 1];
            size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (len - (i - 1) < need)
                len = i - 1;
        }
        b->len = len;
        hn__buf_add(b, "...", 3);
    }
}

int hn__diff_result_side(hn_diff *d, const hn_diff_opts *o, const cJSON *node, hn_diff_side *side,
                         hn__buf *scratch)
{
    char type[64];
    memset(side, 0, sizeof *side);
    if (!node)
        return 0;
    hn__diff_type_words(hn__diff_type(o, node), type, sizeof type);
    compact(node, scratch, VALUE_LIMIT, &side->truncated);
    if (scratch->oom)
        return -1;
    side->type = hn__diff_result_str(d, type, strlen(type));
    side->value = hn__diff_result_str(d, hn__buf_str(scratch), scratch->len);
    return side->type && side->value ? 0 : -1;
}
