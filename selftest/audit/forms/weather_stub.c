/* SPDX-License-Identifier: MIT */
/* weather_stub.c: a hand-rolled stub of the weather service, linked into
 * the weather suite in place of the real client. */
#define _GNU_SOURCE /* first, before any include: honest.h goes after it */
#include "shop.h"

#include <string.h>

const char *weather_fetch(const char *city)
{
    if (!strcmp(city, "nowhere"))
        return NULL;
    return "{\"city\":\"Oslo\",\"temp\":-3}";
}
