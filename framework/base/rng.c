/* SPDX-License-Identifier: MIT */
/* rng.c: splitmix64 and an unbiased shuffle. */
#include "base/rng.h"

/* The next 64 random bits of the generator whose state is *s (splitmix64). */
static uint64_t hn__rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* A uniform integer in [0, bound), without modulo bias. */
static uint64_t below(uint64_t bound, uint64_t *s)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    uint64_t x;
    do
        x = hn__rng_next(s);
    while (x >= limit);
    return x % bound;
}

void hn__rng_shuffle(size_t *v, size_t n, uint64_t *s)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)below(i, s);
        size_t t = v[i - 1];
        v[i - 1] = v[j];
        v[j] = t;
    }
}
