/* SPDX-License-Identifier: MIT */
/* multi_prog.c: libcurl's multi interface under HN_HTTP_FIXTURES, driven the
 * ways clients drive it: perform and poll, fdset and select with
 * curl_multi_timeout, curl_multi_wait, socket and timer callbacks (the
 * example of examples/multi-fetch); run by multi_test.c, which also checks
 * the tests meant to fail. */
#include <honest.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "fetch.h"

typedef struct got {
    char body[1024];
    size_t len;
} got;

static size_t on_body(char *p, size_t size, size_t n, void *data)
{
    got *g = data;
    size_t k = size * n;
    if (g->len + k < sizeof g->body) {
        memcpy(g->body + g->len, p, k);
        g->len += k;
        g->body[g->len] = '\0';
    }
    return k;
}

static CURL *easy(const char *url, got *g)
{
    CURL *c = curl_easy_init();
    memset(g, 0, sizeof *g);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, g);
    return c;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static const char *const URL[] = {"https://shop.example.com/v1/items/1",
                                  "https://shop.example.com/v1/items/2",
                                  "https://shop.example.com/v1/items/3"};

HN_TEST(multi, perform_and_poll_complete_every_transfer)
{
    HN_HTTP_FIXTURES("fixtures/multi/item_1.json", "fixtures/multi/item_2.json",
                     "fixtures/multi/item_3.json");
    CURLM *m = curl_multi_init();
    got g[3];
    CURL *c[3];
    for (int i = 0; i < 3; i++) {
        c[i] = easy(URL[i], &g[i]);
        HN_ASSERT_EQ(curl_multi_add_handle(m, c[i]), CURLM_OK);
    }
    HN_CHECK_EQ(curl_multi_add_handle(m, c[0]), CURLM_ADDED_ALREADY);
    int running = 1, rounds = 0;
    double t0 = now_ms();
    while (running && rounds++ < 100) {
        HN_ASSERT_EQ(curl_multi_perform(m, &running), CURLM_OK);
        if (running)
            curl_multi_poll(m, NULL, 0, 1000, NULL);
    }
    HN_CHECK_EQ(running, 0);
    HN_CHECK_LT(now_ms() - t0, 500.0);
    CURLMsg *msg;
    int left, n = 0;
    while ((msg = curl_multi_info_read(m, &left)) != NULL) {
        HN_CHECK_EQ(msg->msg, CURLMSG_DONE);
        HN_CHECK_EQ(msg->data.result, CURLE_OK);
        HN_CHECK(msg->easy_handle == c[n]); /* ready together: in the order added */
        HN_CHECK_EQ(left, 2 - n);
        n++;
    }
    HN_CHECK_EQ(n, 3);
    for (int i = 0; i < 3; i++) {
        long status = 0;
        curl_easy_getinfo(c[i], CURLINFO_RESPONSE_CODE, &status);
        HN_CHECK_EQ(status, 200);
        char want[64];
        snprintf(want, sizeof want, "{\"id\":%d,\"name\":\"item %d\"}", i + 1, i + 1);
        HN_CHECK_JSON_EQ(g[i].body, want);
        HN_CHECK_EQ(curl_multi_remove_handle(m, c[i]), CURLM_OK);
        curl_easy_cleanup(c[i]);
    }
    HN_CHECK_EQ(hn_http_request_count(), 3);
    HN_CHECK_STR_EQ(hn_http_request_url(1), URL[1]);
    curl_multi_cleanup(m);
}

