/* SPDX-License-Identifier: MIT */
/* weather_test.c: a suite of the weather client that runs against the
 * hand-rolled stubs in weather_stub.c and geo_stub.c, and with a double of
 * the geocoding service whose out-parameter HN_FILLS fills. */
#include <honest.h>

#include "shop.h"

HN_DOUBLE(int, geo_lookup, const char *, const char **);

HN_TEST(weather, temperature_in_oslo)
{
    HN_ASSERT_EQ(shop_number(weather_fetch("Oslo"), "temp"), -3);
}

HN_TEST(weather, where_oslo_is)
{
    char body[128];
    HN_ASSERT_EQ(geo_fetch("Oslo", body, sizeof body), 0);
    HN_ASSERT_STR_CONTAINS(body, "\"lat\":59.9");
}

HN_TEST(weather, coordinates_from_a_double)
{
    const char *body = NULL;
    HN_FILLS(geo_lookup, 1, "{\"lat\":60,\"lon\":5}");
    HN_ASSERT_EQ(geo_lookup("Bergen", &body), 0);
    HN_ASSERT_EQ(shop_number(body, "lat"), 60);
}
