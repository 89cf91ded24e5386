/* SPDX-License-Identifier: MIT */
/* client.c: a small libcurl client written as users write them (write and
 * header callbacks, error buffer, getinfo); the code under test of selftest/http. */
#include "client.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sink {
    char *data;
    size_t len, calls, limit;
    int pause;       /* pauses left to ask for */
    CURL *curl;
} sink;

static size_t append(sink *s, const char *p, size_t n)
{
    char *more = realloc(s->data, s->len + n + 1);
    if (!more)
        return 0;
    s->data = more;
    memcpy(s->data + s->len, p, n);
    s->len += n;
    s->data[s->len] = '\0';
    s->calls++;
    return n;
}

static size_t on_body(char *p, size_t size, size_t n, void *data)
{
    sink *s = data;
    if (s->pause > 0) {
        s->pause--;
        return CURL_WRITEFUNC_PAUSE;
    }
    if (s->limit && s->len + size * n > s->limit)
        return 0;
    return append(s, p, size * n);
}

static size_t on_header(char *p, size_t size, size_t n, void *data)
{
    return append(data, p, size * n);
}

static int on_progress(void *data, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    sink *s = data;
    (void)dt, (void)dn, (void)ut, (void)un;
    curl_easy_pause(s->curl, CURLPAUSE_CONT);
    return 0;
}

typedef struct upload {
    const char *p;
    size_t left;
} upload;

static size_t on_read(char *buf, size_t size, size_t n, void *data)
{
    upload *u = data;
    size_t k = size * n < u->left ? size * n : u->left;
    memcpy(buf, u->p, k);
    u->p += k;
    u->left -= k;
    return k;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void method(CURL *c, const cl_request *rq, upload *up)
{
    const char *m = rq->method ? rq->method : "GET";
    if (!strcmp(m, "POST")) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body ? rq->body : "");
    } else if (!strcmp(m, "PUT")) {
        up->p = rq->body ? rq->body : "";
        up->left = strlen(up->p);
        curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
        curl_easy_setopt(c, CURLOPT_READDATA, up);
        curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)up->left);
    } else if (!strcmp(m, "HEAD")) {
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    } else if (strcmp(m, "GET") != 0) {
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, m);
        if (rq->body)
            curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body);
    }
}

CURLcode cl_perform(const cl_request *rq, cl_response *out)
{
    memset(out, 0, sizeof *out);
    sink body = {.limit = rq->write_limit, .pause = rq->pause ? 1 : 0};
    sink head = {0};
    upload up = {0};
    struct curl_slist *list = NULL;
    CURL *c = curl_easy_init();
    if (!c)
        return out->rc = CURLE_FAILED_INIT;
    body.curl = c;
    for (const char *const *h = rq->headers; h && *h; h++)
        list = curl_slist_append(list, *h);
    curl_easy_setopt(c, CURLOPT_URL, rq->url);
    method(c, rq, &up);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &head);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, out->error);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, (long)rq->follow);
    curl_easy_setopt(c, CURLOPT_FAILONERROR, (long)rq->failonerror);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    if (rq->pause == 1) {
        curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(c, CURLOPT_XFERINFODATA, &body);
        curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    }
    out->rc = curl_easy_perform(c);
    char *ct = NULL, *url = NULL;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
    curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &url);
    curl_easy_getinfo(c, CURLINFO_REDIRECT_COUNT, &out->redirects);
    out->content_type = dup_or_null(ct);
    out->effective_url = dup_or_null(url);
    out->body = body.data ? body.data : strdup("");
    out->body_len = body.len;
    out->body_calls = body.calls;
    out->headers = head.data ? head.data : strdup("");
    out->headers_len = head.len;
    out->header_calls = head.calls;
    curl_easy_cleanup(c);
    curl_slist_free_all(list);
    return out->rc;
}

void cl_response_free(cl_response *out)
{
    free(out->content_type);
    free(out->effective_url);
    free(out->headers);
    free(out->body);
    memset(out, 0, sizeof *out);
}

int cl_user_name(const char *id, char *name, size_t size)
{
    char url[256];
    cl_response r;
    snprintf(url, sizeof url, "https://api.example.com/v1/users/%s", id);
    if (cl_perform(&(cl_request){.url = url}, &r) != CURLE_OK || r.status != 200) {
        cl_response_free(&r);
        return -1;
    }
    cJSON *doc = cJSON_Parse(r.body);
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(doc, "name");
    int ok = cJSON_IsString(n) && snprintf(name, size, "%s", n->valuestring) >= 0;
    cJSON_Delete(doc);
    cl_response_free(&r);
    return ok ? 0 : -1;
}
