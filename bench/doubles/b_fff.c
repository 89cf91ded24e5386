/* SPDX-License-Identifier: MIT */
/* b_fff.c: fff's recording fake of f (FAKE_VALUE_FUNC), its return value set.
 * Built only when FFF_H names an fff.h: fff is not packaged by Debian. */
#include <stdio.h>
#include <stdlib.h>

#include FFF_H_PATH
#include "target.h"

DEFINE_FFF_GLOBALS
FAKE_VALUE_FUNC(int, f, int)

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 10000000;
    RESET_FAKE(f);
    FFF_RESET_HISTORY();
    f_fake.return_val = 42;
    call_f(n / 10); /* warm up, then start the record afresh */
    RESET_FAKE(f);
    FFF_RESET_HISTORY();
    f_fake.return_val = 42;
    long long t0 = bench_now_ns(), c0 = bench_cpu_ns();
    long long sum = call_f(n);
    long long c1 = bench_cpu_ns(), t1 = bench_now_ns();
    if (sum != 42LL * n || f_fake.call_count != (unsigned)n || f_fake.arg0_history[1] != 1) {
        fprintf(stderr, "b_fff: wrong result (sum %lld, calls %u)\n", sum, f_fake.call_count);
        return 1;
    }
    bench_report("fff", t1 - t0, c1 - c0, n);
    return 0;
}
