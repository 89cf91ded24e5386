/* SPDX-License-Identifier: MIT */
/* test_weather.c: the weather client tested against recorded answers of the
 * service (fixtures/), with no network: HN_HTTP_FIXTURES answers its libcurl
 * calls, and weather.c does not change. */
#include <honest.h>

#include "weather.h"

static wx_client *client;

static void open_client(void)
{
    client = wx_client_new("https://api.weather.example", "test-key-123");
    HN_ASSERT_NOT_NULL(client);
}

static void close_client(void)
{
    wx_client_free(client);
}

HN_SUITE(weather, .setup = open_client, .teardown = close_client);

/* ---- parsing ------------------------------------------------------------ */

HN_TEST(weather, current_conditions_are_parsed)
{
    HN_HTTP_FIXTURES("fixtures/current_paris.json");
    wx_current now;
    wx_error err;
    HN_ASSERT_EQ(wx_current_get(client, "Paris", &now, &err), WX_OK);
    HN_ASSERT_STR_EQ(now.city, "Paris");
    HN_ASSERT_STR_EQ(now.country, "FR");
    HN_ASSERT_NEAR(now.temp_c, 11.4, 1e-9);
    HN_ASSERT_NEAR(now.feels_like_c, 9.8, 1e-9);
    HN_ASSERT_EQ(now.humidity, 81);
    HN_ASSERT_STR_EQ(now.conditions, "Overcast clouds");
    /* What the client sent, as libcurl would have sent it. */
    HN_ASSERT_STR_EQ(hn_http_request_header(0, "X-Api-Key"), "test-key-123");
    HN_ASSERT_STR_EQ(hn_http_request_header(0, "Accept"), "application/json");
}

HN_TEST(weather, forecast_days_are_parsed)
{
    HN_HTTP_FIXTURES("fixtures/forecast_paris_3.json");
    wx_day days[5];
    size_t n = 0;
    wx_error err;
    HN_ASSERT_EQ(wx_forecast_get(client, "Paris", 3, days, 5, &n, &err), WX_OK);
    HN_ASSERT_EQ(n, 3);
    HN_ASSERT_STR_EQ(days[0].date, "2026-11-02");
    HN_ASSERT_NEAR(days[2].rain_mm, 2.5, 1e-9);
    HN_ASSERT_STR_EQ(days[1].conditions, "cloudy");
}

HN_TEST(weather, forecast_stops_at_capacity)
{
    HN_HTTP_FIXTURES("fixtures/forecast_paris_3.json");
    wx_day days[2];
    size_t n = 0;
    wx_error err;
    HN_ASSERT_EQ(wx_forecast_get(client, "Paris", 3, days, 2, &n, &err), WX_OK);
    HN_ASSERT_EQ(n, 2);
}

HN_TEST(weather, city_names_are_escaped)
{
    /* This fixture is deliberately old: the run's summary lists it as stale. */
    HN_HTTP_FIXTURES("fixtures/forecast_san_jose_old.json");
    wx_day day;
    size_t n = 0;
    wx_error err;
    HN_ASSERT_EQ(wx_forecast_get(client, "San José", 1, &day, 1, &n, &err), WX_OK);
    HN_ASSERT_STR_EQ(hn_http_request_url(0),
                     "https://api.weather.example/v1/forecast?city=San%20Jos%C3%A9&days=1");
    HN_ASSERT_STR_EQ(day.conditions, "sunny");
}

HN_TEST(weather, alert_is_posted_as_json)
{
    /* The fixture's request body must match: city, threshold and an email
     * (any, by its ${ALERT_EMAIL} placeholder), in any key order. */
    HN_HTTP_FIXTURES("fixtures/alert_create.json");
    char id[32];
    wx_error err;
    HN_ASSERT_EQ(wx_alert_create(client, "Paris", "ops@example.org", -5, id, sizeof id, &err),
                 WX_OK);
    HN_ASSERT_STR_EQ(id, "alrt_8f2c");
    HN_ASSERT_STR_EQ(hn_http_request_method(0), "POST");
}

/* ---- error paths -------------------------------------------------------- */

HN_TEST(weather, unknown_city_is_not_found)
{
    HN_HTTP_FIXTURES("fixtures/current_atlantis_404.json");
    wx_current now;
    wx_error err;
    HN_ASSERT_EQ(wx_current_get(client, "Atlantis", &now, &err), WX_NOT_FOUND);
    HN_ASSERT_EQ(err.http_status, 404);
    HN_ASSERT_STR_CONTAINS(err.message, "No city named Atlantis");
}

HN_TEST(weather, server_error_is_reported)
{
    HN_HTTP_FIXTURES("fixtures/current_lyon_500.json");
    wx_current now;
    wx_error err;
    HN_ASSERT_EQ(wx_current_get(client, "Lyon", &now, &err), WX_SERVER_ERROR);
    HN_ASSERT_EQ(err.http_status, 500);
    HN_ASSERT_STR_CONTAINS(err.message, "HTTP 500");
}

HN_TEST(weather, timeout_is_reported)
{
    HN_HTTP_FIXTURES("fixtures/current_oslo_timeout.json");
    wx_current now;
    wx_error err;
    HN_ASSERT_EQ(wx_current_get(client, "Oslo", &now, &err), WX_TIMEOUT);
    HN_ASSERT_EQ(err.http_status, 0);
    HN_ASSERT_STR_CONTAINS(err.message, "timed out");
}

HN_TEST(weather, malformed_body_is_a_bad_response)
{
    HN_HTTP_FIXTURES("fixtures/current_lima_malformed.json");
    wx_current now;
    wx_error err;
    HN_ASSERT_EQ(wx_current_get(client, "Lima", &now, &err), WX_BAD_RESPONSE);
    HN_ASSERT_STR_CONTAINS(err.message, "the body is not JSON");
}

HN_TEST(weather, temperature_as_string_is_a_bad_response)
{
    HN_HTTP_FIXTURES("fixtures/current_rome_string_temp.json");
    wx_current now;
    wx_error err;
    HN_ASSERT_EQ(wx_current_get(client, "Rome", &now, &err), WX_BAD_RESPONSE);
    HN_ASSERT_STR_CONTAINS(err.message, "\"temp_c\"");
}

HN_TEST(weather, rate_limit_says_when_to_retry)
{
    HN_HTTP_FIXTURES("fixtures/current_berlin_429.json");
    wx_current now;
    wx_error err;
    HN_ASSERT_EQ(wx_current_get(client, "Berlin", &now, &err), WX_RATE_LIMITED);
    HN_ASSERT_EQ(err.retry_after_s, 60);
}
