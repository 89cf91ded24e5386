/* SPDX-License-Identifier: MIT */
/* diff_arena.c: memory handed out from growing chunks and released at once,
 * for parsed trees that live for one comparison and for result strings. The
 * fast path of allocation is inline in diff.h. */
#include "diff/diff_impl.h"

#include <stdlib.h>

struct hn__diff_chunk {
    struct hn__diff_chunk *next;
    size_t cap;
    max_align_t data[];
};

hn__diff_arena *hn__diff_arena_new(void)
{
    return calloc(1, sizeof(hn__diff_arena));
}

void *hn__diff_arena_grow(hn__diff_arena *a, size_t n)
{
    /* Chunks double up to 8 MiB, so big documents need few of them. */
    size_t cap = a->head ? a->head->cap * 2 : 16 * 1024;
    if (cap > 8u << 20)
        cap = 8u << 20;
    if (cap < n)
        cap = n;
    struct hn__diff_chunk *c = malloc(sizeof *c + cap);
    if (!c)
        return NULL;
    c->next = a->head;
    c->cap = cap;
    a->head = c;
    a->next = (char *)c->data + n;
    a->end = (char *)c->data + cap;
    return c->data;
}

void hn__diff_arena_free(hn__diff_arena *a)
{
    if (!a)
        return;
    for (struct hn__diff_chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}
