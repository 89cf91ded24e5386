/* SPDX-License-Identifier: MIT */
/* target.c: the real f and plus_one, kept apart from the loops in loop.c. */
#include "target.h"

int f(int x)
{
    return x + 1;
}

int plus_one(int x)
{
    return x + 1;
}
