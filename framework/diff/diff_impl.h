/* SPDX-License-Identifier: MIT */
/* diff_impl.h: the differ's insides shared by diff*.c (private to
 * framework/diff): options and rules, the
 * walk over two trees, result building, array summaries and hashing. */
#ifndef HN_DIFF_IMPL_H
#define HN_DIFF_IMPL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <honest/diff.h>

#include "base/buf.h"
#include "diff/diff.h"
#include "json/json_path.h"

/* JSON types as bits, so array summaries can hold unions of them. NUMBER is
 * used unless integers and floats are told apart (then INT and FLOAT). */
enum {
    HN__DT_NULL = 1,
    HN__DT_BOOL = 2,
    HN__DT_NUMBER = 4,
    HN__DT_INT = 8,
    HN__DT_FLOAT = 16,
    HN__DT_STRING = 32,
    HN__DT_ARRAY = 64,
    HN__DT_OBJECT = 128
};

enum { HN__RULE_IGNORE = 1, HN__RULE_VALUES, HN__RULE_SHAPE, HN__RULE_ARRAY };

typedef struct hn__diff_rule {
    int what;            /* HN__RULE_* */
    hn__json_path *path;
    hn_diff_array how;   /* HN__RULE_ARRAY */
    char *key;           /* HN__RULE_ARRAY with HN_DIFF_ARRAY_KEYED */
} hn__diff_rule;

struct hn_diff_opts {
    hn_diff_mode mode;
    double tolerance;
    int int_float;
    hn_diff_array array_how; /* arrays no rule names */
    char *array_key;
    hn__diff_rule *rules;
    size_t nrules, cap;
    int has_ignore, has_modes, has_values; /* which kinds of rules exist */
    hn__json_path *root;
};

/* One comparison in progress: the rules, where it is, where results go. */
typedef struct hn__diff_walk {
    const hn_diff_opts *o;
    hn_diff *out;
    int probe;        /* only find whether a difference exists; record none */
    size_t found;     /* differences found so far */
    int oom;          /* memory ran out; the walk winds down */
    hn__json_seg *path;
    size_t depth, cap;
    hn__buf text;     /* scratch (soft) for a path's text and a value's excerpt */
} hn__diff_walk;

/* 1 when the walk should stop descending (probe found one, or out of memory). */
static inline int hn__diff_stop(const hn__diff_walk *w)
{
    return w->oom || (w->probe && w->found);
}

/* Makes room for more steps on the walk's path; 0, or -1 (and w->oom). */
int hn__diff_push_grow(hn__diff_walk *w);

/* Pushes a step onto the walk's path; 0, or -1 (and w->oom) when out of memory. */
static inline int hn__diff_push(hn__diff_walk *w, int kind, size_t index, const char *key)
{
    if (w->depth == w->cap && hn__diff_push_grow(w))
        return -1;
    w->path[w->depth++] = (hn__json_seg){.kind = kind, .index = index, .key = key ? key : ""};
    return 0;
}

static inline void hn__diff_pop(hn__diff_walk *w)
{
    w->depth--;
}

/* The type bit of a node (HN__DT_*), honouring o->int_float. Inline: the
 * walk asks it for every node. */
static inline unsigned hn__diff_type(const hn_diff_opts *o, const cJSON *n)
{
    switch (n->type & 0xFF) {
    case cJSON_False:
    case cJSON_True:
        return HN__DT_BOOL;
    case cJSON_Number:
        if (!o->int_float)
            return HN__DT_NUMBER;
        if ((n->type & HN_DIFF_FLOAT_BIT) || n->valuedouble != floor(n->valuedouble))
            return HN__DT_FLOAT;
        return HN__DT_INT;
    case cJSON_String:
    case cJSON_Raw:
        return HN__DT_STRING;
    case cJSON_Array:
        return HN__DT_ARRAY;
    case cJSON_Object:
        return HN__DT_OBJECT;
    default:
        return HN__DT_NULL;
    }
}

/* ---- diff.c: type words, rules at the walk's path, the walk itself ----- */

/* Writes the words of a union of type bits ("integer|null") into buf. */
void hn__diff_type_words(unsigned bits, char *buf, size_t cap);
/* Whether an ignore rule matches the walk's path. */
int hn__diff_ignored(const hn__diff_walk *w);
/* The mode at the walk's path, given the mode inherited from above. */
hn_diff_mode hn__diff_mode_at(const hn__diff_walk *w, hn_diff_mode inherited);
/* Whether a values rule could match below the walk's path. */
int hn__diff_values_below(const hn__diff_walk *w);
/* Compares a and b at the walk's path (a or b NULL: one side absent). */
void hn__diff_node(hn__diff_walk *w, const struct cJSON *a, const struct cJSON *b,
                   hn_diff_mode mode);
