/* SPDX-License-Identifier: MIT */
/* doubles_mock_test.c: mocks that are met: matchers, cardinalities, actions
 * (return, fill, call a function, call the real one) and sequences across
 * doubles. The failing cases run in subject.c and are checked by
 * doubles_run_test.c. */
#include <honest.h>

#include <string.h>

#include "cut.h"

HN_DOUBLE(int, cut_add, int, int);
HN_DOUBLE(int, cut_send, int, const char *);
HN_DOUBLE(int, cut_read_cfg, const char *, struct cut_cfg *);
HN_DOUBLE(void, cut_notify, const char *);

static int multiply(int a, int b)
{
    return a * b;
}

static int is_even(const void *arg)
{
    return *(const int *)arg % 2 == 0;
}

HN_TEST(doubles_mock, expected_call_returns_its_value)
{
    HN_EXPECT_CALL(cut_send, hn_eq(3), hn_str_eq("hello bob"), .returns = 99);
    HN_ASSERT_EQ(cut_greet(3, "bob"), 99);
}

HN_TEST(doubles_mock, comparisons_and_predicates)
{
    HN_EXPECT_CALL(cut_add, hn_lt(0), hn_ge(-5), .returns = 1);
    HN_EXPECT_CALL(cut_add, hn_gt(100), hn_le(1000), .returns = 2);
    HN_EXPECT_CALL(cut_add, hn_that(is_even), hn_ne(3), .returns = 3);
    HN_ASSERT_EQ(cut_twice(-4), 1);
    HN_ASSERT_EQ(cut_twice(500), 2);
    HN_ASSERT_EQ(cut_twice(6), 3);
}

HN_TEST(doubles_mock, cardinalities)
{
    HN_EXPECT_CALL(cut_add, hn_eq(1), hn_any(), .times = hn_times(2));
    HN_EXPECT_CALL(cut_add, hn_eq(2), hn_any(), .times = hn_at_least(1));
    HN_EXPECT_CALL(cut_add, hn_eq(3), hn_any(), .times = hn_at_most(2));
    HN_EXPECT_CALL(cut_add, hn_eq(4), hn_any(), .times = hn_between(1, 3));
    HN_EXPECT_CALL(cut_add, hn_eq(5), hn_any(), .times = hn_never());
    cut_twice(1);
    cut_twice(1);
    for (int i = 0; i < 5; i++)
        cut_twice(2);
    cut_twice(3);
    cut_twice(4);
    cut_twice(4);
}

HN_TEST(doubles_mock, first_unsaturated_expectation_takes_the_call)
{
    HN_EXPECT_CALL(cut_add, .returns = 10);
    HN_EXPECT_CALL(cut_add, .returns = 20, .times = hn_at_least(1));
    HN_ASSERT_EQ(cut_twice(0), 10);
    HN_ASSERT_EQ(cut_twice(0), 20);
    HN_ASSERT_EQ(cut_twice(0), 20);
}

HN_TEST(doubles_mock, fill_action_writes_the_out_parameter)
{
    struct cut_cfg want = {443, "mocked"}, got = {0, ""};
    HN_EXPECT_CALL(cut_read_cfg, hn_str_eq("/etc/cut.conf"), hn_not_null(),
                   .fill = {hn_fill(1, &want, sizeof want)}, .returns = 7);
    HN_ASSERT_EQ(cut_load(&got), 7);
    HN_ASSERT_EQ(got.port, 443);
    HN_ASSERT_STR_EQ(got.host, "mocked");
}

HN_TEST(doubles_mock, call_action_and_real_action)
{
    HN_EXPECT_CALL(cut_add, hn_eq(3), hn_any(), .calls = multiply);
    HN_EXPECT_CALL(cut_add, hn_eq(4), hn_any(), .calls_real = 1);
    HN_ASSERT_EQ(cut_twice(3), 9);
    HN_ASSERT_EQ(cut_twice(4), 8);
}

HN_TEST(doubles_mock, void_function_with_null_matcher)
{
    HN_EXPECT_CALL(cut_notify, hn_str_eq("go"));
    HN_EXPECT_CALL(cut_notify, hn_not_null());
    HN_ASSERT_EQ(cut_fire("go"), 2);
}

HN_TEST(doubles_mock, sequence_across_doubles_in_order)
{
    hn_seq *s = hn_sequence();
    HN_EXPECT_CALL(cut_send, hn_any(), hn_str_eq("hello ann"), .seq = s);
    HN_EXPECT_CALL(cut_add, hn_eq(5), hn_eq(5), .seq = s, .returns = 1);
    HN_EXPECT_CALL(cut_send, hn_any(), hn_str_eq("hello bob"), .seq = s);
    cut_greet(1, "ann");
    HN_ASSERT_EQ(cut_twice(5), 1);
    cut_greet(1, "bob");
}

HN_TEST(doubles_mock, matchers_compare_mixed_signedness_by_value)
{
    HN_EXPECT_CALL(cut_add, hn_lt(0u), hn_eq(-1L), .returns = 5);
    HN_ASSERT_EQ(cut_twice(-1), 5);
}
