/* SPDX-License-Identifier: MIT */
/* operators.c: subject of runner_outcomes.every_operator_holds_and_fails_on_both_paths:
 * each comparison operator with two signed integers and with unsigned
 * operands, held, failed and, for HN_ASSERT_*, stopping the test. */
#include <honest.h>

HN_TEST(operators, every_operator_holds)
{
    int a = 1, b = 2;
    unsigned ua = 1, ub = 2;
    HN_ASSERT_EQ(a, 1);
    HN_ASSERT_NE(a, b);
    HN_ASSERT_LT(a, b);
    HN_ASSERT_LE(a, a);
    HN_ASSERT_GT(b, a);
    HN_ASSERT_GE(b, b);
    HN_ASSERT_EQ(ua, 1u);
    HN_ASSERT_NE(ua, ub);
    HN_ASSERT_LT(ua, ub);
    HN_ASSERT_LE(ua, ua);
    HN_ASSERT_GT(ub, ua);
    HN_ASSERT_GE(ub, ub);
    HN_CHECK_LT(-1, 1L);
    HN_CHECK_GT(1LL, -1);
}

HN_TEST(operators, every_operator_fails)
{
    int a = 1, b = 2;
    unsigned ua = 1, ub = 2;
    HN_CHECK_EQ(a, b);
    HN_CHECK_NE(a, a);
    HN_CHECK_LT(b, a);
    HN_CHECK_LE(b, a);
    HN_CHECK_GT(a, b);
    HN_CHECK_GE(a, b);
    HN_CHECK_EQ(ua, ub);
    HN_CHECK_NE(ua, ua);
    HN_CHECK_LT(ub, ua);
    HN_CHECK_LE(ub, ua);
    HN_CHECK_GT(ua, ub);
    HN_CHECK_GE(ua, ub);
    HN_LOG("still running after twelve failed checks");
}

HN_TEST(operators, signed_assert_stops)
{
    long a = -3;
    HN_ASSERT_GT(a, 2);
    HN_LOG("never shown");
}

HN_TEST(operators, unsigned_assert_stops)
{
    unsigned a = 3;
    HN_ASSERT_LE(a, 2u);
    HN_LOG("never shown");
}
