/* SPDX-License-Identifier: MIT */
/* preload_prog.c: the program selftest/http/preload_test.c runs, forked with
 * --jobs=1 (tests in this order) and with --no-fork: tests that use the same
 * fixture files of $ST_DIR one after the other, so that the later ones get
 * the launcher's copy; what each sees must not depend on that. */
#include <honest.h>
#include <honest/fixture.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

static const char url[] = "https://api.example.com/v1/items/42";

static const char *path(const char *name)
{
    static char p[1024];
    const char *dir = getenv("ST_DIR");
    HN_ASSERT_NOT_NULL(dir);
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

/* One GET of url; returns its body (static). */
static const char *get(void)
{
    static char body[256];
    cl_response r;
    HN_ASSERT_EQ(cl_perform(&(cl_request){.url = url}, &r), CURLE_OK);
    HN_ASSERT_EQ(r.status, 200);
    snprintf(body, sizeof body, "%s", r.body ? r.body : "");
    cl_response_free(&r);
    return body;
}

/* Uses item.json, then writes over its view of the fixture. */
HN_TEST(preload, a_uses_and_scribbles)
{
    HN_ASSERT_EQ(HN_HTTP_FIXTURES(path("item.json")), 1);
    HN_ASSERT_STR_EQ(get(), "{\"id\":42,\"name\":\"widget\"}");
    const hn_fixture *fx = hn_http_request_fixture(0);
    HN_ASSERT_NOT_NULL(fx);
    char *body = (char *)(uintptr_t)hn_fixture_body(fx, HN_RESPONSE, NULL);
    memcpy(body, "XXXXXXXX", 8);
}

/* Loads it and makes no request: reported unused (a failure under --strict). */
HN_TEST(preload, b_loads_but_never_requests)
{
    HN_ASSERT_EQ(HN_HTTP_FIXTURES(path("item.json")), 1);
}

/* Sees the fixture as the file says, whatever test a wrote. */
HN_TEST(preload, c_sees_the_file)
{
    HN_ASSERT_EQ(HN_HTTP_FIXTURES(path("item.json")), 1);
    HN_ASSERT_STR_EQ(get(), "{\"id\":42,\"name\":\"widget\"}");
    /* Each use in a test gets its own fixture, as without the launcher. */
    const hn_fixture *one = HN_FIXTURE(path("item.json"));
    const hn_fixture *two = HN_FIXTURE(path("item.json"));
    HN_ASSERT(one != two);
    HN_ASSERT(one != hn_http_request_fixture(0));
}

/* Changes the file in place: same size, new bytes. */
HN_TEST(preload, d_changes_the_file)
{
    char *text;
    FILE *f = fopen(path("item.json"), "r+");
    HN_ASSERT_NOT_NULL(f);
    text = calloc(1, 4096);
    HN_ASSERT_NOT_NULL(text);
    size_t n = fread(text, 1, 4095, f);
    char *w = strstr(text, "widget");
    HN_ASSERT_NOT_NULL(w);
    memcpy(w, "gadget", 6);
    rewind(f);
    HN_ASSERT_EQ(fwrite(text, 1, n, f), n);
    HN_ASSERT_EQ(fclose(f), 0);
    free(text);
}

/* Sees the change. */
HN_TEST(preload, e_sees_the_change)
{
    HN_ASSERT_EQ(HN_HTTP_FIXTURES(path("item.json")), 1);
    HN_ASSERT_STR_EQ(get(), "{\"id\":42,\"name\":\"gadget\"}");
}

/* A broken fixture fails each test that uses it, at its line and column. */
HN_TEST(preload, f_bad)
{
    HN_HTTP_FIXTURES(path("bad.json"));
}

HN_TEST(preload, g_bad_again)
{
    HN_HTTP_FIXTURES(path("bad.json"));
}
