/* SPDX-License-Identifier: MIT */
/* b_direct.c: the floor: a call through a function pointer to a real one. */
#include <stdio.h>
#include <stdlib.h>

#include "target.h"

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 10000000;
    call_fp(plus_one, n / 10); /* warm up, as the other variants' setup does */
    long long t0 = bench_now_ns(), c0 = bench_cpu_ns();
    long long sum = call_fp(plus_one, n);
    long long c1 = bench_cpu_ns(), t1 = bench_now_ns();
    if (sum != (long long)n * (n - 1) / 2 + n) {
        fprintf(stderr, "b_direct: wrong sum %lld\n", sum);
        return 1;
    }
    bench_report("direct_fp", t1 - t0, c1 - c0, n);
    return 0;
}
