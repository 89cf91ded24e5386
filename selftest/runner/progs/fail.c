/* SPDX-License-Identifier: MIT */
/* fail.c: selftest subject with a failing test per assertion family, checks
 * that go on after failing, HN_FAIL, and a passing test at the end. */
#include <honest.h>

#include <limits.h>

enum color { RED, GREEN };

HN_TEST(fail, assert)
{
    int x = 3;
    HN_ASSERT(x == 4);
}

HN_TEST(fail, eq_int)
{
    int got = 41;
    HN_ASSERT_EQ(got, 42);
}

HN_TEST(fail, eq_signed_unsigned)
{
    HN_ASSERT_EQ(-1, UINT_MAX);
}

HN_TEST(fail, ne_char)
{
    char c = 'a';
    HN_ASSERT_NE(c, 'a');
}

HN_TEST(fail, order_checks)
{
    HN_CHECK_LT(2, 1);
    HN_CHECK_LE(2, 1);
    HN_CHECK_GT(1, 2);
    HN_CHECK_GE(1, 2);
}

HN_TEST(fail, eq_enum)
{
    enum color c = RED;
    HN_ASSERT_EQ(c, GREEN);
}

HN_TEST(fail, eq_pointer)
{
    HN_ASSERT_EQ((void *)0x10, (void *)0x20);
}

HN_TEST(fail, str_eq)
{
    const char *got = "hello\tworld\n";
    HN_ASSERT_STR_EQ(got, "hello world");
}

HN_TEST(fail, str_eq_null)
{
    HN_ASSERT_STR_EQ(NULL, "x");
}

HN_TEST(fail, str_ne)
{
    HN_ASSERT_STR_NE("same", "same");
}

HN_TEST(fail, str_contains)
{
    HN_ASSERT_STR_CONTAINS("hello world", "planet");
}

HN_TEST(fail, mem_eq)
{
    unsigned char a[20] = {0}, b[20] = {0};
    b[17] = 0xff;
    HN_ASSERT_MEM_EQ(a, b, sizeof a);
}

HN_TEST(fail, near)
{
    HN_ASSERT_NEAR(1.0, 1.5, 0.25);
}

HN_TEST(fail, null)
{
    HN_ASSERT_NULL((void *)0x10);
}

HN_TEST(fail, not_null)
{
    HN_ASSERT_NOT_NULL(NULL);
}

HN_TEST(fail, check_goes_on)
{
    HN_CHECK_EQ(1, 2);
    HN_CHECK(0);
    HN_LOG("still running after two failed checks");
    HN_ASSERT_EQ(3, 4);
    HN_LOG("never shown: the assertion above stopped the test");
}

HN_TEST(fail, fail_verb)
{
    HN_LOG("trying");
    HN_FAIL("gave up after %d tries", 3);
}

HN_TEST(fail, then_passes)
{
    HN_ASSERT(1);
}
