/* SPDX-License-Identifier: MIT */
/* weather.c: the api.weather.example client: requests with libcurl, answers
 * parsed with cJSON, every failure turned into a wx_status with a message. */
#include "weather.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct wx_client {
    char *base_url;
    char *api_key;
};

typedef struct response {
    long status;
    char *body;
    size_t len;
    char content_type[128];
} response;

static wx_status fail(wx_error *err, wx_status s, long http, const char *fmt, ...)
{
    va_list ap;
    err->status = s;
    err->http_status = http;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return s;
}

wx_client *wx_client_new(const char *base_url, const char *api_key)
{
    wx_client *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->base_url = strdup(base_url);
    c->api_key = strdup(api_key);
    if (!c->base_url || !c->api_key) {
        wx_client_free(c);
        return NULL;
    }
    return c;
}

void wx_client_free(wx_client *c)
{
    if (!c)
        return;
    free(c->base_url);
    free(c->api_key);
    free(c);
}

const char *wx_status_name(wx_status s)
{
    static const char *const names[] = {"ok", "not_found", "rate_limited", "server_error",
                                        "timeout", "network", "bad_response"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}

/* ---- HTTP --------------------------------------------------------------- */

static size_t collect(char *p, size_t size, size_t n, void *data)
{
    response *r = data;
    char *more = realloc(r->body, r->len + size * n + 1);
    if (!more)
        return 0;
    r->body = more;
    memcpy(r->body + r->len, p, size * n);
    r->len += size * n;
    r->body[r->len] = '\0';
    return size * n;
}

/* Sends method to base_url + path (with JSON body when not NULL) and fills r.
 * Returns WX_OK when an HTTP answer came, whatever its status. */
static wx_status request(wx_client *c, const char *method, const char *path, const char *body,
                         response *r, wx_error *err)
{
    char url[1024], key[512], curl_err[CURL_ERROR_SIZE] = "";
    CURL *h = curl_easy_init();
    if (!h)
        return fail(err, WX_NETWORK, 0, "libcurl could not start");
    snprintf(url, sizeof url, "%s%s", c->base_url, path);
    snprintf(key, sizeof key, "X-Api-Key: %s", c->api_key);
    struct curl_slist *headers = curl_slist_append(NULL, key);
    headers = curl_slist_append(headers, "Accept: application/json");
    if (body) {
        headers = curl_slist_append(headers, "Content-Type: application/json");
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    }
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, curl_err);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
    CURLcode rc = curl_easy_perform(h);
    wx_status s = WX_OK;
    if (rc == CURLE_OPERATION_TIMEDOUT) {
        s = fail(err, WX_TIMEOUT, 0, "%s timed out: %s", url, curl_err);
    } else if (rc != CURLE_OK) {
        s = fail(err, WX_NETWORK, 0, "%s failed: %s", url,
                 curl_err[0] ? curl_err : curl_easy_strerror(rc));
    } else {
        char *ct = NULL;
        curl_off_t retry = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
        curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct);
        curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &retry);
        snprintf(r->content_type, sizeof r->content_type, "%s", ct ? ct : "");
        err->retry_after_s = (long)retry;
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    return s;
}

/* The API's error text: {"error": {"message": "..."}}, or the status. */
static void error_message(const response *r, char *buf, size_t size)
{
    cJSON *doc = cJSON_ParseWithLength(r->body ? r->body : "", r->len);
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(doc, "error"), "message");
    if (cJSON_IsString(msg))
        snprintf(buf, size, "%s", msg->valuestring);
    else
        snprintf(buf, size, "HTTP %ld", r->status);
    cJSON_Delete(doc);
}

/* Sends the request and returns the parsed JSON answer of a 2xx, or NULL
 * with err filled. The caller deletes the tree. */
static cJSON *call(wx_client *c, const char *method, const char *path, const char *body,
                   wx_error *err)
{
    response r = {0};
    cJSON *doc = NULL;
    char text[200];
    memset(err, 0, sizeof *err);
    if (request(c, method, path, body, &r, err) != WX_OK)
        goto out;
    if (r.status < 200 || r.status > 299) {
        error_message(&r, text, sizeof text);
        wx_status s = r.status == 404   ? WX_NOT_FOUND
                      : r.status == 429 ? WX_RATE_LIMITED
                      : r.status >= 500 ? WX_SERVER_ERROR
                                        : WX_BAD_RESPONSE;
        fail(err, s, r.status, "%s %s: %s", method, path, text);
        goto out;
    }
    if (strncmp(r.content_type, "application/json", 16) != 0) {
        fail(err, WX_BAD_RESPONSE, r.status, "%s %s: expected JSON, got \"%s\"", method, path,
             r.content_type);
        goto out;
    }
    doc = cJSON_ParseWithLength(r.body ? r.body : "", r.len);
    if (!doc)
        fail(err, WX_BAD_RESPONSE, r.status, "%s %s: the body is not JSON", method, path);
out:
    free(r.body);
    return doc;
}

