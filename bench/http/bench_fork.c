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

#include "bench_common.h"

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
    HN_ASSERT_EQ(transfer(NULL, "https://api.example.com/v1/items/42?units=metric&lang=en"),
                 sizeof body - 1);
}
#endif

HN_TEST(fork, loopback)
{
    const char *url = getenv("BENCH_LOOPBACK_URL");
    HN_ASSERT_NOT_NULL(url);
    HN_ASSERT_EQ(transfer(NULL, url), sizeof body - 1);
}
