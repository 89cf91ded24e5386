/* SPDX-License-Identifier: MIT */
/* proxy_test.c: the real `honest proxy` between libcurl and a real upstream on
 * loopback (the provider of selftest/verify): answers passed through,
 * interactions recorded redacted, atomically, one file each, named from method
 * and path with the upstream as a placeholder; --record=missing and all;
 * concurrent clients; an upstream that is down; the recordings replayed by
 * `honest serve`. */
#include <honest.h>
#include <honest/diff.h>

#include <cjson/cJSON.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "support.h"
#include "sv.h"
#include "vt.h"

static char *url(const sv_server *s, const char *path)
{
    char *u;
    HN_ASSERT_GE(asprintf(&u, "%s%s", s->base, path), 0);
    return u;
}

static void proxy(sv_server *s, const char *dir, const vt_provider *up, const char *mode,
                  const char *placeholder)
{
    const char *args[12] = {"proxy", "--upstream", up->base, "--fixtures", "rec", "--port", "0"};
    size_t n = 7;
    if (mode)
        args[n++] = mode;
    if (placeholder) {
        args[n++] = "--base-placeholder";
        args[n++] = placeholder;
    }
    args[n] = NULL;
    sv_start(s, dir, args);
}

static cJSON *json_file(const char *dir, const char *name)
{
    char *p = st_join(dir, name), *text = st_read_file(p, NULL);
    HN_ASSERT(text != NULL);
    cJSON *doc = cJSON_Parse(text);
    HN_ASSERT_NOT_NULL(doc);
    free(text);
    free(p);
    return doc;
}

static const char *at(const cJSON *doc, const char *a, const char *b)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, a), b));
}

