/* SPDX-License-Identifier: MIT */
/* shop.c: reading a number from a service's JSON answer (shop.h). */
#include "shop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int shop_number(const char *body, const char *key)
{
    char want[64];
    snprintf(want, sizeof want, "\"%s\":", key);
    const char *at = body ? strstr(body, want) : NULL;
    return at ? atoi(at + strlen(want)) : -1;
}

int geo_lookup(const char *place, const char **out)
{
    (void)place;
    *out = NULL;
    return -1; /* the real one needs the network */
}
