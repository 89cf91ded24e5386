/* SPDX-License-Identifier: MIT */
/* report_duration.c: the text report writes a test's duration without
 * printf (hn__out_duration); its digits must be printf's "%.2f" of the
 * milliseconds, at every rounding edge and on a sweep. */
#include <honest.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "report/writer.h"

static void check(uint64_t ns)
{
    char want[64];
    snprintf(want, sizeof want, " (%.2f ms)\n", (double)ns / 1e6);
    hn__buf b = {0};
    hn__out_duration(&b, ns);
    if (strcmp(hn__buf_str(&b), want))
        HN_FAIL("%llu ns: wrote \"%s\", printf gives \"%s\"", (unsigned long long)ns,
                hn__buf_str(&b), want);
    hn__buf_free(&b);
}

HN_TEST(report_duration, edges_are_printfs)
{
    static const uint64_t edges[] = {0, 1, 4999, 5000, 5001, 9999, 10000, 14999, 15000,
                                     15001, 994999, 995000, 995001, 999999, 1000000,
                                     123456789, 99995000, 99994999, 999999999999999,
                                     1000000000000000, UINT64_MAX};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
        check(edges[i]);
}

HN_TEST(report_duration, a_sweep_is_printfs)
{
    /* Every ns below 2 ms, then a spread up to 11 days. */
    for (uint64_t ns = 0; ns < 2000000; ns++)
        check(ns);
    uint64_t x = 88172645463325252u;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        check(x % UINT64_C(1000000000000000));
    }
}
