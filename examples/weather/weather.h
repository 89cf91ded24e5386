/* SPDX-License-Identifier: MIT */
/* weather.h: a small client for the (imaginary) api.weather.example service,
 * written against plain libcurl and cJSON. Nothing in it knows about tests. */
#ifndef WX_WEATHER_H
#define WX_WEATHER_H

#include <stddef.h>

typedef enum wx_status {
    WX_OK = 0,
    WX_NOT_FOUND,    /* 404: no such city */
    WX_RATE_LIMITED, /* 429: retry after wx_error.retry_after_s */
    WX_SERVER_ERROR, /* 5xx */
    WX_TIMEOUT,      /* no answer in time */
    WX_NETWORK,      /* DNS, connection, TLS */
    WX_BAD_RESPONSE  /* an answer that is not what the API documents */
} wx_status;

/* What went wrong, filled by every call that takes one. */
typedef struct wx_error {
    wx_status status;
    long http_status;   /* 0 when no HTTP answer came */
    long retry_after_s; /* WX_RATE_LIMITED: from Retry-After */
    char message[256];
} wx_error;

typedef struct wx_current {
    char city[64];
    char country[8];
    double temp_c;
    double feels_like_c;
    int humidity;         /* percent */
    char conditions[64];  /* "Overcast clouds" */
} wx_current;

typedef struct wx_day {
    char date[11];        /* YYYY-MM-DD */
    double min_c, max_c;
    double rain_mm;
    char conditions[64];
} wx_day;

typedef struct wx_client wx_client;

/* A client for the service at base_url ("https://api.weather.example")
 * sending api_key; both are copied. NULL when out of memory. */
wx_client *wx_client_new(const char *base_url, const char *api_key);
void wx_client_free(wx_client *c);

/* The weather now in city. */
wx_status wx_current_get(wx_client *c, const char *city, wx_current *out, wx_error *err);
/* Up to cap days of forecast for city (days asked for); *n days written. */
wx_status wx_forecast_get(wx_client *c, const char *city, int days, wx_day *out, size_t cap,
                          size_t *n, wx_error *err);
/* Subscribes email to an alert when city drops below threshold_c; the new
 * alert's id is written into id (idlen bytes). */
wx_status wx_alert_create(wx_client *c, const char *city, const char *email,
                          double threshold_c, char *id, size_t idlen, wx_error *err);

/* "ok", "not_found", ... */
const char *wx_status_name(wx_status s);

#endif
