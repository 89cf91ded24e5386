/* SPDX-License-Identifier: MIT */
/* dup_a.c: selftest subject, one of two files that declare the same suite
 * and define the same test (dup_b.c has the others): the program must stop
 * at start naming both places of each, and run nothing. */
#include <honest.h>

#include <stdio.h>

static void setup_a(void)
{
}

HN_SUITE(shared, .setup = setup_a);

HN_TEST(shared, twice)
{
    puts("ran twice (a)");
}

HN_TEST(shared, once_a)
{
    puts("ran once_a");
}

typedef struct dup_case {
    const char *name;
    int n;
} dup_case;

static const dup_case cases[] = {{"one", 1}, {"two", 2}};

/* Cases of one parameterized test are not duplicates of each other. */
HN_TEST_PN(shared, cased, dup_case, cases, name)
{
    HN_ASSERT_GT(HN_PARAM->n, 0);
}
