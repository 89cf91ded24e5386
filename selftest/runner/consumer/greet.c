/* SPDX-License-Identifier: MIT */
/* greet.c: the library under test of the consumer example. */
#include "greet.h"

#include <stdio.h>

int greet(char *buf, size_t n, const char *name)
{
    if (!name)
        return -1;
    return snprintf(buf, n, "hello, %s", name);
}