HN_TEST(multi, fdset_and_select_wake_up_at_once)
{
    HN_HTTP_FIXTURES("fixtures/multi/item_2.json");
    CURLM *m = curl_multi_init();
    got g;
    CURL *c = easy(URL[1], &g);
    curl_multi_add_handle(m, c);
    fd_set rd, wr, ex;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_ZERO(&ex);
    int maxfd = -1;
    long timeout = -1;
    HN_ASSERT_EQ(curl_multi_fdset(m, &rd, &wr, &ex, &maxfd), CURLM_OK);
    HN_ASSERT_EQ(curl_multi_timeout(m, &timeout), CURLM_OK);
    HN_CHECK_GE(maxfd, 0);  /* a socket to wait on, as for a server's answer */
    HN_CHECK_EQ(timeout, 0);
    struct timeval tv = {5, 0};
    double t0 = now_ms();
    HN_CHECK_EQ(select(maxfd + 1, &rd, &wr, &ex, &tv), 1);
    HN_CHECK_LT(now_ms() - t0, 500.0);
    int running;
    curl_multi_perform(m, &running);
    HN_CHECK_EQ(running, 0);
    int left;
    CURLMsg *msg = curl_multi_info_read(m, &left);
    HN_ASSERT_NOT_NULL(msg);
    HN_CHECK_EQ(msg->data.result, CURLE_OK);
    HN_CHECK_STR_CONTAINS(g.body, "item 2");
    HN_CHECK_NULL(curl_multi_info_read(m, &left));
    /* Nothing left: the socket is no longer offered. */
    FD_ZERO(&rd);
    maxfd = -1;
    curl_multi_fdset(m, &rd, &wr, &ex, &maxfd);
    HN_CHECK_EQ(maxfd, -1);
    curl_multi_remove_handle(m, c);
    curl_easy_cleanup(c);
    curl_multi_cleanup(m);
}

HN_TEST(multi, wait_returns_at_once_when_a_transfer_is_ready)
{
    HN_HTTP_FIXTURES("fixtures/multi/item_3.json");
    CURLM *m = curl_multi_init();
    got g;
    CURL *c = easy(URL[2], &g);
    curl_multi_add_handle(m, c);
    int numfds = 0;
    double t0 = now_ms();
    HN_CHECK_EQ(curl_multi_wait(m, NULL, 0, 5000, &numfds), CURLM_OK);
    HN_CHECK_LT(now_ms() - t0, 500.0);
    HN_CHECK_EQ(numfds, 1);
    int running;
    curl_multi_perform(m, &running);
    HN_CHECK_STR_CONTAINS(g.body, "item 3");
    /* The older curl_multi_socket_all drives a transfer as well. */
    curl_multi_remove_handle(m, c);
    memset(&g, 0, sizeof g);
    curl_multi_add_handle(m, c);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    HN_CHECK_EQ(curl_multi_socket_all(m, &running), CURLM_OK);
#pragma GCC diagnostic pop
    HN_CHECK_STR_CONTAINS(g.body, "item 3");
    HN_CHECK_EQ(hn_http_request_count(), 2);
    curl_multi_remove_handle(m, c);
    curl_easy_cleanup(c);
    curl_multi_cleanup(m);
}

HN_TEST(multi, event_loop_client_with_socket_and_timer_callbacks)
{
    HN_HTTP_FIXTURES("fixtures/multi");
    const char *urls[] = {URL[2], "https://shop.example.com/v1/reset", URL[0], URL[1]};
    mf_result r[4];
    HN_ASSERT_EQ(mf_fetch_all(urls, 4, r), 0);
    HN_CHECK_EQ(r[0].code, CURLE_OK);
    HN_CHECK_JSON_EQ(r[0].body, "{\"id\": 3, \"name\": \"item 3\"}");
    HN_CHECK_EQ(r[1].code, CURLE_RECV_ERROR);
    HN_CHECK_EQ(r[2].status, 200);
    HN_CHECK_EQ(r[3].order, 3);
    for (int i = 0; i < 4; i++)
        free(r[i].body);
}

HN_TEST(multi, removed_before_perform_is_never_sent)
{
    HN_HTTP_FIXTURES("fixtures/multi/item_1.json");
    CURLM *m = curl_multi_init();
    got g;
    CURL *c = easy(URL[0], &g);
    curl_multi_add_handle(m, c);
    HN_CHECK_EQ(curl_multi_remove_handle(m, c), CURLM_OK);
    int running = -1;
    curl_multi_perform(m, &running);
    HN_CHECK_EQ(running, 0);
    HN_CHECK_EQ(hn_http_request_count(), 0);
    HN_CHECK_NULL(curl_multi_info_read(m, &running));
    /* Added again, it is answered as usual. */
    curl_multi_add_handle(m, c);
    curl_multi_perform(m, &running);
    HN_CHECK_EQ(hn_http_request_count(), 1);
    curl_multi_remove_handle(m, c);
    curl_easy_cleanup(c);
    curl_multi_cleanup(m);
}

