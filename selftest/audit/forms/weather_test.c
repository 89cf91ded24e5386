/* SPDX-License-Identifier: MIT */
/* weather_test.c: a suite of the weather client that runs against the
 * hand-rolled stub in weather_stub.c. */
#include <honest.h>

#include "shop.h"

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
