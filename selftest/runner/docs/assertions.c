/* SPDX-License-Identifier: MIT */
/* assertions.c: what failing assertions print, as docs/runner.md shows it. */
#include <honest.h>

#include <limits.h>

HN_TEST(shown, integers)
{
    int got = -1;
    HN_CHECK_EQ(got, UINT_MAX); /* compared by value: -1 is not UINT_MAX */
    HN_CHECK_GT(got, 0);
}

HN_TEST(shown, strings)
{
    HN_CHECK_STR_EQ("line one\nline 2", "line one\nline two");
    HN_CHECK_STR_CONTAINS("connection refused", "timeout");
}

HN_TEST(shown, memory)
{
    unsigned char got[] = {0xde, 0xad, 0xbe, 0xef}, want[] = {0xde, 0xad, 0xbe, 0xee};
    HN_ASSERT_MEM_EQ(got, want, sizeof got);
}

HN_TEST(shown, floats_and_pointers)
{
    HN_CHECK_NEAR(3.14159, 22.0 / 7.0, 0.001);
    HN_CHECK_NULL((void *)0x1000);
}
