/* SPDX-License-Identifier: MIT */
/* expect_too_few.c: cut_send gained a parameter; its HN_DOUBLE line was
 * updated, an expectation still has the old arity's matchers. */
#include <honest.h>

int cut_send(int fd, const char *msg, int flags);

HN_DOUBLE(int, cut_send, int, const char *, int);

HN_TEST(drift, old_mock)
{
    HN_EXPECT_CALL(cut_send, hn_eq(3), hn_str_eq("hello"), .returns = 5);
}
