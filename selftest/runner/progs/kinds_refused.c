/* SPDX-License-Identifier: MIT */
/* kinds_refused.c: must NOT compile (runner_outcomes.
 * operands_of_no_comparable_kind_do_not_compile): a struct and a bit-field
 * are operands an assertion cannot pass on and print. Not built. */
#include <honest.h>

struct point {
    int x, y;
};
struct flags {
    unsigned ready : 1;
};

HN_TEST(kinds_refused, struct_and_bit_field)
{
    struct point p = {1, 2};
    struct flags f = {1};
    HN_ASSERT_EQ(p, p);
    HN_CHECK_NE(f.ready, 0);
}
