/* SPDX-License-Identifier: MIT */
/* live_rename.c: likely renames among the differences of a live answer: a
 * removed member and an added one in the same object with the same type and
 * value, found by sorting (n log n). */
#include "live/live_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json/json_path.h"

/* The last key of path when it is a member of an object, else NULL; *parent
 * gets the path of its object (malloc'd). */
static char *last_key(const char *path, char **parent)
{
    hn__json_path *p = hn__json_path_parse(path, NULL, 0);
    size_t n = 0;
    const hn__json_seg *segs = p ? hn__json_path_segs(p, &n) : NULL;
    char *key = NULL;
    *parent = NULL;
    if (n && segs[n - 1].kind == HN__JSEG_KEY) {
        key = strdup(segs[n - 1].key);
        *parent = hn__json_path_format(segs, n - 1);
    }
    hn__json_path_free(p);
    return key;
}

/* A removed or added member, for finding renames: the object it sits in,
 * its key, and the type and value of its side. */
typedef struct member {
    char *parent, *key;
    const char *type, *value;
    int removed;
    size_t index; /* of its entry */
} member;

static int by_member(const void *pa, const void *pb)
{
    const member *a = pa, *b = pb;
    int c = strcmp(a->parent, b->parent);
    if (!c)
        c = strcmp(a->type, b->type);
    if (!c)
        c = strcmp(a->value, b->value);
    if (!c)
        c = a->removed - b->removed;
    if (!c)
        c = a->index < b->index ? -1 : a->index > b->index;
    return c;
}

/* The removed and added members of a list of differences, sorted by object,
 * type, value, kind and order, so that each finds its likely twin by binary
 * search (n log n; comparing each with each took 40 s for 100,000 keys). */
struct hn__live_members {
    member *v;
    size_t n;
    size_t *at; /* for entry i, its place in v, or SIZE_MAX */
};

void hn__live_members_free(hn__live_members *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        free(m->v[i].parent);
        free(m->v[i].key);
    }
    free(m->v);
    free(m->at);
    free(m);
}

hn__live_members *hn__live_members_new(const hn_diff *from)
{
    size_t n = hn_diff_count(from);
    hn__live_members *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->v = malloc((n ? n : 1) * sizeof *m->v);
    m->at = malloc((n ? n : 1) * sizeof *m->at);
    if (!m->v || !m->at) {
        hn__live_members_free(m);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const hn_diff_entry *e = hn_diff_at(from, i);
        int removed = e->kind == HN_DIFF_REMOVED;
        const hn_diff_side *side = removed ? &e->a : &e->b;
        m->at[i] = SIZE_MAX;
        if ((!removed && e->kind != HN_DIFF_ADDED) || !side->type || !side->value)
            continue;
        member x = {.type = side->type, .value = side->value, .removed = removed, .index = i};
        x.key = last_key(e->path, &x.parent);
        if (!x.key || !x.parent) {
            free(x.key);
            free(x.parent);
            continue;
        }
        m->v[m->n++] = x;
    }
    qsort(m->v, m->n, sizeof *m->v, by_member);
    for (size_t k = 0; k < m->n; k++)
        m->at[m->v[k].index] = k;
    return m;
}

const char *hn__live_renamed(const hn__live_members *m, size_t entry)
{
    if (m->at[entry] == SIZE_MAX)
        return NULL;
    const member *me = &m->v[m->at[entry]];
    member want = *me;
    want.removed = !me->removed;
    want.index = 0;
    size_t lo = 0, hi = m->n; /* the first member not before want */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (by_member(&m->v[mid], &want) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == m->n)
        return NULL;
    const member *t = &m->v[lo];
    return t->removed == want.removed && !strcmp(t->parent, want.parent) &&
                   !strcmp(t->type, want.type) && !strcmp(t->value, want.value)
               ? t->key
               : NULL;
}

