/* SPDX-License-Identifier: MIT */
/* import_wiremock_test.c: `honest import wiremock` on a mappings file shaped
 * as WireMock's documentation writes them (bodyFileName under __files,
 * jsonBody, base64Body, equalTo and equalToJson matchers), field by field,
 * replayed and verified. */
#include <honest.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "it.h"

#define MAPPINGS ST_AUDIT_DATA "/wiremock/mappings/catalog.json"

static void import_catalog(const char *dir)
{
    const char *args[] = {"wiremock", MAPPINGS, "-o", "out", "--base-placeholder", "API_BASE",
                          NULL};
    it_import_ok(dir, args);
}

HN_TEST(import_wiremock, mapping_fields)
{
    char *dir = st_tmpdir();
    import_catalog(dir);
    cJSON *fx = it_fixture(dir, "001-get-v1-stable");
    HN_CHECK_STR_EQ(it_str(fx, "imported_from.format"), "wiremock");
    HN_CHECK_STR_EQ(it_str(fx, "imported_from.entry"), "mappings[0]");
    HN_CHECK_STR_EQ(it_str(fx, "description"), "the stable item"); /* the mapping's name */
    HN_CHECK_STR_EQ(it_str(fx, "request.url"), "${API_BASE}/v1/stable");
    HN_CHECK_STR_EQ(it_str(fx, "request.headers.Accept"), "application/json");
    /* bodyFileName: read from __files beside the mappings directory */
    HN_CHECK_EQ(cJSON_GetNumberValue(it_at(fx, "response.body.id")), 7);
    cJSON_Delete(fx);
    fx = it_fixture(dir, "002-get-v1-items");
    HN_CHECK_STR_EQ(it_str(fx, "request.url"), "${API_BASE}/v1/items?page=1");
    HN_CHECK_NULL(it_at(fx, "response.headers.Content-Length")); /* 45, a number */
    HN_CHECK_STR_EQ(it_str(fx, "response.body.items.0.n"), "x"); /* jsonBody */
    cJSON_Delete(fx);
    fx = it_fixture(dir, "003-post-v1-items");
    HN_CHECK_STR_EQ(it_str(fx, "request.body.name"), "widget"); /* equalToJson */
    HN_CHECK_STR_EQ(it_str(fx, "response.headers.Location"), "/v1/items/43");
    HN_CHECK_EQ(cJSON_GetNumberValue(it_at(fx, "response.body.id")), 43);
    cJSON_Delete(fx);
    fx = it_fixture(dir, "004-get-logo-png");
    HN_CHECK_STR_EQ(it_str(fx, "response.body_base64"), "iVBORw0KGgo=");
    cJSON_Delete(fx);
    /* a fault a fixture stands for: a transport error */
    fx = it_fixture(dir, "005-get-v1-flaky");
    HN_CHECK_STR_EQ(it_str(fx, "response.error"), "connection_reset");
    HN_CHECK_NULL(it_at(fx, "response.status"));
    cJSON_Delete(fx);
    vt_finish(NULL, dir);
}

HN_TEST(import_wiremock, a_host_must_be_named)
{
    char *dir = st_tmpdir();
    const char *args[] = {"wiremock", MAPPINGS, "-o", "out", NULL};
    st_proc p;
    it_import(&p, dir, args);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_CONTAINS(p.err, "catalog.json:3:5: mappings[0]: wiremock recordings do not "
                                 "say which host they were made against (the URL is "
                                 "\"/v1/stable\"); give --base-placeholder NAME");
    char *out = st_join(dir, "out");
    HN_CHECK_EQ(it_count_files(out), -1);
    free(out);
    st_proc_free(&p);
    vt_finish(NULL, dir);
}

HN_TEST(import_wiremock, replayed_by_libcurl_code)
{
    char *dir = st_tmpdir();
    import_catalog(dir);
    char *got = it_replay(dir, "GET\thttp://localhost:9999/v1/stable\tAccept: application/json\n"
                               "POST\thttp://localhost:9999/v1/items\t"
                               "Content-Type: application/json\t{\"name\": \"widget\"}\n"
                               "GET\thttp://localhost:9999/v1/items?page=1\n"
                               "GET\thttp://localhost:9999/v1/flaky\n");
    HN_CHECK_STR_EQ(got, "200 application/json 67\n"
                         "{\"id\":7,\"name\":\"stable\",\"tags\":[\"a\",\"b\"],\"active\":true,"
                         "\"score\":4.5}\n"
                         "201 application/json 9\n{\"id\":43}\n"
                         "200 application/json 45\n"
                         "{\"items\":[{\"id\":1,\"n\":\"x\"},{\"id\":2,\"n\":\"y\"}]}\n"
                         "curl error 56: Failure when receiving data from the peer\n");
    free(got);
    vt_finish(NULL, dir);
}

HN_TEST(import_wiremock, verified_aligned_against_the_provider)
{
    char *dir = st_tmpdir();
    import_catalog(dir);
    const char *files[] = {"out/001-get-v1-stable.json", NULL};
    it_verify_aligned(dir, files, NULL);
    vt_finish(NULL, dir);
}
