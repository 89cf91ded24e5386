/* SPDX-License-Identifier: MIT */
/* replay_prog.c: the program the import selftests run on imported fixtures:
 * plain libcurl code, as a user's client would be, answered from the fixture
 * directory ST_FIXTURES by HN_HTTP_FIXTURES. ST_REQUESTS holds one request a
 * line, fields separated by tabs: METHOD, URL, then "Name: value" headers and
 * a body (a JSON field starting with '{', or any text after "body="). Each
 * answer goes to ST_OUT as
 * "STATUS CONTENT-TYPE BYTES\nBODY\n", or "curl error N: TEXT\n". */
#include <honest.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sink {
    char *data;
    size_t len;
} sink;

static size_t collect(char *p, size_t size, size_t n, void *data)
{
    sink *s = data;
    char *grown = realloc(s->data, s->len + size * n + 1);
    if (!grown)
        return 0;
    memcpy(grown + s->len, p, size * n);
    s->len += size * n;
    grown[s->len] = '\0';
    s->data = grown;
    return size * n;
}

/* Sends one request and appends its answer to out. */
static void one(FILE *out, char *line)
{
    char *save = NULL, *method = strtok_r(line, "\t", &save), *url = strtok_r(NULL, "\t", &save);
    char *body = NULL;
    HN_ASSERT_NOT_NULL(url);
    CURL *c = curl_easy_init();
    struct curl_slist *h = NULL;
    for (char *f = strtok_r(NULL, "\t", &save); f; f = strtok_r(NULL, "\t", &save))
        if (f[0] == '{')
            body = f;
        else if (!strncmp(f, "body=", 5))
            body = f + 5;
        else
            h = curl_slist_append(h, f);
    sink s = {0};
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
    if (body)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    if (rc != CURLE_OK) { /* a fixture that stands for a transport failure */
        fprintf(out, "curl error %d: %s\n", (int)rc, curl_easy_strerror(rc));
        free(s.data);
        curl_slist_free_all(h);
        curl_easy_cleanup(c);
        return;
    }
    char *ctype = NULL;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ctype);
    fprintf(out, "%ld %s %zu\n%s\n", status, ctype ? ctype : "-", s.len, s.data ? s.data : "");
    free(s.data);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

HN_TEST(replay, requests)
{
    const char *dir = getenv("ST_FIXTURES"), *list = getenv("ST_REQUESTS");
    const char *path = getenv("ST_OUT");
    HN_ASSERT_NOT_NULL(dir);
    HN_ASSERT_NOT_NULL(list);
    HN_ASSERT_NOT_NULL(path);
    HN_ASSERT_GT(HN_HTTP_FIXTURES(dir), 0);
    FILE *out = fopen(path, "w");
    HN_ASSERT_NOT_NULL(out);
    char *copy = strdup(list), *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        one(out, line);
    free(copy);
    fclose(out);
}
