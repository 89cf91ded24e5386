/* SPDX-License-Identifier: MIT */
/* diff_shape.c: arrays in shape mode, summarised as the union of their
 * elements' shapes (types seen, fields required or optional), and the rules
 * by which B's summary must fit A's. */
#include "diff/diff_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/mem.h"

typedef struct shape shape;

typedef struct field {
    const char *key;   /* borrowed from the tree */
    size_t count;      /* objects here that have it */
    size_t last;       /* the object that counted it last (duplicate keys) */
    shape *s;
} field;

/* The union of the values seen at one place of a summary. */
struct shape {
    unsigned types;    /* HN__DT_* bits */
    size_t objects;    /* how many of the values were objects */
    field *f;          /* in the order first seen */
    size_t nf, fcap, hint;
    hn__diff_hash index; /* over field keys, once there are many */
    int indexed;
    shape *elem;       /* the union of the elements of arrays here */
};

#define SCAN_LIMIT 12

static void shape_free(shape *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nf; i++)
        shape_free(s->f[i].s);
    free(s->f);
    if (s->indexed)
        hn__diff_hash_free(&s->index);
    shape_free(s->elem);
    free(s);
}

static uint64_t key_hash(const char *k)
{
    return hn__diff_hash_bytes(k, strlen(k), 5);
}

static field *find(shape *s, const char *key)
{
    if (s->hint < s->nf && !strcmp(s->f[s->hint].key, key))
        return &s->f[s->hint++];
    if (!s->indexed) {
        for (size_t i = 0; i < s->nf; i++)
            if (!strcmp(s->f[i].key, key))
                return s->hint = i + 1, &s->f[i];
        return NULL;
    }
    for (uint32_t i = hn__diff_hash_first(&s->index, key_hash(key)); i != HN__DIFF_HASH_NONE;
         i = hn__diff_hash_next(&s->index, i))
        if (!strcmp(s->f[i].key, key))
            return s->hint = (size_t)i + 1, &s->f[i];
    return NULL;
}

static field *add_field(shape *s, const char *key)
{
    if (hn__grow(&s->f, &s->fcap, s->nf + 1, sizeof *s->f))
        return NULL;
    field *f = &s->f[s->nf];
    *f = (field){.key = key, .s = calloc(1, sizeof(shape))};
    if (!f->s)
        return NULL;
    if (s->nf == SCAN_LIMIT) {
        if (hn__diff_hash_init(&s->index, 2 * SCAN_LIMIT))
            return NULL;
        s->indexed = 1;
        for (size_t i = 0; i < s->nf; i++)
            if (hn__diff_hash_add(&s->index, key_hash(s->f[i].key)))
                return NULL;
    }
    if (s->indexed && hn__diff_hash_add(&s->index, key_hash(key)))
        return NULL;
    s->nf++;
    s->hint = s->nf;
    return f;
}

static void merge(hn__diff_walk *w, shape *s, const cJSON *n);

static void merge_members(hn__diff_walk *w, shape *s, const cJSON *obj)
{
    s->objects++;
    for (const cJSON *c = obj->child; c && !w->oom; c = c->next) {
        if (!c->string || hn__diff_push(w, HN__JSEG_KEY, 0, c->string))
            continue;
        if (!hn__diff_ignored(w)) {
            field *f = find(s, c->string);
            if (!f && !(f = add_field(s, c->string)))
                w->oom = 1;
            else {
                if (f->last != s->objects) {
                    f->count++;
                    f->last = s->objects;
                }
                merge(w, f->s, c);
            }
        }
        hn__diff_pop(w);
    }
}

/* Adds node (sitting at the walk's path) to summary s. */
static void merge(hn__diff_walk *w, shape *s, const cJSON *n)
{
    unsigned t = hn__diff_type(w->o, n);
    s->types |= t;
    if (t == HN__DT_OBJECT) {
        merge_members(w, s, n);
    } else if (t == HN__DT_ARRAY && n->child) {
        if (hn__diff_push(w, HN__JSEG_ANY, 0, NULL))
            return;
        if (!hn__diff_ignored(w)) {
            if (!s->elem && !(s->elem = calloc(1, sizeof(shape))))
                w->oom = 1;
            for (const cJSON *c = n->child; c && !w->oom; c = c->next)
                merge(w, s->elem, c);
        }
        hn__diff_pop(w);
    }
}

