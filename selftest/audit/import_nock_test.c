/* SPDX-License-Identifier: MIT */
/* import_nock_test.c: `honest import nock` on nock.recorder output (rawHeaders,
 * a gzip answer as hex chunks) and an octokit/fixtures file (headers object
 * with numeric values), field by field, replayed and verified. */
#include <honest.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "it.h"

#define RECORDER ST_AUDIT_DATA "/nock-recorder.json"
#define OCTOKIT ST_AUDIT_DATA "/octokit-get-repository.json"

static void import_both(const char *dir)
{
    const char *args[] = {"nock", RECORDER, OCTOKIT, "-o", "out", "--base-placeholder",
                          "API_BASE=https://api.example.com", "--recorded-at", "2026-11-30",
                          NULL};
    it_import_ok(dir, args);
}

HN_TEST(import_nock, recorder_output_fields)
{
    char *dir = st_tmpdir();
    import_both(dir);
    cJSON *fx = it_fixture(dir, "001-get-v1-stable");
    HN_CHECK_STR_EQ(it_str(fx, "imported_from.format"), "nock");
    HN_CHECK_STR_EQ(it_str(fx, "imported_from.entry"), "definitions[0]");
    HN_CHECK_STR_EQ(it_str(fx, "recorded_at"), "2026-11-30T00:00:00Z");
    /* scope https://api.example.com:443 is the origin replaced */
    HN_CHECK_STR_EQ(it_str(fx, "request.url"), "${API_BASE}/v1/stable");
    HN_CHECK_STR_EQ(it_str(fx, "request.headers.accept"), "application/json");
    HN_CHECK_STR_EQ(it_str(fx, "request.headers.authorization"), "token ${AUTHORIZATION}");
    HN_CHECK_STR_EQ(it_str(fx, "response.headers.Set-Cookie"), "${SET_COOKIE}");
    HN_CHECK_NULL(it_at(fx, "response.headers.Connection"));
    HN_CHECK_STR_EQ(it_str(fx, "response.body.name"), "stable");
    cJSON_Delete(fx);
    /* a gzip answer recorded as hex chunks is decoded */
    fx = it_fixture(dir, "002-get-v1-added");
    HN_CHECK_STR_EQ(it_str(fx, "response.body.name"), "alice");
    HN_CHECK_NULL(it_at(fx, "response.headers.Transfer-Encoding"));
    cJSON_Delete(fx);
    fx = it_fixture(dir, "003-post-v1-items");
    HN_CHECK_STR_EQ(it_str(fx, "request.url"), "${API_BASE}/v1/items?notify=false");
    HN_CHECK_EQ(cJSON_GetNumberValue(it_at(fx, "request.body.n")), 1.5);
    cJSON_Delete(fx);
    it_no_secret(dir, "nock-secret-token-789");
    it_no_secret(dir, "nock-secret-cookie-789");
    vt_finish(NULL, dir);
}

HN_TEST(import_nock, octokit_fixture_fields)
{
    char *dir = st_tmpdir();
    import_both(dir);
    cJSON *fx = it_fixture(dir, "004-get-repos-octokit-fixture-org-hello-world");
    HN_CHECK_STR_EQ(it_str(fx, "imported_from.entry"), "definitions[0]");
    HN_CHECK_STR_EQ(it_str(fx, "request.method"), "GET"); /* "get" in the file */
    /* another origin: not replaced, default port left out */
    HN_CHECK_STR_EQ(it_str(fx, "request.url"),
                    "https://api.github.com/repos/octokit-fixture-org/hello-world");
    HN_CHECK_STR_EQ(it_str(fx, "request.headers.accept"), "application/vnd.github.v3+json");
    /* numeric header values become strings; content-length goes */
    HN_CHECK_STR_EQ(it_str(fx, "response.headers.x-ratelimit-remaining"), "59");
    HN_CHECK_STR_EQ(it_str(fx, "response.headers.x-ratelimit-limit"), "60");
    HN_CHECK_NULL(it_at(fx, "response.headers.content-length"));
    HN_CHECK_STR_EQ(it_str(fx, "response.body.owner.login"), "octokit-fixture-org");
    cJSON_Delete(fx);
    vt_finish(NULL, dir);
}

HN_TEST(import_nock, replayed_by_libcurl_code)
{
    char *dir = st_tmpdir();
    import_both(dir);
    char *got = it_replay(dir, "GET\thttps://api.example.com/v1/added\n"
                               "POST\thttps://api.example.com/v1/items?notify=false\t"
                               "Content-Type: application/json\t{\"n\":1.5,\"name\":\"widget\"}\n"
                               "GET\thttps://api.github.com/repos/octokit-fixture-org/"
                               "hello-world\tAccept: application/vnd.github.v3+json\n");
    HN_CHECK_STR_EQ(got, "200 application/json 23\n{\"id\":1,\"name\":\"alice\"}\n"
                         "201 application/json 9\n{\"id\":43}\n"
                         "200 application/json; charset=utf-8 144\n"
                         "{\"id\":1000,\"name\":\"hello-world\",\"full_name\":\"octokit-fixture-org/"
                         "hello-world\",\"private\":false,\"owner\":{\"login\":\"octokit-fixture-"
                         "org\",\"id\":1001}}\n");
    free(got);
    vt_finish(NULL, dir);
}

HN_TEST(import_nock, verified_aligned_against_the_provider)
{
    char *dir = st_tmpdir();
    import_both(dir);
    const char *files[] = {"out/001-get-v1-stable.json", "out/002-get-v1-added.json", NULL};
    const char *env[] = {"AUTHORIZATION=t", NULL};
    it_verify_aligned(dir, files, env);
    vt_finish(NULL, dir);
}
