/* SPDX-License-Identifier: MIT */
/* ok.c: the declarations as they match cut.h: must compile. */
#include <honest.h>

#include "cut.h"

HN_DOUBLE(int, cut_add, int, int);
HN_DOUBLE(int, cut_read_cfg, const char *, struct cut_cfg *);
HN_DOUBLE(void, cut_notify, const char *);
HN_DOUBLE(int, cut_rand, void);
HN_DOUBLE(int, cut_logf, const char *, HN_VARARGS);
HN_DOUBLE(int, cut_send, int, const char *);

/* Matcher counts that fit: none (any arguments) or one per parameter, with
 * options after them, braces and commas included. */
HN_TEST(ok, matcher_counts)
{
    struct cut_cfg a = {0}, b = {0};
    HN_EXPECT_CALL(cut_send);
    HN_EXPECT_CALL(cut_send, .times = hn_between(1, 2), .returns = 3);
    HN_EXPECT_CALL(cut_send, hn_eq(3), hn_str_eq("hello"), .returns = 5);
    HN_EXPECT_CALL(cut_read_cfg, hn_any(), hn_not_null(),
                   .fill = {hn_fill(1, &a, sizeof a), hn_fill(1, &b, sizeof b)}, .returns = 0);
    HN_EXPECT_CALL(cut_rand, .returns = 4);
    HN_ASSERT_CALLED_WITH(cut_add, hn_eq(1), hn_any());
    HN_CHECK_CALLED_WITH(cut_notify, hn_str_eq("x"));
}
