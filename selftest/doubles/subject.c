/* SPDX-License-Identifier: MIT */
/* subject.c: a test program whose tests misuse doubles or find the code under
 * test misbehaving; doubles_run_test.c runs each and checks what it prints. */
#include <honest.h>

#include "cut.h"

HN_DOUBLE(int, cut_add, int, int);
HN_DOUBLE(int, cut_send, int, const char *);
HN_DOUBLE(int, cut_logf, const char *, HN_VARARGS);
HN_DOUBLE(int, cut_read_cfg, const char *, struct cut_cfg *);

HN_TEST(subject, unexpected_call)
{
    HN_EXPECT_CALL(cut_send, hn_eq(4), hn_str_eq("hello bob"), .returns = 1);
    cut_greet(3, "bob");
}

HN_TEST(subject, unmet_expectation)
{
    HN_EXPECT_CALL(cut_send, hn_any(), hn_any(), .times = hn_times(2));
    cut_greet(3, "al");
}

HN_TEST(subject, seam_miss)
{
    HN_RETURNS(cut_add, 100);
    HN_ASSERT_EQ(cut_sum3(1, 2, 3), 6); /* passes: the real cut_add ran */
}

HN_TEST(subject, unused_stub)
{
    HN_RETURNS(cut_add, 1);
    HN_ASSERT(1);
}

HN_TEST(subject, assert_called_lists_calls)
{
    cut_twice(5);
    cut_twice(6);
    HN_ASSERT_CALLED(cut_add, 1);
}

HN_TEST(subject, out_of_order)
{
    hn_seq *s = hn_sequence();
    HN_EXPECT_CALL(cut_send, hn_any(), hn_any(), .seq = s);
    HN_EXPECT_CALL(cut_add, hn_any(), hn_any(), .seq = s);
    cut_twice(1);
    cut_greet(1, "x");
}

HN_TEST(subject, variadic_call_through)
{
    cut_log_two();
}

HN_TEST(subject, arg_of_a_call_that_did_not_happen)
{
    cut_twice(1);
    (void)HN_ARG(cut_add, 5, 0);
}

HN_TEST(subject, never_expected)
{
    HN_EXPECT_CALL(cut_add, hn_any(), hn_any(), .times = hn_never());
    cut_twice(1);
}

HN_TEST(subject, unexpected_calls_from_threads)
{
    HN_EXPECT_CALL(cut_add, hn_eq(100), hn_any(), .times = hn_at_least(0));
    cut_parallel(2, 3);
}

HN_TEST(subject, called_with_none_matched)
{
    cut_greet(1, "ann");
    HN_ASSERT_CALLED_WITH(cut_send, hn_eq(2), hn_any());
}

HN_TEST(subject, fill_through_null)
{
    struct cut_cfg want = {8080, "stubbed"};
    HN_FILLS(cut_read_cfg, 1, want);
    cut_read_cfg("/etc/cut.conf", NULL);
}
