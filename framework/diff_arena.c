/* SPDX-License-Identifier: MIT */
/* diff_arena.c: memory handed out from growing chunks and released at once,
 * for parsed trees that live for one comparison and for result strings. */
#include "diff.h"

#include <stdlib.h>

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    max_align_t data[];
} chunk;

struct hn__diff_arena {
    chunk *head;
};

hn__diff_arena *hn__diff_arena_new(void)
{
    return calloc(1, sizeof(hn__diff_arena));
}

void *hn__diff_arena_alloc(hn__diff_arena *a, size_t n)
{
    const size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    chunk *c = a->head;
    if (!c || c->cap - c->used < n) {
        /* Chunks double up to 8 MiB, so big documents need few of them. */
        size_t cap = c ? c->cap * 2 : 16 * 1024;
        if (cap > 8u << 20)
            cap = 8u << 20;
        if (cap < n)
            cap = n;
        chunk *nc = malloc(sizeof *nc + cap);
        if (!nc)
            return NULL;
        *nc = (chunk){.next = c, .used = 0, .cap = cap};
        a->head = c = nc;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    return p;
}

void hn__diff_arena_free(hn__diff_arena *a)
{
    if (!a)
        return;
    for (chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}