/* ---- fields ------------------------------------------------------------- */

static int number(const cJSON *obj, const char *name, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!cJSON_IsNumber(v))
        return -1;
    *out = v->valuedouble;
    return 0;
}

static int text(const cJSON *obj, const char *name, char *out, size_t size)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!cJSON_IsString(v))
        return -1;
    snprintf(out, size, "%s", v->valuestring);
    return 0;
}

static wx_status bad_field(wx_error *err, const char *what, const char *field)
{
    return fail(err, WX_BAD_RESPONSE, 200, "%s: field \"%s\" is missing or of the wrong type",
                what, field);
}

static char *escaped(const char *s)
{
    char *e = curl_easy_escape(NULL, s, 0);
    char *copy = e ? strdup(e) : NULL;
    curl_free(e);
    return copy;
}

wx_status wx_current_get(wx_client *c, const char *city, wx_current *out, wx_error *err)
{
    char path[512];
    char *q = escaped(city);
    snprintf(path, sizeof path, "/v1/current?city=%s&units=metric", q ? q : "");
    free(q);
    cJSON *doc = call(c, "GET", path, NULL, err);
    if (!doc)
        return err->status;
    double humidity = 0;
    const cJSON *cond = cJSON_GetObjectItemCaseSensitive(doc, "conditions");
    memset(out, 0, sizeof *out);
    const char *field = text(doc, "city", out->city, sizeof out->city)          ? "city"
                        : text(doc, "country", out->country, sizeof out->country) ? "country"
                        : number(doc, "temp_c", &out->temp_c)                     ? "temp_c"
                        : number(doc, "feels_like_c", &out->feels_like_c) ? "feels_like_c"
                        : number(doc, "humidity", &humidity)              ? "humidity"
                        : text(cond, "text", out->conditions, sizeof out->conditions)
                            ? "conditions.text"
                            : NULL;
    out->humidity = (int)humidity;
    cJSON_Delete(doc);
    return field ? bad_field(err, "current weather", field) : WX_OK;
}

wx_status wx_forecast_get(wx_client *c, const char *city, int days, wx_day *out, size_t cap,
                          size_t *n, wx_error *err)
{
    char path[512];
    char *q = escaped(city);
    snprintf(path, sizeof path, "/v1/forecast?city=%s&days=%d", q ? q : "", days);
    free(q);
    *n = 0;
    cJSON *doc = call(c, "GET", path, NULL, err);
    if (!doc)
        return err->status;
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "days"), *d;
    wx_status s = cJSON_IsArray(list) ? WX_OK : bad_field(err, "forecast", "days");
    cJSON_ArrayForEach(d, list)
    {
        if (s != WX_OK || *n == cap)
            break;
        wx_day *day = &out[*n];
        if (text(d, "date", day->date, sizeof day->date) || number(d, "min_c", &day->min_c) ||
            number(d, "max_c", &day->max_c) || number(d, "rain_mm", &day->rain_mm) ||
            text(d, "conditions", day->conditions, sizeof day->conditions))
            s = bad_field(err, "forecast", "days[]");
        else
            (*n)++;
    }
    cJSON_Delete(doc);
    return s;
}

wx_status wx_alert_create(wx_client *c, const char *city, const char *email,
                          double threshold_c, char *id, size_t idlen, wx_error *err)
{
    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "city", city);
    cJSON_AddStringToObject(req, "email", email);
    cJSON_AddNumberToObject(req, "threshold_c", threshold_c);
    char *body = cJSON_PrintUnformatted(req);
    cJSON_Delete(req);
    if (!body)
        return fail(err, WX_NETWORK, 0, "out of memory");
    cJSON *doc = call(c, "POST", "/v1/alerts", body, err);
    free(body);
    if (!doc)
        return err->status;
    wx_status s = text(doc, "id", id, idlen) ? bad_field(err, "alert", "id") : WX_OK;
    cJSON_Delete(doc);
    return s;
}
