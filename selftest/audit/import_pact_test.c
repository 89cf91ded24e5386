/* SPDX-License-Identifier: MIT */
/* import_pact_test.c: `honest import pact` on pact files of specification
 * v2, v3 and v4 (query string and object, provider states, matching rules a
 * fixture expresses, v4 bodies as content, base64 too), field by field,
 * replayed and verified. */
#include <honest.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "it.h"

static void import_all(const char *dir)
{
    const char *args[] = {"pact", ST_AUDIT_DATA "/pact-v2.json", ST_AUDIT_DATA "/pact-v3.json",
                          ST_AUDIT_DATA "/pact-v4.json", "-o", "out", "--base-placeholder",
                          "API_BASE", NULL};
    it_import_ok(dir, args);
}

HN_TEST(import_pact, v2_fields)
{
    char *dir = st_tmpdir();
    import_all(dir);
    cJSON *fx = it_fixture(dir, "001-get-v1-stable");
    HN_CHECK_STR_EQ(it_str(fx, "imported_from.format"), "pact");
    HN_CHECK_STR_EQ(it_str(fx, "imported_from.entry"), "interactions[0]");
    HN_CHECK_STR_EQ(it_str(fx, "description"),
                    "a request for the stable item; given: the stable item exists");
    HN_CHECK_STR_EQ(it_str(fx, "request.url"), "${API_BASE}/v1/stable");
    HN_CHECK_STR_EQ(it_str(fx, "request.headers.Accept"), "application/json");
    HN_CHECK_EQ(cJSON_GetNumberValue(it_at(fx, "response.body.id")), 7);
    /* "type" matchers on the response are verify's shape comparison: no rule */
    HN_CHECK_NULL(it_at(fx, "verify"));
    cJSON_Delete(fx);
    fx = it_fixture(dir, "002-get-v1-items");
    HN_CHECK_STR_EQ(it_str(fx, "request.url"), "${API_BASE}/v1/items?page=1&sort=id");
    cJSON_Delete(fx);
    vt_finish(NULL, dir);
}

HN_TEST(import_pact, v3_fields)
{
    char *dir = st_tmpdir();
    import_all(dir);
    cJSON *fx = it_fixture(dir, "003-post-v1-items");
    HN_CHECK_STR_EQ(it_str(fx, "imported_from.entry"), "interactions[0]");
    HN_CHECK_STR_EQ(it_str(fx, "description"), "a request to create an item; given: no items");
    HN_CHECK_STR_EQ(it_str(fx, "request.url"), "${API_BASE}/v1/items?notify=false");
    HN_CHECK_STR_EQ(it_str(fx, "request.body.name"), "widget");
    HN_CHECK_EQ(cJSON_GetNumberValue(it_at(fx, "response.status")), 201);
    /* an "equality" matcher: the value must match when verified */
    HN_CHECK_STR_EQ(it_str(fx, "verify.values.0"), "$.response.body.state");
    HN_CHECK_EQ(cJSON_GetArraySize(it_at(fx, "verify.values")), 1);
    cJSON_Delete(fx);
    vt_finish(NULL, dir);
}

HN_TEST(import_pact, v4_fields)
{
    char *dir = st_tmpdir();
    import_all(dir);
    cJSON *fx = it_fixture(dir, "004-get-text");
    HN_CHECK_STR_EQ(it_str(fx, "request.headers.Accept"), "text/plain");
    HN_CHECK_STR_EQ(it_str(fx, "response.body_text"), "hello, world\n");
    cJSON_Delete(fx);
    fx = it_fixture(dir, "005-get-v1-removed");
    HN_CHECK_STR_EQ(it_str(fx, "description"), "a request for the removed field; given: alice "
                                               "exists, alice is on the free plan");
    HN_CHECK_STR_EQ(it_str(fx, "response.body.plan"), "free"); /* "encoded": "base64" */
    cJSON_Delete(fx);
    vt_finish(NULL, dir);
}

HN_TEST(import_pact, replayed_by_libcurl_code)
{
    char *dir = st_tmpdir();
    import_all(dir);
    char *got = it_replay(dir, "GET\thttp://catalog.test/text\tAccept: text/plain\n"
                               "GET\thttp://catalog.test/v1/items?sort=id&page=1\n"
                               "POST\thttp://catalog.test/v1/items?notify=false\t"
                               "Content-Type: application/json\t{\"name\":\"widget\"}\n");
    HN_CHECK_STR_EQ(got, "200 text/plain 13\nhello, world\n\n"
                         "200 application/json 45\n"
                         "{\"items\":[{\"id\":1,\"n\":\"x\"},{\"id\":2,\"n\":\"y\"}]}\n"
                         "201 application/json 23\n{\"id\":43,\"state\":\"new\"}\n");
    free(got);
    vt_finish(NULL, dir);
}

HN_TEST(import_pact, verified_aligned_against_the_provider)
{
    char *dir = st_tmpdir();
    import_all(dir);
    const char *files[] = {"out/001-get-v1-stable.json", "out/004-get-text.json",
                           "out/005-get-v1-removed.json", NULL};
    it_verify_aligned(dir, files, NULL);
    vt_finish(NULL, dir);
}
