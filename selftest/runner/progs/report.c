/* SPDX-License-Identifier: MIT */
/* report.c: selftest subject for the report formats: one test of each
 * outcome (passed, failed with a log line and output, skipped two ways,
 * crashed, timed out, expected exit, asserted nothing), markup that needs
 * escaping, output that is not UTF-8, and a parameterized suite. */
#include <honest.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

HN_TEST(report, passes)
{
    HN_ASSERT_EQ(1 + 1, 2);
}

HN_TEST(report, fails)
{
    const char *got = "<a & \"b\">";
    HN_LOG("checking the markup");
    printf("output of a failing test\n");
    HN_ASSERT_STR_EQ(got, "<a>");
}

HN_TEST(report, skipped, .skip = "not on this platform")
{
    HN_ASSERT(1);
}

HN_TEST(report, skips_itself)
{
    HN_SKIP("no network");
}

HN_TEST(report, crashes)
{
    HN_ASSERT(1);
    raise(SIGSEGV);
}

HN_TEST(report, times_out, .timeout_ms = 100)
{
    HN_ASSERT(1);
    for (;;)
        pause();
}

HN_TEST(report, exits, .expect_exit = 3)
{
    exit(3);
}

HN_TEST(report, asserts_nothing)
{
}

HN_TEST(report, prints_bytes)
{
    printf("bell \a, invalid \xff, accent \xc3\xa9\n");
    HN_ASSERT(1);
}

typedef struct num_case {
    const char *name;
    int n;
} num_case;

static const num_case nums[] = {{"small", 1}, {"big", 1000}};

HN_TEST_PN(numbers, below_100, num_case, nums, name)
{
    HN_ASSERT_LT(HN_PARAM->n, 100);
}
