/* SPDX-License-Identifier: MIT */
/* b_hn_fn.c: honest's run-time double (HN_FN, a libffi closure) of an
 * int (*)(int) callback, stubbed and recording, called through the pointer. */
#include <honest.h>

#include <stdlib.h>

#include "target.h"

typedef int (*int_fn)(int);

static long calls(void)
{
    const char *n = getenv("BENCH_CALLS");
    return n ? atol(n) : 10000000;
}

HN_TEST(bench, hn_fn_stub)
{
    long n = calls();
    HN_FN(int_fn, int, cb, int);
    HN_RETURNS(cb, 42);
    long long t0 = bench_now_ns();
    long long sum = call_fp(cb, n);
    long long t1 = bench_now_ns();
    HN_ASSERT_EQ(sum, 42LL * n);
    HN_ASSERT_EQ(HN_CALL_COUNT(cb), (size_t)n);
    HN_ASSERT_EQ(HN_ARG(cb, 1, 0), 1);
    bench_report("hn_fn", t1 - t0, n);
}