/* Records a difference between array summaries at the walk's path: type
 * bits (0: absent side) and notes (NULL: none). */
void hn__diff_emit_shape(hn__diff_walk *w, hn_diff_kind kind, unsigned ta,
                         const char *note_a, unsigned tb, const char *note_b);

/* ---- diff_array.c: arrays in values mode and keyed arrays -------------- */

/* Compares two arrays at the walk's path in `mode`, pairing elements as the
 * rules say (by index, unordered, keyed; summaries go to diff_shape.c). */
void hn__diff_array_compare(hn__diff_walk *w, const struct cJSON *a,
                            const struct cJSON *b, hn_diff_mode mode);

/* ---- diff_shape.c: arrays summarised as the union of element shapes ---- */

/* Compares arrays a and b at the walk's path as summaries of their
 * elements (shape mode). */
void hn__diff_shape_compare(hn__diff_walk *w, const struct cJSON *a,
                            const struct cJSON *b);

/* ---- diff_result.c: storage of differences ----------------------------- */

/* Appends an entry; path is copied into d's storage, and so are the sides'
 * strings unless they already live there (made by hn__diff_result_side or
 * hn__diff_result_str: copy_sides 0). Returns 0 or -1. */
int hn__diff_result_push(hn_diff *d, hn_diff_kind kind, const char *path,
                         size_t path_len, const hn_diff_side *a,
                         const hn_diff_side *b, int copy_sides);
/* A side describing node (type word and compact value) in d's storage;
 * 0 or -1 on out-of-memory. scratch is a soft buffer the excerpt is built
 * in (its contents are replaced). */
int hn__diff_result_side(hn_diff *d, const hn_diff_opts *o,
                         const struct cJSON *node, hn_diff_side *side,
                         hn__buf *scratch);
/* Copies n bytes of s (plus a NUL) into d's storage; NULL when out of memory. */
char *hn__diff_result_str(hn_diff *d, const char *s, size_t n);
/* Adds a note (printf-style); 0 or -1. */
int hn__diff_result_note(hn_diff *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- diff_hash.c: hashing and an index from hashes to items ----------- */

/* A 64-bit hash of n bytes, varied by seed. */
uint64_t hn__diff_hash_bytes(const void *p, size_t n, uint64_t seed);
/* Mixes one 64-bit value into a well-spread one. */
uint64_t hn__diff_hash_mix(uint64_t x);

#define HN__DIFF_HASH_NONE UINT32_MAX
/* Items 0, 1, 2... added in order, each under a hash; the items under one
 * hash are listed in the order they were added. */
typedef struct hn__diff_hash {
    size_t mask, used;     /* slots - 1; slots holding a hash */
    uint64_t *shash;       /* per slot: its hash */
    unsigned char *taken;  /* per slot: 1 once it holds a hash (for good) */
    uint32_t *head, *tail; /* per slot: first and last item + 1 (0: none) */
    uint64_t *ihash;       /* per item */
    uint32_t *inext;       /* per item: next item under the same hash + 1 */
    size_t n, icap;
} hn__diff_hash;

/* Empties t for about n items (it grows when needed). 0 or -1 (memory). */
int hn__diff_hash_init(hn__diff_hash *t, size_t n);
/* Releases t's memory (t itself is the caller's). */
void hn__diff_hash_free(hn__diff_hash *t);
/* Adds the next item (number t->n) under hash h. 0 or -1 (memory). */
int hn__diff_hash_add(hn__diff_hash *t, uint64_t h);
/* The first item under h, or HN__DIFF_HASH_NONE. */
uint32_t hn__diff_hash_first(const hn__diff_hash *t, uint64_t h);
/* The item after `item` under the same hash, or HN__DIFF_HASH_NONE. */
static inline uint32_t hn__diff_hash_next(const hn__diff_hash *t, uint32_t item)
{
    return t->inext[item] - 1; /* 0 - 1 wraps to HN__DIFF_HASH_NONE */
}
/* Takes `item` out of the list under hash h; prev is the item before it in
 * that list (HN__DIFF_HASH_NONE when it is the first). Pairing removes each
 * item it uses, so a list never holds used items and finding the next one
 * costs O(1), also among many equal elements. */
void hn__diff_hash_unlink(hn__diff_hash *t, uint64_t h, uint32_t prev, uint32_t item);

#endif
