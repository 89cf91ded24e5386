/* SPDX-License-Identifier: MIT */
/* token.c: random session tokens from the system's random source. */
#include "session.h"

#include <stdio.h>
#include <sys/random.h>

int token_new(char *out, size_t n)
{
    unsigned char raw[32];
    size_t digits = n > 0 ? n - 1 : 0;
    if (n == 0 || digits / 2 > sizeof raw)
        return -1;
    if (getrandom(raw, (digits + 1) / 2, 0) != (ssize_t)((digits + 1) / 2))
        return -1;
    for (size_t i = 0; i < digits; i++)
        out[i] = "0123456789abcdef"[(raw[i / 2] >> (i % 2 ? 0 : 4)) & 15];
    out[digits] = '\0';
    return 0;
}
