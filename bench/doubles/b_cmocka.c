/* SPDX-License-Identifier: MIT */
/* b_cmocka.c: cmocka's stub of f through the linker (--wrap=f): __wrap_f
 * returns mock(), primed with will_return_always. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

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
    long long t0 = bench_now_ns(), c0 = bench_cpu_ns();
    long long sum = call_f(calls);
    long long c1 = bench_cpu_ns(), t1 = bench_now_ns();
    assert_int_equal(sum, 42LL * calls);
    bench_report("cmocka", t1 - t0, c1 - c0, calls);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        calls = atol(argv[1]);
    const struct CMUnitTest tests[] = {cmocka_unit_test(bench)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
