/* SPDX-License-Identifier: MIT */
/* test_clock.c: a consumer's test of the fake clock, built against the
 * installed libhonest.so with and without libhonest_clock (runner_install). */
#include <honest.h>

#include <time.h>

HN_TEST(clock, time_reads_the_fake_clock)
{
    hn_clock_fake(1000000000);
    HN_ASSERT_EQ((long long)time(NULL), 1000000000LL);
    hn_clock_advance_s(5);
    HN_ASSERT_EQ((long long)time(NULL), 1000000005LL);
}