HN_TEST(proxy, records_each_interaction_redacted_with_the_upstream_as_placeholder)
{
    vt_provider up;
    vt_provider_start(&up);
    char *dir = st_tmpdir(), *rec = st_join(dir, "rec");
    sv_server s;
    proxy(&s, dir, &up, NULL, NULL);
    HN_CHECK_STR_CONTAINS(s.first, "honest proxy: http://127.0.0.1:");
    const char *h[] = {"Authorization: Bearer tok-5ecret-abcdef", "X-Api-Key: key-5ecret-123456",
                       "Content-Type: application/json", NULL};
    char *u = url(&s, "/echo?lang=en");
    sv_resp r;
    sv_request(&r, "POST", u, h, "{\"note\": \"hello\"}", NULL);
    /* The client gets the upstream's real answer. */
    HN_CHECK_EQ(r.status, 200);
    HN_CHECK_STR_CONTAINS(r.body, "\"authorization\":\"Bearer tok-5ecret-abcdef\"");
    HN_CHECK_STR_CONTAINS(r.body, "srv-session-");
    sv_resp_free(&r);
    free(u);
    int status, tmp;
    char *out = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_EQ(status, 0);
    HN_CHECK_STR_CONTAINS(out, "1 forwarded, 1 recorded, 0 failed upstream");
    free(out);
    HN_ASSERT_EQ(sv_json_files(rec, &tmp), 1);
    HN_CHECK_EQ(tmp, 0);
    /* Named from method and path; no secret written anywhere in it. */
    char *p = st_join(rec, "post-echo.json"), *text = st_read_file(p, NULL);
    HN_ASSERT_NOT_NULL(text);
    HN_CHECK_EQ(strstr(text, "5ecret"), NULL);
    HN_CHECK_EQ(strstr(text, "srv-session-"), NULL);
    cJSON *doc = json_file(rec, "post-echo.json");
    HN_CHECK_STR_EQ(at(doc, "request", "url"), "${UPSTREAM}/echo?lang=en");
    HN_CHECK_STR_EQ(at(doc, "request", "method"), "POST");
    const cJSON *rh = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "request"), "headers");
    HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(rh, "Authorization")),
                    "Bearer ${AUTHORIZATION}");
    HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(rh, "X-Api-Key")), "${X_API_KEY}");
    HN_CHECK_NULL(cJSON_GetObjectItem(rh, "Host"));
    const cJSON *resp = cJSON_GetObjectItem(doc, "response");
    HN_CHECK_EQ(cJSON_GetObjectItem(resp, "status")->valueint, 200);
    HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(resp,
                    "headers"), "Set-Cookie")), "${SET_COOKIE}");
    HN_CHECK_JSON_EQ(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "request"), "body"),
                     "{\"note\": \"hello\"}");
    cJSON_Delete(doc);
    free(text);
    free(p);
    vt_provider_stop(&up);
    free(rec);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(proxy, record_missing_answers_known_requests_from_their_fixture)
{
    vt_provider up;
    vt_provider_start(&up);
    char *dir = st_tmpdir(), *rec = st_join(dir, "rec");
    sv_server s;
    proxy(&s, dir, &up, "--record=missing", NULL);
    char *items = url(&s, "/v1/items"), *text = url(&s, "/text");
    sv_resp r;
    long before = vt_provider_count(&up);
    sv_request(&r, "GET", items, NULL, NULL, NULL);
    HN_CHECK_EQ(r.status, 200);
    char *first = strdup(r.body);
    sv_resp_free(&r);
    HN_CHECK_EQ(vt_provider_count(&up), before + 1);
    for (int i = 0; i < 3; i++) { /* answered from the new fixture: not forwarded */
        sv_request(&r, "GET", items, NULL, NULL, NULL);
        HN_CHECK_EQ(r.status, 200);
        HN_CHECK_JSON_EQ(r.body, first);
        sv_resp_free(&r);
    }
    HN_CHECK_EQ(vt_provider_count(&up), before + 1);
    sv_request(&r, "GET", text, NULL, NULL, NULL); /* new: forwarded and recorded */
    HN_CHECK_STR_EQ(r.body, "hello, world\n");
    sv_resp_free(&r);
    HN_CHECK_EQ(vt_provider_count(&up), before + 2);
    int status;
    char *out = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_STR_CONTAINS(out, "5 requests, 3 answered from fixtures, 0 unmatched, 2 forwarded, "
                               "2 recorded");
    free(out);
    HN_CHECK_EQ(sv_json_files(rec, NULL), 2);
    cJSON *doc = json_file(rec, "get-text.json");
    HN_CHECK_STR_EQ(at(doc, "response", "body_text"), "hello, world\n");
    cJSON_Delete(doc);
    /* A second proxy over the same directory forwards nothing it has. */
    proxy(&s, dir, &up, NULL, NULL);
    sv_request(&r, "GET", text, NULL, NULL, NULL);
    HN_CHECK_EQ(r.status, 0); /* the old port is closed */
    sv_resp_free(&r);
    free(text);
    text = url(&s, "/text");
    sv_request(&r, "GET", text, NULL, NULL, NULL);
    HN_CHECK_STR_EQ(r.body, "hello, world\n");
    sv_resp_free(&r);
    HN_CHECK_EQ(vt_provider_count(&up), before + 2);
    free(sv_stop(&s, SIGTERM, &status));
    HN_CHECK_EQ(sv_json_files(rec, NULL), 2);
    free(first);
    free(items);
    free(text);
    vt_provider_stop(&up);
    free(rec);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(proxy, record_all_forwards_everything_and_rerecords_in_place)
{
    vt_provider up;
    vt_provider_start(&up);
    char *dir = st_tmpdir(), *rec = st_join(dir, "rec");
    sv_server s;
    proxy(&s, dir, &up, NULL, "API_BASE");
    char *u = url(&s, "/v1/items");
    sv_resp r;
    sv_request(&r, "GET", u, NULL, NULL, NULL);
    sv_resp_free(&r);
    int status;
    free(sv_stop(&s, SIGTERM, &status));
    cJSON *doc = json_file(rec, "get-v1-items.json");
    HN_CHECK_STR_EQ(at(doc, "request", "url"), "${API_BASE}/v1/items");
    cJSON_Delete(doc);
    /* The upstream changes; --record=all forwards and re-records the file. */
    vt_provider_version(&up, 2);
    proxy(&s, dir, &up, "--record=all", "API_BASE");
    free(u);
    u = url(&s, "/v1/items");
    long before = vt_provider_count(&up);
    for (int i = 0; i < 2; i++) {
        sv_request(&r, "GET", u, NULL, NULL, NULL);
        HN_CHECK_EQ(r.status, 200);
        sv_resp_free(&r);
    }
    HN_CHECK_EQ(vt_provider_count(&up), before + 2);
    char *out = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_STR_CONTAINS(out, "2 requests, 0 answered from fixtures, 0 unmatched, 2 forwarded, "
                               "2 recorded");
    free(out);
    int tmp;
    HN_CHECK_EQ(sv_json_files(rec, &tmp), 1);
    HN_CHECK_EQ(tmp, 0);
    doc = json_file(rec, "get-v1-items.json"); /* version 2's answer, same request */
    HN_CHECK_STR_EQ(at(doc, "request", "url"), "${API_BASE}/v1/items");
    HN_CHECK_JSON_EQ(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "response"), "body"),
                     "{\"items\":[{\"id\":1,\"n\":\"x\"},{\"id\":2,\"n\":\"y\"},"
                     "{\"id\":3,\"n\":\"z\"}]}");
    cJSON_Delete(doc);
    vt_provider_stop(&up);
    free(u);
    free(rec);
    st_rmtree(dir);
    free(dir);
}

