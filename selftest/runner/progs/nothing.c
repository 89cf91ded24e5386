/* SPDX-License-Identifier: MIT */
/* nothing.c: selftest subject with a test that asserts nothing (a warning,
 * a failure under --strict) beside one that asserts. */
#include <honest.h>

static int work(int x)
{
    return x * 2;
}

HN_TEST(quiet, asserts_nothing)
{
    (void)work(21);
}

HN_TEST(quiet, asserts)
{
    HN_ASSERT_EQ(work(21), 42);
}
