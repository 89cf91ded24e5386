/* SPDX-License-Identifier: MIT */
/* called_with_too_few.c: HN_ASSERT_CALLED_WITH with a matcher fewer than
 * cut_send has parameters. */
#include <honest.h>

#include "cut.h"

HN_DOUBLE(int, cut_send, int, const char *);

HN_TEST(drift, spy_of_old_arity)
{
    HN_ASSERT_CALLED_WITH(cut_send, hn_eq(3));
}
