/* SPDX-License-Identifier: MIT */
/* soak_test.c: bounded load on loopback: 10,000 requests over 64 keep-alive
 * connections to the real `honest serve`, and 1,000 over 16 through `honest
 * proxy` (and 3,000 over 64 re-recorded under --record=all, the recording
 * queue at its bound): every answer right, no descriptor left open (/proc/PID/fd back to
 * where it started once the clients close), memory steady between a warm-up
 * and the end (VmRSS). */
#include <honest.h>

#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support.h"
#include "sv.h"
#include "vt.h"

/* Memory a steady server may still gain after its warm-up (allocator arenas). */
#define RSS_SLACK_KIB 6144

/* Built with ThreadSanitizer (GCC says so with __SANITIZE_THREAD__, clang
 * with __has_feature). */
#if defined(__SANITIZE_THREAD__)
#define ST_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define ST_TSAN 1
#endif
#endif

/* Under AddressSanitizer freed memory waits in a quarantine (256 MiB by
 * default) before reuse, which a resident-memory check would take for a
 * leak: the servers started here get none. */
static void no_quarantine(void)
{
#if defined(__SANITIZE_ADDRESS__)
    const char *old = getenv("ASAN_OPTIONS");
    char opts[1024];
    snprintf(opts, sizeof opts, "%s%squarantine_size_mb=0", old ? old : "",
             old && *old ? ":" : "");
    setenv("ASAN_OPTIONS", opts, 1);
#endif
}

typedef struct slot {
    CURL *e;
    char url[256];
    char body[1024];
    size_t len;
    int which;
} slot;

typedef struct load {
    const char *base;
    const char *(*path)(int i, char *buf, size_t cap); /* the path of request i */
    int (*ok)(int i, const char *body);                /* whether its answer is right */
    int total, conns;
    int done, bad;
    long connects; /* new connections the requests made (keep-alive reuses them) */
    char first_bad[2048];
} load;

static size_t on_body(char *p, size_t size, size_t n, void *data)
{
    slot *s = data;
    size_t k = size * n;
    if (s->len + k < sizeof s->body) {
        memcpy(s->body + s->len, p, k);
        s->len += k;
        s->body[s->len] = '\0';
    }
    return k;
}

static void next(load *l, slot *s, int i)
{
    char path[128];
    snprintf(s->url, sizeof s->url, "%s%s", l->base, l->path(i, path, sizeof path));
    s->len = 0;
    s->body[0] = '\0';
    s->which = i;
    curl_easy_setopt(s->e, CURLOPT_URL, s->url);
}

/* Runs l's requests, conns at a time, with libcurl's multi interface. */
static void run(load *l)
{
    CURLM *m = curl_multi_init();
    slot *slots = calloc((size_t)l->conns, sizeof *slots);
    int started = 0;
    for (int i = 0; i < l->conns && started < l->total; i++) {
        slots[i].e = curl_easy_init();
        curl_easy_setopt(slots[i].e, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(slots[i].e, CURLOPT_WRITEDATA, &slots[i]);
        curl_easy_setopt(slots[i].e, CURLOPT_PRIVATE, &slots[i]);
        curl_easy_setopt(slots[i].e, CURLOPT_TIMEOUT_MS, 20000L);
        next(l, &slots[i], started++);
        curl_multi_add_handle(m, slots[i].e);
    }
    while (l->done < l->total) {
        int running;
        curl_multi_perform(m, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left)) != NULL) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            slot *s;
            long status = 0;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&s);
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            long fresh = 0;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_NUM_CONNECTS, &fresh);
            l->connects += fresh;
            if (msg->data.result != CURLE_OK || status != 200 || !l->ok(s->which, s->body)) {
                if (!l->bad++)
                    snprintf(l->first_bad, sizeof l->first_bad, "%s: %s, status %ld, body %.200s",
                             s->url, curl_easy_strerror(msg->data.result), status, s->body);
            }
            l->done++;
            curl_multi_remove_handle(m, s->e);
            if (started < l->total) {
                next(l, s, started++);
                curl_multi_add_handle(m, s->e);
            }
        }
        if (l->done < l->total)
            curl_multi_poll(m, NULL, 0, 1000, NULL);
    }
    for (int i = 0; i < l->conns; i++)
        if (slots[i].e)
            curl_easy_cleanup(slots[i].e);
    curl_multi_cleanup(m); /* closes the connections */
    free(slots);
}

