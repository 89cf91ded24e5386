/* SPDX-License-Identifier: MIT */
/* client.c: the client the variants benchmark's tests call: one libcurl GET
 * with a time limit, the status checked, the JSON answer read field by field
 * (the shape of examples/payments, without its bug). */
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

typedef struct body {
    char *data;
    size_t len;
} body;

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    body *b = ud;
    char *more = realloc(b->data, b->len + size * n + 1);
    if (!more)
        return 0;
    memcpy(more + b->len, p, size * n);
    b->data = more;
    b->len += size * n;
    b->data[b->len] = '\0';
    return size * n;
}

static int text(const cJSON *obj, const char *name, char *dst, size_t cap)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!cJSON_IsString(v) || strlen(v->valuestring) >= cap)
        return -1;
    memcpy(dst, v->valuestring, strlen(v->valuestring) + 1);
    return 0;
}

static int parse(const char *json, bench_item *out)
{
    cJSON *doc = cJSON_Parse(json);
    const cJSON *amount = cJSON_GetObjectItemCaseSensitive(doc, "amount");
    int rc = !cJSON_IsObject(doc) || text(doc, "id", out->id, sizeof out->id) ||
                     text(doc, "status", out->status, sizeof out->status) ||
                     text(doc, "currency", out->currency, sizeof out->currency) ||
                     !cJSON_IsNumber(amount)
                 ? -1
                 : 0;
    if (rc == 0)
        out->amount = amount->valuedouble;
    cJSON_Delete(doc);
    return rc;
}

int bench_get(const char *url, bench_item *out)
{
    body b = {0};
    long status = 0;
    CURL *c = curl_easy_init();
    if (!c)
        return -1;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 2000L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    int result = rc == CURLE_OK && status == 200 ? parse(b.data ? b.data : "", out) : -1;
    free(b.data);
    return result;
}
