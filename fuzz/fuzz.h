/* SPDX-License-Identifier: MIT */
/* fuzz.h: helpers shared by the libFuzzer targets of fuzz/: splitting one
 * input into parts, and a finding that stops the run with its reason. */
#ifndef HN_FUZZ_H
#define HN_FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A NUL-terminated malloc'd copy of data[0..n). */
static inline char *fz_copy(const unsigned char *data, size_t n)
{
    char *s = malloc(n + 1);
    if (!s)
        abort();
    memcpy(s, data, n);
    s[n] = '\0';
    return s;
}

/* Splits data at its first NUL byte: *a and *b are malloc'd copies (b
 * empty when there is no NUL); returns 1 when there was one. */
static inline int fz_split(const unsigned char *data, size_t n, char **a, size_t *na, char **b,
                           size_t *nb)
{
    const unsigned char *z = memchr(data, 0, n);
    *na = z ? (size_t)(z - data) : n;
    *a = fz_copy(data, *na);
    *nb = z ? n - *na - 1 : 0;
    *b = fz_copy(z ? z + 1 : data, *nb);
    return z != NULL;
}

/* A broken invariant: print why and abort, so libFuzzer keeps the input. */
#define FZ_FINDING(...)                                                                        \
    do {                                                                                       \
        fprintf(stderr, "honest fuzz finding: " __VA_ARGS__);                                  \
        fputc('\n', stderr);                                                                   \
        abort();                                                                               \
    } while (0)

#endif