/* Fails: no fixture answers the second URL; its message says CURLE_COULDNT_CONNECT. */
HN_TEST(multi_fails, unmatched_transfer)
{
    HN_HTTP_FIXTURES("fixtures/multi/item_1.json");
    CURLM *m = curl_multi_init();
    got g[2];
    CURL *a = easy(URL[0], &g[0]), *b = easy("https://shop.example.com/v1/items/77", &g[1]);
    curl_multi_add_handle(m, a);
    curl_multi_add_handle(m, b);
    int running;
    curl_multi_perform(m, &running);
    int left;
    CURLMsg *one = curl_multi_info_read(m, &left), *two = curl_multi_info_read(m, &left);
    HN_ASSERT(one && two);
    HN_CHECK_EQ(one->data.result, CURLE_OK);
    HN_CHECK_EQ(two->data.result, CURLE_COULDNT_CONNECT);
    curl_multi_remove_handle(m, a);
    curl_multi_remove_handle(m, b);
    curl_easy_cleanup(a);
    curl_easy_cleanup(b);
    curl_multi_cleanup(m);
}

/* Under --live the same multi handle goes to the network (a loopback server
 * on ST_PORT) and each answer is compared with its fixture. */
HN_TEST(multi_live, compared_with_the_fixtures)
{
    HN_HTTP_FIXTURES("fixtures/live/hello.json", "fixtures/live/drift.json");
    const char *port = getenv("ST_PORT");
    HN_ASSERT_NOT_NULL(port);
    char a[128], b[128];
    snprintf(a, sizeof a, "http://127.0.0.1:%s/hello", port);
    snprintf(b, sizeof b, "http://127.0.0.1:%s/drift", port);
    CURLM *m = curl_multi_init();
    got g[2];
    CURL *c[2] = {easy(a, &g[0]), easy(b, &g[1])};
    curl_multi_add_handle(m, c[0]);
    curl_multi_add_handle(m, c[1]);
    int running = 1;
    for (int i = 0; running && i < 100; i++) {
        curl_multi_perform(m, &running);
        if (running)
            curl_multi_poll(m, NULL, 0, 1000, NULL);
    }
    int left, n = 0;
    for (CURLMsg *msg; (msg = curl_multi_info_read(m, &left)) != NULL; n++)
        HN_CHECK_EQ(msg->data.result, CURLE_OK);
    HN_CHECK_EQ(n, 2);
    HN_CHECK_STR_EQ(g[0].body, "hello from loopback");
    for (int i = 0; i < 2; i++) {
        curl_multi_remove_handle(m, c[i]);
        curl_easy_cleanup(c[i]);
    }
    curl_multi_cleanup(m);
}

/* Under --record=missing a transfer no fixture answers goes to the network
 * once and is recorded into ST_RECORD_DIR. */
HN_TEST(multi_record, recorded_from_the_network)
{
    const char *dir = getenv("ST_RECORD_DIR"), *port = getenv("ST_PORT");
    HN_ASSERT(dir && port);
    HN_HTTP_FIXTURES(dir);
    char u[128];
    snprintf(u, sizeof u, "http://127.0.0.1:%s/recorded", port);
    CURLM *m = curl_multi_init();
    got g;
    CURL *c = easy(u, &g);
    curl_multi_add_handle(m, c);
    int running = 1;
    for (int i = 0; running && i < 100; i++) {
        curl_multi_perform(m, &running);
        if (running)
            curl_multi_poll(m, NULL, 0, 1000, NULL);
    }
    int left;
    CURLMsg *msg = curl_multi_info_read(m, &left);
    HN_ASSERT_NOT_NULL(msg);
    HN_CHECK_EQ(msg->data.result, CURLE_OK);
    HN_CHECK_STR_EQ(g.body, "hello from loopback");
    curl_multi_remove_handle(m, c);
    curl_easy_cleanup(c);
    curl_multi_cleanup(m);
}
