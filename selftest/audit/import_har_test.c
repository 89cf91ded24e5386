/* SPDX-License-Identifier: MIT */
/* import_har_test.c: `honest import har` on a HAR 1.2 file shaped as the
 * specification and browsers write it: each entry a fixture, field by field,
 * replayed by libcurl code under HN_HTTP_FIXTURES and verified live. */
#include <honest.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "it.h"

#define HAR ST_AUDIT_DATA "/session.har"

static void import_session(const char *dir)
{
    const char *args[] = {"har", HAR, "-o", "out", "--base-placeholder",
                          "API_BASE=https://api.example.com", "--max-age-days", "36500", NULL};
    it_import_ok(dir, args);
}

HN_TEST(import_har, each_entry_is_a_fixture_in_order)
{
    char *dir = st_tmpdir();
    const char *args[] = {"har", HAR, "-o", "out", "--base-placeholder",
                          "API_BASE=https://api.example.com", NULL};
    st_proc p;
    it_import(&p, dir, args);
    HN_ASSERT_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "log.entries[0]: GET ${API_BASE}/v1/stable -> 200 into "
                                 "out/001-get-v1-stable.json");
    HN_CHECK_STR_CONTAINS(p.out, "log.entries[1]: POST ${API_BASE}/v1/items?page=1 -> 201 into "
                                 "out/002-post-v1-items.json");
    HN_CHECK_STR_CONTAINS(p.out, "log.entries[2]: GET https://cdn.example.com/logo.png -> 200 "
                                 "into out/003-get-logo-png.json");
    HN_CHECK_STR_CONTAINS(p.out, "redacted: request header Authorization");
    HN_CHECK_STR_EQ(st_last_line(&p), "3 fixtures imported from har into out");
    HN_CHECK(!strstr(p.out, "har-secret-token-123"));
    st_proc_free(&p);
    char *out = st_join(dir, "out");
    HN_CHECK_EQ(it_count_files(out), 3);
    free(out);
    it_no_secret(dir, "har-secret-token-123");
    vt_finish(NULL, dir);
}

HN_TEST(import_har, fields_come_from_the_entry)
{
    char *dir = st_tmpdir();
    import_session(dir);
    cJSON *fx = it_fixture(dir, "001-get-v1-stable");
    HN_CHECK_STR_EQ(it_str(fx, "name"), "001-get-v1-stable");
    HN_CHECK_STR_EQ(it_str(fx, "origin"), "imported");
    HN_CHECK_STR_EQ(it_str(fx, "imported_from.format"), "har");
    HN_CHECK_STR_EQ(it_str(fx, "imported_from.file"), HAR);
    HN_CHECK_STR_EQ(it_str(fx, "imported_from.entry"), "log.entries[0]");
    /* startedDateTime 10:30:00.125+01:00, in UTC */
    HN_CHECK_STR_EQ(it_str(fx, "recorded_at"), "2025-03-01T09:30:00Z");
    HN_CHECK_STR_EQ(it_str(fx, "request.method"), "GET");
    HN_CHECK_STR_EQ(it_str(fx, "request.url"), "${API_BASE}/v1/stable");
    HN_CHECK_NULL(it_at(fx, "request.headers.Host")); /* a transfer header */
    HN_CHECK_STR_EQ(it_str(fx, "request.headers.Accept"), "application/json");
    HN_CHECK_STR_EQ(it_str(fx, "request.headers.Authorization"), "Bearer ${AUTHORIZATION}");
    HN_CHECK_EQ(cJSON_GetNumberValue(it_at(fx, "response.status")), 200);
    HN_CHECK_NULL(it_at(fx, "response.headers.Content-Length"));
    /* repeated headers become arrays; Set-Cookie is redacted */
    HN_CHECK_STR_EQ(it_str(fx, "response.headers.X-Trace.0"), "t-1");
    HN_CHECK_STR_EQ(it_str(fx, "response.headers.X-Trace.1"), "t-2");
    HN_CHECK_EQ(cJSON_GetArraySize(it_at(fx, "response.headers.Set-Cookie")), 2);
    HN_CHECK_STR_EQ(it_str(fx, "response.headers.Set-Cookie.0"), "${SET_COOKIE}");
    HN_CHECK_EQ(cJSON_GetNumberValue(it_at(fx, "response.body.id")), 7);
    HN_CHECK_STR_EQ(it_str(fx, "response.body.tags.1"), "b");
    cJSON_Delete(fx);

    fx = it_fixture(dir, "002-post-v1-items");
    HN_CHECK_STR_EQ(it_str(fx, "recorded_at"), "2025-03-01T09:30:01Z");
    HN_CHECK_STR_EQ(it_str(fx, "request.url"), "${API_BASE}/v1/items?page=1");
    HN_CHECK_STR_EQ(it_str(fx, "request.body.name"), "widget");
    HN_CHECK_EQ(cJSON_GetNumberValue(it_at(fx, "response.status")), 201);
    HN_CHECK_EQ(cJSON_GetNumberValue(it_at(fx, "response.body.id")), 43);
    cJSON_Delete(fx);
    char *text = st_read_file(strcat(strcpy(malloc(1200), dir), "/out/002-post-v1-items.json"),
                              NULL);
    HN_CHECK_STR_CONTAINS(text, "\"n\": 1.50"); /* numbers as the browser saw them */
    free(text);

    /* another origin is kept; base64 content is bytes; HTTP/2 pseudo-headers go */
    fx = it_fixture(dir, "003-get-logo-png");
    HN_CHECK_STR_EQ(it_str(fx, "request.url"), "https://cdn.example.com/logo.png");
    HN_CHECK_NULL(it_at(fx, "request.headers.:authority"));
    HN_CHECK_STR_EQ(it_str(fx, "response.body_base64"), "iVBORw0KGgo=");
    cJSON_Delete(fx);
    vt_finish(NULL, dir);
}

