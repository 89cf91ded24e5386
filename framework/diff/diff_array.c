/* SPDX-License-Identifier: MIT */
/* diff_array.c: pairing the elements of two arrays: by index (common head
 * and tail set aside), keyed by a member, or unordered (a multiset, matched
 * through hashes of canonical forms, never by trying every pair). */
#include "diff/diff_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

/* The elements of an array as a vector (cJSON arrays are linked lists). */
typedef struct elems {
    const cJSON **v;
    size_t n;
    const cJSON *small[32];
} elems;

static int elems_of(elems *e, const cJSON *arr)
{
    e->n = 0;
    for (const cJSON *c = arr->child; c; c = c->next)
        e->n++;
    e->v = e->n <= 32 ? e->small : malloc(e->n * sizeof *e->v);
    if (!e->v)
        return -1;
    size_t i = 0;
    for (const cJSON *c = arr->child; c; c = c->next)
        e->v[i++] = c;
    return 0;
}

static void elems_free(elems *e)
{
    if (e->v != e->small)
        free(e->v);
}

/* Compares a and b (either may be NULL) at the path plus one step. */
static void at_step(hn__diff_walk *w, int kind, size_t index, const cJSON *a, const cJSON *b,
                    hn_diff_mode mode)
{
    if (hn__diff_push(w, kind, index, NULL))
        return;
    hn__diff_node(w, a, b, mode);
    hn__diff_pop(w);
}

/* Whether a and b are equal under the rules at the path plus one step. */
static int same(hn__diff_walk *w, int kind, size_t index, const cJSON *a, const cJSON *b,
                hn_diff_mode mode)
{
    int probe = w->probe;
    size_t found = w->found;
    w->probe = 1;
    w->found = 0;
    at_step(w, kind, index, a, b, mode);
    int eq = !w->found && !w->oom;
    w->probe = probe;
    w->found = found;
    return eq;
}

static void by_index(hn__diff_walk *w, const elems *a, const elems *b, hn_diff_mode mode)
{
    size_t n = a->n < b->n ? a->n : b->n, head = 0, tail = 0;
    if (a->n != b->n) {
        /* Set the common head and tail aside, so that one inserted element
         * is one `added` rather than a change at every later index. */
        while (head < n && same(w, HN__JSEG_INDEX, head, a->v[head], b->v[head], mode))
            head++;
        while (tail < n - head &&
               same(w, HN__JSEG_INDEX, a->n - 1 - tail, a->v[a->n - 1 - tail], b->v[b->n - 1 - tail], mode))
            tail++;
    }
    size_t ma = a->n - head - tail, mb = b->n - head - tail;
    for (size_t k = 0; k < ma && k < mb && !hn__diff_stop(w); k++)
        at_step(w, HN__JSEG_INDEX, head + k, a->v[head + k], b->v[head + k], mode);
    for (size_t k = mb; k < ma && !hn__diff_stop(w); k++)
        at_step(w, HN__JSEG_INDEX, head + k, a->v[head + k], NULL, mode);
    for (size_t k = ma; k < mb && !hn__diff_stop(w); k++)
        at_step(w, HN__JSEG_INDEX, head + k, NULL, b->v[head + k], mode);
}

/* ---- keyed ------------------------------------------------------------- */

static const cJSON *key_of(const cJSON *e, const char *key)
{
    const cJSON *k = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, key) : NULL;
    return cJSON_IsString(k) || cJSON_IsNumber(k) ? k : NULL;
}

static uint64_t key_hash(const cJSON *k)
{
    if (cJSON_IsString(k))
        return hn__diff_hash_bytes(k->valuestring, strlen(k->valuestring), 1);
    double v = k->valuedouble == 0 ? 0 : k->valuedouble; /* -0 and 0 alike */
    return hn__diff_hash_bytes(&v, sizeof v, 2);
}

static int key_equal(const cJSON *x, const cJSON *y)
{
    if (cJSON_IsString(x) != cJSON_IsString(y))
        return 0;
    return cJSON_IsString(x) ? !strcmp(x->valuestring, y->valuestring) : x->valuedouble == y->valuedouble;
}

/* Why a keyed rule cannot pair these arrays, or NULL when it can. Sets
 * *some when at least one element has the key. */
static const char *unkeyable(const elems *a, const elems *b, const char *key, char *buf,
                             size_t cap, int *some)
{
    const char *why = NULL;
    *some = 0;
    for (int side = 0; side < 2; side++) {
        const elems *e = side ? b : a;
        for (size_t i = 0; i < e->n; i++) {
            if (key_of(e->v[i], key))
                *some = 1;
            else if (!why) {
                snprintf(buf, cap, "element %zu of %s has no string or number \"%s\"", i,
                         side ? "B" : "A", key);
                why = buf;
            }
        }
    }
    return why;
}

