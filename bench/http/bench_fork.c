/* SPDX-License-Identifier: MIT */
/* bench_fork.c: one test per kind of work, run many times (--repeat) by
 * run.sh, forked and in-process: a trivial test, one libcurl transfer
 * answered by HN_HTTP_FIXTURES, and the same transfer against a loopback
 * server ($BENCH_LOOPBACK_URL, started by run.sh). Each test asserts that the
 * transfer returned the whole body, so a passing run did the work. Built
 * with -DBENCH_NO_FIXTURES, it leaves the fixture test out: a program that
 * does not use HN_HTTP_FIXTURES, whose launcher does not set libcurl up. */
#include <honest.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

/* The body both the fixture and the server answer with. */
static const char body[] = "{\"id\":42,\"name\":\"widget\",\"tags\":[\"a\",\"b\"]}";

static size_t sink(char *p, size_t size, size_t n, void *data)
{
    (void)p;
    *(size_t *)data += size * n;
    return size * n;
}

/* One transfer as typical client code makes it; returns the bytes received
 * with status 200, else 0. */
static size_t transfer(const char *url)
{
    CURL *c = curl_easy_init();
    size_t got = 0;
    long status = 0;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &got);
    if (curl_easy_perform(c) != CURLE_OK)
        got = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    return status == 200 ? got : 0;
}

HN_TEST(fork, trivial)
{
    HN_ASSERT_EQ(sizeof body, 43);
}

#ifndef BENCH_NO_FIXTURES
HN_TEST(fork, fixture)
{
    const char *path = getenv("BENCH_FIXTURE");
    HN_ASSERT_NOT_NULL(path);
    HN_ASSERT_EQ(HN_HTTP_FIXTURES(path), 1);
    HN_ASSERT_EQ(transfer("https://api.example.com/v1/items/42?units=metric&lang=en"),
                 sizeof body - 1);
}
#endif

HN_TEST(fork, loopback)
{
    const char *url = getenv("BENCH_LOOPBACK_URL");
    HN_ASSERT_NOT_NULL(url);
    HN_ASSERT_EQ(transfer(url), sizeof body - 1);
}