static void compare(hn__diff_walk *w, shape *a, shape *b);

/* "present in 2 of 5": how many of the objects at a place have a field. */
static const char *presence(const field *f, const shape *in, char *buf, size_t cap)
{
    snprintf(buf, cap, "present in %zu of %zu", f->count, in->objects);
    return buf;
}

/* The fields of objects summarised in a and b. B fits A when every field B
 * shows was seen in A, and every field A always had B always has too; a
 * field A had only sometimes may be missing from B. */
static void fields(hn__diff_walk *w, shape *a, shape *b)
{
    char na[64], nb[64];
    size_t seen = 0;
    b->hint = 0;
    for (size_t i = 0; i < a->nf && !hn__diff_stop(w); i++) {
        field *fa = &a->f[i], *fb = find(b, fa->key);
        int req_a = fa->count == a->objects, req_b = fb && fb->count == b->objects;
        if (hn__diff_push(w, HN__JSEG_KEY, 0, fa->key))
            return;
        if (fb) {
            seen++;
            fb->last = SIZE_MAX; /* mark: B's field is known to A */
            if (req_a && !req_b)
                hn__diff_emit_shape(w, HN_DIFF_REMOVED, fa->s->types, presence(fa, a, na, sizeof na),
                                    fb->s->types, presence(fb, b, nb, sizeof nb));
            compare(w, fa->s, fb->s);
        } else if (req_a) {
            hn__diff_emit_shape(w, HN_DIFF_REMOVED, fa->s->types, presence(fa, a, na, sizeof na), 0, NULL);
        }
        hn__diff_pop(w);
    }
    for (size_t i = 0; seen < b->nf && i < b->nf && !hn__diff_stop(w); i++) {
        field *fb = &b->f[i];
        if (fb->last == SIZE_MAX || hn__diff_push(w, HN__JSEG_KEY, 0, fb->key))
            continue;
        hn__diff_emit_shape(w, HN_DIFF_ADDED, 0, NULL, fb->s->types, presence(fb, b, nb, sizeof nb));
        hn__diff_pop(w);
    }
}

/* Compares summaries at the walk's path: B must not show a type A never
 * had; objects compare by fields, arrays by their element summaries. */
static void compare(hn__diff_walk *w, shape *a, shape *b)
{
    if (b->types & ~a->types)
        hn__diff_emit_shape(w, HN_DIFF_TYPE_CHANGED, a->types, NULL, b->types, NULL);
    if (a->types & b->types & HN__DT_OBJECT)
        fields(w, a, b);
    if ((a->types & b->types & HN__DT_ARRAY) && b->elem && !hn__diff_stop(w)) {
        if (hn__diff_push(w, HN__JSEG_ANY, 0, NULL))
            return;
        if (!a->elem)
            hn__diff_emit_shape(w, HN_DIFF_ADDED, 0, NULL, b->elem->types, "A has no elements");
        else
            compare(w, a->elem, b->elem);
        hn__diff_pop(w);
    }
}

void hn__diff_shape_compare(hn__diff_walk *w, const cJSON *a, const cJSON *b)
{
    shape *sa = calloc(1, sizeof *sa), *sb = calloc(1, sizeof *sb);
    if (!sa || !sb || hn__diff_push(w, HN__JSEG_ANY, 0, NULL)) {
        w->oom = 1;
        shape_free(sa);
        shape_free(sb);
        return;
    }
    if (!hn__diff_ignored(w)) {
        for (const cJSON *c = a->child; c && !w->oom; c = c->next)
            merge(w, sa, c);
        for (const cJSON *c = b->child; c && !w->oom; c = c->next)
            merge(w, sb, c);
        if (!sa->types && sb->types)
            hn__diff_emit_shape(w, HN_DIFF_ADDED, 0, NULL, sb->types, "A has no elements");
        else if (sb->types)
            compare(w, sa, sb);
    }
    hn__diff_pop(w);
    shape_free(sa);
    shape_free(sb);
}
