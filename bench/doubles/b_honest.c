/* SPDX-License-Identifier: MIT */
/* b_honest.c: honest's recording stub of f through the link seam
 * (HN_DOUBLE + HN_RETURNS, linked with --wrap=f), inside an honest test. */
#include <honest.h>

#include <stdlib.h>

#include "target.h"

HN_DOUBLE(int, f, int);

static long calls(void)
{
    const char *n = getenv("BENCH_CALLS");
    return n ? atol(n) : 10000000;
}

HN_TEST(bench, honest_recording_stub)
{
    long n = calls();
    HN_RETURNS(f, 42);
    call_f(n / 10); /* warm up (counted and recorded like the rest) */
    long long t0 = bench_now_ns(), c0 = bench_cpu_ns();
    long long sum = call_f(n);
    long long c1 = bench_cpu_ns(), t1 = bench_now_ns();
    HN_ASSERT_EQ(sum, 42LL * n);
    HN_ASSERT_EQ(HN_CALL_COUNT(f), (size_t)(n + n / 10));
    HN_ASSERT_EQ(HN_ARG(f, 1, 0), 1);
    bench_report("honest", t1 - t0, c1 - c0, n);
}
