/* SPDX-License-Identifier: MIT */
/* geo_stub.c: a hand-rolled stub that copies its canned answer into the
 * caller's buffer (an out-parameter): migrate writes the fixture but leaves
 * the copy to be rewritten by hand. */
#include "shop.h"

#include <string.h>

int geo_fetch(const char *place, char *out, unsigned size)
{
    (void)place;
    if (size < 64)
        return -1;
    strcpy(out, "{\"lat\":59.9,\"lon\":10.7}");
    return 0;
}
