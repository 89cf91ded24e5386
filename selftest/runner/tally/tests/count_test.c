/* SPDX-License-Identifier: MIT */
/* count_test.c: a spy of the same double, from a second test file. */
#include "doubles.h"

HN_TEST(tally, twice_calls_add_once)
{
    HN_CALLS_REAL(tally_add);
    HN_ASSERT_EQ(tally_twice(3), 6);
    HN_ASSERT_CALLED(tally_add, 1);
    HN_ASSERT_EQ(HN_ARG(tally_add, 0, 1), 3);
}
