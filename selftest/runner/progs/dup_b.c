/* SPDX-License-Identifier: MIT */
/* dup_b.c: the second file of the duplicates subject (see dup_a.c). */
#include <honest.h>

#include <stdio.h>

static void setup_b(void)
{
}

HN_SUITE(shared, .setup = setup_b);

HN_TEST(shared, twice)
{
    puts("ran twice (b)");
}

HN_TEST(shared, once_b)
{
    puts("ran once_b");
}
