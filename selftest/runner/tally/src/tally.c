/* SPDX-License-Identifier: MIT */
/* tally.c: tally_add, and tally_sum3, whose calls to it stay inside this
 * file (no link seam reaches them). */
#include "tally.h"

int tally_add(int a, int b)
{
    return a + b;
}

int tally_sum3(int a, int b, int c)
{
    return tally_add(tally_add(a, b), c);
}
