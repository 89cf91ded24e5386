/* SPDX-License-Identifier: MIT */
/* mem.c: out of memory, and arrays that grow. */
#include "base/mem.h"
#include "base/sys.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

HN__TEST_PATH void *hn__must(void *p)
{
    if (!p) {
        fputs("honest: out of memory\n", stderr);
        abort();
    }
    return p;
}

HN__TEST_PATH int hn__grow(void *items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return -1;
        n *= 2;
    }
    if (size && n > SIZE_MAX / size)
        return -1;
    void *old;
    memcpy(&old, items, sizeof old);
    void *p = realloc(old, n * size);
    if (!p)
        return -1;
    memcpy(items, &p, sizeof p);
    *cap = n;
    return 0;
}

HN__TEST_PATH void hn__must_grow(void *items, size_t *cap, size_t need, size_t size)
{
    if (hn__grow(items, cap, need, size) != 0)
        hn__must(NULL);
}