/* Descriptors the proxy keeps open between requests beyond those it has
 * at start (where its first upstream client, with libcurl's wake-up socket
 * pair, already exists): that client's connection to the upstream. */
#define KEPT_FDS 1

/* Waits until pid has at most `want` descriptors open (the server closes a
 * connection when it sees the client close it); returns the last count. */
static int settle_fds(pid_t pid, int want)
{
    int n = sv_fd_count(pid);
    for (int i = 0; i < 300 && n > want; i++) {
        usleep(10000);
        n = sv_fd_count(pid);
    }
    return n;
}

/* ---- serve ------------------------------------------------------------- */

static const char *serve_path(int i, char *buf, size_t cap)
{
    snprintf(buf, cap, "/v1/things/%d?view=%s", i % 7, i % 2 ? "full" : "short");
    return buf;
}

static int serve_ok(int i, const char *body)
{
    char want[64];
    snprintf(want, sizeof want, "\"view\":\"%s\"", i % 2 ? "full" : "short");
    return strstr(body, want) != NULL;
}

HN_TEST(soak, serve_10000_requests_over_64_connections, .timeout_ms = 60000)
{
    char *dir = st_tmpdir(), *fx = st_join(dir, "fixtures");
    HN_ASSERT_EQ(mkdir(fx, 0777), 0);
    const char *views[] = {"short", "full"};
    for (int v = 0; v < 2; v++) {
        char name[32], text[1024];
        snprintf(name, sizeof name, "%s.json", views[v]);
        snprintf(text, sizeof text,
                 "{\"honest\": 1, \"name\": \"things.%s\", \"recorded_at\": "
                 "\"2026-11-20T10:00:00Z\",\n \"request\": {\"method\": \"GET\", \"url\": "
                 "\"${API_BASE}/v1/things/${ID}?view=%s\"},\n \"response\": {\"status\": 200, "
                 "\"headers\": {\"Content-Type\": \"application/json\"},\n \"body\": "
                 "{\"view\": \"%s\", \"rows\": [1, 2, 3]}}}\n", views[v], views[v], views[v]);
        sv_fixture(fx, name, text);
    }
    sv_server s;
    no_quarantine();
    const char *args[] = {"serve", "fixtures", "--quiet", NULL};
    sv_start(&s, dir, args);
    int fds0 = sv_fd_count(s.pid);
    HN_ASSERT_GT(fds0, 0);
    load warm = {s.base, serve_path, serve_ok, 2000, 64, 0, 0, 0, ""};
    run(&warm);
    if (warm.bad)
        HN_LOG("first bad answer: %s", warm.first_bad);
    HN_CHECK_EQ(warm.bad, 0);
    long rss_warm = sv_rss_kib(s.pid);
    load l = {s.base, serve_path, serve_ok, 8000, 64, 0, 0, 0, ""};
    run(&l);
    HN_CHECK_EQ(l.done, 8000);
    HN_CHECK_EQ(l.connects, 64); /* 64 connections, each kept for 125 requests */
    if (l.bad)
        HN_LOG("first bad answer: %s", l.first_bad);
    HN_CHECK_EQ(l.bad, 0);
    long rss_end = sv_rss_kib(s.pid);
    HN_CHECK_LE(settle_fds(s.pid, fds0), fds0);
    HN_LOG("VmRSS %ld KiB after the warm-up, %ld at the end", rss_warm, rss_end);
    HN_CHECK_LE(rss_end - rss_warm, RSS_SLACK_KIB);
    int status;
    char *out = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_EQ(status, 0);
    HN_CHECK_STR_CONTAINS(out, "10000 requests, 10000 answered from fixtures, 0 unmatched");
    free(out);
    free(fx);
    st_rmtree(dir);
    free(dir);
}

/* ---- proxy ------------------------------------------------------------- */

static const char *proxy_path(int i, char *buf, size_t cap)
{
    snprintf(buf, cap, "/bench/p%d", i % 50);
    return buf;
}

static int proxy_ok(int i, const char *body)
{
    char want[64];
    snprintf(want, sizeof want, "{\"id\":\"p%d\",", i % 50);
    return strstr(body, want) != NULL;
}

