/* SPDX-License-Identifier: MIT */
/* users_fetch.c: the HTTP call (libcurl), in a file of its own so that the
 * tests' link seam reaches calls to it from profile.c. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

static char body[64 * 1024];
static size_t used;

static size_t on_data(char *p, size_t size, size_t n, void *data)
{
    (void)data;
    size_t len = size * n;
    if (used + len >= sizeof body)
        return 0;
    memcpy(body + used, p, len);
    used += len;
    body[used] = '\0';
    return len;
}

const char *users_fetch(int id)
{
    const char *base = getenv("USERS_API");
    char url[512];
    snprintf(url, sizeof url, "%s/v1/users/%d", base ? base : "https://users.example.com", id);
    CURL *c = curl_easy_init();
    if (!c)
        return NULL;
    used = 0;
    body[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    long status = 0;
    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    return rc == CURLE_OK && status == 200 ? body : NULL;
}
