/* SPDX-License-Identifier: MIT */
/* busy.c: selftest subject for --no-fork timeouts: a test that spins in
 * malloc and stdio without ever calling honest (it cannot be stopped safely
 * in-process), one that spins the same way but checks (it can), and one
 * that must not run after the first. */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Allocates, formats and frees, over and over: most of its time is spent
 * inside malloc and stdio, holding their locks. */
static size_t churn(void)
{
    char line[128];
    size_t total = 0;
    for (int i = 0; i < 64; i++) {
        char *p = malloc(32 + (size_t)i * 16);
        if (!p)
            continue;
        snprintf(line, sizeof line, "%d %p", i, (void *)p);
        memcpy(p, line, 32);
        total += strlen(p);
        free(p);
    }
    return total;
}

HN_TEST(busy, checks, .timeout_ms = 100)
{
    for (;;)
        HN_CHECK_GT(churn(), 0u);
}

HN_TEST(busy, never_calls_honest, .timeout_ms = 100)
{
    FILE *sink = fopen("/dev/null", "w");
    for (;;)
        fprintf(sink, "%zu\n", churn());
}

HN_TEST(busy, zz_after)
{
    puts("zz_after ran");
    HN_ASSERT(1);
}
