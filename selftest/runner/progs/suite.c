/* SPDX-License-Identifier: MIT */
/* suite.c: selftest subject with HN_SUITE setup and teardown: setup runs
 * before each test of its suite only, teardown after it even when the body
 * failed, and a failing setup fails the test without running its body. */
#include <honest.h>

static int opened;

static void open_db(void)
{
    opened++;
    HN_LOG("setup ran");
}

static void close_db(void)
{
    HN_LOG("teardown ran");
}

HN_SUITE(db, .setup = open_db, .teardown = close_db);

HN_TEST(db, sees_setup)
{
    HN_ASSERT_EQ(opened, 1);
}

HN_TEST(db, fails_then_teardown)
{
    HN_ASSERT_EQ(opened, 2);
}

static void broken_setup(void)
{
    HN_FAIL("no database available");
}

HN_SUITE(broken, .setup = broken_setup, .teardown = close_db);

HN_TEST(broken, body_not_run)
{
    HN_LOG("body ran");
    HN_ASSERT(1);
}

HN_TEST(plain, no_setup)
{
    HN_ASSERT_EQ(opened, 0);
}
