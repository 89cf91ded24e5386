/* SPDX-License-Identifier: MIT */
/* b_fff_layer.c: the recording fake of f made by honest's fff layer
 * (FAKE_VALUE_FUNC from <honest/fff.h>), its return value set; the same
 * measurement as bench/doubles/b_fff.c makes of real fff. */
#include <stdio.h>
#include <stdlib.h>

#include <honest/fff.h>

#include "target.h"

DEFINE_FFF_GLOBALS;
FAKE_VALUE_FUNC(int, f, int);

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 10000000;
    f_fake.return_val = 42;
    call_f(n / 10); /* warm up, then start the record afresh */
    RESET_FAKE(f);
    FFF_RESET_HISTORY();
    f_fake.return_val = 42;
    long long c0 = bench_cpu_ns();
    long long t0 = bench_now_ns();
    long long sum = call_f(n);
    long long t1 = bench_now_ns();
    long long c1 = bench_cpu_ns();
    if (sum != 42LL * n || f_fake.call_count != (unsigned)n || f_fake.arg0_history[1] != 1) {
        fprintf(stderr, "b_fff_layer: wrong result (sum %lld, calls %u)\n", sum,
                f_fake.call_count);
        return 1;
    }
    bench_report("fff_layer", t1 - t0, c1 - c0, n);
    return 0;
}
