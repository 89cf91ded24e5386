/* SPDX-License-Identifier: MIT */
/* hidden_test.c: a double declared through a macro of the project's own,
 * which honest_add_test cannot see: the run must say so. */
#include <honest.h>

#include "tally.h"

#define TALLY_DOUBLE(...) HN_DOUBLE(__VA_ARGS__)
TALLY_DOUBLE(int, tally_add, int, int);

HN_TEST(hidden, twice_misses_the_double)
{
    HN_RETURNS(tally_add, 50);
    HN_ASSERT_EQ(tally_twice(1), 50);
}