HN_TEST(soak, proxy_1000_requests_over_16_connections, .timeout_ms = 60000)
{
    vt_provider up;
    vt_provider_start(&up);
    char *dir = st_tmpdir(), *rec = st_join(dir, "rec");
    sv_server s;
    no_quarantine();
    const char *args[] = {"proxy", "--upstream", up.base, "--fixtures", "rec", "--quiet", NULL};
    sv_start(&s, dir, args);
    int fds0 = sv_fd_count(s.pid);
    load warm = {s.base, proxy_path, proxy_ok, 200, 16, 0, 0, 0, ""};
    run(&warm);
    if (warm.bad)
        HN_LOG("first bad answer: %s", warm.first_bad);
    HN_CHECK_EQ(warm.bad, 0);
    long rss_warm = sv_rss_kib(s.pid);
    load l = {s.base, proxy_path, proxy_ok, 800, 16, 0, 0, 0, ""};
    run(&l);
    if (l.bad)
        HN_LOG("first bad answer: %s", l.first_bad);
    HN_CHECK_EQ(l.bad, 0);
    HN_CHECK_EQ(l.connects, 16);
    long rss_end = sv_rss_kib(s.pid);
    /* Between requests the proxy keeps one upstream client (it forwards one
     * request at a time under --record=missing), made at start: only its
     * kept-alive connection to the upstream is new. */
    HN_CHECK_LE(settle_fds(s.pid, fds0 + KEPT_FDS), fds0 + KEPT_FDS);
    HN_LOG("VmRSS %ld KiB after the warm-up, %ld at the end", rss_warm, rss_end);
#if defined(ST_TSAN)
    /* Under ThreadSanitizer the proxy's resident size measures TSan's own
     * memory, not honest's: the proxy answers each client connection on a
     * thread of its own, and TSan's state grows and shrinks with those
     * threads and their accesses. Measured with the same proxy and requests
     * (16 new connections a round of 800 requests), its VmRSS swung between
     * 61 and 84 MiB from one round to the next with no trend over 10 rounds;
     * over one connection a round it grew by about 1 KiB a request, while a
     * Debug build of the same code, the same 8,000 requests, stayed at the
     * same KiB. The bound is checked in the builds where it measures
     * honest's memory; here the answers, the counts and the descriptors
     * are. */
    HN_CHECK_GT(rss_end, 0);
#else
    /* Also under AddressSanitizer (without its quarantine): there the proxy
     * gained 1.4 to 2.3 MiB over these 800 requests in six runs (0.2 MiB in
     * a Debug build), no longer the 15 MiB an earlier session measured. */
    HN_CHECK_LE(rss_end - rss_warm, RSS_SLACK_KIB);
#endif
    int status, tmp;
    char *out = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_STR_CONTAINS(out, "1000 requests, 950 answered from fixtures, 0 unmatched, "
                               "50 forwarded, 50 recorded, 0 failed");
    free(out);
    HN_CHECK_EQ(sv_json_files(rec, &tmp), 50);
    HN_CHECK_EQ(tmp, 0);
    vt_provider_stop(&up);
    free(rec);
    st_rmtree(dir);
    free(dir);
}

/* --record=all with many connections: every request forwarded and
 * re-recorded, so interactions wait for the recorder faster than it makes
 * them and the queue reaches its bound: the recorder (which alone makes room
 * there) must never wait for room itself. */
HN_TEST(soak, proxy_record_all_3000_requests_over_64_connections, .timeout_ms = 120000)
{
    vt_provider up;
    vt_provider_start(&up);
    char *dir = st_tmpdir(), *rec = st_join(dir, "rec");
    sv_server s;
    const char *args[] = {"proxy", "--upstream", up.base, "--fixtures", "rec", "--record=all",
                          "--quiet", NULL};
    sv_start(&s, dir, args);
    load l = {s.base, proxy_path, proxy_ok, 3000, 64, 0, 0, 0, ""};
    run(&l);
    if (l.bad)
        HN_LOG("first bad answer: %s", l.first_bad);
    HN_CHECK_EQ(l.bad, 0);
    HN_CHECK_EQ(l.done, 3000);
    int status, tmp;
    char *out = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_EQ(status, 0);
    HN_CHECK_STR_CONTAINS(out, "3000 forwarded, 3000 recorded, 0 failed");
    free(out);
    HN_CHECK_EQ(sv_json_files(rec, &tmp), 50);
    HN_CHECK_EQ(tmp, 0);
    vt_provider_stop(&up);
    free(rec);
    st_rmtree(dir);
    free(dir);
}
