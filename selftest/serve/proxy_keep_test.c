/* SPDX-License-Identifier: MIT */
/* proxy_keep_test.c: the real `honest proxy` keeps what it should: its
 * connections to a real loopback upstream (selftest/http/loopback.c, which
 * counts the connections it accepts) are reused from one forwarded request to
 * the next, every recording made and written in the background reaches the
 * disk whole when the proxy is stopped right after its last answer, and an
 * edit of the redaction list while it runs applies to the next recording. */
#include <honest.h>
#include <honest/fixture.h>

#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "loopback.h"
#include "support.h"
#include "sv.h"
#include "vt.h"

/* Keeps the first 255 bytes of a body in a NUL-terminated buffer. */
static size_t into_buf(char *p, size_t size, size_t n, void *data)
{
    char *b = data;
    size_t have = strlen(b), add = size * n;
    if (have + add < 256) {
        memcpy(b + have, p, add);
        b[have + add] = '\0';
    }
    return add;
}

/* Starts the loopback upstream and writes its base URL into upstream. */
static lb_server *upstream_start(char upstream[64])
{
    lb_server *up = lb_start();
    HN_ASSERT_NOT_NULL(up);
    snprintf(upstream, 64, "http://127.0.0.1:%s", lb_port(up));
    return up;
}

/* Starts the proxy in dir, recording into dir/rec; mode ("--record=all")
 * may be NULL. */
static void start_proxy(sv_server *s, const char *dir, const char *upstream, const char *mode)
{
    const char *args[] = {"proxy", "--upstream", upstream, "--fixtures", "rec", "--port", "0",
                          "--quiet", mode, NULL};
    sv_start(s, dir, args);
}

HN_TEST(proxy_keep, forwarded_requests_reuse_upstream_connections)
{
    char upstream[64];
    lb_server *up = upstream_start(upstream);
    char *dir = st_tmpdir(), *rec = st_join(dir, "rec");
    sv_server s;
    start_proxy(&s, dir, upstream, NULL);
    /* 40 distinct requests over one client connection: each is new, so each
     * is forwarded (and recorded). */
    enum { ONE = 40, SEPARATE = 20 };
    CURL *c = curl_easy_init();
    HN_ASSERT_NOT_NULL(c);
    long client_connects = 0;
    int ok = 0;
    for (int i = 0; i < ONE; i++) {
        char u[200], body[256] = "";
        snprintf(u, sizeof u, "%s/keep/%d", s.base, i);
        curl_easy_setopt(c, CURLOPT_URL, u);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, into_buf);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
        long status = 0, n = 0;
        if (curl_easy_perform(c) == CURLE_OK) {
            curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
            curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &n);
            client_connects += n;
        }
        ok += status == 200 && !strcmp(body, "hello from loopback");
    }
    curl_easy_cleanup(c);
    HN_CHECK_EQ(ok, ONE);
    HN_CHECK_EQ(client_connects, 1); /* the client kept its one connection */
    unsigned first = lb_connections(up);
    HN_LOG("%d forwarded requests over one client connection: %u upstream connections", ONE,
           first);
    /* One connection carries them all; without reuse there would be 40. */
    HN_CHECK_GE(first, 1u);
    HN_CHECK_LE(first, 2u);
    /* 20 more, each over a new client connection: the proxy's pooled
     * upstream clients are shared between its connections. */
    for (int i = 0; i < SEPARATE; i++) {
        char u[200];
        snprintf(u, sizeof u, "%s/again/%d", s.base, i);
        sv_resp r;
        sv_request(&r, "GET", u, NULL, NULL, NULL);
        ok += r.status == 200;
        sv_resp_free(&r);
    }
    HN_CHECK_EQ(ok, ONE + SEPARATE);
    unsigned more = lb_connections(up) - first;
    HN_LOG("%d more over %d client connections: %u more upstream connections", SEPARATE,
           SEPARATE, more);
    HN_CHECK_LE(more, 2u);
    int status, tmp;
    char *out = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_EQ(status, 0);
    HN_CHECK_STR_CONTAINS(out, "60 forwarded, 60 recorded, 0 failed");
    free(out);
    HN_CHECK_EQ(sv_json_files(rec, &tmp), ONE + SEPARATE);
    HN_CHECK_EQ(tmp, 0);
    lb_stop(up);
    free(rec);
    st_rmtree(dir);
    free(dir);
}

