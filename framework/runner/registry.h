/* SPDX-License-Identifier: MIT */
/* registry.h: the tests a program registered, expanded into runnable
 * instances (one per parameter case), filtered and sharded. */
#ifndef HN_REGISTRY_H
#define HN_REGISTRY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/instance.h"

typedef struct hn__registry {
    hn__instance *items;   /* in the arena */
    size_t count;
    void *arena;           /* one private mapping holding items and names */
    size_t arena_size;
} hn__registry;

/* Expands every registered test into r, sorted by source file and line so
 * the order does not depend on constructor order. The instances and their
 * names live in one mapping of their own (r->arena), so that a process that
 * does not need them (the launcher) can unmap them. Returns 0, or -1 when
 * out of memory. Free with hn__registry_free. */
int hn__registry_build(hn__registry *r);
/* Writes to err one line per name declared twice: a suite of HN_SUITE
 * declared again, a test (suite and name) defined again, each with both
 * places (file:line). Returns how many were found (0: none). Call before
 * hn__registry_release_list. */
int hn__registry_duplicates(FILE *err);
/* Keeps the instances whose name matches the filter: globs ('*' any run of
 * characters, '?' one character, '[...]' a class) separated by ':'; a glob
 * starting with '-' excludes ("a.*:b.*:-a.slow"). */
void hn__registry_filter(hn__registry *r, const char *filter);
/* Keeps the instances of shard `index` of `count` (round robin). */
void hn__registry_shard(hn__registry *r, int index, int count);
/* Frees the instances. */
void hn__registry_free(hn__registry *r);

/* The address range [*lo, *hi) that holds every registered test descriptor
 * and nothing else (they sit together in the section "honest_tests").
 * Returns 0, or -1 when they are not contiguous (then nothing may be assumed
 * about the range). */
int hn__registry_descriptors(uintptr_t *lo, uintptr_t *hi);

/* Forgets the list of registered tests and unmaps it (the launcher, which
 * needs neither, after hn__registry_descriptors). hn__registry_build may
 * not be called afterwards. */
void hn__registry_release_list(void);

#endif