typedef struct client {
    const char *base;
    int index;
    int ok;
} client;

/* Sends the same 8 requests as every other client, in its own order. */
static void *eight_requests(void *data)
{
    client *c = data;
    for (int k = 0; k < 8; k++) {
        char u[256];
        snprintf(u, sizeof u, "%s/bench/item-%d", c->base, (k + c->index) % 8);
        sv_resp r;
        sv_request(&r, "GET", u, NULL, NULL, NULL);
        c->ok += r.status == 200 && strstr(r.body, "\"name\":\"item\"") != NULL;
        sv_resp_free(&r);
    }
    return NULL;
}

HN_TEST(proxy, concurrent_clients_make_one_whole_file_per_interaction)
{
    vt_provider up;
    vt_provider_start(&up);
    char *dir = st_tmpdir(), *rec = st_join(dir, "rec");
    sv_server s;
    proxy(&s, dir, &up, NULL, NULL);
    enum { CLIENTS = 16 };
    pthread_t t[CLIENTS];
    client c[CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
        c[i] = (client){s.base, i, 0};
        HN_ASSERT_EQ(pthread_create(&t[i], NULL, eight_requests, &c[i]), 0);
    }
    int ok = 0;
    for (int i = 0; i < CLIENTS; i++) {
        pthread_join(t[i], NULL);
        ok += c[i].ok;
    }
    HN_CHECK_EQ(ok, CLIENTS * 8);
    int status, tmp;
    char *out = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_STR_CONTAINS(out, "128 requests, 120 answered from fixtures, 0 unmatched, "
                               "8 forwarded, 8 recorded, 0 failed");
    free(out);
    HN_CHECK_EQ(sv_json_files(rec, &tmp), 8); /* one per distinct interaction */
    HN_CHECK_EQ(tmp, 0);
    for (int k = 0; k < 8; k++) {
        char name[64], want[64];
        snprintf(name, sizeof name, "get-bench-item-%d.json", k);
        snprintf(want, sizeof want, "${UPSTREAM}/bench/item-%d", k);
        cJSON *doc = json_file(rec, name); /* whole: it parses */
        HN_CHECK_STR_EQ(at(doc, "request", "url"), want);
        cJSON_Delete(doc);
    }
    /* --record=all: every interaction forwarded; distinct ones get a file
     * each, the same one re-recorded in place. */
    proxy(&s, dir, &up, "--record=all", NULL);
    for (int i = 0; i < CLIENTS; i++) {
        c[i] = (client){s.base, i, 0};
        HN_ASSERT_EQ(pthread_create(&t[i], NULL, eight_requests, &c[i]), 0);
    }
    ok = 0;
    for (int i = 0; i < CLIENTS; i++) {
        pthread_join(t[i], NULL);
        ok += c[i].ok;
    }
    HN_CHECK_EQ(ok, CLIENTS * 8);
    out = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_STR_CONTAINS(out, "128 forwarded, 128 recorded, 0 failed");
    free(out);
    HN_CHECK_EQ(sv_json_files(rec, &tmp), 8);
    HN_CHECK_EQ(tmp, 0);
    vt_provider_stop(&up);
    free(rec);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(proxy, upstream_down_answers_502_and_records_nothing)
{
    char *dir = st_tmpdir(), *rec = st_join(dir, "rec");
    vt_provider dead = {0};
    snprintf(dead.base, sizeof dead.base, "http://127.0.0.1:%u", vt_dead_port());
    sv_server s;
    proxy(&s, dir, &dead, NULL, NULL);
    char *u = url(&s, "/v1/items");
    sv_resp r;
    sv_request(&r, "GET", u, NULL, NULL, NULL);
    HN_CHECK_EQ(r.status, 502);
    HN_CHECK_STR_CONTAINS(r.body, "the upstream did not answer; nothing was recorded");
    HN_CHECK_STR_CONTAINS(r.body, "connection_refused");
    sv_resp_free(&r);
    int status;
    char *out = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_STR_CONTAINS(out, "1 forwarded, 0 recorded, 1 failed upstream");
    free(out);
    HN_CHECK_EQ(sv_json_files(rec, NULL), 0);
    free(u);
    free(rec);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(proxy, recordings_replay_with_serve)
{
    vt_provider up;
    vt_provider_start(&up);
    char *dir = st_tmpdir();
    sv_server s;
    proxy(&s, dir, &up, NULL, NULL);
    const char *json[] = {"Content-Type: application/json", NULL};
    char *a = url(&s, "/v1/items"), *b = url(&s, "/echo");
    sv_resp r1, r2;
    sv_request(&r1, "GET", a, NULL, NULL, NULL);
    sv_request(&r2, "POST", b, json, "{\"n\": 1}", NULL);
    int status;
    free(sv_stop(&s, SIGTERM, &status));
    vt_provider_stop(&up); /* replay needs no upstream */
    const char *args[] = {"serve", "rec", NULL};
    sv_start(&s, dir, args);
    free(a);
    free(b);
    a = url(&s, "/v1/items");
    b = url(&s, "/echo");
    sv_resp q1, q2;
    sv_request(&q1, "GET", a, NULL, NULL, NULL);
    sv_request(&q2, "POST", b, json, "{\"n\": 1}", NULL);
    HN_CHECK_EQ(q1.status, r1.status);
    HN_CHECK_JSON_EQ(q1.body, r1.body);
    HN_CHECK_EQ(q2.status, 200);
    HN_CHECK_STR_CONTAINS(q2.body, "\"body\":\"{\\\"n\\\": 1}\"");
    char *out = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_STR_CONTAINS(out, "fixtures used: 2 of 2");
    free(out);
    sv_resp_free(&r1);
    sv_resp_free(&r2);
    sv_resp_free(&q1);
    sv_resp_free(&q2);
    free(a);
    free(b);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(proxy, https_upstream_verified_with_cacert)
{
    char *dir = st_tmpdir(), *rec = st_join(dir, "rec");
    st_proc p;
    const char *const gen[] = {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048",
                               "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "1",
                               "-subj", "/CN=127.0.0.1", "-addext",
                               "subjectAltName=IP:127.0.0.1", NULL};
    HN_ASSERT_EQ(st_run(&p, gen, &(st_opts){.cwd = dir}), 0);
    HN_ASSERT_EQ(p.exit_code, 0);
    st_proc_free(&p);
    char *cert = st_join(dir, "cert.pem"), *key = st_join(dir, "key.pem");
    vt_provider up;
    vt_provider_start_tls(&up, cert, key);
    HN_CHECK_STR_CONTAINS(up.base, "https://");
    /* Not trusted: the client gets a 502 saying so, nothing is written. */
    sv_server s;
    proxy(&s, dir, &up, NULL, NULL);
    char *u = url(&s, "/v1/items");
    sv_resp r;
    sv_request(&r, "GET", u, NULL, NULL, NULL);
    HN_CHECK_EQ(r.status, 502);
    HN_CHECK_STR_CONTAINS(r.body, "tls");
    sv_resp_free(&r);
    int status;
    free(sv_stop(&s, SIGTERM, &status));
    HN_CHECK_EQ(sv_json_files(rec, NULL), 0);
    /* With --cacert the upstream is verified, and the interaction recorded. */
    const char *args[] = {"proxy", "--upstream", up.base, "--fixtures", "rec", "--cacert",
                          "cert.pem", NULL};
    sv_start(&s, dir, args);
    free(u);
    u = url(&s, "/v1/items");
    sv_request(&r, "GET", u, NULL, NULL, NULL);
    HN_CHECK_EQ(r.status, 200);
    HN_CHECK_STR_CONTAINS(r.body, "\"items\"");
    sv_resp_free(&r);
    free(sv_stop(&s, SIGTERM, &status));
    HN_CHECK_EQ(sv_json_files(rec, NULL), 1);
    cJSON *doc = json_file(rec, "get-v1-items.json");
    HN_CHECK_STR_EQ(at(doc, "request", "url"), "${UPSTREAM}/v1/items");
    cJSON_Delete(doc);
    vt_provider_stop(&up);
    free(u);
    free(cert);
    free(key);
    free(rec);
    st_rmtree(dir);
    free(dir);
}
