/* SPDX-License-Identifier: MIT */
/* param.c: selftest subject with parameterized tests: HN_TEST_PN (cases
 * named by a field, index when the name is NULL) and HN_TEST_P (by index). */
#include <honest.h>

#include <stddef.h>

typedef struct square_case {
    const char *name;
    int in, out;
} square_case;

static const square_case squares[] = {
    {"zero", 0, 0},
    {"two", 2, 4},
    {"wrong", 3, 10},
    {NULL, 4, 16},
};

HN_TEST_PN(square, named, square_case, squares, name)
{
    HN_ASSERT_EQ(HN_PARAM->in * HN_PARAM->in, HN_PARAM->out);
}

static const int odd_numbers[] = {1, 3, 4};

HN_TEST_P(odd, by_index, int, odd_numbers)
{
    HN_ASSERT_EQ(*HN_PARAM % 2, 1);
}
