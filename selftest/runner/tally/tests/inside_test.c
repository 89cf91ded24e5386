/* SPDX-License-Identifier: MIT */
/* inside_test.c: fails with a seam miss, in every build type: tally_sum3's
 * calls to tally_add stay inside tally.c. */
#include "doubles.h"

HN_TEST(tally, sum3_is_a_seam_miss)
{
    HN_RETURNS(tally_add, 5);
    HN_ASSERT_EQ(tally_sum3(1, 2, 3), 6);
}
