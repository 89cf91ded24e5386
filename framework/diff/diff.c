/* SPDX-License-Identifier: MIT */
/* diff.c: the structural JSON differ's walk: types, the rules at a path,
 * objects and scalars, recording differences, and the entry points. */
#include "diff/diff_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/mem.h"

static const char *const kind_words[] = {
    [HN_DIFF_ADDED] = "added",
    [HN_DIFF_REMOVED] = "removed",
    [HN_DIFF_TYPE_CHANGED] = "type_changed",
    [HN_DIFF_VALUE_CHANGED] = "value_changed",
    [HN_DIFF_STATUS_CHANGED] = "status_changed",
    [HN_DIFF_HEADER_CHANGED] = "header_changed",
};

const char *hn_diff_kind_word(hn_diff_kind kind)
{
    if (kind >= HN_DIFF_ADDED && kind <= HN_DIFF_HEADER_CHANGED)
        return kind_words[kind];
    return "unknown";
}

hn_diff_kind hn_diff_kind_from_word(const char *word)
{
    for (int k = HN_DIFF_ADDED; word && k <= HN_DIFF_HEADER_CHANGED; k++)
        if (!strcmp(word, kind_words[k]))
            return (hn_diff_kind)k;
    return (hn_diff_kind)0;
}

void hn__diff_type_words(unsigned bits, char *buf, size_t cap)
{
    static const char *const words[] = {"null", "boolean", "number", "integer",
                                        "float", "string", "array", "object"};
    size_t len = 0;
    if (cap)
        buf[0] = '\0';
    for (unsigned i = 0; i < 8; i++) {
        if (!(bits & (1u << i)))
            continue;
        int n = snprintf(buf + len, cap > len ? cap - len : 0, "%s%s", len ? "|" : "", words[i]);
        if (n > 0)
            len += (size_t)n;
    }
}

int hn__diff_push_grow(hn__diff_walk *w)
{
    if (hn__grow(&w->path, &w->cap, w->depth + 1, sizeof *w->path)) {
        w->oom = 1;
        return -1;
    }
    return 0;
}

static int any_rule(const hn__diff_walk *w, int what, int reach)
{
    const hn_diff_opts *o = w->o;
    for (size_t i = 0; i < o->nrules; i++) {
        if (o->rules[i].what != what)
            continue;
        if (reach ? hn__json_path_reaches(o->rules[i].path, w->path, w->depth)
                  : hn__json_path_match(o->rules[i].path, w->path, w->depth))
            return 1;
    }
    return 0;
}

int hn__diff_ignored(const hn__diff_walk *w)
{
    return w->o->has_ignore && any_rule(w, HN__RULE_IGNORE, 0);
}

hn_diff_mode hn__diff_mode_at(const hn__diff_walk *w, hn_diff_mode inherited)
{
    if (!w->o->has_modes)
        return inherited;
    if (any_rule(w, HN__RULE_VALUES, 0))
        return HN_DIFF_VALUES;
    if (any_rule(w, HN__RULE_SHAPE, 0))
        return HN_DIFF_SHAPE;
    return inherited;
}

int hn__diff_values_below(const hn__diff_walk *w)
{
    return w->o->has_values && any_rule(w, HN__RULE_VALUES, 1);
}

static void record(hn__diff_walk *w, hn_diff_kind kind, const hn_diff_side *a, const hn_diff_side *b)
{
    hn__buf_clear(&w->text);
    hn__json_path_append(&w->text, w->path, w->depth);
    if (w->text.oom || hn__diff_result_push(w->out, kind, hn__buf_str(&w->text), w->text.len, a, b, 0))
        w->oom = 1;
}

/* Records a difference between nodes a and b (either may be NULL) at the
 * walk's path, or counts it when probing. */
static void emit(hn__diff_walk *w, hn_diff_kind kind, const cJSON *a, const cJSON *b)
{
    w->found++;
    if (w->probe || w->oom)
        return;
    hn_diff_side sa, sb;
    if (hn__diff_result_side(w->out, w->o, a, &sa, &w->text) ||
        hn__diff_result_side(w->out, w->o, b, &sb, &w->text)) {
        w->oom = 1;
        return;
    }
    record(w, kind, &sa, &sb);
}

