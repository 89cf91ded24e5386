/* SPDX-License-Identifier: MIT */
/* rng.h: the run's one source of randomness, derived from the printed seed. */
#ifndef HN_RNG_H
#define HN_RNG_H

#include <stddef.h>
#include <stdint.h>

/* Shuffles v[0..n) in place (Fisher-Yates) with the generator *s. */
void hn__rng_shuffle(size_t *v, size_t n, uint64_t *s);

#endif
