/* SPDX-License-Identifier: MIT */
/* dlopen_prog.c: the client of client.c loaded with dlopen, as a plugin: built
 * by honest_add_test (exported definitions) its requests reach the fixtures;
 * built without --export-dynamic they cannot, and the test must say so. */
#include <honest.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "client.h"

HN_TEST(plugin, request)
{
    char url[128];
    const char *port = getenv("ST_PORT");
    snprintf(url, sizeof url, "http://127.0.0.1:%s/sentinel", port ? port : "9");
    HN_HTTP_FIXTURES("fixtures/sentinel.json");
    void *lib = dlopen(ST_CLIENT_SO, RTLD_NOW | RTLD_LOCAL);
    HN_ASSERT_NOT_NULL(lib);
    CURLcode (*perform)(const cl_request *, cl_response *);
    void (*release)(cl_response *);
    *(void **)&perform = dlsym(lib, "cl_perform");
    *(void **)&release = dlsym(lib, "cl_response_free");
    HN_ASSERT(perform && release);
    cl_response r;
    perform(&(cl_request){.url = url}, &r);
    HN_LOG("body: %s", r.body);
    HN_CHECK_STR_EQ(r.body, "answered by honest");
    release(&r);
}
