/* SPDX-License-Identifier: MIT */
/* test_greet.c: the consumer example's tests. */
#include <honest.h>

#include "greet.h"

HN_TEST(greet, says_hello)
{
    char buf[32];
    HN_ASSERT_EQ(greet(buf, sizeof buf, "ada"), 10);
    HN_ASSERT_STR_EQ(buf, "hello, ada");
}

HN_TEST(greet, truncates_to_the_buffer)
{
    char buf[6];
    HN_ASSERT_EQ(greet(buf, sizeof buf, "grace"), 12);
    HN_ASSERT_STR_EQ(buf, "hello");
}

HN_TEST(greet, refuses_null)
{
    char buf[8];
    HN_ASSERT_EQ(greet(buf, sizeof buf, NULL), -1);
}
