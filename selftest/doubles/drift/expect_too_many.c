/* SPDX-License-Identifier: MIT */
/* expect_too_many.c: an expectation with a matcher more than cut_add has
 * parameters. */
#include <honest.h>

#include "cut.h"

HN_DOUBLE(int, cut_add, int, int);

HN_TEST(drift, extra_matcher)
{
    HN_EXPECT_CALL(cut_add, hn_eq(1), hn_eq(2), hn_eq(3));
}
