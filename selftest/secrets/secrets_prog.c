/* SPDX-License-Identifier: MIT */
/* secrets_prog.c: a test program whose code under test is a libcurl client
 * sending every kind of secret (query, headers, cookie, JSON body) to the
 * secrets provider, answered by HN_HTTP_FIXTURES; run by secrets_test.c with
 * --record=all and --live. ST_BASE names the provider, ST_FIXTURES the
 * fixtures directory; the secrets come from the environment. */
#include <honest.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t keep(char *p, size_t size, size_t n, void *data)
{
    (void)p;
    *(size_t *)data += size * n;
    return size * n;
}

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v ? v : "";
}

/* The code under test: one POST carrying every secret; the status. */
static long call_api(void)
{
    char url[1024], line[4][512], body[2048];
    snprintf(url, sizeof url, "%s/api?api_key=%s&token=%s&page=2", env("ST_BASE"),
             env("API_KEY"), env("TOKEN"));
    snprintf(line[0], sizeof line[0], "Authorization: Bearer %s", env("AUTHORIZATION"));
    snprintf(line[1], sizeof line[1], "X-Api-Key: %s", env("X_API_KEY"));
    snprintf(line[2], sizeof line[2], "Cookie: %s", env("COOKIE"));
    snprintf(line[3], sizeof line[3], "X-Custom-Sig: %s", env("CUSTOM_CREDENTIAL"));
    snprintf(body, sizeof body,
             "{\"user\":\"alice\",\"password\":\"%s\",\"client_secret\":\"%s\","
             "\"refresh_token\":\"%s\",\"nested\":{\"access_token\":\"%s\"}}",
             env("PASSWORD"), env("CLIENT_SECRET"), env("REFRESH_TOKEN"), env("ACCESS_TOKEN"));
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    for (int i = 0; i < 4; i++)
        h = curl_slist_append(h, line[i]);
    CURL *c = curl_easy_init();
    size_t got = 0;
    long status = 0;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &got);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    HN_LOG("status %ld, %zu bytes", status, got);
    return status;
}

HN_TEST(secrets, client_sends_every_kind_of_secret)
{
    HN_HTTP_FIXTURES(getenv("ST_FIXTURES"));
    HN_ASSERT_EQ(call_api(), 200);
}
