/* SPDX-License-Identifier: MIT */
/* diff.h: the differ (framework/diff), what other components may use of its
 * insides. The component compares JSON structurally (hn_diff_* in
 * <honest/diff.h>) and backs HN_ASSERT_JSON_EQ; it uses base, json and core.
 * Its private header, diff_impl.h, stays inside the folder. */
#ifndef HN_DIFF_H
#define HN_DIFF_H

#include <stddef.h>

#include <honest/diff.h>

#include "json/json_scan.h"

struct cJSON;

/* ---- diff_arena.c: memory handed out in chunks, freed all at once ------ */

typedef struct hn__diff_arena {
    struct hn__diff_chunk *head;
    char *next, *end; /* free space in the newest chunk */
} hn__diff_arena;

/* A new empty arena; NULL on out-of-memory. */
hn__diff_arena *hn__diff_arena_new(void);
/* Adds a chunk with room for n bytes and allocates them (the slow path of
 * hn__diff_arena_alloc); NULL on out-of-memory. */
void *hn__diff_arena_grow(hn__diff_arena *a, size_t n);
/* Releases the arena and everything allocated from it; NULL is a no-op. */
void hn__diff_arena_free(hn__diff_arena *a);

/* n bytes aligned to 8 (enough for cJSON nodes and strings), valid until the
 * arena is freed; NULL on out-of-memory. Inline: parsing calls it per node. */
static inline void *hn__diff_arena_alloc(hn__diff_arena *a, size_t n)
{
    void *p = hn__json_bump(&a->next, a->end, &n);
    return p ? p : hn__diff_arena_grow(a, n);
}

/* ---- diff_parse.c: the arena parser used internally -------------------- */

/* Parses like hn_diff_parse, allocating every node and string from a new
 * arena that *arena receives (free it with hn__diff_arena_free; never pass
 * the tree to cJSON_Delete). Faster for trees that live briefly. */
struct cJSON *hn__diff_parse_arena(const char *text, size_t len,
                                   hn__diff_arena **arena, hn_diff_error *err);

#endif
