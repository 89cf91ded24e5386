/* SPDX-License-Identifier: MIT */
/* serve_test.c: the real `honest serve` on an ephemeral port, driven with
 * libcurl, curl(1) and Python: fixtures answered with placeholders bound to
 * its base, the 404 that names the nearest fixture, the summary endpoint and
 * the summary at SIGTERM and SIGINT, transport errors, TLS, bad input. */
#include <honest.h>
#include <honest/diff.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "support.h"
#include "sv.h"

static const char *const ITEMS =
    "{\"honest\": 1, \"name\": \"items.list\", \"recorded_at\": \"2026-11-20T10:00:00Z\",\n"
    " \"request\": {\"method\": \"GET\", \"url\": \"${API_BASE}/v1/items?page=1&size=2\"},\n"
    " \"response\": {\"status\": 200, \"headers\": {\"Content-Type\": \"application/json\","
    " \"X-Served-By\": \"fixture\"},\n"
    "              \"body\": {\"items\": [1, 2]}}}\n";
static const char *const CREATE =
    "{\"honest\": 1, \"name\": \"items.create\", \"recorded_at\": \"2026-11-20T10:00:00Z\",\n"
    " \"request\": {\"method\": \"POST\", \"url\": \"https://api.example.com/v1/items\",\n"
    "             \"headers\": {\"Content-Type\": \"application/json\"},\n"
    "             \"body\": {\"name\": \"pen\", \"qty\": 2}},\n"
    " \"response\": {\"status\": 201, \"headers\": {\"Content-Type\": \"application/json\"},\n"
    "              \"body\": {\"id\": 7}}}\n";
static const char *const USER =
    "{\"honest\": 1, \"name\": \"users.one\", \"recorded_at\": \"2026-11-20T10:00:00Z\",\n"
    " \"request\": {\"method\": \"GET\", \"url\": \"${API_BASE}/v1/users/${ID}\"},\n"
    " \"response\": {\"status\": 200, \"headers\": {\"Content-Type\": \"text/plain\"},\n"
    "              \"body_text\": \"a user\"}}\n";
static const char *const RESET =
    "{\"honest\": 1, \"name\": \"flaky.reset\", \"recorded_at\": \"2026-11-20T10:00:00Z\",\n"
    " \"request\": {\"method\": \"GET\", \"url\": \"${API_BASE}/v1/flaky\"},\n"
    " \"response\": {\"error\": \"connection_reset\"}}\n";

/* A scratch directory with fixtures/ holding the fixtures above. */
static char *scratch(void)
{
    char *dir = st_tmpdir(), *fx = st_join(dir, "fixtures");
    HN_ASSERT_EQ(mkdir(fx, 0777), 0);
    sv_fixture(fx, "items.json", ITEMS);
    sv_fixture(fx, "create.json", CREATE);
    sv_fixture(fx, "user.json", USER);
    free(fx);
    return dir;
}

static char *url(const sv_server *s, const char *path)
{
    char *u;
    HN_ASSERT_GE(asprintf(&u, "%s%s", s->base, path), 0);
    return u;
}

static void start(sv_server *s, const char *dir)
{
    const char *args[] = {"serve", "fixtures", "--port", "0", NULL};
    sv_start(s, dir, args);
}

