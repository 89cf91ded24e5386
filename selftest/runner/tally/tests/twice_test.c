/* SPDX-License-Identifier: MIT */
/* twice_test.c: a stub of the double doubles.h declares. */
#include "doubles.h"

HN_TEST(tally, twice_reaches_the_double)
{
    HN_RETURNS(tally_add, 50);
    HN_ASSERT_EQ(tally_twice(1), 50);
}
