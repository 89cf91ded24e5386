/* SPDX-License-Identifier: MIT */
/* forecast_days.c: the example of docs/http.md for a request that matches no
 * fixture: the weather client asks for five days, the recording has three. */
#include <honest.h>

#include "weather.h"

HN_TEST(weather, five_day_forecast)
{
    HN_HTTP_FIXTURES("forecast_paris_3.json");
    wx_client *client = wx_client_new("https://api.weather.example", "test-key-123");
    wx_day days[5];
    size_t n = 0;
    wx_error err;
    HN_CHECK_EQ(wx_forecast_get(client, "Paris", 5, days, 5, &n, &err), WX_OK);
    wx_client_free(client);
}
