/* SPDX-License-Identifier: MIT */
/* leak.c: tests that would pass only if doubles leaked from one test into
 * another (b, f, j), and tests that leaked state would break (c, d, i).
 * doubles_run_test.c runs it forked and under --no-fork --shuffle --repeat
 * and checks that every test gets the same verdict every time. */
#include <honest.h>

#include "cut.h"

HN_DOUBLE(int, cut_add, int, int);
HN_DOUBLE(int, cut_send, int, const char *);

static int multiply(int a, int b)
{
    return a * b;
}

HN_TEST(leak, a_configures_a_stub)
{
    HN_RETURNS(cut_add, 100);
    HN_ASSERT_EQ(cut_twice(1), 100);
}

HN_TEST(leak, b_relies_on_a_leaked_stub)
{
    HN_ASSERT_EQ(cut_twice(1), 100);
}

HN_TEST(leak, c_counts_from_zero)
{
    cut_twice(1);
    HN_ASSERT_EQ(HN_CALL_COUNT(cut_add), 1);
    HN_ASSERT_EQ(HN_ARG(cut_add, 0, 0), 1);
}

HN_TEST(leak, d_meets_its_own_expectation)
{
    HN_EXPECT_CALL(cut_send, hn_any(), hn_str_eq("hello d"), .returns = 4);
    HN_ASSERT_EQ(cut_greet(1, "d"), 4);
}

HN_TEST(leak, e_leaves_an_expectation_unmet)
{
    HN_EXPECT_CALL(cut_send, hn_eq(7), hn_any());
}

HN_TEST(leak, f_relies_on_a_leaked_fake)
{
    HN_ASSERT_EQ(cut_twice(3), 9);
}

HN_TEST(leak, g_configures_a_fake)
{
    HN_CALLS(cut_add, multiply);
    HN_ASSERT_EQ(cut_twice(3), 9);
}

HN_TEST(leak, h_makes_an_hn_fn)
{
    HN_FN(int (*)(int, int), int, op, int, int);
    HN_RETURNS(op, 5);
    HN_ASSERT_EQ(op(1, 2), 5);
}

HN_TEST(leak, i_watches_a_seam)
{
    HN_RETURNS(cut_add, 5);
    HN_ASSERT_EQ(cut_sum3(1, 2, 3), 6); /* fails: seam miss */
}

HN_TEST(leak, j_runs_the_real_function_unwatched)
{
    HN_ASSERT_EQ(cut_sum3(1, 2, 3), 6);
    HN_ASSERT_NOT_CALLED(cut_add);
}
