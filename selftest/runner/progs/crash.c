/* SPDX-License-Identifier: MIT */
/* crash.c: selftest subject whose tests die of SIGSEGV, SIGABRT and SIGFPE
 * (after an assertion, or before any), and a test that passes after them. */
#include <honest.h>

#include <signal.h>
#include <stdlib.h>

HN_TEST(crash, segv)
{
    volatile int *p = NULL;
    HN_ASSERT_NULL(p);
    *p = 1;
}

HN_TEST(crash, abort)
{
    HN_CHECK_EQ(1, 1);
    abort();
}

HN_TEST(crash, fpe)
{
    volatile int zero = 0, one = 1; /* volatile: a real division */
    HN_ASSERT_EQ(zero, 0);
    volatile int r = one / zero;
    (void)r;
}

HN_TEST(crash, before_any_assertion)
{
    raise(SIGSEGV);
}

HN_TEST(crash, survivor)
{
    HN_ASSERT(1);
}
