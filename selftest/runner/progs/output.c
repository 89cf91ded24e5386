/* SPDX-License-Identifier: MIT */
/* output.c: selftest subject whose tests print on stdout and stderr: the
 * output is captured per test and shown for failures (all with
 * --show-output); under --no-fork it goes straight to the terminal. */
#include <honest.h>

#include <stdio.h>

HN_TEST(out, prints)
{
    printf("to stdout\n");
    fflush(stdout);
    fprintf(stderr, "to stderr\n");
    HN_ASSERT(1);
}

HN_TEST(out, fails)
{
    printf("before the failure\n");
    HN_ASSERT_EQ(1, 0);
}
