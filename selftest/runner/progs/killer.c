/* SPDX-License-Identifier: MIT */
/* killer.c: selftest subject with a test that kills its parent process (the
 * runner's test launcher) between tests that pass: the passes before it keep
 * their results, the tests after it are reported as not run. */
#include <honest.h>

#include <signal.h>
#include <unistd.h>

HN_TEST(before, one)
{
    HN_ASSERT_EQ(1 + 1, 2);
}

HN_TEST(before, two)
{
    HN_ASSERT_EQ(2 + 2, 4);
}

HN_TEST(kills, its_parent)
{
    HN_ASSERT_EQ(kill(getppid(), SIGKILL), 0);
    pause();
}

HN_TEST(after, one)
{
    HN_ASSERT_EQ(3 + 3, 6);
}

HN_TEST(after, two)
{
    HN_ASSERT_EQ(4 + 4, 8);
}
