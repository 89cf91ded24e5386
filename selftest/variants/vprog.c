/* SPDX-License-Identifier: MIT */
/* vprog.c: the program selftest/variants runs with --variants: libcurl
 * clients answered by HN_HTTP_FIXTURES that print what they received (the
 * body the write callback got, the status, Retry-After, the CURLcode), one
 * answered through HN_STUB_FIXTURE, and clients with the bugs variants must
 * find: a crash on a missing name, a wait without a time limit. */
#include <honest.h>
#include <honest/fixture.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shape.h"

typedef struct got {
    CURLcode rc;
    long status;
    char retry[32];
    char *body;
    size_t len;
} got;

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    got *g = ud;
    g->body = realloc(g->body, g->len + size * n + 1);
    memcpy(g->body + g->len, p, size * n);
    g->len += size * n;
    g->body[g->len] = '\0';
    return size * n;
}

/* GETs url (timeout_ms 0: no time limit) and prints what came back. */
static got fetch(const char *url, long timeout_ms)
{
    got g = {0};
    struct curl_header *h;
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    if (timeout_ms)
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &g);
    g.rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &g.status);
    if (curl_easy_header(c, "Retry-After", 0, CURLH_HEADER, -1, &h) == CURLHE_OK)
        snprintf(g.retry, sizeof g.retry, "%s", h->value);
    curl_easy_cleanup(c);
    printf("RECV rc=%d status=%ld retry=%s body_len=%zu body=%.200s\n", (int)g.rc, g.status,
           g.retry[0] ? g.retry : "-", g.len, g.body ? g.body : "");
    return g;
}

static double monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

HN_TEST(recv, http)
{
    HN_HTTP_FIXTURES("fixtures/shape.json");
    double t0 = monotonic_ms();
    got g = fetch("https://shape.example/v1/shape", 300);
    printf("ELAPSED %.0f\n", monotonic_ms() - t0);
    HN_ASSERT_EQ(g.rc, CURLE_OK);
    HN_ASSERT_EQ(g.status, 200);
    free(g.body);
}

/* The same answer through a double of a function, read by its adapter. */
HN_DOUBLE(int, shape_n, double *);

static int shape_from_fixture(double *n)
{
    const hn_fixture *fx = HN_STUB_FIXTURE_OF(shape_n);
    size_t len;
    const char *body = hn_fixture_body(fx, HN_RESPONSE, &len);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(hn_fixture_json(fx, HN_RESPONSE), "n");
    printf("STUB status=%d body=%.200s\n", hn_fixture_status(fx), body ? body : "");
    *n = cJSON_IsNumber(v) ? v->valuedouble : -1;
    return hn_fixture_status(fx) == 200 ? 0 : -1;
}

HN_TEST(recv, stub)
{
    double n = 0;
    HN_STUB_FIXTURE(shape_n, "fixtures/shape.json", shape_from_fixture);
    HN_ASSERT_EQ(shape_n(&n), 0);
    HN_ASSERT_NEAR(n, 12.5, 1e-9);
}

/* A fake clock: the client's 10 s timeout passes on it, not for real. */
HN_TEST(recv, fake_clock)
{
    hn_clock_fake(1700000000);
    HN_HTTP_FIXTURES("fixtures/shape.json");
    int64_t t0 = hn_clock_monotonic_ns();
    got g = fetch("https://shape.example/v1/shape", 10000);
    printf("FAKE_ELAPSED %lld\n", (long long)((hn_clock_monotonic_ns() - t0) / 1000000));
    HN_ASSERT_EQ(g.rc, CURLE_OK);
    free(g.body);
}

/* The bug: the name is used without checking it is there, and a string. */
HN_TEST(bug, crash_on_missing_name)
{
    HN_HTTP_FIXTURES("fixtures/user.json");
    got g = fetch("https://users.example/v1/user", 300);
    cJSON *doc = cJSON_Parse(g.body ? g.body : "");
    HN_ASSERT_EQ(g.status, 200);
    if (doc) {
        const char *name = cJSON_GetObjectItem(doc, "name")->valuestring;
        HN_ASSERT_EQ(strlen(name) > 0, 1);
    }
    cJSON_Delete(doc);
    free(g.body);
}

/* The bug: no time limit of its own, so a slow service hangs it. */
HN_TEST(bug, waits_for_ever)
{
    HN_HTTP_FIXTURES("fixtures/user.json");
    got g = fetch("https://users.example/v1/user", 0);
    HN_ASSERT_EQ(g.rc, CURLE_OK);
    free(g.body);
}

/* Expectations: this client gives up on a 503, which the test says it
 * should tolerate (retry): the variant is flagged. */
HN_TEST(expect, against)
{
    HN_VARIANTS_EXPECT("status_503", HN_TOLERATE);
    HN_HTTP_FIXTURES("fixtures/user.json");
    got g = fetch("https://users.example/v1/user", 300);
    HN_ASSERT_EQ(g.status, 200);
    free(g.body);
}

/* Every field of shape.json, by type and value. */
static int shape_ok(const char *body)
{
    cJSON *d = cJSON_Parse(body ? body : "");
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(d, "o");
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(d, "a");
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(d, "n");
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(d, "s");
    const cJSON *y = cJSON_GetObjectItemCaseSensitive(o, "y");
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, "x");
    int ok = cJSON_IsNumber(n) && n->valuedouble == 12.5 && cJSON_IsString(s) &&
             !strcmp(s->valuestring, "abc") && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(d, "b")) &&
             cJSON_IsNumber(x) && x->valueint == 1 && cJSON_IsString(y) &&
             !strcmp(y->valuestring, "two") && cJSON_GetArraySize(a) == 3 &&
             cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(d, "z"));
    for (int i = 0; ok && i < 3; i++) {
        const cJSON *e = cJSON_GetArrayItem(a, i);
        ok = cJSON_IsNumber(e) && e->valueint == i + 1;
    }
    cJSON_Delete(d);
    return ok;
}

/* ... and here what it expects holds: nothing is flagged. */
HN_TEST(expect, kept)
{
    HN_VARIANTS_EXPECT("$", HN_NOTICE);
    HN_VARIANTS_EXPECT("extra_field", HN_TOLERATE);
    HN_VARIANTS_EXPECT("reorder@$", HN_TOLERATE);
    HN_HTTP_FIXTURES("fixtures/shape.json");
    got g = fetch("https://shape.example/v1/shape", 300);
    HN_ASSERT_EQ(g.rc, CURLE_OK);
    HN_ASSERT_EQ(g.status, 200);
    HN_ASSERT_EQ(shape_ok(g.body), 1);
    free(g.body);
}

/* A malformed expectation is reported, with or without --variants. */
HN_TEST(expect, malformed)
{
    HN_VARIANTS_EXPECT("not_a_kind", HN_NOTICE);
}

/* No fixture: no variants. */
HN_TEST(plain, no_fixture)
{
    HN_ASSERT_EQ(1 + 1, 2);
}