static int shape_side(hn__diff_walk *w, unsigned types, const char *note, hn_diff_side *s)
{
    char words[64];
    memset(s, 0, sizeof *s);
    if (!types)
        return 0;
    hn__diff_type_words(types, words, sizeof words);
    s->type = hn__diff_result_str(w->out, words, strlen(words));
    s->note = note ? hn__diff_result_str(w->out, note, strlen(note)) : NULL;
    return !s->type || (note && !s->note) ? -1 : 0;
}

void hn__diff_emit_shape(hn__diff_walk *w, hn_diff_kind kind, unsigned ta, const char *note_a,
                         unsigned tb, const char *note_b)
{
    w->found++;
    if (w->probe || w->oom)
        return;
    hn_diff_side sa, sb;
    if (shape_side(w, ta, note_a, &sa) || shape_side(w, tb, note_b, &sb)) {
        w->oom = 1;
        return;
    }
    record(w, kind, &sa, &sb);
}

static int scalars_equal(const hn_diff_opts *o, const cJSON *a, const cJSON *b)
{
    switch (a->type & 0xFF) {
    case cJSON_Number:
        if (a->valuedouble == b->valuedouble)
            return 1; /* first: infinities (1e999) are equal, and inf - inf is NaN */
        if (o->tolerance > 0)
            return fabs(a->valuedouble - b->valuedouble) <= o->tolerance;
        return a->valuedouble == b->valuedouble;
    case cJSON_String:
    case cJSON_Raw:
        return !strcmp(a->valuestring ? a->valuestring : "", b->valuestring ? b->valuestring : "");
    default: /* null, and booleans (true and false are different cJSON types) */
        return (a->type & 0xFF) == (b->type & 0xFF);
    }
}

/* Member lookup in b for objects: the next member in order first (objects
 * on both sides usually list their keys alike), then a scan or an index. */
typedef struct members {
    const cJSON **v; /* b's members */
    size_t n;
    hn__diff_hash index; /* over keys, for large objects */
    int indexed;
    size_t next;      /* where the previous match was + 1 */
} members;

#define SCAN_LIMIT 16

static size_t lookup(members *m, const char *key)
{
    if (m->next < m->n && !strcmp(m->v[m->next]->string, key))
        return m->next++;
    if (!m->indexed) {
        for (size_t i = 0; i < m->n; i++)
            if (!strcmp(m->v[i]->string, key))
                return m->next = i + 1, i;
        return SIZE_MAX;
    }
    uint64_t h = hn__diff_hash_bytes(key, strlen(key), 0);
    for (uint32_t i = hn__diff_hash_first(&m->index, h); i != HN__DIFF_HASH_NONE;
         i = hn__diff_hash_next(&m->index, i))
        if (!strcmp(m->v[i]->string, key))
            return m->next = (size_t)i + 1, i;
    return SIZE_MAX;
}

static void objects(hn__diff_walk *w, const cJSON *a, const cJSON *b, hn_diff_mode mode)
{
    const cJSON *small[SCAN_LIMIT * 4];
    unsigned char seen_small[SCAN_LIMIT * 4];
    members m = {.v = small};
    for (const cJSON *c = b->child; c; c = c->next)
        m.n++;
    unsigned char *seen = seen_small;
    if (m.n > SCAN_LIMIT * 4) {
        m.v = malloc(m.n * sizeof *m.v);
        seen = malloc(m.n);
        if (!m.v || !seen)
            goto oom;
    }
    memset(seen, 0, m.n);
    size_t i = 0;
    for (const cJSON *c = b->child; c; c = c->next) {
        if (!c->string)
            goto done; /* not a real object (a hand-built tree); nothing to pair */
        m.v[i++] = c;
    }
    if (m.n > SCAN_LIMIT) {
        if (hn__diff_hash_init(&m.index, m.n))
            goto oom;
        m.indexed = 1;
        for (i = 0; i < m.n; i++)
            if (hn__diff_hash_add(&m.index, hn__diff_hash_bytes(m.v[i]->string, strlen(m.v[i]->string), 0)))
                goto oom;
    }
    size_t matched = 0;
    for (const cJSON *c = a->child; c && !hn__diff_stop(w); c = c->next) {
        size_t at = c->string ? lookup(&m, c->string) : SIZE_MAX;
        if (hn__diff_push(w, HN__JSEG_KEY, 0, c->string))
            break;
        if (at != SIZE_MAX && !seen[at]) {
            seen[at] = 1;
            matched++;
        }
        hn__diff_node(w, c, at == SIZE_MAX ? NULL : m.v[at], mode);
        hn__diff_pop(w);
    }
    for (i = 0; matched < m.n && i < m.n && !hn__diff_stop(w); i++) {
        if (seen[i] || hn__diff_push(w, HN__JSEG_KEY, 0, m.v[i]->string))
            continue;
        hn__diff_node(w, NULL, m.v[i], mode);
        hn__diff_pop(w);
    }
    goto done;
oom:
    w->oom = 1;
done:
    if (m.indexed)
        hn__diff_hash_free(&m.index);
    if (m.v != small)
        free(m.v);
    if (seen != seen_small)
        free(seen);
}

