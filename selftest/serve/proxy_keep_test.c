/* SPDX-License-Identifier: MIT */
/* proxy_keep_test.c: the real `honest proxy` keeps what it should: its
 * connections to a real loopback upstream (selftest/http/loopback.c, which
 * counts the connections it accepts) are reused from one forwarded request to
 * the next. */
#include <honest.h>

#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loopback.h"
#include "support.h"
#include "sv.h"

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
    lb_server *up = lb_start();
    HN_ASSERT_NOT_NULL(up);
    char upstream[64];
    snprintf(upstream, sizeof upstream, "http://127.0.0.1:%s", lb_port(up));
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
