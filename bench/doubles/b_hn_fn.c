/* SPDX-License-Identifier: MIT */
/* b_hn_fn.c: honest's run-time double (HN_FN, a libffi closure) of an
 * int (*)(int) callback, stubbed and recording, called through the pointer;
 * also a plain function pointer timed around it, for a paired ratio. */
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
    /* The same loop through a plain function pointer just before and after,
     * in this process, so that the ratio is paired against the same load. */
    call_fp(cb, n / 10); /* warm up (counted and recorded like the rest) */
    long long d0 = bench_now_ns();
    call_fp(plus_one, n);
    long long t0 = bench_now_ns(), c0 = bench_cpu_ns();
    long long sum = call_fp(cb, n);
    long long c1 = bench_cpu_ns(), t1 = bench_now_ns();
    call_fp(plus_one, n);
    long long d1 = bench_now_ns();
    HN_ASSERT_EQ(sum, 42LL * n);
    HN_ASSERT_EQ(HN_CALL_COUNT(cb), (size_t)(n + n / 10));
    HN_ASSERT_EQ(HN_ARG(cb, 1, 0), 1);
    bench_report("hn_fn", t1 - t0, c1 - c0, n);
    bench_report("hn_fn_paired_direct", ((t0 - d0) + (d1 - t1)) / 2, -1, n);
}
