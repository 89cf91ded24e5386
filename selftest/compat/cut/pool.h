/* SPDX-License-Identifier: MIT */
/* pool.h: a unit under test that allocates (selftest/compat/cmocka_module.c):
 * copies of strings, grown and freed by the caller. */
#ifndef HN_ST_POOL_H
#define HN_ST_POOL_H

#include <stddef.h>

/* A malloc'd copy of text; release it with pool_release. */
char *pool_dup(const char *text);
/* copy grown to hold n more bytes, zeroed; NULL when out of memory. */
char *pool_grow(char *copy, size_t n);
/* n zeroed bytes. */
char *pool_zeroed(size_t n);
void pool_release(char *copy);

#endif
