/* SPDX-License-Identifier: MIT */
/* outside.c: configures a double before main, outside any test: the program
 * must stop with status 2 and say why. */
#include <honest.h>

#include "cut.h"

HN_DOUBLE(int, cut_add, int, int);

__attribute__((constructor(65535))) static void too_early(void)
{
    HN_RETURNS(cut_add, 1);
}

HN_TEST(outside, never_runs)
{
    HN_ASSERT_EQ(cut_twice(1), 1);
}
