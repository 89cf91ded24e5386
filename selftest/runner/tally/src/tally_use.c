/* SPDX-License-Identifier: MIT */
/* tally_use.c: tally_twice calls tally_add from another file. */
#include "tally.h"

int tally_twice(int x)
{
    return tally_add(x, x);
}