static void keyed(hn__diff_walk *w, const elems *a, const elems *b, const char *key, hn_diff_mode mode)
{
    hn__diff_hash t;
    unsigned char *used = calloc(b->n ? b->n : 1, 1);
    if (!used || hn__diff_hash_init(&t, b->n)) {
        free(used);
        w->oom = 1;
        return;
    }
    for (size_t j = 0; j < b->n; j++)
        if (hn__diff_hash_add(&t, key_hash(key_of(b->v[j], key))))
            w->oom = 1;
    for (size_t i = 0; i < a->n && !hn__diff_stop(w); i++) {
        const cJSON *ka = key_of(a->v[i], key), *match = NULL;
        uint64_t h = key_hash(ka);
        for (uint32_t j = hn__diff_hash_first(&t, h), prev = HN__DIFF_HASH_NONE; j != HN__DIFF_HASH_NONE;
             prev = j, j = hn__diff_hash_next(&t, j)) {
            if (key_equal(ka, key_of(b->v[j], key))) {
                hn__diff_hash_unlink(&t, h, prev, j);
                used[j] = 1;
                match = b->v[j];
                break;
            }
        }
        at_step(w, HN__JSEG_INDEX, i, a->v[i], match, mode);
    }
    for (size_t j = 0; j < b->n && !hn__diff_stop(w); j++)
        if (!used[j])
            at_step(w, HN__JSEG_INDEX, j, NULL, b->v[j], mode);
    hn__diff_hash_free(&t);
    free(used);
}

/* ---- unordered --------------------------------------------------------- */

static uint64_t hash_node(hn__diff_walk *w, const cJSON *n, hn_diff_mode mode);

/* The pairing rule for the array at the walk's path: how, the key, and
 * whether a path rule (rather than the default) chose it. */
static hn_diff_array array_rule(const hn__diff_walk *w, const char **key, int *explicit)
{
    const hn_diff_opts *o = w->o;
    for (size_t i = 0; i < o->nrules; i++) {
        const hn__diff_rule *r = &o->rules[i];
        if (r->what == HN__RULE_ARRAY && hn__json_path_match(r->path, w->path, w->depth)) {
            *key = r->key;
            *explicit = 1;
            return r->how;
        }
    }
    *key = o->array_key;
    *explicit = 0;
    return o->array_how;
}

static uint64_t hash_array(hn__diff_walk *w, const cJSON *n, hn_diff_mode mode)
{
    const char *key;
    int explicit;
    hn_diff_array how = array_rule(w, &key, &explicit);
    uint64_t h = HN__DT_ARRAY;
    /* Summarised arrays, and arrays some ignore rule reaches into (an
     * ignored element can make arrays of different lengths equal), hash by
     * type alone: equal must imply the same hash, nothing more. */
    if ((mode == HN_DIFF_SHAPE && !hn__diff_values_below(w)) ||
        (w->o->has_ignore && hn__diff_ignored(w)))
        return h;
    for (size_t i = 0; w->o->has_ignore && i < w->o->nrules; i++)
        if (w->o->rules[i].what == HN__RULE_IGNORE &&
            hn__json_path_reaches(w->o->rules[i].path, w->path, w->depth))
            return h;
    int ordered = how == HN_DIFF_ARRAY_INDEX;
    size_t k = 0;
    for (const cJSON *c = n->child; c && !w->oom; c = c->next, k++) {
        if (hn__diff_push(w, ordered ? HN__JSEG_INDEX : HN__JSEG_ANY, k, NULL))
            break;
        uint64_t e = hash_node(w, c, mode);
        hn__diff_pop(w);
        /* Order counts only for arrays paired by index. */
        h = ordered ? hn__diff_hash_mix(h * 31 + e) : h + hn__diff_hash_mix(e);
    }
    return hn__diff_hash_mix(h + k);
}

static uint64_t hash_node(hn__diff_walk *w, const cJSON *n, hn_diff_mode mode)
{
    mode = hn__diff_mode_at(w, mode);
    unsigned t = hn__diff_type(w->o, n);
    uint64_t h = t;
    switch (t) {
    case HN__DT_OBJECT:
        for (const cJSON *c = n->child; c && !w->oom; c = c->next) {
            if (!c->string || hn__diff_push(w, HN__JSEG_KEY, 0, c->string))
                continue;
            if (!hn__diff_ignored(w))
                h += hn__diff_hash_mix(hn__diff_hash_bytes(c->string, strlen(c->string), 3) ^
                                       hash_node(w, c, mode));
            hn__diff_pop(w);
        }
        return hn__diff_hash_mix(h);
    case HN__DT_ARRAY:
        return hash_array(w, n, mode);
    default:
        break;
    }
    if (mode == HN_DIFF_SHAPE)
        return h;
    if (t == HN__DT_STRING)
        return hn__diff_hash_bytes(n->valuestring ? n->valuestring : "",
                                   n->valuestring ? strlen(n->valuestring) : 0, h);
    if (t == HN__DT_BOOL)
        return h + (uint64_t)cJSON_IsTrue(n) * 1000;
    if ((t & (HN__DT_NUMBER | HN__DT_INT | HN__DT_FLOAT)) && w->o->tolerance == 0) {
        double v = n->valuedouble == 0 ? 0 : n->valuedouble;
        return hn__diff_hash_bytes(&v, sizeof v, h);
    }
    return h; /* null; numbers under a tolerance (near is not an equivalence) */
}

