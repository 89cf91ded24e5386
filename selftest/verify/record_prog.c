/* SPDX-License-Identifier: MIT */
/* record_prog.c: a test program whose code under test is a plain libcurl
 * client, answered by HN_HTTP_FIXTURES; run by record_live_test.c with
 * --record against the provider. ST_FIXTURES names the fixtures (a directory
 * or a file), ST_BASE the provider ("http://127.0.0.1:PORT"). */
#include <honest.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sink {
    char data[4096];
    size_t len;
} sink;

static size_t keep(char *p, size_t size, size_t n, void *data)
{
    sink *s = data;
    size_t len = size * n;
    if (s->len + len < sizeof s->data) {
        memcpy(s->data + s->len, p, len);
        s->len += len;
        s->data[s->len] = '\0';
    }
    return len;
}

/* The code under test: GET base + path with a bearer token; the status. */
static long fetch(const char *path, sink *out)
{
    char url[512];
    snprintf(url, sizeof url, "%s%s", getenv("ST_BASE"), path);
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Authorization: Bearer prog-secret-token-42");
    long status = 0;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return status;
}

HN_TEST(recording, stable_item)
{
    HN_HTTP_FIXTURES(getenv("ST_FIXTURES"));
    sink s = {{0}, 0};
    HN_ASSERT_EQ(fetch("/v1/stable", &s), 200);
    HN_ASSERT_STR_CONTAINS(s.data, "\"name\":\"stable\"");
}

HN_TEST(recording, echo_keeps_no_secret)
{
    HN_HTTP_FIXTURES(getenv("ST_FIXTURES"));
    sink s = {{0}, 0};
    HN_ASSERT_EQ(fetch("/echo", &s), 200);
    HN_ASSERT_STR_CONTAINS(s.data, "\"method\":\"GET\"");
}
