/* SPDX-License-Identifier: MIT */
/* bench_http.c: the cost of one libcurl transfer answered by HN_HTTP_FIXTURES
 * (1 and 100 fixtures loaded) beside the same transfer against a loopback
 * libmicrohttpd server (new connection each time, and one kept alive). Each
 * test appends "NAME NS_PER_TRANSFER CPU_NS_PER_TRANSFER" to $BENCH_OUT (CPU:
 * user + system of the whole process, the loopback server's thread
 * included). Built by run.sh. */
#include <honest.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_common.h"

/* The same transfer on the multi interface, as an event-loop client makes it:
 * a new easy handle added to a multi handle kept across transfers, driven
 * with curl_multi_perform and curl_multi_poll, its message read. */
static size_t transfer_multi(CURLM *m, const char *url)
{
    CURL *c = curl_easy_init();
    size_t got = 0;
    long status = 0;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &got);
    curl_multi_add_handle(m, c);
    int running = 1, left;
    CURLMsg *msg = NULL;
    while (!msg) {
        curl_multi_perform(m, &running);
        msg = curl_multi_info_read(m, &left);
        if (!msg && running)
            curl_multi_poll(m, NULL, 0, 1000, NULL);
    }
    if (msg->data.result != CURLE_OK)
        got = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_multi_remove_handle(m, c);
    curl_easy_cleanup(c);
    return status == 200 ? got : 0;
}

static double now_ns(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void measure(const char *name, CURL *reuse, const char *url)
{
    int n = atoi(getenv("BENCH_N") ? getenv("BENCH_N") : "2000");
    transfer(reuse, url); /* warm up (libcurl's first handle, DNS cache) */
    double t0 = now_ns(CLOCK_MONOTONIC), c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    for (int i = 0; i < n; i++)
        HN_ASSERT_EQ(transfer(reuse, url), sizeof body - 1);
    double cpu = (now_ns(CLOCK_PROCESS_CPUTIME_ID) - c0) / n;
    double per = (now_ns(CLOCK_MONOTONIC) - t0) / n;
    FILE *f = fopen(getenv("BENCH_OUT"), "a");
    HN_ASSERT_NOT_NULL(f);
    fprintf(f, "%s %.0f %.0f\n", name, per, cpu);
    fclose(f);
}

static const char *fixtures_dir(void)
{
    const char *d = getenv("BENCH_FIXTURES");
    HN_ASSERT_NOT_NULL(d);
    return d;
}

HN_TEST(bench, fixtures_1)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/one/item.json", fixtures_dir());
    HN_HTTP_FIXTURES(path);
    measure("fixtures_1", NULL, "https://api.example.com/v1/items/42?units=metric&lang=en");
}

HN_TEST(bench, fixtures_1_multi)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/one/item.json", fixtures_dir());
    HN_HTTP_FIXTURES(path);
    int n = atoi(getenv("BENCH_N") ? getenv("BENCH_N") : "2000");
    const char *url = "https://api.example.com/v1/items/42?units=metric&lang=en";
    CURLM *m = curl_multi_init();
    transfer_multi(m, url); /* warm up, as measure() does */
    double t0 = now_ns(CLOCK_MONOTONIC), c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    for (int i = 0; i < n; i++)
        HN_ASSERT_EQ(transfer_multi(m, url), sizeof body - 1);
    double cpu = (now_ns(CLOCK_PROCESS_CPUTIME_ID) - c0) / n;
    double per = (now_ns(CLOCK_MONOTONIC) - t0) / n;
    curl_multi_cleanup(m);
    FILE *f = fopen(getenv("BENCH_OUT"), "a");
    HN_ASSERT_NOT_NULL(f);
    fprintf(f, "fixtures_1_multi %.0f %.0f\n", per, cpu);
    fclose(f);
}

HN_TEST(bench, fixtures_100)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/many", fixtures_dir());
    HN_ASSERT_EQ(HN_HTTP_FIXTURES(path), 100);
    /* The last fixture of the directory: every other one is tried first. */
    measure("fixtures_100", NULL, "https://api.example.com/v1/items/99?units=metric&lang=en");
}

/* Against a loopback server; reuse: one handle, so one kept-alive connection. */
static void loopback(const char *name, int reuse)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0,
                                            NULL, NULL, answer, NULL, MHD_OPTION_SOCK_ADDR,
                                            &addr, MHD_OPTION_END);
    HN_ASSERT_NOT_NULL(d);
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/v1/items/42?units=metric&lang=en",
             (unsigned)MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port);
    CURL *c = reuse ? curl_easy_init() : NULL;
    measure(name, c, url);
    if (c)
        curl_easy_cleanup(c);
    MHD_stop_daemon(d);
}

HN_TEST(bench, loopback_new_connection)
{
    loopback("loopback_new", 0);
}

HN_TEST(bench, loopback_kept_alive)
{
    loopback("loopback_reuse", 1);
}
