/* SPDX-License-Identifier: MIT */
/* http_prog_shared.c: the client of client.c built as a shared library: its
 * libcurl calls must reach HN_HTTP_FIXTURES, and the real libcurl outside it. */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>

#include "client.h"

static const char *url(const char *path)
{
    static char buf[128];
    const char *port = getenv("ST_PORT");
    snprintf(buf, sizeof buf, "http://127.0.0.1:%s%s", port ? port : "9", path);
    return buf;
}

HN_TEST(shared, answered)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/sentinel.json");
    cl_perform(&(cl_request){.url = url("/sentinel")}, &r);
    HN_ASSERT_EQ(r.rc, CURLE_OK);
    HN_ASSERT_STR_EQ(r.body, "answered by honest");
    HN_ASSERT_EQ(hn_http_request_count(), 1);
    cl_response_free(&r);
}

HN_TEST(shared, real)
{
    cl_response r;
    cl_perform(&(cl_request){.url = url("/real")}, &r);
    HN_ASSERT_EQ(r.rc, CURLE_OK);
    HN_ASSERT_STR_EQ(r.body, "hello from loopback");
    cl_response_free(&r);
}
