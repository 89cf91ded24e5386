/* SPDX-License-Identifier: MIT */
/* import_vcr_test.c: `honest import vcr` on a Ruby VCR cassette and a vcrpy
 * cassette shaped as those tools write them (YAML; gzip bodies as
 * base64_string and !!binary), field by field, replayed and verified. */
#include <honest.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "it.h"

#define RUBY ST_AUDIT_DATA "/ruby.yml"
#define VCRPY ST_AUDIT_DATA "/vcrpy.yaml"

static void import_both(const char *dir)
{
    const char *args[] = {"vcr", RUBY, VCRPY, "-o", "out", "--base-placeholder", "API_BASE",
                          "--max-age-days", "36500", NULL};
    it_import_ok(dir, args);
}

HN_TEST(import_vcr, ruby_cassette_fields)
{
    char *dir = st_tmpdir();
    import_both(dir);
    cJSON *fx = it_fixture(dir, "001-get-v1-stable");
    HN_CHECK_STR_EQ(it_str(fx, "origin"), "imported");
    HN_CHECK_STR_EQ(it_str(fx, "imported_from.format"), "vcr");
    HN_CHECK_STR_EQ(it_str(fx, "imported_from.entry"), "http_interactions[0]");
    /* recorded_at: Tue, 01 Nov 2011 04:58:44 GMT */
    HN_CHECK_STR_EQ(it_str(fx, "recorded_at"), "2011-11-01T04:58:44Z");
    HN_CHECK_EQ(cJSON_GetNumberValue(it_at(fx, "max_age_days")), 36500);
    HN_CHECK_STR_EQ(it_str(fx, "request.method"), "GET"); /* "get" in the cassette */
    HN_CHECK_STR_EQ(it_str(fx, "request.url"), "${API_BASE}/v1/stable");
    HN_CHECK_STR_EQ(it_str(fx, "request.headers.Authorization"), "token ${AUTHORIZATION}");
    HN_CHECK_STR_EQ(it_str(fx, "response.headers.Content-Type"),
                    "application/json; charset=utf-8");
    HN_CHECK_NULL(it_at(fx, "response.headers.Content-Length"));
    HN_CHECK_STR_EQ(it_str(fx, "response.headers.Cache-Control.0"), "max-age=60");
    HN_CHECK_STR_EQ(it_str(fx, "response.headers.Cache-Control.1"), "private");
    HN_CHECK_EQ(cJSON_GetNumberValue(it_at(fx, "response.body.score")), 4.5);
    cJSON_Delete(fx);
    /* a gzip body kept as base64_string is stored decoded, as JSON */
    fx = it_fixture(dir, "002-get-v1-items");
    HN_CHECK_STR_EQ(it_str(fx, "recorded_at"), "2011-11-01T04:58:45Z");
    HN_CHECK_STR_EQ(it_str(fx, "response.headers.Content-Encoding"), "gzip");
    HN_CHECK_STR_EQ(it_str(fx, "response.body.items.1.n"), "y");
    cJSON_Delete(fx);
    fx = it_fixture(dir, "003-post-v1-items");
    HN_CHECK_STR_EQ(it_str(fx, "request.method"), "POST");
    HN_CHECK_STR_EQ(it_str(fx, "request.body.name"), "widget");
    HN_CHECK_EQ(cJSON_GetNumberValue(it_at(fx, "response.status")), 201);
    cJSON_Delete(fx);
    it_no_secret(dir, "vcr-secret-token-456");
    vt_finish(NULL, dir);
}

HN_TEST(import_vcr, vcrpy_cassette_fields)
{
    char *dir = st_tmpdir();
    const char *args[] = {"vcr", VCRPY, "-o", "out", "--base-placeholder", "API_BASE",
                          "--recorded-at", "2025-06-30T12:00:00+02:00", NULL};
    it_import_ok(dir, args);
    cJSON *fx = it_fixture(dir, "001-get-v1-items");
    HN_CHECK_STR_EQ(it_str(fx, "imported_from.entry"), "interactions[0]");
    /* vcrpy keeps no date: --recorded-at gives it, in UTC */
    HN_CHECK_STR_EQ(it_str(fx, "recorded_at"), "2025-06-30T10:00:00Z");
    HN_CHECK_NULL(it_at(fx, "request.headers.Connection"));
    HN_CHECK_STR_EQ(it_str(fx, "request.headers.User-Agent"), "python-requests/2.31.0");
    HN_CHECK_EQ(cJSON_GetNumberValue(it_at(fx, "response.body.items.0.id")), 1); /* !!binary gzip */
    cJSON_Delete(fx);
    fx = it_fixture(dir, "002-post-v1-items");
    HN_CHECK_STR_EQ(it_str(fx, "request.body.name"), "widget");
    HN_CHECK_NULL(it_at(fx, "request.headers.Content-Length"));
    HN_CHECK_EQ(cJSON_GetNumberValue(it_at(fx, "response.body.id")), 43);
    cJSON_Delete(fx);
    vt_finish(NULL, dir);
}

HN_TEST(import_vcr, replayed_by_libcurl_code)
{
    char *dir = st_tmpdir();
    import_both(dir);
    char *got = it_replay(dir, "GET\thttp://127.0.0.1:8080/v1/stable\tAuthorization: token t\n"
                               "GET\thttp://127.0.0.1:8080/v1/items\tAccept-Encoding: gzip\n"
                               "POST\thttp://127.0.0.1:8080/v1/items\t"
                               "Content-Type: application/json\t{\"name\":\"widget\"}\n");
    HN_CHECK_STR_EQ(got, "200 application/json; charset=utf-8 67\n"
                         "{\"id\":7,\"name\":\"stable\",\"tags\":[\"a\",\"b\"],\"active\":true,"
                         "\"score\":4.5}\n"
                         "200 application/json 45\n"
                         "{\"items\":[{\"id\":1,\"n\":\"x\"},{\"id\":2,\"n\":\"y\"}]}\n"
                         "201 application/json 9\n{\"id\":43}\n");
    free(got);
    vt_finish(NULL, dir);
}

HN_TEST(import_vcr, verified_aligned_against_the_provider)
{
    char *dir = st_tmpdir();
    import_both(dir);
    const char *files[] = {"out/001-get-v1-stable.json", "out/002-get-v1-items.json",
                           "out/004-get-v1-items.json", NULL};
    const char *env[] = {"AUTHORIZATION=t", NULL};
    it_verify_aligned(dir, files, env);
    vt_finish(NULL, dir);
}

/* Ruby VCR 2 wrote bytes as "!binary"; an empty header list is no header. */
HN_TEST(import_vcr, ruby_binary_body_is_bytes)
{
    char *dir = st_tmpdir();
    const char *args[] = {"vcr", ST_AUDIT_DATA "/ruby-binary.yml", "-o", "out", NULL};
    it_import_ok(dir, args);
    cJSON *fx = it_fixture(dir, "001-get-logo-png");
    HN_CHECK_STR_EQ(it_str(fx, "recorded_at"), "2025-04-02T08:00:00Z");
    HN_CHECK_STR_EQ(it_str(fx, "request.url"), "https://cdn.example.com/logo.png");
    HN_CHECK_NULL(it_at(fx, "request.headers.X-Empty"));
    HN_CHECK_STR_EQ(it_str(fx, "response.body_base64"), "iVBORw0KGgoAAAAN");
    cJSON_Delete(fx);
    vt_finish(NULL, dir);
}