void hn__diff_node(hn__diff_walk *w, const cJSON *a, const cJSON *b, hn_diff_mode mode)
{
    if (hn__diff_stop(w) || (!a && !b))
        return;
    if (w->o->has_ignore && hn__diff_ignored(w))
        return;
    if (!a || !b) {
        emit(w, a ? HN_DIFF_REMOVED : HN_DIFF_ADDED, a, b);
        return;
    }
    if (w->o->has_modes)
        mode = hn__diff_mode_at(w, mode);
    unsigned ta = hn__diff_type(w->o, a), tb = hn__diff_type(w->o, b);
    if (ta != tb) {
        emit(w, HN_DIFF_TYPE_CHANGED, a, b);
        return;
    }
    if (ta == HN__DT_OBJECT)
        objects(w, a, b, mode);
    else if (ta == HN__DT_ARRAY)
        hn__diff_array_compare(w, a, b, mode);
    else if (mode == HN_DIFF_VALUES && !scalars_equal(w->o, a, b))
        emit(w, HN_DIFF_VALUE_CHANGED, a, b);
}

int hn_diff_run(hn_diff *d, const struct cJSON *a, const struct cJSON *b, const hn_diff_opts *o)
{
    hn_diff_opts defaults = {.mode = HN_DIFF_VALUES, .array_how = HN_DIFF_ARRAY_INDEX};
    if (!d)
        return -1;
    hn__diff_walk w = {.o = o ? o : &defaults, .out = d, .text = {.soft = 1}};
    size_t nroot = 0;
    const hn__json_seg *root = w.o->root ? hn__json_path_segs(w.o->root, &nroot) : NULL;
    for (size_t i = 0; i < nroot; i++)
        hn__diff_push(&w, root[i].kind, root[i].index, root[i].key);
    if (!w.oom)
        hn__diff_node(&w, a, b, w.o->mode);
    free(w.path);
    hn__buf_free(&w.text);
    return w.oom ? -1 : 0;
}

hn_diff *hn_diff_json(const struct cJSON *a, const struct cJSON *b, const hn_diff_opts *o)
{
    hn_diff *d = hn_diff_new();
    if (d && hn_diff_run(d, a, b, o)) {
        hn_diff_free(d);
        return NULL;
    }
    return d;
}

hn_diff *hn_diff_text(const char *a, const char *b, const hn_diff_opts *o, hn_diff_error *err)
{
    hn__diff_arena *aa = NULL, *ab = NULL;
    hn_diff *d = NULL;
    const char *texts[2] = {a, b};
    cJSON *trees[2] = {NULL, NULL};
    hn__diff_arena **arenas[2] = {&aa, &ab};
    for (int i = 0; i < 2; i++) {
        if (!texts[i]) {
            if (err) {
                memset(err, 0, sizeof *err);
                snprintf(err->text, sizeof err->text, "no text (NULL)");
            }
        } else {
            trees[i] = hn__diff_parse_arena(texts[i], strlen(texts[i]), arenas[i], err);
        }
        if (!trees[i]) {
            if (err)
                err->side = i + 1;
            goto out;
        }
    }
    d = hn_diff_json(trees[0], trees[1], o);
    if (!d && err) {
        memset(err, 0, sizeof *err);
        snprintf(err->text, sizeof err->text, "out of memory");
    }
out:
    hn__diff_arena_free(aa);
    hn__diff_arena_free(ab);
    return d;
}