static void unordered(hn__diff_walk *w, const elems *a, const elems *b, hn_diff_mode mode)
{
    hn__diff_hash t;
    unsigned char *used = calloc(a->n ? a->n : 1, 1), *paired = calloc(b->n ? b->n : 1, 1);
    if (!used || !paired || hn__diff_hash_init(&t, a->n)) {
        free(used);
        free(paired);
        w->oom = 1;
        return;
    }
    for (size_t i = 0; i < a->n && !w->oom; i++) {
        if (hn__diff_push(w, HN__JSEG_ANY, 0, NULL))
            break;
        if (hn__diff_hash_add(&t, hash_node(w, a->v[i], mode)))
            w->oom = 1;
        hn__diff_pop(w);
    }
    for (size_t j = 0; j < b->n && !hn__diff_stop(w); j++) {
        if (hn__diff_push(w, HN__JSEG_ANY, 0, NULL))
            break;
        uint64_t h = hash_node(w, b->v[j], mode);
        hn__diff_pop(w);
        for (uint32_t i = hn__diff_hash_first(&t, h), prev = HN__DIFF_HASH_NONE; i != HN__DIFF_HASH_NONE;
             prev = i, i = hn__diff_hash_next(&t, i)) {
            if (same(w, HN__JSEG_ANY, 0, a->v[i], b->v[j], mode)) {
                hn__diff_hash_unlink(&t, h, prev, i);
                used[i] = paired[j] = 1;
                break;
            }
        }
        if (!paired[j] && w->probe)
            w->found++; /* a probe needs only one; the walk stops here */
    }
    for (size_t i = 0; i < a->n && !hn__diff_stop(w); i++)
        if (!used[i])
            at_step(w, HN__JSEG_INDEX, i, a->v[i], NULL, mode);
    for (size_t j = 0; j < b->n && !hn__diff_stop(w); j++)
        if (!paired[j])
            at_step(w, HN__JSEG_INDEX, j, NULL, b->v[j], mode);
    hn__diff_hash_free(&t);
    free(used);
    free(paired);
}

/* Notes that a keyed rule could not pair the arrays at the walk's path. */
static void note_unkeyed(hn__diff_walk *w, const char *key, const char *why, const char *instead)
{
    char *path = hn__json_path_format(w->path, w->depth);
    if (!path || hn__diff_result_note(w->out, "%s: not keyed by \"%s\" (%s); compared %s", path, key,
                                      why, instead))
        w->oom = 1;
    free(path);
}

void hn__diff_array_compare(hn__diff_walk *w, const cJSON *a, const cJSON *b, hn_diff_mode mode)
{
    const char *key;
    int explicit, some = 0;
    char why[160];
    const char *no = NULL;
    hn_diff_array how = array_rule(w, &key, &explicit);
    int summarise = mode == HN_DIFF_SHAPE && !hn__diff_values_below(w);
    elems ea, eb;
    if (elems_of(&ea, a)) {
        w->oom = 1;
        return;
    }
    if (elems_of(&eb, b)) {
        elems_free(&ea);
        w->oom = 1;
        return;
    }
    if (how == HN_DIFF_ARRAY_KEYED && !(no = unkeyable(&ea, &eb, key, why, sizeof why, &some))) {
        keyed(w, &ea, &eb, key, mode);
    } else {
        if (how == HN_DIFF_ARRAY_KEYED) {
            /* Compared as it would be without the rule. */
            how = explicit && w->o->array_how != HN_DIFF_ARRAY_KEYED ? w->o->array_how
                                                                    : HN_DIFF_ARRAY_INDEX;
            if ((explicit || some) && !w->probe)
                note_unkeyed(w, key, no, summarise ? "as a summary of its elements"
                                         : how == HN_DIFF_ARRAY_UNORDERED ? "unordered" : "by index");
        }
        if (summarise)
            hn__diff_shape_compare(w, a, b);
        else if (how == HN_DIFF_ARRAY_UNORDERED)
            unordered(w, &ea, &eb, mode);
        else
            by_index(w, &ea, &eb, mode);
    }
    elems_free(&ea);
    elems_free(&eb);
}
