/* SPDX-License-Identifier: MIT */
/* pass.c: selftest subject whose tests all pass, with every assertion family
 * of HN_ASSERT_* and HN_CHECK_* holding, and a log line. */
#include <honest.h>

#include <limits.h>
#include <stdint.h>

enum color { RED, GREEN };

HN_TEST(arith, compares_integers)
{
    HN_ASSERT_EQ(2 + 2, 4);
    HN_ASSERT_NE(1, 2);
    HN_ASSERT_LT(-1, 1u); /* by value, not by C's conversion rules */
    HN_ASSERT_LE(3, 3);
    HN_ASSERT_GT(5L, 4);
    HN_ASSERT_GE((unsigned char)200, 199);
    HN_ASSERT_EQ((uint64_t)UINT64_MAX, UINT64_MAX);
}

HN_TEST(arith, compares_enums_chars_pointers)
{
    enum color c = GREEN;
    const char *s = "abc";
    HN_ASSERT_EQ(c, GREEN);
    HN_ASSERT_EQ('a', 'a');
    HN_ASSERT_EQ(s + 1, &s[1]);
    HN_ASSERT(c != RED);
}

HN_TEST(text, compares_strings)
{
    HN_ASSERT_STR_EQ("hello", "hello");
    HN_ASSERT_STR_NE("hello", "world");
    HN_ASSERT_STR_NE(NULL, "world");
    HN_ASSERT_STR_CONTAINS("hello world", "o w");
}

HN_TEST(text, compares_memory_and_floats)
{
    unsigned char a[4] = {1, 2, 3, 4}, b[4] = {1, 2, 3, 4};
    HN_ASSERT_MEM_EQ(a, b, sizeof a);
    HN_ASSERT_NEAR(0.1 + 0.2, 0.3, 1e-9);
    HN_ASSERT_NULL(NULL);
    HN_ASSERT_NOT_NULL(a);
}

HN_TEST(checks, all_hold)
{
    unsigned char a[2] = {7, 8};
    HN_CHECK(1 < 2);
    HN_CHECK_EQ(1, 1);
    HN_CHECK_NE(1, 2);
    HN_CHECK_LT(1, 2);
    HN_CHECK_LE(2, 2);
    HN_CHECK_GT(3, 2);
    HN_CHECK_GE(3, 3);
    HN_CHECK_STR_EQ("x", "x");
    HN_CHECK_STR_NE("x", "y");
    HN_CHECK_STR_CONTAINS("xyz", "y");
    HN_CHECK_MEM_EQ(a, a, 2);
    HN_CHECK_NEAR(1.0, 1.0, 0.0);
    HN_CHECK_NULL(NULL);
    HN_CHECK_NOT_NULL(a);
}

HN_TEST(log, is_shown_with_the_result)
{
    HN_LOG("the answer is %d", 42);
    HN_ASSERT_EQ(6 * 7, 42);
}