/* One client thread of the drain test: PER requests, each new, over one
 * connection, with a secret in a header. */
typedef struct client {
    const char *base;
    int id;
    int ok;
} client;

enum { CLIENTS = 8, PER = 25 };

static const char SECRET[] = "Bearer tok-5ecret-drain-0123456789";

static void *client_main(void *arg)
{
    client *c = arg;
    CURL *e = curl_easy_init();
    if (!e)
        return NULL;
    char auth[128];
    snprintf(auth, sizeof auth, "Authorization: %s", SECRET);
    struct curl_slist *h = curl_slist_append(NULL, auth);
    for (int k = 0; k < PER; k++) {
        char u[200], body[256] = "";
        snprintf(u, sizeof u, "%s/drain/%d-%d", c->base, c->id, k);
        curl_easy_setopt(e, CURLOPT_URL, u);
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, into_buf);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, body);
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 20000L);
        long status = 0;
        if (curl_easy_perform(e) == CURLE_OK)
            curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
        c->ok += status == 200 && !strcmp(body, "hello from loopback");
    }
    curl_slist_free_all(h);
    curl_easy_cleanup(e);
    return NULL;
}

HN_TEST(proxy_keep, sigterm_after_the_last_answer_loses_no_recording, .timeout_ms = 60000)
{
    char upstream[64];
    lb_server *up = upstream_start(upstream);
    char *dir = st_tmpdir(), *rec = st_join(dir, "rec");
    sv_server s;
    start_proxy(&s, dir, upstream, NULL);
    pthread_t t[CLIENTS];
    client c[CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
        c[i] = (client){s.base, i, 0};
        HN_ASSERT_EQ(pthread_create(&t[i], NULL, client_main, &c[i]), 0);
    }
    int ok = 0;
    for (int i = 0; i < CLIENTS; i++) {
        pthread_join(t[i], NULL);
        ok += c[i].ok;
    }
    /* SIGTERM as soon as the last answer is in: recordings may still be
     * queued for the writer (how many is logged); all must reach the disk. */
    int tmp, early = sv_json_files(rec, &tmp);
    int status;
    char *out = sv_stop(&s, SIGTERM, &status);
    HN_LOG("%d of %d recordings were on disk when SIGTERM was sent", early, CLIENTS * PER);
    HN_CHECK_EQ(ok, CLIENTS * PER);
    HN_CHECK_EQ(status, 0);
    char want[128];
    snprintf(want, sizeof want, "%d forwarded, %d recorded, 0 failed", CLIENTS * PER,
             CLIENTS * PER);
    HN_CHECK_STR_CONTAINS(out, want);
    free(out);
    HN_CHECK_EQ(sv_json_files(rec, &tmp), CLIENTS * PER);
    HN_CHECK_EQ(tmp, 0); /* no temporary file left behind */
    /* Each file whole and valid: it loads as a fixture of its request, with
     * the upstream's answer, and the secret replaced by a placeholder. */
    int whole = 0, leaked = 0;
    for (int i = 0; i < CLIENTS; i++)
        for (int k = 0; k < PER; k++) {
            char name[64], url[64];
            snprintf(name, sizeof name, "get-drain-%d-%d.json", i, k);
            snprintf(url, sizeof url, "${UPSTREAM}/drain/%d-%d", i, k);
            char *p = st_join(rec, name), *text = st_read_file(p, NULL);
            hn_fixture_error fe;
            hn_fixture *fx = hn_fixture_load(p, &fe);
            size_t len = 0;
            const char *body = fx ? hn_fixture_body(fx, HN_RESPONSE, &len) : NULL;
            whole += fx && !strcmp(hn_fixture_url(fx), url) && body &&
                     !strcmp(body, "hello from loopback");
            leaked += text && strstr(text, "tok-5ecret-drain") != NULL;
            if (!fx)
                HN_LOG("%s: %s", name, fe.text);
            hn_fixture_free(fx);
            free(text);
            free(p);
        }
    HN_CHECK_EQ(whole, CLIENTS * PER);
    HN_CHECK_EQ(leaked, 0);
    lb_stop(up);
    free(rec);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(proxy_keep, a_recording_that_cannot_be_written_is_reported)
{
    char upstream[64];
    lb_server *up = upstream_start(upstream);
    char *dir = st_tmpdir(), *rec = st_join(dir, "rec");
    HN_ASSERT_EQ(mkdir(rec, 0755), 0);
    sv_fixture(rec, "get-fail.json",
               "{\"honest\": 1, \"name\": \"fail\", \"recorded_at\": \"2026-11-20T10:00:00Z\","
               " \"request\": {\"method\": \"GET\", \"url\": \"${UPSTREAM}/fail\"},"
               " \"response\": {\"status\": 200, \"body_text\": \"old\"}}");
    sv_server s;
    const char *args[] = {"proxy", "--upstream", upstream, "--fixtures", "rec", "--port", "0",
                          "--record=all", NULL};
    sv_start(&s, dir, args);
    /* The fixture's file becomes a directory: re-recording it in place
     * cannot rename over it. */
    char *p = st_join(rec, "get-fail.json");
    HN_ASSERT_EQ(remove(p), 0);
    HN_ASSERT_EQ(mkdir(p, 0755), 0);
    char u[200];
    snprintf(u, sizeof u, "%s/fail", s.base);
    sv_resp r;
    sv_request(&r, "GET", u, NULL, NULL, NULL);
    HN_CHECK_EQ(r.status, 200); /* the client still gets the upstream's answer */
    HN_CHECK_STR_EQ(r.body, "hello from loopback");
    sv_resp_free(&r);
    int status;
    char *out = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_STR_CONTAINS(out, "1 forwarded, 0 recorded, 1 failed");
    free(out);
    HN_CHECK_EQ(status, 0);
    char *ef = st_join(dir, "server-stderr.txt"), *err = st_read_file(ef, NULL);
    HN_ASSERT_NOT_NULL(err);
    HN_CHECK_STR_CONTAINS(err, "honest proxy: GET /fail: not recorded: ");
    HN_CHECK_STR_CONTAINS(err, "get-fail.json");
    free(err);
    free(ef);
    free(p);
    lb_stop(up);
    free(rec);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(proxy_keep, a_file_rerecorded_while_queued_gets_the_newest_answer)
{
    vt_provider up;
    vt_provider_start(&up);
    char *dir = st_tmpdir(), *rec = st_join(dir, "rec");
    sv_server s;
    const char *args[] = {"proxy", "--upstream", up.base, "--fixtures", "rec", "--port", "0",
                          "--record=all", NULL}; /* not --quiet: each recording is logged */
    sv_start(&s, dir, args);
    char u[200];
    snprintf(u, sizeof u, "%s/v1/items", s.base);
    enum { BEFORE = 30 };
    int ok = 0;
    for (int i = 0; i < BEFORE; i++) {
        sv_resp r;
        sv_request(&r, "GET", u, NULL, NULL, NULL);
        ok += r.status == 200;
        sv_resp_free(&r);
    }
    /* The upstream changes; the last answer, re-recorded into the same file
     * while earlier writes of it may still wait, is the one on disk. */
    vt_provider_version(&up, 2);
    sv_resp r;
    sv_request(&r, "GET", u, NULL, NULL, NULL);
    ok += r.status == 200;
    sv_resp_free(&r);
    int status;
    char *out = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_EQ(ok, BEFORE + 1);
    HN_CHECK_STR_CONTAINS(out, "31 forwarded, 31 recorded, 0 failed");
    free(out);
    int tmp;
    HN_CHECK_EQ(sv_json_files(rec, &tmp), 1);
    HN_CHECK_EQ(tmp, 0);
    char *p = st_join(rec, "get-v1-items.json");
    hn_fixture_error fe;
    hn_fixture *fx = hn_fixture_load(p, &fe);
    HN_ASSERT_NOT_NULL(fx);
    size_t len;
    HN_CHECK_JSON_EQ(hn_fixture_body(fx, HN_RESPONSE, &len),
                     "{\"items\":[{\"id\":1,\"n\":\"x\"},{\"id\":2,\"n\":\"y\"},"
                     "{\"id\":3,\"n\":\"z\"}]}");
    hn_fixture_free(fx);
    free(p);
    /* Each recording is still logged once, merged into one write or not. */
    char *ef = st_join(dir, "server-stderr.txt"), *err = st_read_file(ef, NULL);
    HN_ASSERT_NOT_NULL(err);
    int lines = 0;
    for (const char *q = err; (q = strstr(q, "GET /v1/items -> 200, ")) != NULL; q++)
        lines++;
    HN_CHECK_EQ(lines, BEFORE + 1);
    free(err);
    free(ef);
    vt_provider_stop(&up);
    free(rec);
    st_rmtree(dir);
    free(dir);
}

/* Under --record=all the recorder makes one recording for a run of
 * interactions that re-record the same fixture (the last one's; the others
 * are counted and logged with it). Two fixtures answering the same request
 * (a sequence: the first unused one answers, then the last) must each get
 * their own re-recording all the same, however close the requests come. */
HN_TEST(proxy_keep, rerecording_a_sequence_keeps_each_fixture_its_own_answer)
{
    vt_provider up;
    vt_provider_start(&up);
    char *dir = st_tmpdir(), *rec = st_join(dir, "rec");
    HN_ASSERT_EQ(mkdir(rec, 0755), 0);
    static const char *const names[] = {"items-1.json", "items-2.json"};
    for (int i = 0; i < 2; i++)
        sv_fixture(rec, names[i],
                   "{\"honest\": 1, \"name\": \"items\", \"recorded_at\": "
                   "\"2026-11-20T10:00:00Z\", \"request\": {\"method\": \"GET\", \"url\": "
                   "\"${UPSTREAM}/v1/items\"}, \"response\": {\"status\": 200, "
                   "\"body_text\": \"old\"}}");
    sv_server s;
    const char *args[] = {"proxy", "--upstream", up.base, "--fixtures", "rec", "--port", "0",
                          "--record=all", NULL};
    sv_start(&s, dir, args);
    char u[200];
    snprintf(u, sizeof u, "%s/v1/items", s.base);
    enum { N = 6 }; /* items-1, then items-2 five times (the last match) */
    int ok = 0;
    for (int i = 0; i < N; i++) {
        sv_resp r;
        sv_request(&r, "GET", u, NULL, NULL, NULL);
        ok += r.status == 200 && strstr(r.body, "\"items\"") != NULL;
        sv_resp_free(&r);
    }
    int status, tmp;
    char *out = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_EQ(ok, N);
    HN_CHECK_STR_CONTAINS(out, "6 forwarded, 6 recorded, 0 failed");
    free(out);
    HN_CHECK_EQ(sv_json_files(rec, &tmp), 2);
    HN_CHECK_EQ(tmp, 0);
    for (int i = 0; i < 2; i++) {
        char *p = st_join(rec, names[i]);
        hn_fixture_error fe;
        hn_fixture *fx = hn_fixture_load(p, &fe);
        HN_ASSERT_NOT_NULL(fx);
        size_t len;
        const char *body = hn_fixture_body(fx, HN_RESPONSE, &len);
        HN_LOG("%s: %s", names[i], body);
        HN_CHECK_STR_CONTAINS(body, "\"items\""); /* the upstream's, not "old" */
        hn_fixture_free(fx);
        free(p);
    }
    /* Every interaction is logged once, recorded on its own or not. */
    char *ef = st_join(dir, "server-stderr.txt"), *err = st_read_file(ef, NULL);
    HN_ASSERT_NOT_NULL(err);
    int one = 0, two = 0;
    for (const char *q = err; (q = strstr(q, "-> 200, re-recorded ")) != NULL; q++) {
        const char *eol = strchr(q, '\n');
        one += eol && eol - q > 12 && !strncmp(eol - 12, "items-1.json", 12);
        two += eol && eol - q > 12 && !strncmp(eol - 12, "items-2.json", 12);
    }
    HN_CHECK_EQ(one, 1);
    HN_CHECK_EQ(two, N - 1);
    free(err);
    free(ef);
    vt_provider_stop(&up);
    free(rec);
    st_rmtree(dir);
    free(dir);
}

/* The text of dir/name once the proxy has written it (NULL after 10 s). */
static char *written(const char *dir, const char *name)
{
    char *p = st_join(dir, name), *text = NULL;
    for (int i = 0; i < 500 && !(text = st_read_file(p, NULL)); i++) {
        struct timespec t = {0, 20 * 1000000L};
        nanosleep(&t, NULL);
    }
    free(p);
    return text;
}

/* Sends GET path through the proxy with the headers h; 1 when answered 200
 * with the upstream's body. */
static int through(const sv_server *s, const char *path, const char *const *h)
{
    char u[200];
    snprintf(u, sizeof u, "%s%s", s->base, path);
    sv_resp r;
    sv_request(&r, "GET", u, h, NULL, NULL);
    int ok = r.status == 200 && !strcmp(r.body, "hello from loopback");
    sv_resp_free(&r);
    return ok;
}

HN_TEST(proxy_keep, an_edited_redaction_list_applies_to_the_next_recording)
{
    char upstream[64];
    lb_server *up = upstream_start(upstream);
    char *dir = st_tmpdir(), *rec = st_join(dir, "rec"), *rules = st_join(rec, ".honest-redact");
    HN_ASSERT_EQ(mkdir(rec, 0755), 0);
    sv_server s;
    start_proxy(&s, dir, upstream, NULL);
    /* No list yet: X-Customer-Ref and X-Trace-Id are not secret by default. */
    const char *h1[] = {"X-Customer-Ref: cust-value-one-1111", "X-Trace-Id: trace-value-one-1111",
                        NULL};
    HN_CHECK(through(&s, "/first", h1));
    char *text = written(rec, "get-first.json");
    HN_ASSERT_NOT_NULL(text);
    HN_CHECK_STR_CONTAINS(text, "cust-value-one-1111");
    HN_CHECK_STR_CONTAINS(text, "trace-value-one-1111");
    free(text);
    /* A list appears while the proxy runs: the next recording applies it. */
    HN_ASSERT_EQ(st_write_file(rules, "X-Customer-Ref\n"), 0);
    const char *h2[] = {"X-Customer-Ref: cust-value-two-2222", "X-Trace-Id: trace-value-two-2222",
                        NULL};
    HN_CHECK(through(&s, "/second", h2));
    text = written(rec, "get-second.json");
    HN_ASSERT_NOT_NULL(text);
    HN_CHECK_NULL(strstr(text, "cust-value-two-2222"));
    HN_CHECK_STR_CONTAINS(text, "${X_CUSTOMER_REF}");
    HN_CHECK_STR_CONTAINS(text, "trace-value-two-2222");
    free(text);
    /* The list is edited in place (the same file): the old rule is gone, the
     * new one applies. */
    FILE *f = fopen(rules, "w");
    HN_ASSERT_NOT_NULL(f);
    fputs("# edited\nX-Trace-Id\n", f);
    fclose(f);
    const char *h3[] = {"X-Customer-Ref: cust-value-three-3333",
                        "X-Trace-Id: trace-value-three-3333", NULL};
    HN_CHECK(through(&s, "/third", h3));
    text = written(rec, "get-third.json");
    HN_ASSERT_NOT_NULL(text);
    HN_CHECK_NULL(strstr(text, "trace-value-three-3333"));
    HN_CHECK_STR_CONTAINS(text, "${X_TRACE_ID}");
    HN_CHECK_STR_CONTAINS(text, "cust-value-three-3333");
    free(text);
    int status;
    char *out = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_EQ(status, 0);
    HN_CHECK_STR_CONTAINS(out, "3 forwarded, 3 recorded, 0 failed");
    free(out);
    lb_stop(up);
    free(rules);
    free(rec);
    st_rmtree(dir);
    free(dir);
}
