/* SPDX-License-Identifier: MIT */
/* nofork.c: selftest subject for --no-fork runs that the test itself
 * disturbs: a test that changes the directory (to $RT_CHDIR), and a test
 * whose own alarm() fires long before its time limit. */
#include <honest.h>

#include <stdlib.h>
#include <unistd.h>

HN_TEST(moves, to_another_directory)
{
    const char *to = getenv("RT_CHDIR");
    HN_ASSERT_NOT_NULL(to);
    HN_ASSERT_EQ(chdir(to), 0);
}

HN_TEST(own, alarm_before_the_limit, .timeout_ms = 20000)
{
    alarm(1);
    for (;;) { /* the check is where --no-fork can stop the test safely */
        pause();
        HN_CHECK(1);
    }
}
