/* SPDX-License-Identifier: MIT */
/* mem.h: the framework's one out-of-memory policy for memory it cannot run
 * without, and overflow-checked array growth. */
#ifndef HN_MEM_H
#define HN_MEM_H

#include <stddef.h>

/* Returns p; when p is NULL, prints "honest: out of memory" and aborts. For
 * memory without which the framework cannot report at all; a public
 * function documented to return NULL on out-of-memory returns NULL instead. */
void *hn__must(void *p);
/* Makes room in *items (an array of `size`-byte elements with *cap of them)
 * for at least `need` elements, growing by doubling. Returns 0, or -1 when
 * the size would overflow or memory is out (*items and *cap unchanged). */
int hn__grow(void *items, size_t *cap, size_t need, size_t size);
/* As hn__grow, for memory the framework cannot run without: when the array
 * cannot grow, prints "honest: out of memory" and aborts (as hn__must). */
void hn__must_grow(void *items, size_t *cap, size_t need, size_t size);

#endif