HN_TEST(import_har, replayed_by_libcurl_code)
{
    char *dir = st_tmpdir();
    import_session(dir);
    char *got = it_replay(dir, "GET\thttps://api.example.com/v1/stable\t"
                               "Authorization: Bearer any-token\tAccept: application/json\n"
                               "POST\thttps://api.example.com/v1/items?page=1\t"
                               "Content-Type: application/json\t"
                               "{\"name\": \"widget\", \"n\": 1.5}\n"
                               "GET\thttps://cdn.example.com/logo.png\n");
    HN_CHECK_STR_EQ(got, "200 application/json 67\n"
                         "{\"id\":7,\"name\":\"stable\",\"tags\":[\"a\",\"b\"],\"active\":true,"
                         "\"score\":4.5}\n"
                         "201 application/json 9\n{\"id\":43}\n"
                         "200 image/png 8\n\x89PNG\r\n\x1a\n\n");
    free(got);
    vt_finish(NULL, dir);
}

HN_TEST(import_har, verified_aligned_against_the_provider)
{
    char *dir = st_tmpdir();
    import_session(dir);
    const char *files[] = {"out/001-get-v1-stable.json", NULL};
    const char *env[] = {"AUTHORIZATION=token-for-the-provider", NULL};
    it_verify_aligned(dir, files, env);
    vt_finish(NULL, dir);
}

/* mitmproxy writes a form as postData.params without text. */
HN_TEST(import_har, form_params_become_the_body)
{
    char *dir = st_tmpdir();
    const char *args[] = {"har", ST_AUDIT_DATA "/form.har", "-o", "out", NULL};
    it_import_ok(dir, args);
    cJSON *fx = it_fixture(dir, "001-post-login");
    HN_CHECK_STR_EQ(it_str(fx, "recorded_at"), "2025-04-02T08:00:00Z");
    HN_CHECK_STR_EQ(it_str(fx, "request.body_text"), "user=ada+lovelace&remember=yes");
    HN_CHECK_EQ(cJSON_GetNumberValue(it_at(fx, "response.status")), 204);
    HN_CHECK_NULL(it_at(fx, "response.body_text"));
    cJSON_Delete(fx);
    /* the form's fields in another order still match */
    char *got = it_replay(dir, "POST\thttps://auth.example.com/login\t"
                               "Content-Type: application/x-www-form-urlencoded\t"
                               "body=remember=yes&user=ada%20lovelace\n");
    HN_CHECK_STR_EQ(got, "204 - 0\n\n");
    free(got);
    vt_finish(NULL, dir);
}

/* The same files give the same fixtures, byte for byte. */
HN_TEST(import_har, the_same_input_gives_the_same_fixtures)
{
    char *dir = st_tmpdir();
    const char *a[] = {"har", HAR, "-o", "a", NULL}, *b[] = {"har", HAR, "-o", "b", NULL};
    it_import_ok(dir, a);
    it_import_ok(dir, b);
    const char *names[] = {"001-get-v1-stable.json", "002-post-v1-items.json",
                           "003-get-logo-png.json"};
    for (size_t i = 0; i < 3; i++) {
        char pa[1024], pb[1024];
        snprintf(pa, sizeof pa, "%s/a/%s", dir, names[i]);
        snprintf(pb, sizeof pb, "%s/b/%s", dir, names[i]);
        char *ta = st_read_file(pa, NULL), *tb = st_read_file(pb, NULL);
        HN_ASSERT_NOT_NULL(ta);
        HN_CHECK_STR_EQ(ta, tb);
        free(ta);
        free(tb);
    }
    vt_finish(NULL, dir);
}
