/* SPDX-License-Identifier: MIT */
/* hang.c: selftest subject with tests that hang past their time limit (the
 * test's own, the suite's, or --timeout's), and one that passes. */
#include <honest.h>

#include <unistd.h>

HN_SUITE(slow_suite, .timeout_ms = 150);

HN_TEST(hang, own_limit, .timeout_ms = 200)
{
    HN_ASSERT(1);
    for (;;) /* each wake-up checks: a safe point for a --no-fork timeout */
        pause(), HN_CHECK(1);
}

HN_TEST(slow_suite, suite_limit)
{
    HN_CHECK(1);
    sleep(20);
}

HN_TEST(hang, quick)
{
    HN_ASSERT(1);
}

/* Run only with --timeout (filter hang_flag.*); it would sleep 20 s. */
HN_TEST(hang_flag, sleeps)
{
    HN_ASSERT(1);
    sleep(20);
}
