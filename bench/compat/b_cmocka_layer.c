/* SPDX-License-Identifier: MIT */
/* b_cmocka_layer.c: will_return_always + mock() through honest's cmocka layer
 * (<honest/cmocka.h>), measured inside a test run by honest's runner; the
 * same measurement as bench/doubles/b_cmocka.c makes of Debian's cmocka. */
#include <stdlib.h>

#include <honest/cmocka.h>

#include "target.h"

static long calls = 10000000;

int __wrap_f(int x);
int __wrap_f(int x)
{
    (void)x;
    return mock_type(int);
}

static void bench(void **state)
{
    (void)state;
    will_return_always(__wrap_f, 42);
    call_f(calls / 10); /* warm up */
    long long c0 = bench_cpu_ns();
    long long t0 = bench_now_ns();
    long long sum = call_f(calls);
    long long t1 = bench_now_ns();
    long long c1 = bench_cpu_ns();
    assert_int_equal(sum, 42LL * calls);
    bench_report("cmocka_layer", t1 - t0, c1 - c0, calls);
}

int main(void)
{
    const char *n = getenv("BENCH_CALLS");
    if (n)
        calls = atol(n);
    const struct CMUnitTest tests[] = {cmocka_unit_test(bench)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