HN_TEST(serve, answers_any_client_with_placeholders_bound_to_its_base)
{
    char *dir = scratch();
    sv_server s;
    start(&s, dir);
    HN_CHECK_STR_CONTAINS(s.first, "honest serve: http://127.0.0.1:");
    sv_resp r;
    char *u = url(&s, "/v1/items?size=2&page=1"); /* query order does not count */
    sv_request(&r, "GET", u, NULL, NULL, NULL);
    HN_CHECK_EQ(r.status, 200);
    HN_CHECK_JSON_EQ(r.body, "{\"items\": [1, 2]}");
    HN_CHECK_STR_EQ(r.ctype, "application/json");
    sv_resp_free(&r);
    free(u);
    /* An absolute fixture URL is bound to the server too. */
    const char *json[] = {"Content-Type: application/json", NULL};
    u = url(&s, "/v1/items");
    sv_request(&r, "POST", u, json, "{\"qty\": 2, \"name\": \"pen\"}", NULL);
    HN_CHECK_EQ(r.status, 201);
    HN_CHECK_JSON_EQ(r.body, "{\"id\": 7}");
    sv_resp_free(&r);
    free(u);
    /* A placeholder in the path matches any segment. */
    u = url(&s, "/v1/users/42");
    sv_request(&r, "GET", u, NULL, NULL, NULL);
    HN_CHECK_EQ(r.status, 200);
    HN_CHECK_STR_EQ(r.body, "a user");
    sv_resp_free(&r);
    free(u);
    int status;
    free(sv_stop(&s, SIGTERM, &status));
    HN_CHECK_EQ(status, 0);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(serve, unmatched_request_gets_404_naming_the_nearest_fixture)
{
    char *dir = scratch();
    sv_server s;
    start(&s, dir);
    const char *json[] = {"Content-Type: application/json", NULL};
    char *u = url(&s, "/v1/items");
    sv_resp r;
    sv_request(&r, "POST", u, json, "{\"name\": \"pen\", \"qty\": 3}", NULL);
    HN_CHECK_EQ(r.status, 404);
    HN_CHECK_STR_EQ(r.ctype, "application/json");
    cJSON *doc = cJSON_Parse(r.body);
    HN_ASSERT_NOT_NULL(doc);
    const cJSON *near = cJSON_GetObjectItem(doc, "nearest");
    HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "error")),
                    "no fixture matches the request");
    HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(near, "name")), "items.create");
    HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(near, "path")),
                    "fixtures/create.json");
    const cJSON *diffs = cJSON_GetObjectItem(near, "differences");
    HN_ASSERT_EQ(cJSON_GetArraySize(diffs), 1);
    HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetArrayItem(diffs, 0)),
                    "body $.qty: 2 -> 3 (value_changed)");
    HN_CHECK_STR_CONTAINS(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(doc,
                          "request"), "url")), "/v1/items");
    cJSON_Delete(doc);
    sv_resp_free(&r);
    free(u);
    /* A wrong method and path: the differences say so. */
    u = url(&s, "/v1/item?page=1&size=2");
    sv_request(&r, "DELETE", u, NULL, NULL, NULL);
    HN_CHECK_EQ(r.status, 404);
    HN_CHECK_STR_CONTAINS(r.body, "\"items.list\"");
    HN_CHECK_STR_CONTAINS(r.body, "method: fixture GET, request DELETE");
    HN_CHECK_STR_CONTAINS(r.body, "URL path: fixture /v1/items, request /v1/item");
    sv_resp_free(&r);
    free(u);
    int status;
    free(sv_stop(&s, SIGTERM, &status));
    /* The same words on the server's stderr. */
    char *err = st_read_file(st_join(dir, "server-stderr.txt"), NULL);
    HN_ASSERT_NOT_NULL(err);
    HN_CHECK_STR_CONTAINS(err, "  body: \"{\\\"name\\\": \\\"pen\\\", \\\"qty\\\": 3}\"\n");
    HN_CHECK_STR_CONTAINS(err, "nearest fixture: items.create (fixtures/create.json), which "
                               "differs in:\n    body $.qty: 2 -> 3 (value_changed)");
    free(err);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(serve, summary_endpoint_and_summary_at_sigterm_and_sigint)
{
    char *dir = scratch();
    sv_server s;
    start(&s, dir);
    sv_resp r;
    char *u = url(&s, "/v1/items?page=1&size=2");
    for (int i = 0; i < 3; i++) {
        sv_request(&r, "GET", u, NULL, NULL, NULL);
        HN_CHECK_EQ(r.status, 200);
        sv_resp_free(&r);
    }
    free(u);
    u = url(&s, "/nowhere");
    sv_request(&r, "GET", u, NULL, NULL, NULL);
    HN_CHECK_EQ(r.status, 404);
    sv_resp_free(&r);
    free(u);
    u = url(&s, "/__honest/summary");
    sv_request(&r, "GET", u, NULL, NULL, NULL);
    HN_CHECK_EQ(r.status, 200);
    cJSON *doc = cJSON_Parse(r.body);
    HN_ASSERT_NOT_NULL(doc);
    HN_CHECK_EQ(cJSON_GetObjectItem(doc, "requests")->valueint, 4);
    HN_CHECK_EQ(cJSON_GetObjectItem(doc, "answered")->valueint, 3);
    HN_CHECK_EQ(cJSON_GetObjectItem(doc, "unmatched")->valueint, 1);
    HN_CHECK_EQ(cJSON_GetObjectItem(doc, "used")->valueint, 1);
    HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "base")), s.base);
    const cJSON *unused = cJSON_GetObjectItem(doc, "unused");
    HN_ASSERT_EQ(cJSON_GetArraySize(unused), 2);
    HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(unused, 0),
                                                             "name")), "items.create");
    HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(unused, 1),
                                                             "name")), "users.one");
    cJSON_Delete(doc);
    sv_resp_free(&r);
    free(u);
    int status;
    char *out = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_EQ(status, 0);
    HN_CHECK_STR_CONTAINS(out, "honest serve: 4 requests, 3 answered from fixtures, 1 unmatched");
    HN_CHECK_STR_CONTAINS(out, "fixtures used: 1 of 3");
    HN_CHECK_STR_CONTAINS(out, "used 3x: items.list (fixtures/items.json)");
    HN_CHECK_STR_CONTAINS(out, "unused: items.create (fixtures/create.json)");
    HN_CHECK_STR_CONTAINS(out, "unused: users.one (fixtures/user.json)");
    free(out);
    /* SIGINT (Ctrl-C) stops it the same way. */
    start(&s, dir);
    out = sv_stop(&s, SIGINT, &status);
    HN_CHECK_EQ(status, 0);
    HN_CHECK_STR_CONTAINS(out, "fixtures used: 0 of 3");
    free(out);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(serve, transport_error_fixture_closes_the_connection)
{
    char *dir = scratch(), *fx = st_join(dir, "fixtures");
    sv_fixture(fx, "reset.json", RESET);
    sv_server s;
    start(&s, dir);
    char *u = url(&s, "/v1/flaky");
    sv_resp r;
    sv_request(&r, "GET", u, NULL, NULL, NULL);
    HN_CHECK_EQ(r.status, 0);
    HN_CHECK(r.code == CURLE_GOT_NOTHING || r.code == CURLE_RECV_ERROR);
    sv_resp_free(&r);
    free(u);
    int status;
    char *out = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_STR_CONTAINS(out, "used 1x: flaky.reset");
    free(out);
    free(fx);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(serve, tls_with_a_self_signed_certificate)
{
    char *dir = scratch();
    st_proc p;
    const char *const gen[] = {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048",
                               "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "1",
                               "-subj", "/CN=127.0.0.1", "-addext",
                               "subjectAltName=IP:127.0.0.1", NULL};
    st_opts o = {.cwd = dir};
    HN_ASSERT_EQ(st_run(&p, gen, &o), 0);
    HN_ASSERT_EQ(p.exit_code, 0);
    st_proc_free(&p);
    sv_server s;
    const char *args[] = {"serve", "fixtures", "--tls", "cert.pem", "key.pem", NULL};
    sv_start(&s, dir, args);
    HN_CHECK_STR_CONTAINS(s.base, "https://127.0.0.1:");
    char *u = url(&s, "/v1/items?page=1&size=2"), *ca = st_join(dir, "cert.pem");
    sv_resp r;
    sv_request(&r, "GET", u, NULL, NULL, ca); /* verified against the certificate */
    HN_CHECK_EQ(r.code, CURLE_OK);
    HN_CHECK_EQ(r.status, 200);
    HN_CHECK_JSON_EQ(r.body, "{\"items\": [1, 2]}");
    sv_resp_free(&r);
    sv_request(&r, "GET", u, NULL, NULL, NULL); /* not trusted by the system */
    HN_CHECK_NE(r.code, CURLE_OK);
    sv_resp_free(&r);
    int status;
    free(sv_stop(&s, SIGTERM, &status));
    HN_CHECK_EQ(status, 0);
    free(u);
    free(ca);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(serve, curl_and_python_clients)
{
    char *dir = scratch();
    sv_server s;
    start(&s, dir);
    char *u = url(&s, "/v1/items?page=1&size=2");
    st_proc p;
    const char *const curl[] = {"/usr/bin/curl", "-s", "-i", u, NULL};
    HN_ASSERT_EQ(st_run(&p, curl, NULL), 0);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "HTTP/1.1 200 OK");
    HN_CHECK_STR_CONTAINS(p.out, "X-Served-By: fixture");
    HN_CHECK_STR_CONTAINS(p.out, "{\"items\":[1,2]}");
    st_proc_free(&p);
    /* A client that takes the server for a forward proxy (absolute-form target). */
    const char *const via[] = {"/usr/bin/curl", "-s", "--proxy", s.base,
                               "http://api.example.com/v1/items?page=1&size=2", NULL};
    HN_ASSERT_EQ(st_run(&p, via, NULL), 0);
    HN_CHECK_STR_EQ(p.out, "{\"items\":[1,2]}");
    st_proc_free(&p);
    char script[1024];
    snprintf(script, sizeof script,
             "import json, urllib.request\n"
             "req = urllib.request.Request('%s/v1/items', method='POST',\n"
             "    data=json.dumps({'name': 'pen', 'qty': 2}).encode(),\n"
             "    headers={'Content-Type': 'application/json'})\n"
             "with urllib.request.urlopen(req) as r:\n"
             "    print(r.status, json.load(r)['id'])\n", s.base);
    const char *const py[] = {"/usr/bin/python3", "-c", script, NULL};
    HN_ASSERT_EQ(st_run(&p, py, NULL), 0);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(p.out, "201 7\n");
    st_proc_free(&p);
    int status;
    char *out = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_STR_CONTAINS(out, "fixtures used: 2 of 3");
    HN_CHECK_STR_CONTAINS(out, "used 2x: items.list");
    free(out);
    free(u);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(serve, bad_input_is_refused_with_the_reason)
{
    char *dir = st_tmpdir(), *fx = st_join(dir, "fixtures");
    HN_ASSERT_EQ(mkdir(fx, 0777), 0);
    const char *const argv[] = {ST_HONEST, "serve", "fixtures", NULL};
    st_opts o = {.cwd = dir};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_CONTAINS(p.err, "directory fixtures holds no fixture");
    st_proc_free(&p);
    sv_fixture(fx, "bad.json", "{\"honest\": 1,\n \"request\": {\"method\": \"GET\",}\n}\n");
    HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_CONTAINS(p.err, "fixtures/bad.json:2:");
    st_proc_free(&p);
    const char *const tls[] = {ST_HONEST, "serve", "fixtures", "--tls", "cert.pem", NULL};
    HN_ASSERT_EQ(st_run(&p, tls, &o), 0);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_CONTAINS(p.err, "--tls needs two files");
    st_proc_free(&p);
    free(fx);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(serve, port_in_use_is_refused)
{
    char *dir = scratch();
    sv_server s;
    start(&s, dir);
    const char *port = strrchr(s.base, ':') + 1;
    const char *const argv[] = {ST_HONEST, "serve", "fixtures", "--port", port, NULL};
    st_opts o = {.cwd = dir};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_CONTAINS(p.err, "cannot listen on 127.0.0.1 port");
    st_proc_free(&p);
    int status;
    free(sv_stop(&s, SIGTERM, &status));
    st_rmtree(dir);
    free(dir);
}

/* The variants a seeded serve gives, one request after another. */
static void variant_run(const char *dir, const char *seed, char out[4][256])
{
    const char *args[] = {"serve", "fixtures", "--port", "0", "--variants=number_as_string,null",
                          "--seed", seed, NULL};
    sv_server s;
    sv_start(&s, dir, args);
    for (int i = 0; i < 4; i++) {
        char *u = url(&s, "/v1/items?page=1&size=2");
        sv_resp r;
        sv_request(&r, "GET", u, NULL, NULL, NULL);
        HN_CHECK_EQ(r.status, 200);
        HN_ASSERT_NOT_NULL(r.variant);
        snprintf(out[i], 256, "%s %s", r.variant, r.body);
        /* The body is the recording with that one place mutated. */
        if (!strncmp(r.variant, "null@$.items", 12))
            HN_CHECK_STR_CONTAINS(r.body, "null");
        else if (!strncmp(r.variant, "number_as_string@$.items[", 25))
            HN_CHECK_STR_CONTAINS(r.body, "\"");
        else
            HN_FAIL("a variant of another kind or place: %s", r.variant);
        sv_resp_free(&r);
        free(u);
    }
    int status;
    char *summary = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_STR_CONTAINS(summary, ", 4 answered with a variant (seed ");
    free(summary);
}

HN_TEST(serve, variants_are_seeded_and_named_in_the_answer)
{
    char *dir = scratch();
    char a[4][256], b[4][256], c[4][256];
    variant_run(dir, "7", a);
    variant_run(dir, "7", b);
    variant_run(dir, "8", c);
    int differ = 0;
    for (int i = 0; i < 4; i++) {
        HN_CHECK_STR_EQ(a[i], b[i]); /* the same seed, the same answers */
        differ |= strcmp(a[i], c[i]) != 0;
    }
    HN_CHECK(differ);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(serve, a_client_asks_for_one_variant)
{
    char *dir = scratch();
    sv_server s;
    start(&s, dir); /* without --variants */
    char *u = url(&s, "/v1/items?page=1&size=2");
    sv_resp r;
    const char *h503[] = {"X-Honest-Variant: status_503", NULL};
    sv_request(&r, "GET", u, h503, NULL, NULL);
    HN_CHECK_EQ(r.status, 503);
    HN_CHECK_STR_EQ(r.variant, "status_503@$");
    sv_resp_free(&r);
    const char *hpath[] = {"X-Honest-Variant: empty_array@$.items", NULL};
    sv_request(&r, "GET", u, hpath, NULL, NULL);
    HN_CHECK_EQ(r.status, 200);
    HN_CHECK_JSON_EQ(r.body, "{\"items\": []}");
    sv_resp_free(&r);
    const char *hbad[] = {"X-Honest-Variant: empty_array@$.nothing", NULL};
    sv_request(&r, "GET", u, hbad, NULL, NULL);
    HN_CHECK_EQ(r.status, 400);
    HN_CHECK_STR_CONTAINS(r.body, "no place of the fixture for X-Honest-Variant: "
                                  "empty_array@$.nothing; its places:");
    HN_CHECK_STR_CONTAINS(r.body, "empty_array@$.items");
    sv_resp_free(&r);
    /* Without the header, the recording as it is. */
    sv_request(&r, "GET", u, NULL, NULL, NULL);
    HN_CHECK_JSON_EQ(r.body, "{\"items\": [1, 2]}");
    HN_CHECK_NULL(r.variant);
    sv_resp_free(&r);
    free(u);
    int status;
    free(sv_stop(&s, SIGTERM, &status));
    const char *bad[] = {"serve", "fixtures", "--variants=sideways", NULL};
    st_proc p;
    const char *argv[8] = {ST_HONEST};
    for (int i = 0; bad[i]; i++)
        argv[i + 1] = bad[i];
    HN_ASSERT_EQ(st_run(&p, argv, &(st_opts){.cwd = dir}), 0);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_CONTAINS(p.err, "sideways");
    st_proc_free(&p);
    st_rmtree(dir);
    free(dir);
}
