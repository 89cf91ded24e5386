/* SPDX-License-Identifier: MIT */
/* expect.c: selftest subject for .expect_signal and .expect_exit, met and
 * not met, and a test that exits without being expected to. */
#include <honest.h>

#include <signal.h>
#include <stdlib.h>

HN_TEST(expect, signal_met, .expect_signal = SIGABRT)
{
    abort();
}

HN_TEST(expect, signal_returned, .expect_signal = SIGABRT)
{
    HN_ASSERT(1);
}

HN_TEST(expect, signal_other, .expect_signal = SIGABRT)
{
    raise(SIGTERM);
}

HN_TEST(expect, exit_met, .expect_exit = 3)
{
    exit(3);
}

HN_TEST(expect, exit_other, .expect_exit = 3)
{
    exit(4);
}

HN_TEST(expect, exit_returned, .expect_exit = 3)
{
    HN_ASSERT(1);
}

HN_TEST(expect, unexpected_exit)
{
    exit(0);
}
