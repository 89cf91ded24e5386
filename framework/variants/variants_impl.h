/* SPDX-License-Identifier: MIT */
/* variants_impl.h: what the files of framework/variants share: the walk over
 * a response body that finds places (variant_place.c) and the texts a kind
 * writes, which variant_apply.c makes a fixture of. Private to the folder. */
#ifndef HN_VARIANTS_IMPL_H
#define HN_VARIANTS_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "json/json_path.h"
#include "variants/variants.h"

struct cJSON;

#define HN__VBIT(k) (1u << (k))
/* The kinds that mutate one place of the body (the rest: the whole response). */
#define HN__VK_BODY_KINDS                                                                  \
    (HN__VBIT(HN__VK_NUMBER_AS_STRING) | HN__VBIT(HN__VK_STRING_AS_NUMBER) |               \
     HN__VBIT(HN__VK_NULL) | HN__VBIT(HN__VK_MISSING) | HN__VBIT(HN__VK_EXTRA_FIELD) |     \
     HN__VBIT(HN__VK_REORDER) | HN__VBIT(HN__VK_EMPTY_ARRAY) |                             \
     HN__VBIT(HN__VK_ONE_ELEMENT) | HN__VBIT(HN__VK_LONG_STRING) | HN__VBIT(HN__VK_UNICODE))

/* A walk over a body tree: enumerates the places of mask (want_path NULL),
 * or finds the node of want_kind at want_path. Zero it, set those, visit the
 * root with hn__vwalk_visit, free it with hn__vwalk_free. */
typedef struct hn__vwalk {
    hn__json_seg *segs;
    int *pos;
    size_t depth, cap, poscap;
    /* enumerate: */
    uint32_t mask;
    hn__variant_place *out;
    size_t n, outcap;
    /* find: */
    hn__vkind want_kind;
    const char *want_path;
    int found;
    int *found_pos;      /* the node's child positions from the root */
    size_t found_depth;
    const struct cJSON *found_node;
} hn__vwalk;

/* Visits n (at w's depth, under an object when parent_object), then its
 * children, in the order of the body. Stops once a find succeeded. */
void hn__vwalk_visit(hn__vwalk *w, const struct cJSON *n, int parent_object);
/* Frees what the walk allocated (not w->out, which the caller takes). */
void hn__vwalk_free(hn__vwalk *w);

/* The whole-response kinds that apply to fx, as a mask. */
uint32_t hn__variant_whole_kinds(const hn_fixture *fx);

/* The body text (text, len bytes: the fixture's compact JSON body) with body
 * kind k applied at the node w found. Returns it malloc'd (*out_len bytes;
 * compact and valid JSON: the text honest's check would accept unchanged);
 * the replaced value sits at [*at, *at + *rlen) of it (nothing for missing).
 * The description of the mutated value is appended to value. */
char *hn__variant_splice(const char *text, size_t len, hn__vkind k, const hn__vwalk *w,
                         hn__buf *value, size_t *out_len, size_t *at, size_t *rlen);
/* The body text for truncated and malformed (malloc'd, *out_len bytes), its
 * description appended to value. */
char *hn__variant_whole_body(const char *text, size_t len, hn__vkind k, hn__buf *value,
                             size_t *out_len);

#endif
